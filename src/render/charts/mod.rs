//! Charts as static, accessible SVG, drawn with plotters' SVG backend.
//!
//! House style, after the Government Analysis Function's guidance: the author's title states
//! the finding; bars start at zero; labels sit on the data rather than in a legend wherever
//! they fit; the palette is colour-blind safe and stays distinct in greyscale; colour never
//! carries meaning alone (every value is written on the chart and in the data table beside
//! it). A hidden count is drawn as a labelled gap, `[c]`, never as zero. Text is real SVG text,
//! set in the reader's Arial or its metric twin, so it stays sharp and selectable.

mod bars;
mod canvas;
mod describe;
mod dots;
mod lines;
mod model;
mod multiples;
mod ranked;
mod stacked;
pub mod text;

use bars::{draw_bars, draw_histogram};
use canvas::Canvas;
pub use describe::{description, ordinal};
use dots::{draw_dots, draw_grouped};
use lines::draw_trend;
pub use model::*;
use multiples::draw_multiples;
use ranked::draw_ranked;
use stacked::draw_stacked;

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
        Series::Trend {
            periods,
            format,
            lines,
            range,
            range_label,
        } => draw_trend(&mut canvas, periods, format, lines, range, range_label),
        Series::Ranked {
            format,
            points,
            key,
            england,
            ends,
        } => draw_ranked(&mut canvas, format, points, key, *england, ends),
    }
    canvas.svg(chart, &description(chart))
}

#[cfg(test)]
mod tests {
    use super::canvas::WIDTH;
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
                        values: vec![
                            Estimate::Shown {
                                share: 0.55,
                                low: 0.48,
                                high: 0.62,
                            },
                            Estimate::Shown {
                                share: 0.38,
                                low: 0.32,
                                high: 0.45,
                            },
                        ],
                    },
                    Group {
                        label: "Not matched".into(),
                        values: vec![
                            Estimate::Shown {
                                share: 0.18,
                                low: 0.13,
                                high: 0.24,
                            },
                            Estimate::Hidden,
                        ],
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
                    values: vec![
                        Estimate::Shown {
                            share: 0.99,
                            low: 0.95,
                            high: 1.0,
                        },
                        Estimate::NotApplicable,
                    ],
                }],
            },
        ];
        let format = crate::published::meta::Unit::RatePer10000.format(0);
        let mut charts = charts;
        charts.push(Series::Trend {
            periods: (2013..2026)
                .map(|y| format!("{y}-{:02}", (y + 1) % 100))
                .collect(),
            format: format.clone(),
            lines: vec![
                Line {
                    label: long.into(),
                    role: LineRole::Focus,
                    values: (0..13).map(|i| Some(40.0 + f64::from(i))).collect(),
                },
                Line {
                    label: "England".into(),
                    role: LineRole::England,
                    values: (0..13).map(|i| (i != 4).then_some(67.0)).collect(),
                },
            ],
            range: (0..13).map(|_| Some((20.0, 90.0))).collect(),
            range_label: long.into(),
        });
        charts.push(Series::Ranked {
            format,
            points: (0..153)
                .map(|i| Point {
                    label: format!("Authority {i}"),
                    value: 200.0 - f64::from(i),
                    rank: i as usize + 1,
                    mark: match i {
                        0 | 152 => Mark::Focus,
                        1..=10 => Mark::Picked,
                        _ => Mark::Other,
                    },
                })
                .collect(),
            key: (Some(long.into()), Some(long.into())),
            england: Some(67.0),
            ends: ("Highest".into(), "Lowest".into()),
        });
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
