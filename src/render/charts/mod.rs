//! Charts as static, accessible SVG, drawn with plotters' SVG backend.
//!
//! House style, after the Government Analysis Function's guidance: the author's title states
//! the finding; bars start at zero; labels sit on the data rather than in a legend wherever
//! they fit; the palette is colour-blind safe and stays distinct in greyscale; colour never
//! carries meaning alone (every value is written on the chart and in the data table beside
//! it). A hidden count is drawn as a labelled gap, `[c]`, never as zero. Text is real SVG text,
//! set in the reader's Arial or its metric twin, so it stays sharp and selectable.

pub mod text;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analyse::publish::percent;

/// The viewBox width: wide enough for a desktop column, narrow enough that text stays legible
/// when a phone scales the chart down.
const WIDTH: u32 = 440;
const PAD: f64 = 4.0;
const FONT: &str = "Arial, \"Liberation Sans\", sans-serif";
const LABEL_SIZE: f64 = 16.0;
const VALUE_SIZE: f64 = 16.0;
const BAR: f64 = 20.0;

const INK: RGBColor = RGBColor(0x0b, 0x0c, 0x0c);
const SECONDARY: RGBColor = RGBColor(0x48, 0x49, 0x49);
const AXIS: RGBColor = RGBColor(0x50, 0x5a, 0x5f);
const GAP_FILL: RGBColor = RGBColor(0xf3, 0xf2, 0xf1);
const MAIN: RGBColor = RGBColor(0x1d, 0x3a, 0x5f);

/// Colours for the parts of a stacked bar, dark to light then warm: distinct for the common
/// kinds of colour blindness and in greyscale; each with the text colour that reads on it.
const SEGMENTS: [(RGBColor, RGBColor); 6] = [
    (RGBColor(0x1d, 0x3a, 0x5f), RGBColor(0xff, 0xff, 0xff)),
    (RGBColor(0x4f, 0x8f, 0xc9), RGBColor(0x0b, 0x0c, 0x0c)),
    (RGBColor(0xf2, 0xb9, 0x8c), RGBColor(0x0b, 0x0c, 0x0c)),
    (RGBColor(0x8a, 0x4b, 0x08), RGBColor(0xff, 0xff, 0xff)),
    (RGBColor(0xc6, 0xdb, 0xef), RGBColor(0x0b, 0x0c, 0x0c)),
    (RGBColor(0x6e, 0x6e, 0x6e), RGBColor(0xff, 0xff, 0xff)),
];

/// One bar of a bar chart or histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None` when the count is hidden.
    pub count: Option<u64>,
    pub share: Option<f64>,
}

/// One bar of a 100% stacked bar chart: each part's share of the bar, `None` where hidden.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBar {
    pub label: String,
    /// `None` when the bar's total is hidden: the whole bar is a gap.
    pub parts: Option<Vec<Option<f64>>>,
}

/// One share, with its interval, in a dot plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub label: String,
    /// Share and its 95% interval; `None` when hidden.
    pub value: Option<(f64, f64, f64)>,
}

/// A small bar chart in a grid of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub title: String,
    pub counts: Vec<Option<u64>>,
}

/// Bars for several samples side by side in each group, with 95% intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    /// One bar per sample, in the order of the chart's `samples`: share, low, high; `None`
    /// where hidden.
    pub values: Vec<Option<(f64, f64, f64)>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Series {
    /// Groups of bars: for each category, a bar for each sample (named in `samples`).
    Grouped {
        samples: Vec<String>,
        groups: Vec<Group>,
    },
    Bars(Vec<Bar>),
    Stacked {
        parts: Vec<String>,
        bars: Vec<StackedBar>,
    },
    Dots(Vec<Dot>),
    Multiples {
        categories: Vec<String>,
        panels: Vec<Panel>,
    },
    Histogram(Vec<Bar>),
}

/// A chart: what it shows and how it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Unique within the page: ids of the title and description.
    pub id: String,
    pub title: String,
    /// The measure, population, period and n.
    pub subtitle: String,
    pub series: Series,
}

