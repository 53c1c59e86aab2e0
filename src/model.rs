//! The content model: what a project's YAML files and front matter may say.
//!
//! These types are deserialized by the load stage and checked by the validate stage; they hold
//! no behaviour beyond small conveniences. Unknown keys are errors everywhere, because in a
//! hand-written YAML file an unknown key is almost always a typo.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use time::Date;

/// `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    /// The council or team that publishes the site.
    #[serde(default)]
    pub organisation: Option<String>,
    /// One or two sentences for the home page and search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// Who a build is for, unless the command line says otherwise.
    #[serde(default)]
    pub audience: Audience,
    /// Overrides the marking that goes with the audience.
    #[serde(default)]
    pub protective_marking: Option<String>,
    /// BCP 47 language tag of the content.
    #[serde(default = "default_language")]
    pub language: String,
    /// Where the site will be published: with it the build writes `sitemap.xml` and gives the
    /// 404 page links from the site's path on the server. Every other page only ever uses
    /// relative links, so the site works wherever it is copied.
    #[serde(default)]
    pub base_url: Option<String>,
    /// How readers reach the team (a team mailbox or phone line, not a person).
    #[serde(default)]
    pub contact: Option<String>,
    /// Overrides of each audience's marking and suppression rule.
    #[serde(default)]
    pub audiences: AudienceOverrides,
    /// What happens to HTML written into the Markdown: kept only what is safe (the default),
    /// kept as written, or refused.
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// `raw_html:` in site.yaml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept as written: for a trusted team's internal site only.
    Allow,
    /// Scripts, event handlers, frames, forms, styles and unsafe links are removed; ordinary
    /// markup (a table, `<details>`, `<abbr>`) stays.
    #[default]
    Sanitize,
    /// Any HTML in the Markdown is an error naming its file and line.
    Deny,
}

/// `audiences:` in site.yaml: any audience's marking or suppression rule, changed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceOverrides {
    #[serde(default)]
    pub internal: Option<AudienceRuleOverride>,
    #[serde(default)]
    pub members: Option<AudienceRuleOverride>,
    #[serde(default)]
    pub public: Option<AudienceRuleOverride>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceRuleOverride {
    #[serde(default)]
    pub marking: Option<String>,
    /// Counts from 1 up to this are suppressed; 0 publishes every count.
    #[serde(default)]
    pub suppress_up_to: Option<u32>,
    /// Medians, quartiles, averages and amounts of fewer children than this are not published.
    #[serde(default)]
    pub min_for_summary: Option<u32>,
    /// Must be `true` to give members or the public a rule weaker than the default: a
    /// deliberate choice, warned about on every build.
    #[serde(default)]
    pub accept_weaker_rule: bool,
}

impl AudienceOverrides {
    pub fn get(&self, audience: Audience) -> Option<&AudienceRuleOverride> {
        match audience {
            Audience::Internal => self.internal.as_ref(),
            Audience::Members => self.members.as_ref(),
            Audience::Public => self.public.as_ref(),
        }
    }
}

impl SiteConfig {
    /// Settings for a site whose site.yaml is missing or broken, so the rest can still be checked.
    pub fn untitled() -> SiteConfig {
        SiteConfig {
            title: "Untitled".to_string(),
            organisation: None,
            description: None,
            audience: Audience::default(),
            protective_marking: None,
            language: default_language(),
            base_url: None,
            contact: None,
            audiences: AudienceOverrides::default(),
            raw_html: RawHtml::default(),
        }
    }
}

fn default_language() -> String {
    "en-GB".to_string()
}

