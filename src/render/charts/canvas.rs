//! The drawing surface: shapes collected and written as one accessible SVG, the house style's
//! sizes and colours, and the share axis several kinds of chart use.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::model::*;
use super::text;
use crate::analyse::publish::percent;

/// The viewBox width: wide enough for a desktop column, narrow enough that text stays legible
/// when a phone scales the chart down.
pub(super) const WIDTH: u32 = 440;
pub(super) const PAD: f64 = 4.0;
pub(super) const FONT: &str = "Arial, \"Liberation Sans\", sans-serif";
pub(super) const LABEL_SIZE: f64 = 16.0;
pub(super) const VALUE_SIZE: f64 = 16.0;
pub(super) const BAR: f64 = 20.0;

pub(super) const INK: RGBColor = RGBColor(0x0b, 0x0c, 0x0c);
pub(super) const SECONDARY: RGBColor = RGBColor(0x48, 0x49, 0x49);
pub(super) const AXIS: RGBColor = RGBColor(0x50, 0x5a, 0x5f);
pub(super) const GAP_FILL: RGBColor = RGBColor(0xf3, 0xf2, 0xf1);
pub(super) const MAIN: RGBColor = RGBColor(0x1d, 0x3a, 0x5f);

/// Colours for the parts of a stacked bar, dark to light then warm: distinct for the common
/// kinds of colour blindness and in greyscale; each with the text colour that reads on it.
pub(super) const SEGMENTS: [(RGBColor, RGBColor); 6] = [
    (RGBColor(0x1d, 0x3a, 0x5f), RGBColor(0xff, 0xff, 0xff)),
    (RGBColor(0x4f, 0x8f, 0xc9), RGBColor(0x0b, 0x0c, 0x0c)),
    (RGBColor(0xf2, 0xb9, 0x8c), RGBColor(0x0b, 0x0c, 0x0c)),
    (RGBColor(0x8a, 0x4b, 0x08), RGBColor(0xff, 0xff, 0xff)),
    (RGBColor(0xc6, 0xdb, 0xef), RGBColor(0x0b, 0x0c, 0x0c)),
    (RGBColor(0x6e, 0x6e, 0x6e), RGBColor(0xff, 0xff, 0xff)),
];

/// Drawing commands, kept so the SVG can be produced in one go.
pub(super) enum Shape {
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
    Ring {
        at: (f64, f64),
        radius: f64,
        colour: RGBColor,
    },
    Polygon {
        points: Vec<(f64, f64)>,
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
pub(super) struct Canvas {
    pub(super) shapes: Vec<Shape>,
    pub(super) height: f64,
}

impl Canvas {
    pub(super) fn rect(&mut self, from: (f64, f64), to: (f64, f64), fill: RGBColor) {
        self.shapes.push(Shape::Rect {
            from,
            to,
            fill,
            outline: None,
        });
    }
    pub(super) fn gap(&mut self, from: (f64, f64), to: (f64, f64)) {
        self.shapes.push(Shape::Rect {
            from,
            to,
            fill: GAP_FILL,
            outline: Some(AXIS),
        });
    }
    pub(super) fn line(&mut self, from: (f64, f64), to: (f64, f64), colour: RGBColor, width: u32) {
        self.shapes.push(Shape::Line {
            from,
            to,
            colour,
            width,
        });
    }
    pub(super) fn circle(&mut self, at: (f64, f64), radius: f64, fill: RGBColor) {
        self.shapes.push(Shape::Circle { at, radius, fill });
    }
    /// An unfilled circle: a second marker shape, so marks differ by more than colour.
    pub(super) fn ring(&mut self, at: (f64, f64), radius: f64, colour: RGBColor) {
        self.shapes.push(Shape::Ring { at, radius, colour });
    }
    pub(super) fn polygon(&mut self, points: Vec<(f64, f64)>, fill: RGBColor) {
        self.shapes.push(Shape::Polygon { points, fill });
    }
    /// Text whose top edge is at `at.1`.
    pub(super) fn text(
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
    pub(super) fn label(&mut self, label: &str, x: f64, top: f64, max_width: f64) -> f64 {
        let mut y = top;
        for line in text::wrap(label, LABEL_SIZE, max_width) {
            self.text(line, (x, y), LABEL_SIZE, INK, false, HPos::Left);
            y += LABEL_SIZE * 1.25;
        }
        y
    }

    pub(super) fn svg(&self, chart: &Chart, description: &str) -> String {
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
                    Shape::Ring { at, radius, colour } => root.draw(&Circle::new(
                        px(*at),
                        radius.round() as i32,
                        colour.stroke_width(2),
                    )),
                    Shape::Polygon { points, fill } => root.draw(&Polygon::new(
                        points.iter().map(|&p| px(p)).collect::<Vec<_>>(),
                        fill.filled(),
                    )),
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
pub(super) fn accessible(svg: String, chart: &Chart, description: &str) -> String {
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
pub(super) fn tidy(svg: &str) -> String {
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

pub(super) fn clean_font_size(tag: &str) -> String {
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

/// A share axis along the bottom at `axis_y`, with a labelled tick at each of `ticks`.
pub(super) fn share_axis(
    canvas: &mut Canvas,
    ticks: &[f64],
    axis_y: f64,
    scale: &dyn Fn(f64) -> f64,
) {
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
pub(super) fn share_ticks(max: f64) -> Vec<f64> {
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