/// Drawing commands, kept so the SVG can be produced in one go.
enum Shape {
    Rect {
        from: (f64, f64),
        to: (f64, f64),
        fill: RGBColor,
        outline: Option<RGBColor>,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        colour: RGBColor,
        width: u32,
    },
    Circle {
        at: (f64, f64),
        radius: f64,
        fill: RGBColor,
    },
    Text {
        text: String,
        at: (f64, f64),
        size: f64,
        colour: RGBColor,
        bold: bool,
        anchor: HPos,
    },
}

#[derive(Default)]
struct Canvas {
    shapes: Vec<Shape>,
    height: f64,
}

impl Canvas {
    fn rect(&mut self, from: (f64, f64), to: (f64, f64), fill: RGBColor) {
        self.shapes.push(Shape::Rect {
            from,
            to,
            fill,
            outline: None,
        });
    }
    fn gap(&mut self, from: (f64, f64), to: (f64, f64)) {
        self.shapes.push(Shape::Rect {
            from,
            to,
            fill: GAP_FILL,
            outline: Some(AXIS),
        });
    }
    fn line(&mut self, from: (f64, f64), to: (f64, f64), colour: RGBColor, width: u32) {
        self.shapes.push(Shape::Line {
            from,
            to,
            colour,
            width,
        });
    }
    fn circle(&mut self, at: (f64, f64), radius: f64, fill: RGBColor) {
        self.shapes.push(Shape::Circle { at, radius, fill });
    }
    /// Text whose top edge is at `at.1`.
    fn text(
        &mut self,
        text: impl Into<String>,
        at: (f64, f64),
        size: f64,
        colour: RGBColor,
        bold: bool,
        anchor: HPos,
    ) {
        self.shapes.push(Shape::Text {
            text: text.into(),
            at,
            size,
            colour,
            bold,
            anchor,
        });
    }
    /// Wrapped label lines from `top`; returns the y below them.
    fn label(&mut self, label: &str, x: f64, top: f64, max_width: f64) -> f64 {
        let mut y = top;
        for line in text::wrap(label, LABEL_SIZE, max_width) {
            self.text(line, (x, y), LABEL_SIZE, INK, false, HPos::Left);
            y += LABEL_SIZE * 1.25;
        }
        y
    }

    fn svg(&self, chart: &Chart, description: &str) -> String {
        let height = self.height.ceil().max(40.0) as u32;
        let mut buffer = String::new();
        {
            let root = SVGBackend::with_string(&mut buffer, (WIDTH, height)).into_drawing_area();
            let _ = root.fill(&WHITE);
            let px = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
            for shape in &self.shapes {
                // Drawing into a string cannot fail; a shape that somehow did would only be
                // missing from the picture, never from the data table beside it.
                let _ = match shape {
                    Shape::Rect {
                        from,
                        to,
                        fill,
                        outline,
                    } => {
                        let drawn = root.draw(&Rectangle::new([px(*from), px(*to)], fill.filled()));
                        if let Some(outline) = outline {
                            let _ = root.draw(&Rectangle::new(
                                [px(*from), px(*to)],
                                outline.stroke_width(1),
                            ));
                        }
                        drawn
                    }
                    Shape::Line {
                        from,
                        to,
                        colour,
                        width,
                    } => root.draw(&PathElement::new(
                        vec![px(*from), px(*to)],
                        colour.stroke_width(*width),
                    )),
                    Shape::Circle { at, radius, fill } => {
                        root.draw(&Circle::new(px(*at), radius.round() as i32, fill.filled()))
                    }
                    Shape::Text {
                        text,
                        at,
                        size,
                        colour,
                        bold,
                        anchor,
                    } => {
                        // plotters sets font-size to size / 1.24.
                        let mut font = (FONT, size * 1.24).into_font();
                        if *bold {
                            font = font.style(FontStyle::Bold);
                        }
                        let style = font.color(colour).pos(Pos::new(*anchor, VPos::Top));
                        root.draw(&plotters::element::Text::new(text.clone(), px(*at), style))
                    }
                };
            }
            let _ = root.present();
        }
        accessible(buffer, chart, description)
    }
}