/// Who a build is for. Each audience has its own protective marking and suppression rule.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Council staff and partner agencies on the intranet.
    #[default]
    Internal,
    /// Elected councillors.
    Members,
    /// Anyone.
    Public,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Internal, Audience::Members, Audience::Public];

    pub fn name(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Members => "members",
            Audience::Public => "public",
        }
    }

    /// The Government Security Classifications marking that goes with the audience.
    pub fn default_marking(self) -> &'static str {
        match self {
            Audience::Internal | Audience::Members => "OFFICIAL-SENSITIVE",
            Audience::Public => "OFFICIAL",
        }
    }

    /// Counts from 1 up to this are suppressed for the audience, as official statistics do
    /// (DfE shows counts of 1 to 5 as `c`). Staff see every count.
    pub fn default_suppress_up_to(self) -> u32 {
        match self {
            Audience::Internal => 0,
            Audience::Members | Audience::Public => 5,
        }
    }

    /// Medians, quartiles, averages and amounts of fewer children than this are not published
    /// for the audience.
    pub fn default_min_for_summary(self) -> u32 {
        match self {
            Audience::Internal => 0,
            Audience::Members | Audience::Public => 10,
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `authorities/<slug>/authority.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorityMeta {
    pub name: String,
    /// ONS area code, such as E09000002.
    pub ons_code: String,
    /// The Department for Education's three-digit local authority number, such as 301.
    #[serde(default)]
    pub dfe_code: Option<u16>,
    pub region: String,
    #[serde(rename = "type")]
    pub kind: AuthorityType,
    /// A short Markdown paragraph about the authority and its audit work.
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthorityType {
    LondonBorough,
    MetropolitanDistrict,
    County,
    Unitary,
}

impl AuthorityType {
    pub fn label(self) -> &'static str {
        match self {
            AuthorityType::LondonBorough => "London borough",
            AuthorityType::MetropolitanDistrict => "Metropolitan district",
            AuthorityType::County => "County council",
            AuthorityType::Unitary => "Unitary authority",
        }
    }

    /// As `type:` in authority.yaml spells it.
    pub fn slug(self) -> &'static str {
        match self {
            AuthorityType::LondonBorough => "london-borough",
            AuthorityType::MetropolitanDistrict => "metropolitan-district",
            AuthorityType::County => "county",
            AuthorityType::Unitary => "unitary",
        }
    }
}

/// `authorities/<slug>/audits/<slug>/audit.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditMeta {
    pub title: String,
    /// What was sampled, as a phrase: "all referrals to children's social care in the period".
    pub sample: String,
    pub period: Period,
    /// How many children's case files were read.
    pub sample_size: u32,
    /// What the audit cost, in pounds.
    #[serde(default)]
    pub cost: Option<u32>,
    /// The agencies that took part.
    #[serde(default)]
    pub agencies: Vec<String>,
    /// Other authorities this audit covered, besides the one whose folder holds it.
    #[serde(default)]
    pub partners: Vec<String>,
    /// True for made-up data (examples, training): marked as such wherever it appears.
    #[serde(default)]
    pub illustrative: bool,
    /// The case file, relative to this folder: CSV, or Excel `.xlsx`.
    #[serde(default = "default_cases_file")]
    pub cases: String,
    /// For an Excel case file: the sheet to read (the first sheet if not given).
    #[serde(default)]
    pub sheet: Option<String>,
    /// A shared schema in the content folder's `schemas/` folder, such as `mns-2001`.
    #[serde(default)]
    pub schema: Option<String>,
    /// The case file's columns, declared here instead of in a shared schema.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
    /// What kind of sample it was, so audits of a kind can be put side by side.
    #[serde(default)]
    pub kind: Option<AuditKind>,
    /// How many children a year the sample stands for, to scale costs from the sample.
    #[serde(default)]
    pub annual_children: Option<u32>,
    pub need_groups: Vec<NeedGroup>,
    /// A short Markdown paragraph: why the audit was done and what it led to.
    #[serde(default)]
    pub summary: Option<String>,
}

fn default_cases_file() -> String {
    "cases.csv".to_string()
}

/// What an audit sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuditKind {
    Referrals,
    LookedAfter,
    ChildrenInNeed,
    DisabledChildren,
    ExternalPlacements,
    NewlyAccommodated,
    Other,
}

impl AuditKind {
    pub const ALL: [AuditKind; 7] = [
        AuditKind::Referrals,
        AuditKind::ChildrenInNeed,
        AuditKind::LookedAfter,
        AuditKind::NewlyAccommodated,
        AuditKind::ExternalPlacements,
        AuditKind::DisabledChildren,
        AuditKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AuditKind::Referrals => "referrals",
            AuditKind::LookedAfter => "looked-after",
            AuditKind::ChildrenInNeed => "children-in-need",
            AuditKind::DisabledChildren => "disabled-children",
            AuditKind::ExternalPlacements => "external-placements",
            AuditKind::NewlyAccommodated => "newly-accommodated",
            AuditKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditKind::Referrals => "Audits of referrals",
            AuditKind::LookedAfter => "Audits of looked-after children",
            AuditKind::ChildrenInNeed => "Audits of children in need",
            AuditKind::DisabledChildren => "Audits of disabled children",
            AuditKind::ExternalPlacements => "Audits of external placements",
            AuditKind::NewlyAccommodated => "Audits of children newly accommodated",
            AuditKind::Other => "Other audits",
        }
    }
}

