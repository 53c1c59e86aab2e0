//! Verify stage: attacks each audit's published figures as a reader who has all of them would,
//! and fails a members' or public build if any hidden count can be narrowed too far.
//!
//! This module shares no code with the suppression that chose what to hide
//! (`analyse::suppress`): it reads only the register (what each figure counts, what is shown,
//! and the facts a reader can guess) and builds its own model of the children (see
//! [`model`]). For every hidden figure it works out, by linear and whole-number programming,
//! the smallest and largest value consistent with everything published. A hidden count from 1
//! up to the threshold must be consistent with at least `threshold + 1` values (a hidden 1 with
//! every value from 0 to 5, for the default rule); any other hidden figure must not be pinned
//! to one value. Amounts that add up (weekly costs by need group) must not leave one hidden
//! amount alone in its column.

mod junction;
pub mod model;
mod solve;

use std::collections::BTreeMap;

use crate::analyse::disclosure::Rule;
use crate::analyse::register::{FigureId, Register, Status};

/// What a hidden figure can be, as far as the reader can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub low: u64,
    pub high: u64,
}

impl Range {
    pub fn width(self) -> u64 {
        self.high.saturating_sub(self.low)
    }
}

/// A figure the verifier found under-protected, or could not check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub figure: Option<FigureId>,
    pub message: String,
}

/// The verifier's findings for one audit.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every hidden figure's range.
    pub ranges: BTreeMap<FigureId, Range>,
    pub problems: Vec<Problem>,
}

/// Checks an audit's register against `rule`. With `exact`, every hidden figure's range is
/// worked out in full (for `auditpress check`); otherwise a range shown wide enough by a few
/// whole-number solutions is taken as it is (it lies within the true range), which is enough
/// to pass or fail the build.
pub fn verify(register: &Register, rule: Rule, exact: bool) -> Report {
    let mut report = Report::default();
    let t = rule.suppress_up_to;
    for line in &register.amount_lines {
        let hidden: Vec<&str> = line
            .entries
            .iter()
            .filter(|(_, h)| *h)
            .map(|(label, _)| label.as_str())
            .collect();
        if hidden.len() == 1 {
            report.problems.push(Problem {
                figure: None,
                message: format!(
                    "{}: {} / {}: the hidden amount is the total less the others",
                    line.table, hidden[0], line.column
                ),
            });
        }
    }
    let targets: Vec<FigureId> = register
        .figures
        .iter()
        .enumerate()
        .filter(|(_, f)| match f.status {
            Status::Shown => false,
            Status::Unpublished => t > 0 && (1..=t).contains(&f.count),
            Status::Primary | Status::Secondary => f.published,
        })
        .map(|(i, _)| i as FigureId)
        .collect();
    if targets.is_empty() {
        return report;
    }
    let model = match model::Model::build(register) {
        Ok(model) => model,
        Err(unmodelled) => {
            report.problems.push(Problem {
                figure: Some(unmodelled.figure),
                message: format!("cannot be checked: {}", unmodelled.why),
            });
            return report;
        }
    };
    let reduced = solve::Reduced::new(&model);
    if !reduced.consistent {
        report.problems.push(Problem {
            figure: None,
            message: "the published figures contradict each other in the verifier's model".into(),
        });
        return report;
    }
    let required = |value: u64| if (1..=t).contains(&value) { t } else { 1 };
    let witnessed = if exact {
        std::collections::HashMap::new()
    } else {
        let figures: Vec<(u32, &model::Expr, f64)> = targets
            .iter()
            .filter_map(|&f| {
                let expr = model.figures.get(f as usize)?.as_ref()?;
                Some((f, expr, register.get(f).count as f64))
            })
            .collect();
        reduced.witnesses(&figures)
    };
    for f in targets {
        let figure = register.get(f);
        let Some(Some(expr)) = model.figures.get(f as usize) else {
            continue;
        };
        let seen = witnessed
            .get(&f)
            .filter(|(low, high)| high - low >= required(figure.count) as f64 - 1e-6)
            .copied();
        let Some((low, high)) = seen.or_else(|| reduced.range(expr)) else {
            report.problems.push(Problem {
                figure: Some(f),
                message: "cannot be checked: the linear programme failed".into(),
            });
            continue;
        };
        let range = Range {
            low: low.max(0.0) as u64,
            high: high.max(0.0) as u64,
        };
        report.ranges.insert(f, range);
        let value = figure.count;
        if value < range.low || value > range.high {
            report.problems.push(Problem {
                figure: Some(f),
                message: format!(
                    "the verifier's range {} to {} does not hold the true value",
                    range.low, range.high
                ),
            });
            continue;
        }
        let small = (1..=t).contains(&value);
        if small && range.width() < t {
            report.problems.push(Problem {
                figure: Some(f),
                message: format!(
                    "a hidden small number can be narrowed to {} to {}, fewer than {} values",
                    range.low,
                    range.high,
                    t + 1
                ),
            });
        } else if !small && range.width() == 0 {
            report.problems.push(Problem {
                figure: Some(f),
                message: format!("a hidden figure can be worked out exactly: {}", range.low),
            });
        }
    }
    report
}

#[cfg(test)]
mod tests;
