//! The two charts of published statistics, each with the table of its figures: an authority's
//! figure over time against its comparators, region and England; and every authority ranked,
//! with one authority and its comparators picked out.

use super::super::charts::{Chart, Line, LineRole, Mark, Point, Series};
use super::super::views::TextTable;
use super::Published;
use crate::analyse::compare::IndicatorPlacings;
use crate::published::meta::{Polarity, Summary};
use crate::published::missing::Figure;

/// A chart with the table of its figures.
pub struct ChartWithTable {
    pub chart: Chart,
    pub table: TextTable,
}

/// The authority's figure over time, against its comparators' centre and range, its region
/// and England. `None` when the authority has no figures for the indicator.
pub fn trend(
    published: &Published<'_>,
    d: usize,
    i: usize,
    authority: usize,
    id: String,
    title: Option<&str>,
) -> Option<ChartWithTable> {
    let placings = published.placings(d, i)?;
    let placing = placings.placings.get(&authority)?;
    let indicator = published.indicator(d, i);
    let format = indicator.unit.format(indicator.decimals);
    let name = published.authority_name(authority);
    let periods: Vec<String> = indicator.periods.iter().map(|p| p.period.short()).collect();
    let value_in = |k: usize| {
        let period = indicator.periods[k].period;
        placing
            .history
            .iter()
            .find(|(p, _)| p.key() == period.key())
            .and_then(|(_, f)| f.number())
    };
    let own: Vec<Option<f64>> = (0..periods.len()).map(value_in).collect();
    if own.iter().all(Option::is_none) {
        return None;
    }
    let group = placing.group.as_ref();
    let group_title = group.map_or_else(String::new, |g| g.title.clone());
    let centre_word = match published.dataset(d).meta.summary {
        Summary::Median => "median",
        Summary::Mean => "average",
    };
    let mut lines = vec![Line {
        label: name.to_string(),
        role: LineRole::Focus,
        values: own.clone(),
    }];
    let centre: Vec<Option<f64>> = placing
        .group_history
        .iter()
        .map(|(_, s)| s.map(|s| s.centre))
        .collect();
    if group.is_some() && centre.iter().any(Option::is_some) {
        lines.push(Line {
            label: format!("Neighbours' {centre_word}"),
            role: LineRole::Centre,
            values: centre.clone(),
        });
    }
    let region: Vec<Option<f64>> = placing.region_history.iter().map(|(_, v)| *v).collect();
    let region_name = published.authority_region(authority);
    if region.iter().any(Option::is_some) {
        lines.push(Line {
            label: region_name.clone(),
            role: LineRole::Region,
            values: region.clone(),
        });
    }
    let england: Vec<Option<f64>> = placing.england_history.iter().map(|(_, v)| *v).collect();
    if england.iter().any(Option::is_some) {
        lines.push(Line {
            label: "England".into(),
            role: LineRole::England,
            values: england.clone(),
        });
    }
    let range: Vec<Option<(f64, f64)>> = placing
        .group_history
        .iter()
        .map(|(_, s)| s.map(|s| (s.min, s.max)))
        .collect();
    let title = title.map_or_else(
        || format!("{name}: {} over time", indicator.label),
        str::to_string,
    );
    let subtitle = format!(
        "{}, {} to {}, against its {group_title}, {region_name} and England",
        indicator.label,
        periods.first().map_or("", String::as_str),
        periods.last().map_or("", String::as_str),
    );
    let show = |v: Option<f64>| v.map_or_else(|| "no figure".to_string(), |v| format.show(v));
    let rows = indicator
        .periods
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let own_figure = placing
                .history
                .iter()
                .find(|(q, _)| q.key() == p.period.key())
                .map(|(_, f)| *f);
            let own_text = match own_figure {
                Some(Figure::Number(x)) => format.show(x),
                Some(Figure::Missing(symbol)) => symbol.text().to_string(),
                None => "no figure".to_string(),
            };
            let spread = placing.group_history.get(k).and_then(|(_, s)| *s);
            (
                p.period.to_string(),
                vec![
                    own_text,
                    show(spread.map(|s| s.centre)),
                    show(spread.map(|s| s.min)),
                    show(spread.map(|s| s.max)),
                    show(region.get(k).copied().flatten()),
                    show(england.get(k).copied().flatten()),
                ],
            )
        })
        .collect();
    let table = TextTable {
        id: format!("{id}-figures"),
        title: title.clone(),
        measure: subtitle.clone(),
        row_header: "Period".into(),
        columns: vec![
            name.to_string(),
            format!("Neighbours' {centre_word}"),
            "Neighbours' lowest".into(),
            "Neighbours' highest".into(),
            region_name.clone(),
            "England".into(),
        ],
        rows,
        notes: Vec::new(),
    };
    Some(ChartWithTable {
        chart: Chart {
            id,
            title,
            subtitle: subtitle.clone(),
            series: Series::Trend {
                periods,
                format,
                lines,
                range,
                range_label: format!("The range of its {group_title}, lowest to highest"),
            },
        },
        table,
    })
}

