//! The symbols published tables write instead of a number, and what each means. A missing
//! value is never zero: it keeps its reason, is explained in a key, and is left out of
//! medians, ranks and bands.

/// Why a published value is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Symbol {
    /// `c`: suppressed to protect confidentiality.
    Confidential,
    /// `x`: not available.
    Unavailable,
    /// `z`: not applicable.
    NotApplicable,
    /// `u`: low reliability.
    LowReliability,
    /// `low`: rounds to zero but is not zero.
    Low,
    /// `k`: less than 0.5 per cent.
    BelowHalfPercent,
    /// `:`: not available (an older convention).
    NotAvailable,
    /// `~`: rounds to zero.
    RoundsToZero,
    /// An empty cell or `NA`.
    Blank,
}

impl Symbol {
    /// Reads a symbol as files write it, bracketed (`[c]`) or not; `None` for anything else.
    pub fn parse(text: &str) -> Option<Symbol> {
        let text = text.trim();
        let inner = text
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(text);
        Some(match inner.to_ascii_lowercase().as_str() {
            "c" => Symbol::Confidential,
            "x" => Symbol::Unavailable,
            "z" => Symbol::NotApplicable,
            "u" => Symbol::LowReliability,
            "low" => Symbol::Low,
            "k" => Symbol::BelowHalfPercent,
            ":" => Symbol::NotAvailable,
            "~" => Symbol::RoundsToZero,
            "" | "na" | "n/a" | "..." | "blank" => Symbol::Blank,
            _ => return None,
        })
    }

    /// How the symbol is shown on the site.
    pub fn text(self) -> &'static str {
        match self {
            Symbol::Confidential => "[c]",
            Symbol::Unavailable => "[x]",
            Symbol::NotApplicable => "[z]",
            Symbol::LowReliability => "[u]",
            Symbol::Low => "[low]",
            Symbol::BelowHalfPercent => "[k]",
            Symbol::NotAvailable => "[:]",
            Symbol::RoundsToZero => "[~]",
            Symbol::Blank => "[blank]",
        }
    }

    /// What the symbol means, for the key.
    pub fn meaning(self) -> &'static str {
        match self {
            Symbol::Confidential => "confidential: suppressed by the publisher to protect people",
            Symbol::Unavailable => "not available",
            Symbol::NotApplicable => "not applicable",
            Symbol::LowReliability => "low reliability",
            Symbol::Low => "a small number that rounds to zero, but is not zero",
            Symbol::BelowHalfPercent => "less than 0.5%",
            Symbol::NotAvailable => "not available",
            Symbol::RoundsToZero => "rounds to zero",
            Symbol::Blank => "no figure published",
        }
    }

    pub const ALL: [Symbol; 9] = [
        Symbol::Confidential,
        Symbol::Unavailable,
        Symbol::NotApplicable,
        Symbol::LowReliability,
        Symbol::Low,
        Symbol::BelowHalfPercent,
        Symbol::NotAvailable,
        Symbol::RoundsToZero,
        Symbol::Blank,
    ];
}

/// A published value: a number, or a symbol saying why there is none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Number(f64),
    Missing(Symbol),
}

impl Figure {
    /// Reads a cell: a number (thousands separators and a trailing `%` allowed), or a symbol.
    pub fn parse(text: &str) -> Option<Figure> {
        if let Some(symbol) = Symbol::parse(text) {
            return Some(Figure::Missing(symbol));
        }
        let cleaned: String = text
            .trim()
            .trim_end_matches('%')
            .chars()
            .filter(|&c| c != ',')
            .collect();
        cleaned
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Figure::Number)
    }

    pub fn number(self) -> Option<f64> {
        match self {
            Figure::Number(x) => Some(x),
            Figure::Missing(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_is_read_and_is_never_zero() {
        let cases = [
            ("c", Symbol::Confidential),
            ("[c]", Symbol::Confidential),
            ("x", Symbol::Unavailable),
            ("[x]", Symbol::Unavailable),
            ("z", Symbol::NotApplicable),
            ("[z]", Symbol::NotApplicable),
            ("u", Symbol::LowReliability),
            ("[u]", Symbol::LowReliability),
            ("low", Symbol::Low),
            ("[low]", Symbol::Low),
            ("k", Symbol::BelowHalfPercent),
            ("[k]", Symbol::BelowHalfPercent),
            (":", Symbol::NotAvailable),
            ("[:]", Symbol::NotAvailable),
            ("~", Symbol::RoundsToZero),
            ("[~]", Symbol::RoundsToZero),
            ("", Symbol::Blank),
            ("NA", Symbol::Blank),
            (" na ", Symbol::Blank),
        ];
        for (text, symbol) in cases {
            assert_eq!(
                Figure::parse(text),
                Some(Figure::Missing(symbol)),
                "{text:?}"
            );
            assert_eq!(Figure::parse(text).and_then(Figure::number), None);
        }
        for symbol in Symbol::ALL {
            assert_eq!(
                Symbol::parse(symbol.text()).map(|s| s.text()),
                Some(symbol.text())
            );
            assert!(!symbol.meaning().is_empty());
        }
    }

    #[test]
    fn numbers_as_files_write_them() {
        assert_eq!(Figure::parse("81,770"), Some(Figure::Number(81770.0)));
        assert_eq!(Figure::parse("22.6"), Some(Figure::Number(22.6)));
        assert_eq!(Figure::parse("21%"), Some(Figure::Number(21.0)));
        assert_eq!(Figure::parse("-0.67"), Some(Figure::Number(-0.67)));
        assert_eq!(Figure::parse("seven"), None);
        assert_eq!(Figure::parse("inf"), None);
    }
}
