//! Authorities and audits: their codes, their folders and the authorities an audit covers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use time::Date;

use super::{Audit, Authority};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::layout;
use crate::load::{LoadedAudit, LoadedAuthority, RawTable};
use crate::slug::{is_slug, slugify};
use crate::yaml;

/// The ONS codes of English local authorities: E06 unitary, E07 district, E08 metropolitan,
/// E09 London borough, E10 county; then six digits.
fn is_english_la_code(code: &str) -> bool {
    code.len() == 9
        && ["E06", "E07", "E08", "E09", "E10"].contains(&&code[..3.min(code.len())])
        && code[3..].chars().all(|c| c.is_ascii_digit())
}

pub(super) fn build_authorities(
    loaded: Vec<LoadedAuthority>,
    diagnostics: &mut Diagnostics,
) -> Vec<Authority> {
    let mut by_code: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut authorities = Vec::new();
    for a in loaded {
        let file = &a.source.path;
        let at = |key: &str, value: &str| yaml::locate_value(&a.source.text, key, value, 1);
        check_folder_name(&a.slug, file, diagnostics);
        if !is_english_la_code(&a.meta.ons_code) {
            diagnostics.push(
                Diagnostic::error(file, format!("`{}` is not the ONS code of an English local authority", a.meta.ons_code))
                    .at_position(at("ons_code", &a.meta.ons_code))
                    .with_help("ONS codes are E06, E07, E08, E09 or E10 and six digits, such as E09000002 for Barking and Dagenham"),
            );
        } else if let Some(other) = by_code.get(&a.meta.ons_code) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!(
                        "the ONS code {} is also used by {}",
                        a.meta.ons_code,
                        other.display()
                    ),
                )
                .at_position(at("ons_code", &a.meta.ons_code))
                .with_help(
                    "each authority has its own code; one of the two folders is a duplicate",
                ),
            );
        } else {
            by_code.insert(a.meta.ons_code.clone(), file.clone());
        }
        if let Some(code) = a.meta.dfe_code
            && !(100..=999).contains(&code)
        {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("`{code}` is not a DfE local authority number"),
                )
                .at_position(at("dfe_code", &code.to_string()))
                .with_help("DfE numbers have three digits, such as 301 for Barking and Dagenham"),
            );
        }
        authorities.push(Authority {
            output_path: layout::authority_path(&a.slug),
            slug: a.slug,
            meta: a.meta,
            source: a.source,
            audits: Vec::new(),
            pages: Vec::new(),
            published_only: false,
        });
    }
    authorities.sort_by(|a, b| a.slug.cmp(&b.slug));
    authorities
}

