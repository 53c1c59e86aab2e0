//! Placing each authority among the others on published indicators: its value beside its
//! comparators' median (or mean), minimum and maximum; its rank in the group and among all
//! authorities (ties share the better rank); its quartile band (A best, whichever way the
//! indicator points); England's and its region's values; its direction of travel; a 95%
//! interval where the indicator has a count and a base; and a sentence written from all of
//! that by the project's rules. No I/O: the datasets come in, the placings go out.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::stats;
use crate::published::dataset::{ComparatorGroup, Dataset, Indicator, PeriodData};
use crate::published::meta::{Polarity, Summary, Unit};
use crate::published::missing::{Figure, Symbol};
use crate::published::period::Period;
use crate::published::sentences::{Facts, Judgement, Side};
use crate::validate::Project;

/// Every indicator's placings.
#[derive(Debug, Clone, Default)]
pub struct Placings {
    pub indicators: Vec<IndicatorPlacings>,
}

impl Placings {
    pub fn indicator(&self, dataset: usize, indicator: usize) -> Option<&IndicatorPlacings> {
        self.indicators
            .iter()
            .find(|i| i.dataset == dataset && i.indicator == indicator)
    }
}

/// One indicator in its latest period, for every authority.
#[derive(Debug, Clone)]
pub struct IndicatorPlacings {
    pub dataset: usize,
    pub indicator: usize,
    pub period: Option<Period>,
    /// Every authority with a value, in rank order.
    pub ranked: Vec<Ranked>,
    /// Authorities with a symbol instead of a value.
    pub missing: Vec<(usize, Symbol)>,
    pub banding: Banding,
    pub england: Option<Figure>,
    /// Region names and values.
    pub regions: Vec<(String, Figure)>,
    /// By authority index.
    pub placings: BTreeMap<usize, Placing>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub authority: usize,
    pub value: f64,
    pub rank: usize,
}

/// How the authorities divide into quartile bands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Banding {
    /// The lower quartile, median and upper quartile that divide the bands.
    Quartiles {
        lower: f64,
        median: f64,
        upper: f64,
    },
    /// The values are too close together to divide.
    TooSmall,
    NoData,
}

/// A quartile band: 1 holds the lowest values, 4 the highest; `letter` A (best) to D where the
/// indicator says which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub quartile: u8,
    pub letter: Option<char>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupFigures {
    pub title: String,
    pub description: String,
    pub summary: Summary,
    /// `None` when no comparator has a figure.
    pub spread: Option<Spread>,
    pub with_data: usize,
    pub members: usize,
    /// Comparators with no figure, and why.
    pub missing: Vec<(usize, Symbol)>,
    /// Comparators the project does not know (an area with no figure in any period).
    pub unknown: usize,
}

/// A group's centre (median or mean), lowest and highest figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub min: f64,
    pub centre: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Improving,
    Worsening,
    Increasing,
    Decreasing,
    NoChange,
}

