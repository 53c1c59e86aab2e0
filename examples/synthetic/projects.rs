//! Whole content folders for benchmarks: a national-scale project and a plain Markdown one.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use super::{Archetype, AuditSpec, Leaning, Sample};

/// Filler prose for pages of a given size, different per page so nothing is trivially cached.
fn paragraph(seed: usize, bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "children",
        "families",
        "audit",
        "need",
        "services",
        "placement",
        "outcome",
        "panel",
        "evidence",
        "social",
        "worker",
        "support",
        "school",
        "health",
        "parents",
        "group",
        "planning",
        "council",
        "review",
        "local",
        "care",
        "young",
        "people",
        "early",
    ];
    let mut text = String::with_capacity(bytes + 16);
    let mut i = seed;
    while text.len() < bytes {
        text.push_str(WORDS[i % WORDS.len()]);
        i = i.wrapping_mul(31).wrapping_add(7);
        text.push(if i.is_multiple_of(13) { '.' } else { ' ' });
        if i.is_multiple_of(13) {
            text.push(' ');
        }
    }
    text
}

const GROUPS: &[(&str, Archetype, u32)] = &[
    ("A", Archetype::DomesticViolence, 18),
    ("B", Archetype::SubstanceMisuse, 14),
    ("C", Archetype::Neglect, 14),
    ("D", Archetype::AdolescentConflict, 16),
    ("E", Archetype::Abuse, 10),
    ("F", Archetype::AcuteStress, 12),
    ("G", Archetype::LowNeed, 16),
];

const GROUP_NAMES: &[&str] = &[
    "Children living with domestic violence",
    "Parental substance misuse",
    "Neglect and the need for better parenting",
    "Adolescents in conflict with their parents",
    "Children at risk of significant harm",
    "Families in acute stress",
    "Low need",
];

/// 153 authorities, each with three audits of 250 children and a lessons page, and 1,000 more
/// Markdown pages of about 1 KB: roughly a national collection of audit evidence.
pub fn write_national(dir: &Path) -> io::Result<()> {
    write_national_sized(dir, 153, 3, 250, 1000)
}

/// Adds the example's "compared with its neighbours" briefing, written once per authority: a
/// national build then makes a briefing page and a PDF for each of them.
pub fn add_briefing_per_authority(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir.join("briefings"))?;
    fs::write(
        dir.join("briefings/compared-with-neighbours.md"),
        include_str!("../../content/briefings/compared-with-neighbours.md"),
    )
}