pub(super) fn build_audits(
    loaded: Vec<LoadedAudit>,
    authority_index: &BTreeMap<&str, usize>,
    failed: &mut BTreeSet<PathBuf>,
    today: Date,
    diagnostics: &mut Diagnostics,
) -> Vec<(Audit, Option<RawTable>)> {
    let mut audits = Vec::new();
    for mut a in loaded {
        let raw_cases = a.cases.take();
        let file = a.source.path.clone();
        let at = |key: &str, value: &str| yaml::locate_value(&a.source.text, key, value, 1);
        let Some(&lead) = authority_index.get(a.authority.as_str()) else {
            if failed.contains(&authority_file(&a.authority)) {
                // Its authority is broken (and reported): leave the audit out quietly, and
                // treat it as broken too so nothing that names it is reported again.
                failed.insert(a.source.path.clone());
                continue;
            }
            diagnostics.push(
                Diagnostic::error(&file, format!("the authority folder `authorities/{}` has no authority.yaml", a.authority))
                    .with_help("add authorities/<slug>/authority.yaml with the authority's name, ONS code, region and type"),
            );
            continue;
        };
        check_folder_name(&a.slug, &file, diagnostics);
        let mut covered = vec![lead];
        for partner in &a.meta.partners {
            match authority_index.get(partner.as_str()) {
                Some(&i) if covered.contains(&i) => diagnostics.push(
                    Diagnostic::error(&file, format!("`{partner}` is listed twice (the audit's own authority counts)"))
                        .at_position(at("partners", partner))
                        .with_help("list each other authority once; the authority whose folder holds the audit is included already"),
                ),
                Some(&i) => covered.push(i),
                None if failed.contains(&authority_file(partner)) => {}
                None => diagnostics.push(unknown_reference(
                    &file,
                    at("partners", partner),
                    "authority",
                    partner,
                    authority_index.keys().copied(),
                )),
            }
        }
        let period = a.meta.period;
        if period.from > period.to {
            diagnostics.push(
                Diagnostic::error(&file, "the period ends before it starts")
                    .at_position(at("period", "to"))
                    .with_help("check `from` and `to` under `period`"),
            );
        }
        if period.to > today {
            diagnostics.push(
                Diagnostic::error(&file, format!("the period ends in the future ({})", crate::model::format_iso_date(period.to)))
                    .at_position(at("period", "to"))
                    .with_help("an audit reads case files that exist: give the period the sample was drawn from"),
            );
        }
        if a.meta.sample_size == 0 {
            // A new audit, its case file still empty: checked as it is filled in.
            diagnostics.push(
                Diagnostic::warning(&file, "the audit has no case records yet")
                    .at_position(at("sample_size", "0"))
                    .with_help("add a row per child to the case file, and give their number as sample_size; until then the audit's page shows no figures"),
            );
        }
        let mut codes = BTreeSet::new();
        for group in &a.meta.need_groups {
            if group.code.trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        &file,
                        format!("the need group `{}` has an empty code", group.name),
                    )
                    .at_position(at("need_groups", &group.name))
                    .with_help("give each need group the short code used in the case file"),
                );
            } else if !codes.insert(group.code.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        &file,
                        format!("the need group code `{}` is used twice", group.code),
                    )
                    .at_position(at("need_groups", &group.name))
                    .with_help("give each need group its own code"),
                );
            }
        }
        if a.meta.need_groups.is_empty() {
            diagnostics.push(
                Diagnostic::error(&file, "the audit has no need groups")
                    .at_position(at("need_groups", ""))
                    .with_help("list the need groups the panel agreed, each with a code, a name and a description"),
            );
        }
        let folder = a
            .source
            .path
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let id = format!("{}/{}", a.authority, a.slug);
        audits.push((
            Audit {
                output_path: layout::audit_path(&a.authority, &a.slug),
                cases_path: folder.join(&a.meta.cases),
                id,
                slug: a.slug,
                lead,
                authorities: covered,
                meta: a.meta,
                source: a.source,
                pages: Vec::new(),
            },
            raw_cases,
        ));
    }
    audits.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    audits
}

pub(super) fn authority_file(slug: &str) -> PathBuf {
    Path::new("authorities").join(slug).join("authority.yaml")
}

/// `authority/audit` to the audit's file.
pub(super) fn audit_file(id: &str) -> PathBuf {
    let (authority, audit) = id.split_once('/').unwrap_or((id, ""));
    Path::new("authorities")
        .join(authority)
        .join("audits")
        .join(audit)
        .join("audit.yaml")
}

/// An error for a name that matches nothing, suggesting the nearest name that exists.
pub(super) fn unknown_reference<'a>(
    file: &Path,
    position: Option<Position>,
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let help = match yaml::closest(name, &known) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => format!("there is no {what} in this project yet"),
        None => format!(
            "the {} in this project are: {}",
            plural(what),
            known.join(", ")
        ),
    };
    Diagnostic::error(
        file,
        format!("there is no {what} `{}`", crate::limits::quote(name)),
    )
    .at_position(position)
    .with_help(help)
}

/// "authority" becomes "authorities", "audit" "audits".
fn plural(word: &str) -> String {
    match word.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{word}s"),
    }
}

/// A folder's name becomes part of web addresses, so it must be a slug.
fn check_folder_name(slug: &str, file: &Path, diagnostics: &mut Diagnostics) {
    if !is_slug(slug) {
        diagnostics.push(
            Diagnostic::error(
                file,
                format!("the folder name `{slug}` cannot be used in web addresses"),
            )
            .with_help(format!(
                "rename the folder to `{}`: lowercase letters, digits and hyphens",
                slugify(slug)
            )),
        );
    }
}
