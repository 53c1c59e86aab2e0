//! Horizontal bars and histograms.

use plotters::style::text_anchor::HPos;

use super::canvas::*;
use super::model::*;
use super::text;
use crate::analyse::publish::percent;

pub(super) fn value_text(count: Option<u64>, share: Option<f64>) -> String {
    match (count, share) {
        (Some(c), Some(s)) => format!("{c} ({})", percent(s)),
        (Some(c), None) => c.to_string(),
        _ => "[c]".to_string(),
    }
}

/// Horizontal bars, each with its label above it and its value at its end.
pub(super) fn draw_bars(canvas: &mut Canvas, bars: &[Bar]) {
    let widest_value = bars
        .iter()
        .map(|b| text::width(&value_text(b.count, b.share), VALUE_SIZE))
        .fold(0.0, f64::max);
    let left = PAD;
    let room = f64::from(WIDTH) - left - widest_value - 12.0;
    let max = bars
        .iter()
        .filter_map(|b| b.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut y = PAD;
    for bar in bars {
        y = canvas.label(&bar.label, left, y, f64::from(WIDTH) - 2.0 * PAD) + 2.0;
        match bar.count {
            Some(count) => {
                let length = room * count as f64 / max;
                if count > 0 {
                    canvas.rect((left, y), (left + length, y + BAR), MAIN);
                }
                canvas.text(
                    value_text(bar.count, bar.share),
                    (left + length + 6.0, y + 2.0),
                    VALUE_SIZE,
                    INK,
                    true,
                    HPos::Left,
                );
            }
            None => {
                canvas.gap((left, y), (left + 34.0, y + BAR));
                canvas.text(
                    "[c]",
                    (left + 17.0, y + 2.0),
                    VALUE_SIZE,
                    INK,
                    true,
                    HPos::Center,
                );
            }
        }
        y += BAR + 12.0;
    }
    // The zero line.
    canvas.line((left, PAD), (left, y - 10.0), AXIS, 1);
    canvas.height = y + PAD;
}

/// Vertical columns in the order of the bins, with counts above and bin labels below.
pub(super) fn draw_histogram(canvas: &mut Canvas, bins: &[Bar]) {
    let n = bins.len().max(1) as f64;
    let (left, right) = (PAD, f64::from(WIDTH) - PAD);
    let slot = (right - left) / n;
    let column = (slot * 0.8).max(4.0);
    let plot_height = 200.0;
    let top = PAD + VALUE_SIZE * 1.4;
    let baseline = top + plot_height;
    let max = bins
        .iter()
        .filter_map(|b| b.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let mut lowest = baseline;
    for (i, bin) in bins.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - column) / 2.0;
        let centre = x + column / 2.0;
        match bin.count {
            Some(count) => {
                let height = plot_height * count as f64 / max;
                if count > 0 {
                    canvas.rect((x, baseline - height), (x + column, baseline), MAIN);
                }
                canvas.text(
                    count.to_string(),
                    (centre, baseline - height - VALUE_SIZE * 1.25),
                    VALUE_SIZE,
                    INK,
                    true,
                    HPos::Center,
                );
            }
            None => {
                canvas.gap((x, baseline - 24.0), (x + column, baseline));
                canvas.text(
                    "[c]",
                    (centre, baseline - 24.0 - VALUE_SIZE * 1.25),
                    VALUE_SIZE,
                    INK,
                    true,
                    HPos::Center,
                );
            }
        }
        let mut y = baseline + 6.0;
        for line in text::wrap(&bin.label, 15.0, slot - 2.0) {
            canvas.text(line, (centre, y), 15.0, SECONDARY, false, HPos::Center);
            y += 15.0 * 1.25;
        }
        lowest = lowest.max(y);
    }
    canvas.line((left, baseline), (right, baseline), AXIS, 1);
    canvas.height = lowest + PAD;
}
