//! What templates see: plain, serializable views of the project. Paths are site paths (from
//! the site's root); templates put `root` in front to make them relative to the page.

use serde::Serialize;

use super::markdown::RenderedMarkdown;
use crate::analyse::publish::{PublishedTable, group_thousands};
use crate::layout;
use crate::model::{PageKind, format_iso_date, format_long_date};
use crate::validate::{Audit, Authority, Page, Project, Section, Tag};

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub organisation: Option<String>,
    pub description: Option<String>,
    pub language: String,
    pub audience: &'static str,
    pub marking: String,
    pub contact: Option<String>,
    /// True when any audit in the site holds made-up data.
    pub illustrative: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkRef {
    pub title: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// The first folder of the pages this item covers: marks the current item.
    pub key: String,
    pub title: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorityRef {
    pub slug: String,
    pub name: String,
    pub path: String,
    pub region: String,
    pub type_label: &'static str,
    pub ons_code: String,
    pub audit_count: usize,
    pub page_count: usize,
    /// Known only from published statistics: no audits or pages of its own.
    pub published_only: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditRef {
    pub id: String,
    pub title: String,
    pub path: String,
    pub authority: LinkRef,
    /// Every authority covered, lead first.
    pub authorities: Vec<LinkRef>,
    pub sample: String,
    pub sample_size: u32,
    pub period_label: String,
    pub illustrative: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageRef {
    pub title: String,
    pub path: String,
    pub kind: PageKind,
    pub summary: Option<String>,
    pub date_label: Option<String>,
    pub date_iso: Option<String>,
    pub speaker_role: Option<String>,
    pub authorities: Vec<LinkRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub id: String,
    pub title: String,
    pub heading: String,
    pub body: String,
}

/// The page being rendered: what every template has as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    pub path: String,
    /// Which template family: home, authorities, authority, audits, audit, page, lessons,
    /// section, tags, tag, not-found.
    pub kind: &'static str,
    pub nav_key: String,
    pub breadcrumbs: Vec<LinkRef>,
    pub description: Option<String>,
    pub content: String,
    pub intro: String,
    pub sections: Vec<SectionView>,
    pub date_label: Option<String>,
    pub date_iso: Option<String>,
    pub speaker_role: Option<String>,
    pub tags: Vec<TagRef>,
    pub authorities: Vec<LinkRef>,
    pub audits: Vec<AuditRef>,
    /// What each figure quoted in the page's prose is, and where it comes from, in order.
    pub figure_notes: Vec<String>,
    /// The protective marking printed at the top and bottom of the page: the site's, or a
    /// stronger one for this page alone (a briefing's).
    pub marking: String,
}

impl PageView {
    /// A page made by a template alone, with no Markdown of its own.
    pub fn generated(kind: &'static str, title: impl Into<String>, path: &str) -> PageView {
        PageView {
            title: title.into(),
            path: path.to_string(),
            kind,
            nav_key: nav_key(path),
            breadcrumbs: Vec::new(),
            description: None,
            content: String::new(),
            intro: String::new(),
            sections: Vec::new(),
            date_label: None,
            date_iso: None,
            speaker_role: None,
            tags: Vec::new(),
            authorities: Vec::new(),
            audits: Vec::new(),
            figure_notes: Vec::new(),
            marking: String::new(),
        }
    }

    pub fn with_markdown(mut self, rendered: &RenderedMarkdown) -> PageView {
        self.content = rendered.html.clone();
        self.intro = rendered.intro_html.clone();
        self.sections = rendered
            .sections
            .iter()
            .map(|s| SectionView {
                id: s.id.clone(),
                title: s.title.clone(),
                heading: s.heading_html.clone(),
                body: s.body_html.clone(),
            })
            .collect();
        self
    }
}

/// The first folder of a site path: which navigation item a page belongs under.
pub fn nav_key(path: &str) -> String {
    match path.split_once('/') {
        Some((first, _)) => first.to_string(),
        None => String::new(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorityView {
    #[serde(flatten)]
    pub summary: AuthorityRef,
    pub dfe_code: Option<u16>,
    pub summary_html: String,
    pub own_audits: Vec<AuditRef>,
    pub partner_audits: Vec<AuditRef>,
    pub pages: Vec<PageRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NeedGroupView {
    pub code: String,
    pub name: String,
    pub description: String,
}

/// A published table, ready for the template and with its downloads.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub id: String,
    pub title: String,
    pub measure: String,
    pub row_header: String,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
    pub notes: Vec<String>,
    pub any_suppressed: bool,
    /// Some value is "[low]": a summary of too few children.
    pub any_low: bool,
    /// Some value is "[z]": not applicable or not available.
    pub any_missing: bool,
    /// Too many columns for a portrait page: printed on a landscape one.
    pub wide: bool,
    /// "240 children", or nothing where the number is hidden.
    pub population: Option<String>,
    pub csv: String,
    pub json: String,
    /// The chart drawn from the table, where one is drawn.
    pub chart: Option<ChartView>,
}

/// A chart ready for a template.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub title: String,
    pub subtitle: String,
    pub svg: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub label: String,
    pub numeric: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub label: String,
    pub code: Option<String>,
    pub description: Option<String>,
    pub total: bool,
    pub cells: Vec<CellView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub text: String,
    /// `[c]`: hidden to protect the children it counts.
    pub suppressed: bool,
    /// `[low]`: a summary of too few children.
    pub low: bool,
}

/// A table of text cells, as a table of published statistics is written.
pub struct TextTable {
    pub id: String,
    pub title: String,
    pub measure: String,
    pub row_header: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
    pub notes: Vec<String>,
}

impl TableView {
    pub fn text(table: TextTable, csv: String, json: String) -> TableView {
        TableView {
            id: table.id,
            title: table.title,
            measure: table.measure,
            row_header: table.row_header,
            wide: table.columns.len() > 8,
            columns: table
                .columns
                .into_iter()
                .map(|label| ColumnView {
                    label,
                    numeric: true,
                })
                .collect(),
            rows: table
                .rows
                .into_iter()
                .map(|(label, cells)| RowView {
                    label,
                    code: None,
                    description: None,
                    total: false,
                    cells: cells
                        .into_iter()
                        .map(|text| CellView {
                            text,
                            suppressed: false,
                            low: false,
                        })
                        .collect(),
                })
                .collect(),
            notes: table.notes,
            any_suppressed: false,
            any_low: false,
            any_missing: false,
            population: None,
            csv,
            json,
            chart: None,
        }
    }

    pub fn new(table: &PublishedTable, csv: String, json: String) -> TableView {
        TableView {
            id: table.id.clone(),
            title: table.title.clone(),
            measure: table.measure.clone(),
            row_header: table.row_header.clone(),
            columns: table
                .columns
                .iter()
                .map(|c| ColumnView {
                    label: c.label.clone(),
                    numeric: true,
                })
                .collect(),
            rows: table
                .rows
                .iter()
                .map(|r| RowView {
                    label: r.label.clone(),
                    code: r.code.clone().filter(|c| !c.is_empty()),
                    description: r.description.clone(),
                    total: r.total,
                    cells: r
                        .values
                        .iter()
                        .map(|v| CellView {
                            text: v.text(),
                            suppressed: matches!(v, crate::analyse::publish::Value::Suppressed),
                            low: matches!(v, crate::analyse::publish::Value::Low),
                        })
                        .collect(),
                })
                .collect(),
            notes: table.notes.clone(),
            any_suppressed: table
                .rows
                .iter()
                .flat_map(|r| &r.values)
                .any(|v| matches!(v, crate::analyse::publish::Value::Suppressed)),
            any_low: table
                .rows
                .iter()
                .flat_map(|r| &r.values)
                .any(|v| matches!(v, crate::analyse::publish::Value::Low)),
            any_missing: table
                .rows
                .iter()
                .flat_map(|r| &r.values)
                .any(|v| matches!(v, crate::analyse::publish::Value::Missing)),
            wide: table.columns.len() > 8,
            population: match table.population {
                crate::analyse::publish::Value::Count(1) => Some("1 child".to_string()),
                crate::analyse::publish::Value::Count(n) => {
                    Some(format!("{} children", group_thousands(n)))
                }
                _ => None,
            },
            csv,
            json,
            chart: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditView {
    #[serde(flatten)]
    pub summary: AuditRef,
    /// The published tables, in reading order.
    pub tables: Vec<TableView>,
    pub period_from_iso: String,
    pub period_to_iso: String,
    pub cost_label: Option<String>,
    pub agencies: Vec<String>,
    pub need_groups: Vec<NeedGroupView>,
    pub summary_html: String,
    pub pages: Vec<PageRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionListing {
    pub title: String,
    pub path: String,
    pub pages: Vec<PageRef>,
    pub subsections: Vec<LinkRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    #[serde(flatten)]
    pub summary: TagRef,
    pub pages: Vec<PageRef>,
}

/// Builds the views once per build; pages pick from them by index.
pub struct Views<'a> {
    project: &'a Project,
    pub page_refs: Vec<PageRef>,
    pub authority_refs: Vec<AuthorityRef>,
    pub audit_refs: Vec<AuditRef>,
    pub tag_refs: Vec<TagRef>,
}

impl<'a> Views<'a> {
    pub fn new(project: &'a Project) -> Views<'a> {
        let authority_link = |i: usize| {
            let a = &project.authorities[i];
            LinkRef {
                title: a.meta.name.clone(),
                path: a.output_path.clone(),
            }
        };
        let page_refs = project
            .pages
            .iter()
            .map(|p| {
                page_ref(
                    p,
                    &p.authorities
                        .iter()
                        .map(|&i| authority_link(i))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let authority_refs = project.authorities.iter().map(authority_ref).collect();
        let audit_refs = project
            .audits
            .iter()
            .map(|a| {
                audit_ref(
                    a,
                    a.authorities.iter().map(|&i| authority_link(i)).collect(),
                )
            })
            .collect();
        let tag_refs = project.tags.iter().map(tag_ref).collect();
        Views {
            project,
            page_refs,
            authority_refs,
            audit_refs,
            tag_refs,
        }
    }

    pub fn site(&self) -> SiteView {
        let site = &self.project.site;
        SiteView {
            title: site.title.clone(),
            organisation: site.organisation.clone(),
            description: site.description.clone(),
            language: site.language.clone(),
            audience: self.project.audience.name(),
            marking: self.project.marking.clone(),
            contact: site.contact.clone(),
            illustrative: self.project.audits.iter().any(|a| a.meta.illustrative),
        }
    }

    /// The main navigation: authorities, audits, each top-level folder of pages, tags.
    pub fn nav(&self, comparisons: bool) -> Vec<NavItem> {
        let mut items = vec![
            NavItem {
                key: "authorities".into(),
                title: "Authorities".into(),
                path: layout::AUTHORITIES_INDEX.into(),
            },
            NavItem {
                key: "audits".into(),
                title: "Audits".into(),
                path: layout::AUDITS_INDEX.into(),
            },
        ];
        if comparisons {
            items.push(NavItem {
                key: "comparisons".into(),
                title: "Comparisons".into(),
                path: layout::COMPARISONS_INDEX.into(),
            });
        }
        items.extend(self.top_sections().map(|s| NavItem {
            key: s.dir.clone(),
            title: s.title.clone(),
            path: s.output_path.clone(),
        }));
        if !self.project.briefings.is_empty() || !self.project.packs.is_empty() {
            items.push(NavItem {
                key: "briefings".into(),
                title: "Briefings".into(),
                path: layout::BRIEFINGS_INDEX.into(),
            });
        }
        if !self.project.tags.is_empty() {
            items.push(NavItem {
                key: "tags".into(),
                title: "Tags".into(),
                path: layout::TAGS_INDEX.into(),
            });
        }
        items.push(NavItem {
            key: "search".into(),
            title: "Search".into(),
            path: layout::SEARCH_PAGE.into(),
        });
        items
    }

    /// Authorities with a folder in the content: those the site's audits and pages are about.
    pub fn own_authority_refs(&self) -> Vec<&AuthorityRef> {
        self.authority_refs
            .iter()
            .filter(|a| !a.published_only)
            .collect()
    }

    /// Authorities known only from published statistics, by name.
    pub fn other_authority_refs(&self) -> Vec<&AuthorityRef> {
        let mut others: Vec<&AuthorityRef> = self
            .authority_refs
            .iter()
            .filter(|a| a.published_only)
            .collect();
        others.sort_by(|a, b| a.name.cmp(&b.name));
        others
    }

    pub fn top_sections(&self) -> impl Iterator<Item = &'a Section> {
        self.project.sections.iter().filter(|s| s.parent.is_none())
    }

    /// Lessons pages, newest first.
    pub fn lessons(&self) -> Vec<PageRef> {
        let mut lessons: Vec<(&Page, &PageRef)> = self
            .project
            .pages
            .iter()
            .zip(&self.page_refs)
            .filter(|(p, _)| p.kind() == PageKind::Lessons)
            .collect();
        lessons.sort_by(|(a, _), (b, _)| {
            b.loaded
                .front
                .date
                .cmp(&a.loaded.front.date)
                .then_with(|| a.title().cmp(b.title()))
        });
        lessons.into_iter().map(|(_, r)| r.clone()).collect()
    }

    pub fn pages(&self, indices: &[usize]) -> Vec<PageRef> {
        indices.iter().map(|&i| self.page_refs[i].clone()).collect()
    }

    pub fn audits(&self, indices: &[usize]) -> Vec<AuditRef> {
        indices
            .iter()
            .map(|&i| self.audit_refs[i].clone())
            .collect()
    }

    pub fn authority_links(&self, indices: &[usize]) -> Vec<LinkRef> {
        indices
            .iter()
            .map(|&i| LinkRef {
                title: self.project.authorities[i].meta.name.clone(),
                path: self.project.authorities[i].output_path.clone(),
            })
            .collect()
    }

    pub fn tags(&self, indices: &[usize]) -> Vec<TagRef> {
        indices.iter().map(|&i| self.tag_refs[i].clone()).collect()
    }

    pub fn authority(&self, index: usize, summary_html: String) -> AuthorityView {
        let authority = &self.project.authorities[index];
        let (own, partner): (Vec<usize>, Vec<usize>) = authority
            .audits
            .iter()
            .partition(|&&a| self.project.audits[a].lead == index);
        AuthorityView {
            summary: self.authority_refs[index].clone(),
            dfe_code: authority.meta.dfe_code,
            summary_html,
            own_audits: self.audits(&own),
            partner_audits: self.audits(&partner),
            pages: self.pages(&authority.pages),
        }
    }

    pub fn audit(&self, index: usize, summary_html: String, tables: Vec<TableView>) -> AuditView {
        let audit = &self.project.audits[index];
        AuditView {
            summary: self.audit_refs[index].clone(),
            tables,
            period_from_iso: format_iso_date(audit.meta.period.from),
            period_to_iso: format_iso_date(audit.meta.period.to),
            cost_label: audit.meta.cost.map(format_pounds),
            agencies: audit.meta.agencies.clone(),
            need_groups: audit
                .meta
                .need_groups
                .iter()
                .map(|g| NeedGroupView {
                    code: g.code.clone(),
                    name: g.name.clone(),
                    description: g.description.clone(),
                })
                .collect(),
            summary_html,
            pages: self.pages(&audit.pages),
        }
    }

    pub fn section(&self, index: usize) -> SectionListing {
        let section = &self.project.sections[index];
        SectionListing {
            title: section.title.clone(),
            path: section.output_path.clone(),
            pages: self.pages(&section.pages),
            subsections: section
                .subsections
                .iter()
                .map(|&s| LinkRef {
                    title: self.project.sections[s].title.clone(),
                    path: self.project.sections[s].output_path.clone(),
                })
                .collect(),
        }
    }

    pub fn tag(&self, index: usize) -> TagView {
        TagView {
            summary: self.tag_refs[index].clone(),
            pages: self.pages(&self.project.tags[index].pages),
        }
    }
}

fn authority_ref(a: &Authority) -> AuthorityRef {
    AuthorityRef {
        slug: a.slug.clone(),
        name: a.meta.name.clone(),
        path: a.output_path.clone(),
        region: a.meta.region.clone(),
        type_label: a.meta.kind.label(),
        ons_code: a.meta.ons_code.clone(),
        audit_count: a.audits.len(),
        page_count: a.pages.len(),
        published_only: a.published_only,
    }
}

fn audit_ref(a: &Audit, authorities: Vec<LinkRef>) -> AuditRef {
    AuditRef {
        id: a.id.clone(),
        title: a.meta.title.clone(),
        path: a.output_path.clone(),
        authority: authorities.first().cloned().unwrap_or(LinkRef {
            title: String::new(),
            path: String::new(),
        }),
        authorities,
        sample: a.meta.sample.clone(),
        sample_size: a.meta.sample_size,
        period_label: period_label(a),
        illustrative: a.meta.illustrative,
    }
}

fn page_ref(p: &Page, authorities: &[LinkRef]) -> PageRef {
    let front = &p.loaded.front;
    PageRef {
        title: front.title.clone(),
        path: p.output_path.clone(),
        kind: front.kind,
        summary: front.summary.clone(),
        date_label: front.date.map(format_long_date),
        date_iso: front.date.map(format_iso_date),
        speaker_role: front.speaker_role.clone(),
        authorities: authorities.to_vec(),
    }
}

fn tag_ref(t: &Tag) -> TagRef {
    TagRef {
        name: t.name.clone(),
        slug: t.slug.clone(),
        path: t.output_path.clone(),
        count: t.pages.len(),
    }
}

/// "30 September 2000" for a snapshot, "1 to 30 June 2000" within a month, "1 April to 30
/// June 2000" within a year, "1 October 2000 to 31 March 2001" across years.
pub fn period_label(audit: &Audit) -> String {
    let (from, to) = (audit.meta.period.from, audit.meta.period.to);
    if from == to {
        format_long_date(to)
    } else if (from.year(), from.month()) == (to.year(), to.month()) {
        format!("{} to {}", from.day(), format_long_date(to))
    } else if from.year() == to.year() {
        format!(
            "{} {} to {}",
            from.day(),
            from.month(),
            format_long_date(to)
        )
    } else {
        format!("{} to {}", format_long_date(from), format_long_date(to))
    }
}

/// "£5,000", as money is written in council papers.
pub fn format_pounds(amount: u32) -> String {
    format!("£{}", group_thousands(u64::from(amount)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_thousands() {
        assert_eq!(format_pounds(5000), "£5,000");
        assert_eq!(format_pounds(1_000_000), "£1,000,000");
    }

    #[test]
    fn nav_keys() {
        assert_eq!(nav_key("authorities/sutton/index.html"), "authorities");
        assert_eq!(nav_key("index.html"), "");
    }
}
