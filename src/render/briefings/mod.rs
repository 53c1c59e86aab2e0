//! Briefings for Members and packs of them: each parsed once into the format-neutral document,
//! then written as an HTML print page (through the theme's templates) and as Typst markup that
//! the PDF writer typesets. Both come from the same expansions, so the PDF never says more than
//! the page.

pub(super) mod typst;

use serde::Serialize;

use super::directives::Expansion;
use super::markdown::Heading;
use crate::document::Document;
use crate::model::{BriefingFront, format_long_date};
use crate::validate::Project;
use crate::validate::briefings::Briefing as CheckedBriefing;

/// One briefing's content, ready for either writer.
pub(super) struct Briefing {
    pub title: String,
    pub meeting: String,
    pub date_label: String,
    pub author_role: String,
    pub purpose: &'static str,
    pub key_messages: Vec<String>,
    pub recommendations: Vec<String>,
    pub implications: Option<String>,
    pub body: Document,
    pub expansions: Vec<Expansion>,
    /// The audits, authorities and indicators it draws on, by name.
    pub evidence: Vec<String>,
    /// Some figure comes from an audit whose case records are made up.
    pub illustrative: bool,
}

impl Briefing {
    pub fn new(
        project: &Project,
        checked: &CheckedBriefing,
        body: Document,
        expansions: Vec<Expansion>,
    ) -> Briefing {
        let front = &checked.front;
        let mut evidence: Vec<String> = checked
            .audits
            .iter()
            .map(|&a| {
                let audit = &project.audits[a];
                let lead = &project.authorities[audit.lead].meta.name;
                format!("Audit: {}, {lead}", audit.meta.title)
            })
            .collect();
        evidence.extend(checked.indicators.iter().map(|&(d, i)| {
            let dataset = &project.published.datasets[d];
            format!(
                "Published statistics: {}, from {}",
                dataset.indicators[i].label, dataset.meta.source
            )
        }));
        let illustrative = checked
            .audits
            .iter()
            .copied()
            .chain(checked.directives.iter().flat_map(|d| d.kind.audits()))
            .any(|a| project.audits[a].meta.illustrative);
        Briefing {
            illustrative,
            title: front.title.clone(),
            meeting: front.meeting.clone(),
            date_label: format_long_date(front.date),
            author_role: front.author_role.clone(),
            purpose: front.purpose.label(),
            key_messages: front.key_messages.clone(),
            recommendations: front.recommendations.clone(),
            implications: front.implications.clone(),
            body,
            expansions,
            evidence,
        }
    }

    /// "Children's Scrutiny Committee, 8 December 2026. For information. From the Head of
    /// Quality Assurance."
    pub fn byline(&self) -> String {
        format!(
            "{}, {}. {}. From the {}.",
            self.meeting, self.date_label, self.purpose, self.author_role
        )
    }
}

/// Names the authority a briefing is written for wherever its text says `{authority}`,
/// callouts included.
pub(super) fn name_authority(document: &mut Document, expansions: &mut [Expansion], name: &str) {
    let each = crate::validate::directives::EACH_AUTHORITY;
    document.replace_text(each, name);
    for expansion in expansions {
        if let Expansion::Callout {
            body, expansions, ..
        } = expansion
        {
            name_authority(&mut body.document, expansions, name);
        }
    }
}

/// What the first page of a PDF says.
pub(super) struct Cover {
    /// "Briefing for Members", or "Briefing pack for Members".
    pub kind: String,
    pub title: String,
    pub marking: String,
    pub author_role: String,
    /// (label, value) lines under the title: meeting, date, purpose, author.
    pub facts: Vec<(String, String)>,
    /// How deep the contents list goes: a pack lists its briefings and their sections.
    pub contents_depth: u8,
}

impl Cover {
    pub fn of_briefing(briefing: &Briefing, marking: &str) -> Cover {
        let mut cover = Cover {
            kind: "Briefing for Members".into(),
            title: briefing.title.clone(),
            marking: marking.to_string(),
            author_role: briefing.author_role.clone(),
            facts: vec![
                ("Meeting".into(), briefing.meeting.clone()),
                ("Date".into(), briefing.date_label.clone()),
                ("Purpose".into(), briefing.purpose.to_string()),
                ("From".into(), format!("The {}", briefing.author_role)),
                ("Marking".into(), marking.to_string()),
            ],
            contents_depth: 2,
        };
        if briefing.illustrative {
            cover
                .facts
                .push((ILLUSTRATIVE.0.into(), ILLUSTRATIVE.1.into()));
        }
        cover
    }
}

/// Said on the cover of a briefing whose figures come from made-up case records.
const ILLUSTRATIVE: (&str, &str) = (
    "Data",
    "Illustrative: the case records behind these figures are made up, and describe no real child",
);

impl Cover {
    pub fn of_pack<'a>(
        front: &BriefingFront,
        marking: &str,
        briefings: impl Iterator<Item = &'a Briefing>,
    ) -> Cover {
        let (count, illustrative) =
            briefings.fold((0, false), |(n, any), b| (n + 1, any || b.illustrative));
        let mut cover = Cover {
            kind: "Briefing pack for Members".into(),
            title: front.title.clone(),
            marking: marking.to_string(),
            author_role: front.author_role.clone(),
            facts: vec![
                ("Meeting".into(), front.meeting.clone()),
                ("Date".into(), format_long_date(front.date)),
                ("Purpose".into(), front.purpose.label().to_string()),
                ("From".into(), format!("The {}", front.author_role)),
                ("Briefings".into(), count.to_string()),
                ("Marking".into(), marking.to_string()),
            ],
            contents_depth: 3,
        };
        if illustrative {
            cover
                .facts
                .push((ILLUSTRATIVE.0.into(), ILLUSTRATIVE.1.into()));
        }
        cover
    }
}