/// The period a sample was drawn from, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(deserialize_with = "iso_date")]
    pub from: Date,
    #[serde(deserialize_with = "iso_date")]
    pub to: Date,
}

/// A group of children with similar needs, as the audit panel defined it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedGroup {
    /// The code used in the case file's need-group column.
    pub code: String,
    pub name: String,
    pub description: String,
}

/// What a narrative page is: it picks the template and the checks that apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    #[default]
    Page,
    /// "Lessons from ...": who spoke, the audits done, what was found, conclusions.
    Lessons,
}

/// YAML front matter of a narrative Markdown page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub kind: PageKind,
    /// A sentence or two for lists of pages.
    #[serde(default)]
    pub summary: Option<String>,
    /// Slugs of the authorities the page is about.
    #[serde(default)]
    pub authorities: Vec<String>,
    /// Audits the page refers to, as `authority/audit`.
    #[serde(default)]
    pub audits: Vec<String>,
    /// The speaker's or author's role, never a personal name.
    #[serde(default)]
    pub speaker_role: Option<String>,
    #[serde(default, deserialize_with = "optional_iso_date")]
    pub date: Option<Date>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Orders pages within their section (lower first), before the title.
    #[serde(default)]
    pub weight: Option<i32>,
    /// Only these audiences' builds include the page (and links to it); all if empty.
    #[serde(default)]
    pub audiences: Vec<Audience>,
}

/// Front matter of a briefing for Members (`briefings/<name>.md`), or of a pack that joins
/// several briefings under one cover.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingFront {
    pub title: String,
    /// The meeting or committee the briefing goes to.
    pub meeting: String,
    #[serde(deserialize_with = "iso_date")]
    pub date: Date,
    /// The author's role, never a personal name.
    pub author_role: String,
    /// Only these audiences' builds include the briefing; all if empty.
    #[serde(default)]
    pub audiences: Vec<Audience>,
    /// A stronger marking than the audience's own, for this briefing alone.
    #[serde(default)]
    pub marking: Option<String>,
    pub purpose: Purpose,
    /// What a Member should take away, in a sentence each: printed first.
    #[serde(default)]
    pub key_messages: Vec<String>,
    #[serde(default)]
    pub recommendations: Vec<String>,
    /// Financial and resource implications.
    #[serde(default)]
    pub implications: Option<String>,
    #[serde(default)]
    pub draws_on: DrawsOn,
    /// Writes one briefing per authority from this one file.
    #[serde(default)]
    pub for_each: Option<ForEach>,
    /// Makes the file a pack: the briefings it joins, by file name without `.md`, in order.
    #[serde(default)]
    pub pack: Vec<String>,
    /// Orders briefings in their list (lower first), before the date.
    #[serde(default)]
    pub weight: Option<i32>,
}

/// Whether Members are asked to note a briefing or to decide something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    Information,
    Decision,
}

impl Purpose {
    pub fn label(self) -> &'static str {
        match self {
            Purpose::Information => "For information",
            Purpose::Decision => "For decision",
        }
    }
}

/// The evidence a briefing draws on, listed at its end with links.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawsOn {
    /// Audits, as `authority/audit`.
    #[serde(default)]
    pub audits: Vec<String>,
    /// Authorities, by slug.
    #[serde(default)]
    pub authorities: Vec<String>,
    /// Published indicators, as `dataset/indicator`.
    #[serde(default)]
    pub indicators: Vec<String>,
}

/// `for_each:` in a briefing.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ForEach {
    /// `for_each: authority`: every authority with its own folder in the content.
    Every(ForEachWord),
    /// `for_each: {authority: [slug, ...]}` or `for_each: {neighbours_of: slug}`.
    Limited(ForEachLimit),
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ForEachWord {
    Authority,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForEachLimit {
    /// These authorities, by slug, in this order.
    #[serde(default)]
    pub authority: Vec<String>,
    /// An authority and its statistical neighbours, in the comparator group of the published
    /// statistics.
    #[serde(default)]
    pub neighbours_of: Option<String>,
}

/// `schemas/<name>.yaml`: the columns of a case file, shared by the audits that use the form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFile {
    #[serde(default)]
    pub title: Option<String>,
    pub fields: Vec<FieldSpec>,
}

