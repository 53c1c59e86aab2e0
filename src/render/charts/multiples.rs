//! Small multiples: a small bar chart for each category.

use plotters::style::text_anchor::HPos;

use super::canvas::*;
use super::model::*;
use super::text;

/// A grid of small bar charts sharing one scale, two to a row.
pub(super) fn draw_multiples(canvas: &mut Canvas, categories: &[String], panels: &[Panel]) {
    const COLUMNS: usize = 2;
    let panel_width = (f64::from(WIDTH) - 2.0 * PAD - 16.0) / COLUMNS as f64;
    let max = panels
        .iter()
        .flat_map(|p| p.counts.iter().flatten())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let label_width = categories
        .iter()
        .map(|c| text::width(c, 15.0))
        .fold(0.0, f64::max)
        .min(panel_width * 0.45);
    let row_height = 20.0;
    let mut y = PAD;
    for row in panels.chunks(COLUMNS) {
        let title_height = row
            .iter()
            .map(|p| text::wrap(&p.title, LABEL_SIZE, panel_width).len())
            .max()
            .unwrap_or(1) as f64
            * LABEL_SIZE
            * 1.25;
        for (k, panel) in row.iter().enumerate() {
            let x = PAD + k as f64 * (panel_width + 16.0);
            let mut top = y;
            for line in text::wrap(&panel.title, LABEL_SIZE, panel_width) {
                canvas.text(line, (x, top), LABEL_SIZE, INK, true, HPos::Left);
                top += LABEL_SIZE * 1.25;
            }
            let mut bar_y = y + title_height + 4.0;
            let bar_left = x + label_width + 6.0;
            let room = panel_width - label_width - 6.0 - 34.0;
            for (category, count) in categories.iter().zip(&panel.counts) {
                let short = text::wrap(category, 15.0, label_width)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                canvas.text(
                    short,
                    (bar_left - 6.0, bar_y + 1.0),
                    15.0,
                    SECONDARY,
                    false,
                    HPos::Right,
                );
                match count {
                    Some(n) => {
                        let length = room * *n as f64 / max;
                        if *n > 0 {
                            canvas.rect(
                                (bar_left, bar_y + 2.0),
                                (bar_left + length, bar_y + row_height - 2.0),
                                MAIN,
                            );
                        }
                        canvas.text(
                            n.to_string(),
                            (bar_left + length + 4.0, bar_y + 1.0),
                            15.0,
                            INK,
                            true,
                            HPos::Left,
                        );
                    }
                    None => {
                        canvas.gap(
                            (bar_left, bar_y + 2.0),
                            (bar_left + 26.0, bar_y + row_height - 2.0),
                        );
                        canvas.text(
                            "[c]",
                            (bar_left + 13.0, bar_y + 1.0),
                            15.0,
                            INK,
                            true,
                            HPos::Center,
                        );
                    }
                }
                bar_y += row_height;
            }
            canvas.line(
                (bar_left, y + title_height + 4.0),
                (bar_left, bar_y),
                AXIS,
                1,
            );
        }
        y += title_height + 4.0 + categories.len() as f64 * row_height + 18.0;
    }
    canvas.height = y + PAD;
}