impl Direction {
    pub fn word(self) -> &'static str {
        match self {
            Direction::Improving => "improving",
            Direction::Worsening => "worsening",
            Direction::Increasing => "increasing",
            Direction::Decreasing => "decreasing",
            Direction::NoChange => "no change",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trend {
    pub since: Period,
    pub previous: f64,
    pub direction: Direction,
}

/// One authority on one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Placing {
    pub figure: Figure,
    pub interval: Option<(f64, f64)>,
    pub group: Option<GroupFigures>,
    /// (rank, of how many) in the comparator group with the authority itself.
    pub rank_in_group: Option<(usize, usize)>,
    /// (rank, of how many) among all authorities.
    pub rank: Option<(usize, usize)>,
    pub band: Option<Band>,
    pub region: Option<Figure>,
    pub trend: Option<Trend>,
    pub sentence: String,
    /// The authority's figures over time, oldest first.
    pub history: Vec<(Period, Figure)>,
    /// The group's spread over time.
    pub group_history: Vec<(Period, Option<Spread>)>,
    /// The region's and England's figures over time.
    pub region_history: Vec<(Period, Option<f64>)>,
    pub england_history: Vec<(Period, Option<f64>)>,
}

/// Places every project authority on every indicator.
pub fn place(project: &Project) -> Placings {
    let published = &project.published;
    let jobs: Vec<(usize, usize)> = published
        .datasets
        .iter()
        .enumerate()
        .flat_map(|(d, set)| (0..set.indicators.len()).map(move |i| (d, i)))
        .collect();
    let indicators = jobs
        .par_iter()
        .map(|&(d, i)| {
            let dataset = &published.datasets[d];
            let group = dataset.comparators.map(|g| &published.groups[g]);
            indicator_placings(project, dataset, d, i, group)
        })
        .collect();
    Placings { indicators }
}

/// Ranks with ties sharing the better rank ("1, 2, 2, 4").
pub fn ranks(values: &[f64], polarity: Polarity) -> Vec<usize> {
    let better = |a: f64, b: f64| match polarity {
        Polarity::LowerIsBetter => a < b,
        // Neutral indicators are ranked from the highest.
        Polarity::HigherIsBetter | Polarity::Neutral => a > b,
    };
    values
        .iter()
        .map(|&v| 1 + values.iter().filter(|&&o| better(o, v)).count())
        .collect()
}

/// The band of `value` given the quartiles of all authorities.
pub fn band(value: f64, banding: Banding, polarity: Polarity) -> Option<Band> {
    let Banding::Quartiles {
        lower,
        median,
        upper,
    } = banding
    else {
        return None;
    };
    let quartile = if value >= upper {
        4
    } else if value >= median {
        3
    } else if value >= lower {
        2
    } else {
        1
    };
    let letter = match polarity {
        Polarity::HigherIsBetter => Some((b'A' + (4 - quartile)) as char),
        Polarity::LowerIsBetter => Some((b'A' + (quartile - 1)) as char),
        Polarity::Neutral => None,
    };
    Some(Band { quartile, letter })
}

fn banding(values: &[f64]) -> Banding {
    match stats::quartiles(values) {
        None => Banding::NoData,
        Some((lower, _, upper)) if (upper - lower).abs() < 1e-9 => Banding::TooSmall,
        Some((lower, median, upper)) => Banding::Quartiles {
            lower,
            median,
            upper,
        },
    }
}

fn median(values: &[f64]) -> Option<f64> {
    stats::quartiles(values).map(|(_, m, _)| m)
}

/// The value written with its unit, rounded half up.
pub fn format_value(value: f64, unit: Unit, decimals: u8) -> String {
    unit.format(decimals).show(value)
}

fn indicator_placings(
    project: &Project,
    dataset: &Dataset,
    d: usize,
    i: usize,
    group: Option<&ComparatorGroup>,
) -> IndicatorPlacings {
    let indicator = &dataset.indicators[i];
    let by_code = &project.published.authority_by_code;
    let latest = indicator.latest();
    let mut values: Vec<(usize, f64)> = Vec::new();
    let mut missing = Vec::new();
    if let Some(latest) = latest {
        for (code, observation) in &latest.authorities {
            let Some(&a) = by_code.get(code) else {
                continue;
            };
            match observation.figure {
                Figure::Number(x) => values.push((a, x)),
                Figure::Missing(s) => missing.push((a, s)),
            }
        }
    }
    let numbers: Vec<f64> = values.iter().map(|(_, x)| *x).collect();
    let rank_of = ranks(&numbers, indicator.polarity);
    let mut ranked: Vec<Ranked> = values
        .iter()
        .zip(&rank_of)
        .map(|(&(authority, value), &rank)| Ranked {
            authority,
            value,
            rank,
        })
        .collect();
    ranked.sort_by(|a, b| {
        a.rank.cmp(&b.rank).then_with(|| {
            project.authorities[a.authority]
                .meta
                .name
                .cmp(&project.authorities[b.authority].meta.name)
        })
    });
    let banding = banding(&numbers);
    let regions: Vec<(String, Figure)> = latest
        .map(|l| {
            crate::published::areas::regions()
                .into_iter()
                .filter_map(|(code, name)| l.regions.get(code).map(|f| (name.to_string(), *f)))
                .collect()
        })
        .unwrap_or_default();
    let placings = project
        .authorities
        .iter()
        .enumerate()
        .filter_map(|(a, authority)| {
            let code = &authority.meta.ons_code;
            let code =
                crate::published::areas::current(code).map_or(code.as_str(), |k| k.ons.as_str());
            let observation = latest?.authorities.get(code)?;
            Some((
                a,
                placing(
                    project,
                    dataset,
                    indicator,
                    group,
                    a,
                    code,
                    observation.figure,
                    &ranked,
                    banding,
                ),
            ))
        })
        .collect();
    IndicatorPlacings {
        dataset: d,
        indicator: i,
        period: latest.map(|l| l.period),
        ranked,
        missing,
        banding,
        england: latest.and_then(|l| l.england),
        regions,
        placings,
    }
}

/// The group's figures in one period: its members' numbers, and those without.
fn group_in(
    project: &Project,
    members: &[(String, Option<String>)],
    period: &PeriodData,
) -> (Vec<f64>, Vec<(usize, Symbol)>, usize) {
    let by_code = &project.published.authority_by_code;
    let mut numbers = Vec::new();
    let mut missing = Vec::new();
    let mut unknown = 0;
    for (code, _) in members {
        match (period.authorities.get(code), by_code.get(code)) {
            (Some(o), Some(&a)) => match o.figure {
                Figure::Number(x) => numbers.push(x),
                Figure::Missing(s) => missing.push((a, s)),
            },
            (None, Some(&a)) => missing.push((a, Symbol::Blank)),
            (_, None) => unknown += 1,
        }
    }
    (numbers, missing, unknown)
}

fn spread(numbers: &[f64], summary: Summary) -> Option<Spread> {
    let centre = match summary {
        Summary::Median => median(numbers),
        Summary::Mean => stats::mean(numbers),
    }?;
    Some(Spread {
        min: numbers.iter().copied().fold(f64::INFINITY, f64::min),
        centre,
        max: numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

#[allow(clippy::too_many_arguments)]
fn placing(
    project: &Project,
    dataset: &Dataset,
    indicator: &Indicator,
    group: Option<&ComparatorGroup>,
    authority: usize,
    code: &str,
    figure: Figure,
    ranked: &[Ranked],
    banding: Banding,
) -> Placing {
    let latest = indicator.latest();
    let summary = dataset.meta.summary;
    let members = group.and_then(|g| g.members.get(code));
    let region_code = crate::published::areas::by_ons(code).map(|k| k.region_code.clone());
    let interval = latest.and_then(|l| l.authorities.get(code)).and_then(|o| {
        let scale = indicator.unit.scale()?;
        let (count, base) = (o.count?, o.base?);
        if !(count >= 0.0 && base > 0.0 && count <= base) {
            return None;
        }
        stats::wilson(count.round() as u64, base.round() as u64, stats::Z95)
            .map(|(l, h)| (l * scale, h * scale))
    });
    let group_figures = match (group, members, latest) {
        (Some(group), Some(members), Some(latest)) => {
            let (numbers, missing, unknown) = group_in(project, members, latest);
            Some(GroupFigures {
                title: group.title.clone(),
                description: group.description.clone(),
                summary,
                spread: spread(&numbers, summary),
                with_data: numbers.len(),
                members: members.len(),
                missing,
                unknown,
            })
        }
        _ => None,
    };
    let value = figure.number();
    let rank_in_group = match (value, members, latest) {
        (Some(v), Some(members), Some(latest)) => {
            let (mut numbers, _, _) = group_in(project, members, latest);
            numbers.push(v);
            let r = ranks(&numbers, indicator.polarity);
            r.last().map(|&rank| (rank, numbers.len()))
        }
        _ => None,
    };
    let rank = ranked
        .iter()
        .find(|r| r.authority == authority)
        .map(|r| (r.rank, ranked.len()));
    let band = value.and_then(|v| band(v, banding, indicator.polarity));
    let region = match (&region_code, latest) {
        (Some(rc), Some(l)) => l.regions.get(rc).copied(),
        _ => None,
    };
    let history: Vec<(Period, Figure)> = indicator
        .periods
        .iter()
        .filter_map(|p| p.authorities.get(code).map(|o| (p.period, o.figure)))
        .collect();
    let trend = match (value, history.len()) {
        (Some(v), n) if n >= 2 => history[..n - 1]
            .iter()
            .rev()
            .find_map(|(period, f)| f.number().map(|x| (*period, x)))
            .map(|(since, previous)| {
                let change = v - previous;
                let tolerance = 0.5 * 10f64.powi(-i32::from(indicator.decimals));
                let direction = if change.abs() < tolerance {
                    Direction::NoChange
                } else {
                    match (indicator.polarity, change > 0.0) {
                        (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => {
                            Direction::Improving
                        }
                        (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => {
                            Direction::Worsening
                        }
                        (Polarity::Neutral, true) => Direction::Increasing,
                        (Polarity::Neutral, false) => Direction::Decreasing,
                    }
                };
                Trend {
                    since,
                    previous,
                    direction,
                }
            }),
        _ => None,
    };
    let group_history = indicator
        .periods
        .iter()
        .map(|p| {
            let figures = members.and_then(|m| {
                let (numbers, _, _) = group_in(project, m, p);
                spread(&numbers, summary)
            });
            (p.period, figures)
        })
        .collect();
    let region_history = indicator
        .periods
        .iter()
        .map(|p| {
            (
                p.period,
                region_code
                    .as_ref()
                    .and_then(|rc| p.regions.get(rc))
                    .and_then(|f| f.number()),
            )
        })
        .collect();
    let england_history = indicator
        .periods
        .iter()
        .map(|p| (p.period, p.england.and_then(Figure::number)))
        .collect();
    let sentence = sentence(
        project,
        indicator,
        authority,
        figure,
        interval,
        members,
        latest,
        group_figures.as_ref(),
    );
    Placing {
        figure,
        interval,
        group: group_figures,
        rank_in_group,
        rank,
        band,
        region,
        trend,
        sentence,
        history,
        group_history,
        region_history,
        england_history,
    }
}

#[allow(clippy::too_many_arguments)]
fn sentence(
    project: &Project,
    indicator: &Indicator,
    authority: usize,
    figure: Figure,
    interval: Option<(f64, f64)>,
    members: Option<&Vec<(String, Option<String>)>>,
    latest: Option<&PeriodData>,
    group: Option<&GroupFigures>,
) -> String {
    let rules = &project.published.rules;
    let show = |x: f64| format_value(x, indicator.unit, indicator.decimals);
    let mut facts = Facts {
        authority: project.authorities[authority].meta.name.clone(),
        period: latest.map_or_else(String::new, |l| l.period.to_string()),
        ..Facts::default()
    };
    let value = match figure {
        Figure::Number(x) => x,
        Figure::Missing(symbol) => {
            facts.reason = symbol.meaning().to_string();
            return rules.write(Judgement::NoValue, &facts);
        }
    };
    facts.value = show(value);
    let (Some(group), Some(members), Some(latest)) = (group, members, latest) else {
        return rules.write(Judgement::NoGroup, &facts);
    };
    facts.group = group.title.clone();
    facts.summary = match group.summary {
        Summary::Median => "median".into(),
        Summary::Mean => "average".into(),
    };
    facts.with_data = group.with_data.to_string();
    facts.members = group.members.to_string();
    let Some(spread) = group
        .spread
        .filter(|_| group.with_data >= rules.minimum_comparators)
    else {
        return rules.write(Judgement::TooFew, &facts);
    };
    facts.centre = show(spread.centre);
    if let Some((low, high)) = interval
        && low <= spread.centre
        && spread.centre <= high
    {
        facts.low = show(low);
        facts.high = show(high);
        return rules.write(Judgement::WithinInterval, &facts);
    }
    let (numbers, _, _) = group_in(project, members, latest);
    let mid = median(&numbers).unwrap_or(spread.centre);
    let deviations: Vec<f64> = numbers.iter().map(|x| (x - mid).abs()).collect();
    let mad = median(&deviations).unwrap_or(0.0);
    let difference = value - spread.centre;
    if mad <= 1e-12 {
        if difference.abs() <= 1e-12 {
            return rules.write(
                Judgement::Compared {
                    distance: 0.0,
                    side: Side::Higher,
                },
                &facts,
            );
        }
        return rules.write(Judgement::NoSpread, &facts);
    }
    let side = match (indicator.polarity, difference > 0.0) {
        (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Side::Better,
        (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => Side::Worse,
        (Polarity::Neutral, true) => Side::Higher,
        (Polarity::Neutral, false) => Side::Lower,
    };
    rules.write(
        Judgement::Compared {
            distance: difference.abs() / mad,
            side,
        },
        &facts,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_better_rank() {
        assert_eq!(
            ranks(&[5.0, 9.0, 9.0, 1.0], Polarity::HigherIsBetter),
            [3, 1, 1, 4]
        );
        assert_eq!(
            ranks(&[5.0, 9.0, 9.0, 1.0], Polarity::LowerIsBetter),
            [2, 3, 3, 1]
        );
    }

    #[test]
    fn bands_put_a_best_whichever_way() {
        let banding = Banding::Quartiles {
            lower: 10.0,
            median: 20.0,
            upper: 30.0,
        };
        let letter = |v, p| band(v, banding, p).and_then(|b| b.letter);
        assert_eq!(letter(35.0, Polarity::HigherIsBetter), Some('A'));
        assert_eq!(letter(35.0, Polarity::LowerIsBetter), Some('D'));
        assert_eq!(letter(5.0, Polarity::LowerIsBetter), Some('A'));
        assert_eq!(letter(25.0, Polarity::HigherIsBetter), Some('B'));
        assert_eq!(
            band(25.0, banding, Polarity::Neutral).map(|b| b.quartile),
            Some(3)
        );
        assert_eq!(banding_of(&[4.0, 4.0, 4.0, 4.0, 9.0]), Banding::TooSmall);
    }

    fn banding_of(values: &[f64]) -> Banding {
        banding(values)
    }

    #[test]
    fn values_are_written_with_their_units() {
        assert_eq!(format_value(67.4, Unit::RatePer10000, 0), "67 per 10,000");
        assert_eq!(format_value(22.65, Unit::Percent, 1), "22.7%");
        assert_eq!(format_value(81770.0, Unit::Count, 0), "81,770");
    }
}
