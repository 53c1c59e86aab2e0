//! Every authority's figure on one indicator, best first: a dot each, with the authority the
//! chart is about and its comparators picked out by the shape and size of their dots and by a
//! key, not by colour alone, and England's figure as a labelled line.

use plotters::style::text_anchor::HPos;

use super::canvas::*;
use super::lines::{tick_format, value_ticks};
use super::model::*;
use super::text;

const PLOT_HEIGHT: f64 = 200.0;
const SMALL: f64 = 14.0;
const OTHER: plotters::style::RGBColor = plotters::style::RGBColor(0x9e, 0x9e, 0x9e);
const FOCUS: plotters::style::RGBColor = SEGMENTS[3].0;
const GRID: plotters::style::RGBColor = plotters::style::RGBColor(0xe0, 0xe0, 0xe0);

pub(super) fn draw_ranked(
    canvas: &mut Canvas,
    format: &NumberFormat,
    points: &[Point],
    key: &(Option<String>, Option<String>),
    england: Option<f64>,
    ends: &(String, String),
) {
    let top_value = points
        .iter()
        .map(|p| p.value)
        .chain(england)
        .fold(0.0f64, f64::max);
    let ticks = value_ticks(top_value);
    let max = ticks.last().copied().unwrap_or(1.0);
    let axis_format = tick_format(format, &ticks);
    let tick_width = ticks
        .iter()
        .map(|&t| text::width(&axis_format.show(t), SMALL))
        .fold(0.0, f64::max);
    let left = PAD + tick_width + 10.0;
    let right = f64::from(WIDTH) - PAD - 8.0;
    // The key first, so the reader knows the marks before reading the dots.
    let mut y_top = PAD;
    let key_row =
        |canvas: &mut Canvas, y: f64, label: &str, draw: &dyn Fn(&mut Canvas, (f64, f64))| {
            draw(canvas, (PAD + 8.0, y + 8.0));
            let mut line_y = y;
            for line in text::wrap(label, SMALL, f64::from(WIDTH) - 2.0 * PAD - 24.0) {
                canvas.text(line, (PAD + 22.0, line_y), SMALL, INK, false, HPos::Left);
                line_y += SMALL * 1.3;
            }
            line_y + 2.0
        };
    if let Some(focus) = &key.0 {
        y_top = key_row(canvas, y_top, focus, &|c, at| c.circle(at, 6.0, FOCUS));
    }
    if let Some(picked) = &key.1 {
        y_top = key_row(canvas, y_top, picked, &|c, at| c.ring(at, 5.0, MAIN));
    }
    y_top = key_row(canvas, y_top, "Other authorities", &|c, at| {
        c.circle(at, 2.5, OTHER)
    });
    if england.is_some() {
        y_top = key_row(canvas, y_top, "England", &|c, at| {
            c.line((at.0 - 7.0, at.1), (at.0 + 7.0, at.1), INK, 2)
        });
    }
    let top = y_top + 10.0;
    let bottom = top + PLOT_HEIGHT;
    let y = |v: f64| bottom - PLOT_HEIGHT * v / max;
    let x = |i: usize| {
        if points.len() <= 1 {
            (left + right) / 2.0
        } else {
            left + (right - left) * i as f64 / (points.len() - 1) as f64
        }
    };
    for &t in &ticks {
        canvas.line((left, y(t)), (right, y(t)), GRID, 1);
        canvas.text(
            axis_format.show(t),
            (left - 8.0, y(t) - SMALL * 0.55),
            SMALL,
            SECONDARY,
            false,
            HPos::Right,
        );
    }
    if let Some(e) = england {
        canvas.line((left, y(e)), (right, y(e)), INK, 2);
    }
    // Others first, so the picked-out dots are drawn on top of them.
    for (i, p) in points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.mark == Mark::Other)
    {
        canvas.circle((x(i), y(p.value)), 2.5, OTHER);
    }
    for (i, p) in points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.mark == Mark::Picked)
    {
        canvas.ring((x(i), y(p.value)), 5.0, MAIN);
    }
    for (i, p) in points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.mark == Mark::Focus)
    {
        let at = (x(i), y(p.value));
        canvas.circle(at, 6.0, FOCUS);
        let label = format!("{}: {}", p.label, format.show(p.value));
        let width = text::width(&label, SMALL);
        // Above the dot, kept inside the chart.
        let centre = at.0.clamp(left + width / 2.0, right - width / 2.0);
        let label_top = (at.1 - 12.0 - SMALL).max(top - SMALL - 6.0);
        canvas.text(label, (centre, label_top), SMALL, INK, true, HPos::Center);
    }
    canvas.line((left, bottom), (right, bottom), AXIS, 1);
    canvas.text(
        ends.0.clone(),
        (left, bottom + 6.0),
        SMALL,
        SECONDARY,
        false,
        HPos::Left,
    );
    canvas.text(
        format!("Ranked, {} authorities", points.len()),
        ((left + right) / 2.0, bottom + 6.0),
        SMALL,
        SECONDARY,
        false,
        HPos::Center,
    );
    canvas.text(
        ends.1.clone(),
        (right, bottom + 6.0),
        SMALL,
        SECONDARY,
        false,
        HPos::Right,
    );
    canvas.height = bottom + 28.0;
}
