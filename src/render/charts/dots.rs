//! Shares with their intervals: dots for one category across samples, grouped bars for
//! several.

use plotters::style::text_anchor::HPos;

use super::canvas::*;
use super::model::*;
use super::text;
use crate::analyse::publish::percent;

/// A dot for each share with a line across its 95% interval, on a common axis from zero.
pub(super) fn draw_dots(canvas: &mut Canvas, dots: &[Dot]) {
    let top = dots
        .iter()
        .filter_map(|d| d.value.map(|v| v.2))
        .fold(0.1, f64::max);
    let ticks = share_ticks(top);
    let max = ticks.last().copied().unwrap_or(1.0).max(top);
    // Room at both ends for the first and last tick labels.
    let (left, right) = (PAD + 16.0, f64::from(WIDTH) - PAD - 24.0);
    let scale = |share: f64| left + (right - left) * share / max;
    let mut y = PAD;
    let mut rows = Vec::new();
    for dot in dots {
        y = canvas.label(&dot.label, PAD, y, f64::from(WIDTH) - 2.0 * PAD) + 2.0;
        rows.push((y + BAR / 2.0, dot));
        y += BAR + 14.0;
    }
    for (centre, dot) in rows {
        match dot.value {
            Some((share, low, high)) => {
                canvas.line((scale(low), centre), (scale(high), centre), MAIN, 2);
                canvas.line(
                    (scale(low), centre - 6.0),
                    (scale(low), centre + 6.0),
                    MAIN,
                    2,
                );
                canvas.line(
                    (scale(high), centre - 6.0),
                    (scale(high), centre + 6.0),
                    MAIN,
                    2,
                );
                canvas.circle((scale(share), centre), 6.0, MAIN);
                let label = percent(share);
                let anchor_x = scale(high) + 8.0;
                if anchor_x + text::width(&label, VALUE_SIZE) < f64::from(WIDTH) {
                    canvas.text(
                        label,
                        (anchor_x, centre - VALUE_SIZE * 0.55),
                        VALUE_SIZE,
                        INK,
                        true,
                        HPos::Left,
                    );
                } else {
                    canvas.text(
                        label,
                        (scale(low) - 8.0, centre - VALUE_SIZE * 0.55),
                        VALUE_SIZE,
                        INK,
                        true,
                        HPos::Right,
                    );
                }
            }
            None => {
                canvas.gap(
                    (left, centre - BAR / 2.0),
                    (left + 34.0, centre + BAR / 2.0),
                );
                canvas.text(
                    "[c]",
                    (left + 17.0, centre - BAR / 2.0 + 2.0),
                    VALUE_SIZE,
                    INK,
                    true,
                    HPos::Center,
                );
            }
        }
    }
    share_axis(canvas, &ticks, y - 6.0, &scale);
}

/// For each group, a bar per sample with its 95% interval; each bar is named and its share
/// written beside it, so the chart reads without telling colours apart.
pub(super) fn draw_grouped(canvas: &mut Canvas, samples: &[String], groups: &[Group]) {
    let top = groups
        .iter()
        .flat_map(|g| {
            g.values.iter().filter_map(|v| match v {
                Estimate::Shown { high, .. } => Some(*high),
                _ => None,
            })
        })
        .fold(0.1, f64::max);
    let ticks = share_ticks(top);
    let max = ticks.last().copied().unwrap_or(1.0).max(top);
    let (left, right) = (PAD + 16.0, f64::from(WIDTH) - PAD - 44.0);
    let scale = |share: f64| left + (right - left) * share / max;
    let mut y = PAD;
    for group in groups {
        for line in text::wrap(&group.label, LABEL_SIZE, f64::from(WIDTH) - 2.0 * PAD) {
            canvas.text(line, (PAD, y), LABEL_SIZE, INK, true, HPos::Left);
            y += LABEL_SIZE * 1.25;
        }
        y += 2.0;
        for (i, (sample, value)) in samples.iter().zip(&group.values).enumerate() {
            let (fill, _) = SEGMENTS[i % SEGMENTS.len()];
            for line in text::wrap(sample, 15.0, right - left) {
                canvas.text(line, (left, y), 15.0, SECONDARY, false, HPos::Left);
                y += 15.0 * 1.25;
            }
            match *value {
                Estimate::Shown { share, low, high } => {
                    canvas.rect((left, y), (scale(share), y + 16.0), fill);
                    let centre = y + 8.0;
                    canvas.line((scale(low), centre), (scale(high), centre), INK, 1);
                    canvas.line(
                        (scale(low), centre - 5.0),
                        (scale(low), centre + 5.0),
                        INK,
                        1,
                    );
                    canvas.line(
                        (scale(high), centre - 5.0),
                        (scale(high), centre + 5.0),
                        INK,
                        1,
                    );
                    canvas.text(
                        percent(share),
                        (scale(high) + 5.0, y + 1.0),
                        15.0,
                        INK,
                        true,
                        HPos::Left,
                    );
                }
                Estimate::Hidden => {
                    canvas.gap((left, y), (left + 26.0, y + 16.0));
                    canvas.text("[c]", (left + 13.0, y + 1.0), 15.0, INK, true, HPos::Center);
                }
                Estimate::NotApplicable => {
                    canvas.text(
                        "[z] not applicable",
                        (left, y + 1.0),
                        15.0,
                        SECONDARY,
                        false,
                        HPos::Left,
                    );
                }
            }
            y += 22.0;
        }
        y += 8.0;
    }
    share_axis(canvas, &ticks, y - 4.0, &scale);
}