/// Every authority's latest figure, best first, with `focus` and its comparators picked out
/// (or, with no focus, the project's own authorities).
pub fn ranked(
    published: &Published<'_>,
    d: usize,
    i: usize,
    focus: Option<usize>,
    id: String,
    title: Option<&str>,
) -> Option<ChartWithTable> {
    let placings: &IndicatorPlacings = published.placings(d, i)?;
    if placings.ranked.is_empty() {
        return None;
    }
    let indicator = published.indicator(d, i);
    let format = indicator.unit.format(indicator.decimals);
    let comparators = focus
        .map(|a| published.comparators_of(d, a))
        .unwrap_or_default();
    let mark = |a: usize| match focus {
        Some(f) if f == a => Mark::Focus,
        Some(_) if comparators.contains(&a) => Mark::Picked,
        None if published.is_project_authority(a) => Mark::Picked,
        _ => Mark::Other,
    };
    let points: Vec<Point> = placings
        .ranked
        .iter()
        .map(|r| Point {
            label: published.authority_name(r.authority).to_string(),
            value: r.value,
            rank: r.rank,
            mark: mark(r.authority),
        })
        .collect();
    let group_title = published
        .group_title(d)
        .unwrap_or_else(|| "comparators".into());
    let key = match focus {
        Some(f) => (
            Some(published.authority_name(f).to_string()),
            Some(format!("Its {group_title}")),
        ),
        None => (
            None,
            Some("Authorities with audits in this project".to_string()),
        ),
    };
    let ends = match indicator.polarity {
        Polarity::Neutral => ("Highest".to_string(), "Lowest".to_string()),
        _ => ("Best".to_string(), "Worst".to_string()),
    };
    let period = placings.period.map_or_else(String::new, |p| p.to_string());
    let title = title.map_or_else(
        || format!("{}: every authority ranked", indicator.label),
        str::to_string,
    );
    let subtitle = format!(
        "{}, {period}, {} authorities, {} first",
        indicator.label,
        points.len(),
        ends.0.to_lowercase()
    );
    let england = placings.england.and_then(Figure::number);
    let rows = placings
        .ranked
        .iter()
        .map(|r| {
            let band = placings
                .placings
                .get(&r.authority)
                .and_then(|p| p.band)
                .map_or_else(String::new, |b| band_text(b.quartile, b.letter));
            let marked = match mark(r.authority) {
                Mark::Focus => " (this authority)",
                Mark::Picked if focus.is_some() => " (comparator)",
                Mark::Picked => " (audits here)",
                Mark::Other => "",
            };
            (
                format!("{}{marked}", published.authority_name(r.authority)),
                vec![r.rank.to_string(), format.show(r.value), band],
            )
        })
        .collect();
    let table = TextTable {
        id: format!("{id}-figures"),
        title: title.clone(),
        measure: subtitle.clone(),
        row_header: "Authority".into(),
        columns: vec!["Rank".into(), "Value".into(), "Band".into()],
        rows,
        notes: Vec::new(),
    };
    Some(ChartWithTable {
        chart: Chart {
            id,
            title,
            subtitle,
            series: Series::Ranked {
                format,
                points,
                key,
                england,
                ends,
            },
        },
        table,
    })
}

/// "A (top quartile)" where the indicator has a polarity; "4th quartile (highest)" where not.
pub fn band_text(quartile: u8, letter: Option<char>) -> String {
    match letter {
        Some(letter) => letter.to_string(),
        None => match quartile {
            4 => "Highest quarter".into(),
            3 => "Upper middle quarter".into(),
            2 => "Lower middle quarter".into(),
            _ => "Lowest quarter".into(),
        },
    }
}
