//! Analyse stage: statistics from the checked case data, protected for the build's audience.
//! No I/O here; the case records come in, published tables go out.

pub mod across;
pub mod compare;
pub mod data;
pub mod disclosure;
pub mod kinds;
pub mod mns;
pub mod publish;
pub mod register;
pub mod stats;
pub mod suppress;
pub mod tables;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::AuditKind;
use crate::validate::Project;
use data::CaseBook;
use mns::{AuditEvidence, AuditInput};

/// Everything the site may publish about the audits, for one audience.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// By audit, in the project's order; `None` where an audit's cases could not be used.
    pub audits: Vec<Option<AuditEvidence>>,
    /// The comparisons of audits the narrative asks for.
    pub comparisons: across::Comparisons,
    /// Every authority placed among the others on the published indicators.
    pub placings: compare::Placings,
    /// Audits of each kind side by side, where two or more share categories of need.
    pub kinds: Vec<kinds::KindComparison>,
}

impl Evidence {
    pub fn audit(&self, index: usize) -> Option<&AuditEvidence> {
        self.audits.get(index).and_then(Option::as_ref)
    }
}

/// Analyses every audit's cases under the project's disclosure rule.
pub fn analyse(project: &Project, cases: &CaseBook) -> Evidence {
    let categories = shared_categories(project);
    let audits = project
        .audits
        .par_iter()
        .enumerate()
        .map(|(i, audit)| {
            let data = cases.audits.get(i)?.as_ref()?;
            let input = AuditInput {
                data,
                need_groups: &audit.meta.need_groups,
                annual_children: audit.meta.annual_children,
                crosses: project.requests.crosses.get(&i).map_or(&[], Vec::as_slice),
                histograms: project
                    .requests
                    .histograms
                    .get(&i)
                    .map_or(&[], Vec::as_slice),
                categories: categories.get(&i).map_or(&[], Vec::as_slice),
            };
            // Fields with more categories than a table can show are refused by the validate
            // stage, so this only fails on data that never reaches here.
            mns::audit_evidence(&input, project.rule).ok()
        })
        .collect();
    let mut evidence = Evidence {
        audits,
        comparisons: across::Comparisons::new(),
        placings: compare::place(project),
        kinds: Vec::new(),
    };
    for comparison in &project.requests.comparisons {
        let samples = samples(project, &comparison.audits);
        if let Some(table) = across::table(&evidence, comparison, &samples) {
            evidence.comparisons.insert(comparison.clone(), table);
        }
    }
    evidence.kinds = audits_of_each_kind(project, &evidence);
    evidence
}

/// Each audit's need groups in the taxonomy's shared categories, by audit.
fn shared_categories(project: &Project) -> BTreeMap<usize, Vec<mns::SharedCategory>> {
    let Some(taxonomy) = &project.published.taxonomy else {
        return BTreeMap::new();
    };
    taxonomy
        .by_audit
        .iter()
        .map(|(&audit, mapping)| {
            let categories = taxonomy
                .categories
                .iter()
                .filter_map(|c| {
                    let (_, groups) = mapping.iter().find(|(code, _)| code == &c.code)?;
                    Some(mns::SharedCategory {
                        code: c.code.clone(),
                        label: c.name.clone(),
                        need_groups: groups.clone(),
                    })
                })
                .collect();
            (audit, categories)
        })
        .collect()
}

fn audits_of_each_kind(project: &Project, evidence: &Evidence) -> Vec<kinds::KindComparison> {
    let Some(taxonomy) = &project.published.taxonomy else {
        return Vec::new();
    };
    let categories: Vec<(String, String)> = taxonomy
        .categories
        .iter()
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect();
    AuditKind::ALL
        .iter()
        .filter_map(|&kind| {
            let of_kind: Vec<usize> = (0..project.audits.len())
                .filter(|&a| project.audits[a].meta.kind == Some(kind))
                .collect();
            let samples = samples(project, &of_kind);
            kinds::compare(evidence, kind, &of_kind, &samples, &categories)
        })
        .collect()
}

/// How each audit of a comparison is named: by its authority, or by the audit where an
/// authority has several in the comparison.
fn samples(project: &Project, audits: &[usize]) -> Vec<across::Sample> {
    let leads: Vec<usize> = audits.iter().map(|&a| project.audits[a].lead).collect();
    let distinct = leads
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        == leads.len();
    audits
        .iter()
        .map(|&a| {
            let audit = &project.audits[a];
            let authority = &project.authorities[audit.lead].meta.name;
            across::Sample {
                audit: a,
                label: format!("{} ({authority})", audit.meta.title),
                short: if distinct {
                    authority.clone()
                } else {
                    audit.meta.title.clone()
                },
            }
        })
        .collect()
}