/// One column of a case file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The column's heading in the case file.
    pub name: String,
    /// What the column holds, in words, for tables and charts.
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// An empty cell is an error.
    #[serde(default)]
    pub required: bool,
    /// What the analysis uses the column for.
    #[serde(default)]
    pub role: Option<FieldRole>,
    /// For categories: a built-in list's name (`dfe-legal-status`, `need-groups`, ...) or the
    /// codes themselves.
    #[serde(default)]
    pub codes: Option<CodeSource>,
    /// For bands: the bands in order.
    #[serde(default)]
    pub bands: Vec<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// How an empty cell reads in tables, such as "Not looked after".
    #[serde(default)]
    pub missing: Option<String>,
    /// Between the codes of a multi-category cell; `;` unless given.
    #[serde(default)]
    pub separator: Option<String>,
}

impl FieldSpec {
    /// An optional field with no role, codes or limits.
    pub fn plain(name: &str, label: &str, kind: FieldType) -> FieldSpec {
        FieldSpec {
            name: name.to_string(),
            label: label.to_string(),
            kind,
            required: false,
            role: None,
            codes: None,
            bands: Vec::new(),
            min: None,
            max: None,
            missing: None,
            separator: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldType {
    /// The pseudonymous case reference: checked, never published.
    Id,
    Integer,
    Number,
    Category,
    MultiCategory,
    YesNo,
    Date,
    /// An ordered category, such as a distance band.
    Band,
    /// Notes for the panel, such as a case summary: checked, never published.
    FreeText,
}

impl FieldType {
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Id => "id",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Category => "category",
            FieldType::MultiCategory => "multi-category",
            FieldType::YesNo => "yes-no",
            FieldType::Date => "date",
            FieldType::Band => "band",
            FieldType::FreeText => "free-text",
        }
    }
}

/// What the Matching Needs and Services tables use a column for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldRole {
    CaseId,
    NeedGroup,
    Age,
    Sex,
    Ethnicity,
    LegalStatus,
    Placement,
    PlacementLocation,
    Distance,
    Services,
    Matching,
    WeeksLookedAfter,
    WeeklyCost,
}

impl FieldRole {
    pub fn name(self) -> &'static str {
        match self {
            FieldRole::CaseId => "case-id",
            FieldRole::NeedGroup => "need-group",
            FieldRole::Age => "age",
            FieldRole::Sex => "sex",
            FieldRole::Ethnicity => "ethnicity",
            FieldRole::LegalStatus => "legal-status",
            FieldRole::Placement => "placement",
            FieldRole::PlacementLocation => "placement-location",
            FieldRole::Distance => "distance",
            FieldRole::Services => "services",
            FieldRole::Matching => "matching",
            FieldRole::WeeksLookedAfter => "weeks-looked-after",
            FieldRole::WeeklyCost => "weekly-cost",
        }
    }
}

/// Where a category column's codes come from.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CodeSource {
    Named(String),
    Listed(Vec<CodeLabel>),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CodeLabel {
    pub code: String,
    pub label: String,
}

const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Parses a `YYYY-MM-DD` date.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    Date::parse(text.trim(), DATE_FORMAT).ok()
}

pub fn format_iso_date(date: Date) -> String {
    date.format(DATE_FORMAT).unwrap_or_else(|_| {
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month() as u8,
            date.day()
        )
    })
}

/// "15 November 2001", as GOV.UK writes dates.
pub fn format_long_date(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

fn iso_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_iso_date(&text).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "`{text}` is not a date in the form YYYY-MM-DD, such as 2001-11-15"
        ))
    })
}

fn optional_iso_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    iso_date(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_print_as_people_expect() {
        let date = parse_iso_date("2001-11-15").unwrap();
        assert_eq!(format_long_date(date), "15 November 2001");
        assert_eq!(format_iso_date(date), "2001-11-15");
        assert_eq!(parse_iso_date("15/11/2001"), None);
        assert_eq!(parse_iso_date("2001-02-30"), None);
    }

    #[test]
    fn audiences_carry_their_marking() {
        assert_eq!(Audience::Internal.default_marking(), "OFFICIAL-SENSITIVE");
        assert_eq!(Audience::Members.default_marking(), "OFFICIAL-SENSITIVE");
        assert_eq!(Audience::Public.default_marking(), "OFFICIAL");
    }
}
