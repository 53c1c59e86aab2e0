//! Analyse stage: statistics from the checked case data, protected for the build's audience.
//! No I/O here; the case records come in, published tables go out.

pub mod data;
pub mod disclosure;
pub mod mns;
pub mod publish;
pub mod stats;
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
            let data = mns::with_derived_fields(cases.audits.get(i)?.as_ref()?);
            let input = AuditInput {
                data: &data,
                need_groups: &audit.meta.need_groups,
                annual_children: audit.meta.annual_children,
                crosses: project.requests.crosses.get(&i).map_or(&[], Vec::as_slice),
                histograms: project
                    .requests
                    .histograms
                    .get(&i)
                    .map_or(&[], Vec::as_slice),
            };
            Some(mns::audit_evidence(&input, project.rule))
        })
        .collect();
    Evidence { audits }
}
