//! A published statistic over time: the authority's line against its comparators' centre and
//! range, its region and England. Each line is named at its end rather than in a legend, and
//! the lines differ in weight and marker as well as colour.

use plotters::style::text_anchor::HPos;

use super::canvas::*;
use super::model::*;
use super::text;

const PLOT_HEIGHT: f64 = 190.0;
const TICK_SIZE: f64 = 14.0;
const NAME_SIZE: f64 = 14.0;
/// The range band: a light blue that the darkest line still reads against.
const RANGE_FILL: plotters::style::RGBColor = plotters::style::RGBColor(0xdc, 0xe8, 0xf4);
const GRID: plotters::style::RGBColor = plotters::style::RGBColor(0xe0, 0xe0, 0xe0);

/// Round steps for a value axis from zero: at most five ticks.
pub(super) fn value_ticks(max: f64) -> Vec<f64> {
    if !(max.is_finite() && max > 0.0) {
        return vec![0.0, 1.0];
    }
    let raw = max / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| max / s <= 4.0 + 1e-9)
        .unwrap_or(10.0 * power);
    let mut ticks = vec![0.0];
    while ticks.last().is_some_and(|&t| t < max - 1e-9) {
        ticks.push(ticks.len() as f64 * step);
    }
    ticks
}

/// The format of the axis labels: the statistic's own, with as many decimals as the step needs.
pub(super) fn tick_format(format: &NumberFormat, ticks: &[f64]) -> NumberFormat {
    let step = ticks.get(1).copied().unwrap_or(1.0);
    let decimals = (0..=3u8)
        .find(|&d| {
            let scaled = step * 10f64.powi(i32::from(d));
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(3);
    // Words after the number ("per 10,000", "days") go in the subtitle, not on every tick.
    let suffix = if format.suffix.starts_with(' ') {
        String::new()
    } else {
        format.suffix.clone()
    };
    NumberFormat {
        decimals,
        prefix: format.prefix.clone(),
        suffix,
    }
}

fn style(role: LineRole) -> (plotters::style::RGBColor, u32) {
    match role {
        LineRole::Focus => (MAIN, 3),
        LineRole::Centre => (SEGMENTS[3].0, 2),
        LineRole::Region => (SEGMENTS[1].0, 2),
        LineRole::England => (INK, 1),
    }
}

pub(super) fn draw_trend(
    canvas: &mut Canvas,
    periods: &[String],
    format: &NumberFormat,
    lines: &[Line],
    range: &[Option<(f64, f64)>],
    range_label: &str,
) {
    let top_value = lines
        .iter()
        .flat_map(|l| l.values.iter().flatten())
        .chain(range.iter().flatten().map(|(_, high)| high))
        .fold(0.0f64, |m, &v| m.max(v));
    let ticks = value_ticks(top_value);
    let max = ticks.last().copied().unwrap_or(1.0);
    let axis_format = tick_format(format, &ticks);
    let tick_width = ticks
        .iter()
        .map(|&t| text::width(&axis_format.show(t), TICK_SIZE))
        .fold(0.0, f64::max);
    let names_width = lines
        .iter()
        .map(|l| text::width(&l.label, NAME_SIZE))
        .fold(0.0, f64::max)
        .min(130.0);
    let left = PAD + tick_width + 6.0;
    let right = f64::from(WIDTH) - PAD - names_width - 8.0;
    let top = PAD + 8.0;
    let bottom = top + PLOT_HEIGHT;
    let x = |i: usize| {
        if periods.len() <= 1 {
            (left + right) / 2.0
        } else {
            left + (right - left) * i as f64 / (periods.len() - 1) as f64
        }
    };
    let y = |v: f64| bottom - PLOT_HEIGHT * v / max;

    for &t in &ticks {
        canvas.line((left, y(t)), (right, y(t)), GRID, 1);
        canvas.text(
            axis_format.show(t),
            (left - 6.0, y(t) - TICK_SIZE * 0.55),
            TICK_SIZE,
            SECONDARY,
            false,
            HPos::Right,
        );
    }
    // The comparators' range, as a band broken where a period has none.
    for run in runs(range) {
        let mut outline: Vec<(f64, f64)> = run
            .iter()
            .map(|&i| (x(i), range[i].map_or(0.0, |r| y(r.1))))
            .collect();
        outline.extend(
            run.iter()
                .rev()
                .map(|&i| (x(i), range[i].map_or(0.0, |r| y(r.0)))),
        );
        if run.len() == 1 {
            let (low, high) = range[run[0]].unwrap_or((0.0, 0.0));
            canvas.rect(
                (x(run[0]) - 4.0, y(high)),
                (x(run[0]) + 4.0, y(low)),
                RANGE_FILL,
            );
        } else {
            canvas.polygon(outline, RANGE_FILL);
        }
    }
    let mut ends: Vec<(f64, String, plotters::style::RGBColor)> = Vec::new();
    for line in lines {
        let (colour, width) = style(line.role);
        let points: Vec<Option<(f64, f64)>> = line
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| (x(i), y(v))))
            .collect();
        for pair in points.windows(2) {
            if let [Some(a), Some(b)] = pair {
                canvas.line(*a, *b, colour, width);
            }
        }
        for p in points.iter().flatten() {
            match line.role {
                LineRole::Focus => canvas.circle(*p, 4.0, colour),
                LineRole::Centre => {
                    canvas.rect((p.0 - 3.5, p.1 - 3.5), (p.0 + 3.5, p.1 + 3.5), colour)
                }
                LineRole::England => {
                    canvas.rect((p.0 - 2.0, p.1 - 2.0), (p.0 + 2.0, p.1 + 2.0), colour)
                }
                LineRole::Region => {}
            }
        }
        if let Some(last) = points.iter().rev().flatten().next() {
            ends.push((last.1, line.label.clone(), colour));
        }
    }
    // Names at the lines' ends, pushed apart so none overlaps another.
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut last_bottom = f64::NEG_INFINITY;
    for (at, name, colour) in ends {
        let name = fit(&name, names_width);
        let top_of = (at - NAME_SIZE * 0.6).max(last_bottom + 2.0);
        canvas.text(
            name,
            (right + 8.0, top_of),
            NAME_SIZE,
            colour,
            true,
            HPos::Left,
        );
        last_bottom = top_of + NAME_SIZE * 1.1;
    }
    // Period labels along the bottom, as many as fit without touching.
    let label_width = periods
        .iter()
        .map(|p| text::width(p, TICK_SIZE))
        .fold(0.0, f64::max)
        + 12.0;
    let room = if periods.len() > 1 {
        (right - left) / (periods.len() - 1) as f64
    } else {
        right - left
    };
    let every = (label_width / room).ceil().max(1.0) as usize;
    canvas.line((left, bottom), (right, bottom), AXIS, 1);
    let last = periods.len().saturating_sub(1);
    for (i, period) in periods.iter().enumerate() {
        // Always the latest period; the others at an even step back from it.
        if !(last - i).is_multiple_of(every) {
            continue;
        }
        canvas.line((x(i), bottom), (x(i), bottom + 4.0), AXIS, 1);
        // Centred under its point: the margins either side of the plot leave room for half a
        // label at each end.
        canvas.text(
            period.clone(),
            (x(i), bottom + 6.0),
            TICK_SIZE,
            SECONDARY,
            false,
            HPos::Center,
        );
    }
    let mut y_key = bottom + 30.0;
    if range.iter().any(Option::is_some) {
        canvas.rect((PAD, y_key + 2.0), (PAD + 22.0, y_key + 14.0), RANGE_FILL);
        for line in text::wrap(range_label, TICK_SIZE, f64::from(WIDTH) - 2.0 * PAD - 30.0) {
            canvas.text(line, (PAD + 30.0, y_key), TICK_SIZE, INK, false, HPos::Left);
            y_key += TICK_SIZE * 1.3;
        }
    }
    canvas.height = y_key + 4.0;
}

/// Runs of consecutive periods that have a range.
fn runs(range: &[Option<(f64, f64)>]) -> Vec<Vec<usize>> {
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    for (i, r) in range.iter().enumerate() {
        if r.is_some() {
            current.push(i);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// `name` shortened with an ellipsis to fit `width`.
fn fit(name: &str, width: f64) -> String {
    if text::width(name, NAME_SIZE) <= width {
        return name.to_string();
    }
    let mut out = String::new();
    for c in name.chars() {
        if text::width(&format!("{out}{c}…"), NAME_SIZE) > width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_reach_the_top() {
        assert_eq!(value_ticks(67.0), [0.0, 20.0, 40.0, 60.0, 80.0]);
        assert_eq!(value_ticks(9.0), [0.0, 2.5, 5.0, 7.5, 10.0]);
        assert_eq!(value_ticks(1200.0), [0.0, 500.0, 1000.0, 1500.0]);
        assert_eq!(value_ticks(0.0), [0.0, 1.0]);
    }
}
