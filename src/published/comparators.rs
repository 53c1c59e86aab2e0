//! Comparator groups: DfE's statistical-neighbour model (a wide CSV keyed by DfE's numbers,
//! with a closeness word for each neighbour), a mapping of codes to their comparators (such as
//! Oflog's nearest neighbours, in JSON or YAML), the region, the type of authority, or a
//! hand-picked list.

use std::collections::BTreeMap;
use std::path::Path;

use super::areas;
use super::dataset::ComparatorGroup;
use super::meta::ComparatorFile;
use crate::diagnostics::Diagnostic;
use crate::limits::quote;

type Members = BTreeMap<String, Vec<(String, Option<String>)>>;

fn unknown(file: &Path, line: Option<usize>, code: &str) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        file,
        format!(
            "there is no English authority with the code `{}`",
            quote(code)
        ),
    )
    .with_help("use ONS codes (such as E09000029) or DfE's three-digit numbers (such as 319)");
    match line {
        Some(line) => diagnostic.at(line, None),
        None => diagnostic,
    }
}

/// DfE's statistical-neighbour model: `old_la_code`, then `SN_1`, `SN_1P` (closeness) and so
/// on, nearest first.
pub fn neighbour_model(file: &Path, text: &str) -> Result<ComparatorGroup, Vec<Diagnostic>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').trim().to_string())
            .collect(),
        Err(e) => {
            return Err(vec![Diagnostic::error(
                file,
                format!("this CSV file cannot be read: {e}"),
            )]);
        }
    };
    let Some(key) = header.iter().position(|h| h == "old_la_code") else {
        return Err(vec![
            Diagnostic::error(
                file,
                "this is not DfE's neighbour model: it has no column `old_la_code`",
            )
            .at(1, None)
            .with_help("a neighbour model has `old_la_code`, then `SN_1`, `SN_1P`, `SN_2`, ..."),
        ]);
    };
    let neighbours: Vec<(usize, Option<usize>)> = (1..=20)
        .filter_map(|n| {
            let column = header.iter().position(|h| *h == format!("SN_{n}"))?;
            Some((column, header.iter().position(|h| *h == format!("SN_{n}P"))))
        })
        .collect();
    let mut members = Members::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(Diagnostic::error(
                    file,
                    format!("this CSV file cannot be read: {e}"),
                ));
                break;
            }
        };
        let line = record.position().map(|p| p.line() as usize);
        let Some(own) = areas::lookup(&record[key]) else {
            problems.push(unknown(file, line, &record[key]));
            continue;
        };
        let mut list = Vec::new();
        for &(column, closeness) in &neighbours {
            let code = record.get(column).unwrap_or("").trim();
            if code.is_empty() {
                continue;
            }
            match areas::lookup(code) {
                Some(n) => list.push((
                    n.ons.clone(),
                    closeness
                        .and_then(|c| record.get(c))
                        .map(|w| w.trim().to_string())
                        .filter(|w| !w.is_empty()),
                )),
                None => problems.push(unknown(file, line, code)),
            }
        }
        members.insert(own.ons.clone(), list);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ComparatorGroup {
        title: "statistical neighbours".into(),
        description: format!(
            "the ten authorities most like it, nearest first, in the Department for Education's statistical-neighbour model ({})",
            file.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        ),
        members,
    })
}

/// A JSON mapping of each code to its comparators' codes (a list that may include the code
/// itself, and repeats, as Oflog's does).
pub fn mapping(file: &Path, text: &str) -> Result<ComparatorGroup, Vec<Diagnostic>> {
    let parsed: BTreeMap<String, Vec<String>> = serde_json::from_str(text).map_err(|e| {
        vec![
            Diagnostic::error(file, format!("this JSON file cannot be read: {e}"))
                .at(e.line(), Some(e.column()))
                .with_help("write an object mapping each area code to a list of codes"),
        ]
    })?;
    let mut members = Members::new();
    let mut left_out = std::collections::BTreeSet::new();
    for (code, list) in parsed {
        // Districts and combined authorities run no children's or adult social care.
        let Some(own) = areas::lookup(&code) else {
            left_out.insert(code);
            continue;
        };
        let mut seen = Vec::new();
        for other in list {
            let Some(n) = areas::lookup(&other) else {
                left_out.insert(other);
                continue;
            };
            if n.ons != own.ons
                && !seen
                    .iter()
                    .any(|(c, _): &(String, Option<String>)| *c == n.ons)
            {
                seen.push((n.ons.clone(), None));
            }
        }
        members.insert(own.ons.clone(), seen);
    }
    Ok(ComparatorGroup {
        title: "nearest neighbours".into(),
        description: format!(
            "the authorities listed as its nearest neighbours in {}{}",
            file.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
            match left_out.len() {
                0 => String::new(),
                n => format!(
                    " ({n} codes in the file, of districts and other areas that are not social care authorities, are left out)"
                ),
            }
        ),
        members,
    })
}

/// Every current authority of the same region, or of the same type.
pub fn built_in(kind: &str) -> Option<ComparatorGroup> {
    let current: Vec<&areas::KnownAuthority> = areas::all()
        .iter()
        .filter(|a| a.successors.is_empty())
        .collect();
    let same = |a: &areas::KnownAuthority, b: &areas::KnownAuthority| match kind {
        "region" => a.region_code == b.region_code,
        _ => a.kind == b.kind,
    };
    let (title, description) = match kind {
        "region" => (
            "authorities in its region",
            "every other authority in the same English region",
        ),
        "type" => (
            "authorities of its type",
            "every other authority of the same type (county, unitary, metropolitan district or London borough)",
        ),
        _ => return None,
    };
    let members = current
        .iter()
        .map(|a| {
            (
                a.ons.clone(),
                current
                    .iter()
                    .filter(|b| b.ons != a.ons && same(a, b))
                    .map(|b| (b.ons.clone(), None))
                    .collect(),
            )
        })
        .collect();
    Some(ComparatorGroup {
        title: title.into(),
        description: description.into(),
        members,
    })
}

/// A hand-picked group from `comparators/<name>.yaml`; `slug_to_code` reads project slugs.
pub fn hand_picked(
    file: &Path,
    meta: &ComparatorFile,
    slug_to_code: &dyn Fn(&str) -> Option<String>,
) -> Result<ComparatorGroup, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut code = |text: &str| -> Option<String> {
        let found = slug_to_code(text).or_else(|| areas::lookup(text).map(|a| a.ons.clone()));
        if found.is_none() {
            problems.push(
                Diagnostic::error(file, format!("there is no authority `{}`", quote(text)))
                    .with_help("name authorities by their slug in this project, their ONS code or DfE's number"),
            );
        }
        found
    };
    let mut members = Members::new();
    let listed: Vec<String> = meta.authorities.iter().filter_map(|a| code(a)).collect();
    let owners: Vec<String> = if meta.for_authorities.is_empty() {
        listed.clone()
    } else {
        meta.for_authorities
            .iter()
            .filter_map(|a| code(a))
            .collect()
    };
    for owner in owners {
        let others = listed
            .iter()
            .filter(|c| **c != owner)
            .map(|c| (c.clone(), None))
            .collect();
        members.insert(owner, others);
    }
    for (owner, list) in &meta.groups {
        let Some(owner) = code(owner) else { continue };
        let others = list
            .iter()
            .filter_map(|c| code(c))
            .filter(|c| *c != owner)
            .map(|c| (c, None))
            .collect();
        members.insert(owner, others);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ComparatorGroup {
        title: meta.title.clone(),
        description: meta
            .description
            .clone()
            .unwrap_or_else(|| "a group chosen by the authority".into()),
        members,
    })
}