/// A pack as the templates see it: its cover, then each briefing.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PackView {
    pub title: String,
    pub marking: String,
    pub facts: Vec<(String, String)>,
    pub briefings: Vec<BriefingView>,
    pub pdf: Option<String>,
}

impl PackView {
    pub fn new(
        front: &BriefingFront,
        marking: &str,
        facts: Vec<(String, String)>,
        briefings: Vec<BriefingView>,
        pdf: Option<String>,
    ) -> PackView {
        PackView {
            title: front.title.clone(),
            marking: marking.to_string(),
            facts,
            briefings,
            pdf,
        }
    }
}

/// A briefing as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BriefingView {
    pub title: String,
    pub meeting: String,
    pub date_label: String,
    pub author_role: String,
    pub purpose: String,
    pub marking: String,
    /// (label, value) lines of the cover: meeting, date, purpose, author, marking.
    pub facts: Vec<(String, String)>,
    /// Prefixes the ids of the page's own sections, so that briefings in a pack keep theirs
    /// apart.
    pub id_prefix: String,
    pub key_messages: Vec<String>,
    pub recommendations: Vec<String>,
    pub implications: Option<String>,
    pub content: String,
    pub contents: Vec<ContentsEntry>,
    pub evidence: Vec<String>,
    /// The PDF, relative to the page, where the build makes one.
    pub pdf: Option<String>,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct ContentsEntry {
    pub id: String,
    pub title: String,
}

impl BriefingView {
    pub fn new(
        briefing: &Briefing,
        marking: &str,
        id_prefix: &str,
        content_html: String,
        headings: &[Heading],
        path: &str,
        pdf: Option<String>,
    ) -> BriefingView {
        let own = |id: &str, title: &str| ContentsEntry {
            id: format!("{id_prefix}{id}"),
            title: title.to_string(),
        };
        let mut contents = vec![own("key-messages", "Key messages")];
        if !briefing.recommendations.is_empty() {
            contents.push(own("recommendations", "Recommendations"));
        }
        if briefing.implications.is_some() {
            contents.push(own("implications", "Financial and resource implications"));
        }
        contents.extend(
            headings
                .iter()
                .filter(|h| h.level == if id_prefix.is_empty() { 2 } else { 3 })
                .map(|h| ContentsEntry {
                    id: h.id.clone(),
                    title: h.text.clone(),
                }),
        );
        if !briefing.evidence.is_empty() {
            contents.push(own("evidence", "The evidence behind this briefing"));
        }
        BriefingView {
            title: briefing.title.clone(),
            meeting: briefing.meeting.clone(),
            date_label: briefing.date_label.clone(),
            author_role: briefing.author_role.clone(),
            purpose: briefing.purpose.to_string(),
            marking: marking.to_string(),
            facts: Cover::of_briefing(briefing, marking).facts,
            id_prefix: id_prefix.to_string(),
            key_messages: briefing.key_messages.clone(),
            recommendations: briefing.recommendations.clone(),
            implications: briefing.implications.clone(),
            content: content_html,
            contents,
            evidence: briefing.evidence.clone(),
            pdf,
            path: path.to_string(),
        }
    }
}

/// A link to a briefing or pack, for the list of them.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BriefingLink {
    pub title: String,
    pub path: String,
    pub pdf: Option<String>,
    pub meeting: String,
    pub date_label: String,
    pub purpose: String,
}

/// A file that writes one briefing per authority, listed as one entry with its briefings.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BriefingGroup {
    pub title: String,
    pub briefings: Vec<BriefingLink>,
}

/// The list page of briefings and packs.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BriefingsIndexView {
    /// Whether the build makes PDFs.
    pub pdf: bool,
    pub packs: Vec<BriefingLink>,
    pub briefings: Vec<BriefingLink>,
    pub generated: Vec<BriefingGroup>,
}

impl BriefingsIndexView {
    pub fn new(project: &Project, with_pdf: bool) -> BriefingsIndexView {
        let link = |title: &str, front: &BriefingFront, path: &str, pdf: &str| BriefingLink {
            title: title.to_string(),
            path: path.to_string(),
            pdf: with_pdf.then(|| pdf.to_string()),
            meeting: front.meeting.clone(),
            date_label: format_long_date(front.date),
            purpose: front.purpose.label().to_string(),
        };
        let packs = project
            .packs
            .iter()
            .map(|p| link(&p.front.title, &p.front, &p.output_path, &p.pdf_path))
            .collect();
        let mut briefings = Vec::new();
        let mut generated: Vec<(usize, BriefingGroup)> = Vec::new();
        for b in &project.briefings {
            let entry = link(&b.front.title, &b.front, &b.output_path, &b.pdf_path);
            if b.authority.is_none() {
                briefings.push(entry);
                continue;
            }
            match generated.iter_mut().find(|(file, _)| *file == b.file) {
                Some((_, group)) => group.briefings.push(entry),
                None => generated.push((
                    b.file,
                    BriefingGroup {
                        title: project.briefing_files[b.file].front.title.replace(
                            crate::validate::directives::EACH_AUTHORITY,
                            "each authority",
                        ),
                        briefings: vec![entry],
                    },
                )),
            }
        }
        BriefingsIndexView {
            pdf: with_pdf,
            packs,
            briefings,
            generated: generated.into_iter().map(|(_, g)| g).collect(),
        }
    }
}