/// Makes the SVG an image with a name and a description for assistive technology, and lets it
/// scale with its container.
fn accessible(svg: String, chart: &Chart, description: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let opening = &svg[..open_end];
    let view_box = opening
        .split("viewBox=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("0 0 440 300")
        .to_string();
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let body = tidy(&svg[open_end + 1..]);
    format!(
        "<svg class=\"chart__svg\" viewBox=\"{view_box}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>{rest}",
        id = chart.id,
        title = escape(&chart.title),
        desc = escape(description),
        rest = body,
    )
}

/// Tidies plotters' output: text on the same line as its tags, and font sizes without float
/// noise (15.000000000000002 becomes 15), so the SVG is compact and reads well in a diff.
fn tidy(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    for line in svg.lines() {
        if line.starts_with("<text") {
            out.push_str(&clean_font_size(line));
        } else if line == "</text>" {
            out.push_str("</text>\n");
        } else if out.ends_with('>') && !out.ends_with("\n") {
            // The text inside a <text> element.
            out.push_str(line);
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn clean_font_size(tag: &str) -> String {
    let Some(start) = tag.find("font-size=\"") else {
        return tag.to_string();
    };
    let value_start = start + "font-size=\"".len();
    let Some(len) = tag[value_start..].find('"') else {
        return tag.to_string();
    };
    let value = &tag[value_start..value_start + len];
    let clean = value.parse::<f64>().map_or_else(
        |_| value.to_string(),
        |v| format!("{}", (v * 100.0).round() / 100.0),
    );
    format!(
        "{}{clean}{}",
        &tag[..value_start],
        &tag[value_start + len..]
    )
}

/// The chart as SVG, with a text description of what it shows.
pub fn svg(chart: &Chart) -> String {
    let mut canvas = Canvas::default();
    match &chart.series {
        Series::Bars(bars) => draw_bars(&mut canvas, bars),
        Series::Stacked { parts, bars } => draw_stacked(&mut canvas, parts, bars),
        Series::Dots(dots) => draw_dots(&mut canvas, dots),
        Series::Multiples { categories, panels } => draw_multiples(&mut canvas, categories, panels),
        Series::Histogram(bins) => draw_histogram(&mut canvas, bins),
        Series::Grouped { samples, groups } => draw_grouped(&mut canvas, samples, groups),
    }
    canvas.svg(chart, &description(chart))
}

/// What the chart shows, in words: its text alternative.
pub fn description(chart: &Chart) -> String {
    let value = |b: &Bar| match (b.count, b.share) {
        (Some(c), Some(s)) => format!("{}: {c} ({})", b.label, percent(s)),
        (Some(c), None) => format!("{}: {c}", b.label),
        _ => format!("{}: hidden to protect confidentiality", b.label),
    };
    let body = match &chart.series {
        Series::Bars(bars) | Series::Histogram(bars) => {
            bars.iter().map(value).collect::<Vec<_>>().join("; ")
        }
        Series::Stacked { parts, bars } => bars
            .iter()
            .map(|b| match &b.parts {
                None => format!("{}: hidden to protect confidentiality", b.label),
                Some(shares) => {
                    let items: Vec<String> = parts
                        .iter()
                        .zip(shares)
                        .map(|(p, s)| match s {
                            Some(s) => format!("{p} {}", percent(*s)),
                            None => format!("{p} hidden"),
                        })
                        .collect();
                    format!("{}: {}", b.label, items.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        Series::Dots(dots) => dots
            .iter()
            .map(|d| match d.value {
                Some((share, low, high)) => format!(
                    "{}: {} (95% interval {} to {})",
                    d.label,
                    percent(share),
                    percent(low),
                    percent(high)
                ),
                None => format!("{}: hidden to protect confidentiality", d.label),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Series::Grouped { samples, groups } => groups
            .iter()
            .map(|g| {
                let items: Vec<String> = samples
                    .iter()
                    .zip(&g.values)
                    .map(|(sample, v)| match v {
                        Some((share, low, high)) => format!(
                            "{sample} {} (95% interval {} to {})",
                            percent(*share),
                            percent(*low),
                            percent(*high)
                        ),
                        None => format!("{sample} hidden"),
                    })
                    .collect();
                format!("{}: {}", g.label, items.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; "),
        Series::Multiples { categories, panels } => panels
            .iter()
            .map(|p| {
                let items: Vec<String> = categories
                    .iter()
                    .zip(&p.counts)
                    .map(|(c, n)| match n {
                        Some(n) => format!("{c} {n}"),
                        None => format!("{c} hidden"),
                    })
                    .collect();
                format!("{}: {}", p.title, items.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; "),
    };
    format!("{}. {body}.", chart.subtitle.trim_end_matches('.'))
}

fn value_text(count: Option<u64>, share: Option<f64>) -> String {
    match (count, share) {
        (Some(c), Some(s)) => format!("{c} ({})", percent(s)),
        (Some(c), None) => c.to_string(),
        _ => "[c]".to_string(),
    }
}

/// Horizontal bars, each with its label above it and its value at its end.
fn draw_bars(canvas: &mut Canvas, bars: &[Bar]) {
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

/// 100% stacked bars with a legend of text and swatches above, and each part's share written
/// inside it where it fits.
fn draw_stacked(canvas: &mut Canvas, parts: &[String], bars: &[StackedBar]) {
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

/// A share axis along the bottom at `axis_y`, with a labelled tick at each of `ticks`.
fn share_axis(canvas: &mut Canvas, ticks: &[f64], axis_y: f64, scale: &dyn Fn(f64) -> f64) {
    let (Some(&first), Some(&last)) = (ticks.first(), ticks.last()) else {
        return;
    };
    canvas.line((scale(first), axis_y), (scale(last), axis_y), AXIS, 1);
    for &t in ticks {
        canvas.line((scale(t), axis_y), (scale(t), axis_y + 4.0), AXIS, 1);
        canvas.text(
            percent(t),
            (scale(t), axis_y + 6.0),
            15.0,
            SECONDARY,
            false,
            HPos::Center,
        );
    }
    canvas.height = axis_y + 26.0;
}

/// Tick positions for a share axis from 0 to `max`.
fn share_ticks(max: f64) -> Vec<f64> {
    let step = if max > 0.5 {
        0.25
    } else if max > 0.2 {
        0.1
    } else {
        0.05
    };
    // From zero to the first tick at or beyond `max`, so every interval ends on the axis.
    let mut ticks = vec![0.0];
    while ticks.last().is_some_and(|&t| t < max - 1e-9) {
        let next = ticks.len() as f64 * step;
        ticks.push(next);
    }
    ticks
}

/// A dot for each share with a line across its 95% interval, on a common axis from zero.
fn draw_dots(canvas: &mut Canvas, dots: &[Dot]) {
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
fn draw_grouped(canvas: &mut Canvas, samples: &[String], groups: &[Group]) {
    let top = groups
        .iter()
        .flat_map(|g| g.values.iter().flatten().map(|v| v.2))
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
            match value {
                Some((share, low, high)) => {
                    canvas.rect((left, y), (scale(*share), y + 16.0), fill);
                    let centre = y + 8.0;
                    canvas.line((scale(*low), centre), (scale(*high), centre), INK, 1);
                    canvas.line(
                        (scale(*low), centre - 5.0),
                        (scale(*low), centre + 5.0),
                        INK,
                        1,
                    );
                    canvas.line(
                        (scale(*high), centre - 5.0),
                        (scale(*high), centre + 5.0),
                        INK,
                        1,
                    );
                    canvas.text(
                        percent(*share),
                        (scale(*high) + 5.0, y + 1.0),
                        15.0,
                        INK,
                        true,
                        HPos::Left,
                    );
                }
                None => {
                    canvas.gap((left, y), (left + 26.0, y + 16.0));
                    canvas.text("[c]", (left + 13.0, y + 1.0), 15.0, INK, true, HPos::Center);
                }
            }
            y += 22.0;
        }
        y += 8.0;
    }
    share_axis(canvas, &ticks, y - 4.0, &scale);
}

/// A grid of small bar charts sharing one scale, two to a row.
fn draw_multiples(canvas: &mut Canvas, categories: &[String], panels: &[Panel]) {
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

/// Vertical columns in the order of the bins, with counts above and bin labels below.
fn draw_histogram(canvas: &mut Canvas, bins: &[Bar]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Chart {
        Chart {
            id: "chart-1".into(),
            title: "Most children were in two need groups".into(),
            subtitle: "Children in the sample, by need group; n = 60".into(),
            series: Series::Bars(vec![
                Bar {
                    label: "Adolescents in conflict with their parents".into(),
                    count: Some(21),
                    share: Some(0.35),
                },
                Bar {
                    label: "Children living with domestic abuse & violence".into(),
                    count: Some(21),
                    share: Some(0.35),
                },
                Bar {
                    label: "Young children whose parents misuse drugs or alcohol".into(),
                    count: None,
                    share: None,
                },
            ]),
        }
    }

    #[test]
    fn an_accessible_image_with_real_text() {
        let svg = svg(&bars());
        assert!(
            svg.starts_with("<svg class=\"chart__svg\" viewBox=\"0 0 440 "),
            "{}",
            &svg[..120]
        );
        assert!(svg.contains("role=\"img\" aria-labelledby=\"chart-1-title chart-1-desc\""));
        assert!(
            svg.contains(
                "<title id=\"chart-1-title\">Most children were in two need groups</title>"
            )
        );
        assert!(svg.contains("<desc id=\"chart-1-desc\">Children in the sample, by need group; n = 60. Adolescents in conflict with their parents: 21 (35%); Children living with domestic abuse &amp; violence: 21 (35%); Young children whose parents misuse drugs or alcohol: hidden to protect confidentiality.</desc>"));
        assert!(svg.contains(">21 (35%)</text>"));
        assert!(
            svg.contains(">[c]</text>"),
            "a hidden count is a labelled gap"
        );
        assert!(!svg.contains("<image"), "no raster images");
        assert!(svg.ends_with("</svg>\n") || svg.ends_with("</svg>"));
    }

    #[test]
    fn the_same_chart_gives_the_same_bytes() {
        assert_eq!(svg(&bars()), svg(&bars()));
    }

    #[test]
    fn bar_svg_snapshot() {
        insta::assert_snapshot!(svg(&bars()));
    }

    #[test]
    fn stacked_svg_snapshot() {
        let chart = Chart {
            id: "chart-2".into(),
            title: "Services matched need for under half the children".into(),
            subtitle: "Children in each need group, by whether services matched need; n = 60"
                .into(),
            series: Series::Stacked {
                parts: vec![
                    "Matched".into(),
                    "Partly matched".into(),
                    "Not matched".into(),
                ],
                bars: vec![
                    StackedBar {
                        label: "Group A".into(),
                        parts: Some(vec![Some(0.5), Some(0.3), Some(0.2)]),
                    },
                    StackedBar {
                        label: "Group B".into(),
                        parts: Some(vec![Some(0.6), None, None]),
                    },
                    StackedBar {
                        label: "Group C".into(),
                        parts: None,
                    },
                ],
            },
        };
        insta::assert_snapshot!(svg(&chart));
    }

    #[test]
    fn dots_and_histogram_and_multiples_draw() {
        let dots = Chart {
            id: "d".into(),
            title: "t".into(),
            subtitle: "s".into(),
            series: Series::Dots(vec![
                Dot {
                    label: "Sutton".into(),
                    value: Some((0.31, 0.24, 0.40)),
                },
                Dot {
                    label: "Gateshead".into(),
                    value: None,
                },
            ]),
        };
        let out = svg(&dots);
        assert!(
            out.contains(">31%</text>")
                && out.contains(">[c]</text>")
                && out.contains(">0%</text>")
        );
        let histogram = Chart {
            id: "h".into(),
            title: "t".into(),
            subtitle: "s".into(),
            series: Series::Histogram(vec![
                Bar {
                    label: "Under 1".into(),
                    count: Some(4),
                    share: None,
                },
                Bar {
                    label: "1 to 4".into(),
                    count: None,
                    share: None,
                },
                Bar {
                    label: "5 to 9".into(),
                    count: Some(12),
                    share: None,
                },
            ]),
        };
        assert!(svg(&histogram).contains(">12</text>"));
        let multiples = Chart {
            id: "m".into(),
            title: "t".into(),
            subtitle: "s".into(),
            series: Series::Multiples {
                categories: vec!["Under 1".into(), "1 to 4".into()],
                panels: vec![
                    Panel {
                        title: "Group A".into(),
                        counts: vec![Some(3), None],
                    },
                    Panel {
                        title: "Group B".into(),
                        counts: vec![Some(9), Some(0)],
                    },
                    Panel {
                        title: "Group C".into(),
                        counts: vec![None, Some(7)],
                    },
                ],
            },
        };
        let out = svg(&multiples);
        assert!(out.contains(">Group C</text>") && out.contains(">9</text>"));
    }

    #[test]
    fn grouped_svg_snapshot() {
        let chart = Chart {
            id: "g".into(),
            title: "Services matched need more often in Sutton".into(),
            subtitle: "Children in each audit's sample, by whether services matched need".into(),
            series: Series::Grouped {
                samples: vec!["Sutton".into(), "Barking and Dagenham".into()],
                groups: vec![
                    Group {
                        label: "Matched".into(),
                        values: vec![Some((0.55, 0.48, 0.62)), Some((0.38, 0.32, 0.45))],
                    },
                    Group {
                        label: "Not matched".into(),
                        values: vec![Some((0.18, 0.13, 0.24)), None],
                    },
                ],
            },
        };
        let out = svg(&chart);
        assert!(
            out.contains(">Barking and Dagenham</text>")
                && out.contains(">55%</text>")
                && out.contains(">[c]</text>")
        );
        insta::assert_snapshot!(out);
    }

    /// Every text element's extent, as (left, right), from its position, anchor and size.
    fn text_extents(svg: &str) -> Vec<(String, f64, f64)> {
        let attr = |tag: &str, name: &str| -> Option<String> {
            let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(tag[start..start + tag[start..].find('"')?].to_string())
        };
        svg.split("<text")
            .skip(1)
            .filter_map(|rest| {
                let end = rest.find('>')?;
                let tag = &rest[..end];
                let content = &rest[end + 1..rest.find("</text>")?];
                let x: f64 = attr(tag, "x")?.parse().ok()?;
                let size: f64 = attr(tag, "font-size")?.parse().ok()?;
                let width = text::width(&content.replace("&amp;", "&"), size);
                let (left, right) = match attr(tag, "text-anchor")?.as_str() {
                    "end" => (x - width, x),
                    "middle" => (x - width / 2.0, x + width / 2.0),
                    _ => (x, x + width),
                };
                Some((content.to_string(), left, right))
            })
            .collect()
    }

    #[test]
    fn no_text_runs_off_any_kind_of_chart() {
        let long = "Adolescents with offending and behaviour that challenges, placed in residential care far from home";
        let charts = vec![
            Series::Bars(vec![
                Bar {
                    label: long.into(),
                    count: Some(999),
                    share: Some(0.999),
                },
                Bar {
                    label: "x".into(),
                    count: None,
                    share: None,
                },
            ]),
            Series::Stacked {
                parts: vec![
                    long.into(),
                    "Partly matched".into(),
                    "Not matched at all by any service".into(),
                ],
                bars: vec![StackedBar {
                    label: long.into(),
                    parts: Some(vec![Some(0.02), Some(0.49), Some(0.49)]),
                }],
            },
            Series::Dots(vec![
                Dot {
                    label: long.into(),
                    value: Some((0.97, 0.9, 1.0)),
                },
                Dot {
                    label: "Low".into(),
                    value: Some((0.01, 0.0, 0.05)),
                },
            ]),
            Series::Multiples {
                categories: vec!["16 and over".into(), long.into()],
                panels: vec![Panel {
                    title: long.into(),
                    counts: vec![Some(250), None],
                }],
            },
            Series::Histogram(
                (0..14)
                    .map(|i| Bar {
                        label: format!("{} to {}", i * 52, i * 52 + 51),
                        count: Some(i * 20),
                        share: None,
                    })
                    .collect(),
            ),
            Series::Grouped {
                samples: vec![long.into(), "Sutton".into()],
                groups: vec![Group {
                    label: long.into(),
                    values: vec![Some((0.99, 0.95, 1.0)), None],
                }],
            },
        ];
        for series in charts {
            let chart = Chart {
                id: "t".into(),
                title: "t".into(),
                subtitle: "s".into(),
                series,
            };
            let svg = svg(&chart);
            for (text, left, right) in text_extents(&svg) {
                assert!(
                    left >= 0.0 && right <= f64::from(WIDTH) + 0.5,
                    "{text:?} runs from {left} to {right} in {:?}",
                    chart.series
                );
            }
        }
    }

    #[test]
    fn long_labels_wrap_inside_the_chart() {
        let chart = Chart {
            id: "w".into(),
            title: "t".into(),
            subtitle: "s".into(),
            series: Series::Bars(vec![Bar {
                label: "A need group with a very long name that would run off the edge of any chart if it were not wrapped onto more lines".into(),
                count: Some(5),
                share: None,
            }]),
        };
        let out = svg(&chart);
        let lines = out.matches("font-family").count();
        assert!(lines >= 3, "{out}");
    }
}