pub fn write_national_sized(
    dir: &Path,
    authorities: usize,
    audits_each: usize,
    cases_each: usize,
    extra_pages: usize,
) -> io::Result<()> {
    fs::create_dir_all(dir.join("schemas"))?;
    fs::write(
        dir.join("schemas/mns.yaml"),
        include_str!("../../src/init/starter/content/schemas/mns.yaml"),
    )?;
    fs::write(
        dir.join("site.yaml"),
        "title: National audit evidence\norganisation: A benchmark collection\naudience: internal\n",
    )?;
    let kinds = [
        "london-borough",
        "metropolitan-district",
        "county",
        "unitary",
    ];
    let regions = [
        "London",
        "North East",
        "North West",
        "Yorkshire and The Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "South East",
        "South West",
    ];
    // Real authorities, so the published indicators (DfE's files, copied from the example)
    // join onto every one of them.
    let real: Vec<&auditpress::published::areas::KnownAuthority> =
        auditpress::published::areas::all()
            .iter()
            .filter(|k| k.successors.is_empty())
            .collect();
    let indicators = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/indicators");
    fs::create_dir_all(dir.join("indicators"))?;
    for entry in fs::read_dir(&indicators)? {
        let path = entry?.path();
        if let Some(name) = path.file_name() {
            fs::copy(&path, dir.join("indicators").join(name))?;
        }
    }
    for a in 0..authorities {
        let slug = format!("authority-{a:03}");
        let folder = dir.join("authorities").join(&slug);
        fs::create_dir_all(&folder)?;
        let authority = match real.get(a) {
            Some(k) => format!(
                "name: {}\nons_code: {}\ndfe_code: {}\nregion: {}\ntype: {}\n",
                k.name,
                k.ons,
                k.number,
                k.region_name,
                match k.kind {
                    auditpress::model::AuthorityType::LondonBorough => "london-borough",
                    auditpress::model::AuthorityType::MetropolitanDistrict =>
                        "metropolitan-district",
                    auditpress::model::AuthorityType::County => "county",
                    auditpress::model::AuthorityType::Unitary => "unitary",
                }
            ),
            None => format!(
                "name: Authority {a:03}\nons_code: E06{:06}\ndfe_code: {}\nregion: {}\ntype: {}\n",
                900 + a,
                700 + a,
                regions[a % regions.len()],
                kinds[a % kinds.len()],
            ),
        };
        fs::write(
            folder.join("authority.yaml"),
            format!("{authority}summary: |\n  {}\n", paragraph(a, 200)),
        )?;
        let mut audit_links = String::new();
        let mut audit_ids = Vec::new();
        for n in 0..audits_each {
            let audit_slug = format!("audit-{n}");
            let audit_dir = folder.join("audits").join(&audit_slug);
            fs::create_dir_all(&audit_dir)?;
            let mut yaml = format!(
                "title: Audit {n} of Authority {a:03}\nsample: every referral in the period\nperiod: {{from: 2000-01-01, to: 2000-06-30}}\nsample_size: {cases_each}\nillustrative: true\nschema: mns\nannual_children: 1000\nneed_groups:\n"
            );
            for (code, _, _) in GROUPS {
                let name = GROUP_NAMES[(code.as_bytes()[0] - b'A') as usize];
                let _ = writeln!(
                    yaml,
                    "  - code: {code}\n    name: {name}\n    description: {}",
                    paragraph(a + n, 80).trim()
                );
            }
            fs::write(audit_dir.join("audit.yaml"), yaml)?;
            let spec = AuditSpec {
                id: "benchmark",
                id_prefix: "XX-REF",
                seed: (a * 10 + n) as u64,
                rows: cases_each,
                sample: Sample::Referrals,
                groups: GROUPS,
                leaning: Leaning::TYPICAL,
                period: ((2000, 1, 1), (2000, 6, 30)),
            };
            fs::write(
                audit_dir.join("cases.csv"),
                super::to_csv(&super::generate(&spec)),
            )?;
            let _ = writeln!(
                audit_links,
                "- [Audit {n}](@/authorities/{slug}/audits/{audit_slug}/audit.yaml)"
            );
            audit_ids.push(format!("{slug}/{audit_slug}"));
        }
        let first = &audit_ids[0];
        let published = if a < real.len() {
            format!(
                "\nToday: {{{{ compare(name=\"referrals/re-referrals\", authority=\"{slug}\") }}}}\n\n{{{{ chart(kind=\"trend\", indicator=\"children-looked-after/looked-after\", authority=\"{slug}\", title=\"Children looked after over time\") }}}}\n"
            )
        } else {
            String::new()
        };
        let lessons = format!(
            "---\ntitle: Lessons from Authority {a:03}\nkind: lessons\nauthorities: [{slug}]\naudits: [{}]\nspeaker_role: Service manager\ndate: 2001-11-15\ntags: [referrals, region {}]\n---\n\n{}\n\n## Audits done\n\n{audit_links}\n## What we found\n\n{} Domestic violence was recorded for {{{{ figure(audit=\"{first}\", by=\"parent_domestic_violence\", code=\"yes\") }}}} of the children.\n\n{{{{ chart(audit=\"{first}\", by=\"need_group\", kind=\"bar\", title=\"Need groups\") }}}}\n{published}\n## Conclusions\n\n{}\n",
            audit_ids.join(", "),
            a % 9,
            paragraph(a, 200),
            paragraph(a + 1, 500),
            paragraph(a + 2, 300)
        );
        fs::create_dir_all(dir.join("lessons"))?;
        fs::write(dir.join("lessons").join(format!("{slug}.md")), lessons)?;
    }
    for p in 0..extra_pages {
        let topic = dir.join("pages").join(format!("topic-{:02}", p % 20));
        fs::create_dir_all(&topic)?;
        let link = if authorities > 0 {
            format!(
                "[lessons](@/lessons/authority-{:03}.md#conclusions)",
                p % authorities
            )
        } else {
            String::new()
        };
        let page = format!(
            "---\ntitle: Briefing note {p}\nsummary: A note about topic {}.\ntags: [topic {}]\n---\n\n{}\n\n## Background\n\n{} See the {link}.\n\n## Points for discussion\n\n- {}\n- {}\n",
            p % 20,
            p % 20,
            paragraph(p, 300),
            paragraph(p + 3, 350),
            paragraph(p + 5, 120),
            paragraph(p + 7, 120)
        );
        fs::write(topic.join(format!("note-{p:04}.md")), page)?;
    }
    Ok(())
}

/// `count` plain Markdown pages of about 1 KB, each with only a title: the shape of the Hugo
/// comparison, so both tools do the same work.
pub fn write_plain(dir: &Path, count: usize) -> io::Result<()> {
    fs::create_dir_all(dir.join("pages"))?;
    fs::write(dir.join("site.yaml"), "title: Plain pages\n")?;
    for p in 0..count {
        let page = format!(
            "---\ntitle: Page {p}\n---\n\n{}\n\n## A heading\n\n{}\n",
            paragraph(p, 500),
            paragraph(p + 1, 450)
        );
        fs::write(dir.join("pages").join(format!("page-{p:04}.md")), page)?;
    }
    Ok(())
}
