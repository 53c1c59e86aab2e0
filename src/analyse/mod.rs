//! Analyse stage: statistics from the checked case data, protected for the build's audience.
//! No I/O here; the case records come in, published tables go out.

pub mod across;
pub mod data;
pub mod disclosure;
pub mod mns;
pub mod publish;
pub mod register;
pub mod stats;
pub mod suppress;
pub mod tables;

use rayon::prelude::*;

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
}

impl Evidence {
    pub fn audit(&self, index: usize) -> Option<&AuditEvidence> {
        self.audits.get(index).and_then(Option::as_ref)
    }
}

/// Analyses every audit's cases under the project's disclosure rule.
pub fn analyse(project: &Project, cases: &CaseBook) -> Evidence {
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
            };
            // Fields with more categories than a table can show are refused by the validate
            // stage, so this only fails on data that never reaches here.
            mns::audit_evidence(&input, project.rule).ok()
        })
        .collect();
    let mut evidence = Evidence {
        audits,
        comparisons: across::Comparisons::new(),
    };
    for comparison in &project.requests.comparisons {
        let samples = samples(project, &comparison.audits);
        if let Some(table) = across::table(&evidence, comparison, &samples) {
            evidence.comparisons.insert(comparison.clone(), table);
        }
    }
    evidence
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
