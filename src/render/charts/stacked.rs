//! 100% stacked bars.

use plotters::style::text_anchor::HPos;

use super::canvas::*;
use super::model::*;
use super::text;
use crate::analyse::publish::percent;

/// 100% stacked bars with a legend of text and swatches above, and each part's share written
/// inside it where it fits.
pub(super) fn draw_stacked(canvas: &mut Canvas, parts: &[String], bars: &[StackedBar]) {
    let width = f64::from(WIDTH) - 2.0 * PAD;
    let mut x = PAD;
    let mut y = PAD;
    let mut row_lines = 1usize;
    for (i, part) in parts.iter().enumerate() {
        let (fill, _) = SEGMENTS[i % SEGMENTS.len()];
        let lines = text::wrap(part, LABEL_SIZE, width - 18.0);
        let text_width = lines
            .iter()
            .map(|l| text::width(l, LABEL_SIZE))
            .fold(0.0, f64::max);
        let item = 18.0 + text_width + 18.0;
        if x + item > f64::from(WIDTH) && x > PAD {
            x = PAD;
            y += LABEL_SIZE * 1.25 * row_lines as f64 + 6.0;
            row_lines = 1;
        }
        canvas.rect((x, y + 1.0), (x + 13.0, y + 14.0), fill);
        for (k, line) in lines.iter().enumerate() {
            canvas.text(
                line.clone(),
                (x + 18.0, y + k as f64 * LABEL_SIZE * 1.25),
                LABEL_SIZE,
                INK,
                false,
                HPos::Left,
            );
        }
        row_lines = row_lines.max(lines.len());
        x += item;
    }
    y += LABEL_SIZE * 1.25 * row_lines as f64 + 14.0;
    for bar in bars {
        y = canvas.label(&bar.label, PAD, y, width) + 2.0;
        match &bar.parts {
            None => {
                canvas.gap((PAD, y), (PAD + width, y + BAR));
                canvas.text(
                    "[c]",
                    (PAD + width / 2.0, y + 2.0),
                    VALUE_SIZE,
                    INK,
                    true,
                    HPos::Center,
                );
            }
            Some(shares) => {
                let mut left = PAD;
                let known: f64 = shares.iter().flatten().sum();
                for (i, share) in shares.iter().enumerate() {
                    let Some(share) = share else { continue };
                    let length = width * share;
                    let (fill, ink) = SEGMENTS[i % SEGMENTS.len()];
                    if length > 0.0 {
                        canvas.rect((left, y), (left + length, y + BAR), fill);
                    }
                    let label = percent(*share);
                    if text::width(&label, VALUE_SIZE) + 6.0 < length {
                        canvas.text(
                            label,
                            (left + length / 2.0, y + 2.0),
                            VALUE_SIZE,
                            ink,
                            true,
                            HPos::Center,
                        );
                    }
                    left += length;
                }
                // Hidden parts together: what is left of the bar, marked as hidden.
                let hidden = (1.0 - known).max(0.0);
                if shares.iter().any(Option::is_none) && hidden > 0.0 {
                    let length = width * hidden;
                    canvas.gap((left, y), (left + length, y + BAR));
                    if text::width("[c]", VALUE_SIZE) + 4.0 < length {
                        canvas.text(
                            "[c]",
                            (left + length / 2.0, y + 2.0),
                            VALUE_SIZE,
                            INK,
                            true,
                            HPos::Center,
                        );
                    }
                }
            }
        }
        y += BAR + 12.0;
    }
    canvas.height = y + PAD;
}
