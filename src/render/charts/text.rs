//! Measuring and wrapping chart text without any font files: widths are estimated from the
//! character classes of Arial (the font the charts name first, and Liberation Sans, its
//! metric-compatible stand-in on Linux), generously enough that labels never collide.

/// The width of `text` set in a sans-serif font at `size` pixels.
pub fn width(text: &str, size: f64) -> f64 {
    let ems: f64 = text.chars().map(em_width).sum();
    ems * size
}

/// Approximate advance widths of Arial, in ems, by kind of character.
fn em_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '\'' | '|' | '!' | '.' | ',' | ':' | ';' | 'I' => 0.28,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' => 0.34,
        'm' | 'w' => 0.84,
        'M' | 'W' => 0.88,
        '%' => 0.9,
        '£' | '0'..='9' => 0.56,
        c if c.is_ascii_uppercase() => 0.7,
        c if c.is_ascii_lowercase() => 0.56,
        _ => 0.62,
    }
}

/// `text` broken into lines no wider than `max_width`, at spaces; a word longer than a line is
/// kept whole on its own line.
pub fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || width(&candidate, size) <= max_width {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_string();
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_letters_are_wider() {
        assert!(width("WWW", 14.0) > width("iii", 14.0) * 2.5);
        assert_eq!(width("", 14.0), 0.0);
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let lines = wrap(
            "Adolescents with challenging behaviour placed far from home",
            14.0,
            200.0,
        );
        assert!(lines.len() >= 2);
        for line in &lines {
            assert!(width(line, 14.0) <= 200.0 || !line.contains(' '), "{line}");
        }
        assert_eq!(
            lines.join(" "),
            "Adolescents with challenging behaviour placed far from home"
        );
        assert_eq!(wrap("", 14.0, 100.0), [""]);
    }
}
