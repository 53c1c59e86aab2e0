//! Published statistics, checked: each dataset read cell by cell, its comparator group found,
//! every authority the data covers given a place in the project (an authority with figures but
//! no audit still gets a page), the taxonomy that puts audits side by side, and the rules for
//! comparison sentences.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::reuse::DatasetCache;
use super::{Audit, Authority};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout;
use crate::load::SourceFile;
use crate::load::published::{LoadedComparators, LoadedDataset, LoadedTaxonomy};
use crate::model::AuthorityMeta;
use crate::published::dataset::{ComparatorGroup, Dataset};
use crate::published::meta::TaxonomyCategory;
use crate::published::sentences::{Rules, unknown_placeholders};
use crate::published::{areas, comparators, read};
use crate::slug::slugify;
use crate::yaml;

/// The published statistics of a project.
#[derive(Debug, Clone)]
pub struct Published {
    pub datasets: Vec<Dataset>,
    pub groups: Vec<ComparatorGroup>,
    pub rules: Rules,
    pub taxonomy: Option<Taxonomy>,
    /// Each authority's index in the project, by its current ONS code.
    pub authority_by_code: BTreeMap<String, usize>,
}

impl Published {
    /// An indicator by its id (`dataset/name`): (dataset, indicator).
    pub fn indicator(&self, id: &str) -> Option<(usize, usize)> {
        self.datasets.iter().enumerate().find_map(|(d, set)| {
            set.indicators
                .iter()
                .position(|i| i.id == id)
                .map(|i| (d, i))
        })
    }

    pub fn indicator_ids(&self) -> Vec<&str> {
        self.datasets
            .iter()
            .flat_map(|d| d.indicators.iter().map(|i| i.id.as_str()))
            .collect()
    }
}

/// Shared categories of need groups, and each audit's mapping onto them.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub categories: Vec<TaxonomyCategory>,
    /// By audit index: for each category, the audit's need group codes in it.
    pub by_audit: BTreeMap<usize, Vec<(String, Vec<String>)>>,
}

const DEFAULT_RULES: &str = include_str!("../../themes/default/comparison-rules.yaml");

pub(super) struct Inputs {
    pub datasets: Vec<LoadedDataset>,
    pub comparators: Vec<LoadedComparators>,
    pub taxonomy: Option<LoadedTaxonomy>,
    pub rules: Option<SourceFile>,
}

pub(super) fn check(
    inputs: Inputs,
    authorities: &mut Vec<Authority>,
    audits: &[Audit],
    reuse: Option<&DatasetCache>,
    diagnostics: &mut Diagnostics,
) -> Published {
    let rules = comparison_rules(inputs.rules.as_ref(), diagnostics);
    let mut datasets = Vec::new();
    let mut groups: Vec<ComparatorGroup> = Vec::new();
    // The source of a group -> its index, so datasets that share a model share the group.
    let mut group_index: BTreeMap<String, usize> = BTreeMap::new();
    let project_codes: BTreeMap<String, String> = authorities
        .iter()
        .map(|a| (a.slug.clone(), a.meta.ons_code.clone()))
        .collect();
    let slug_to_code = |slug: &str| project_codes.get(slug).cloned();
    let mut earlier = reuse.map(DatasetCache::start).unwrap_or_default();
    let mut kept = HashMap::new();
    for loaded in inputs.datasets {
        let key = reuse.map(|_| super::reuse::key(&loaded));
        let (dataset, problems) = match key.and_then(|k| earlier.remove(&k)) {
            Some(read) => read,
            None => {
                let files = read::Files {
                    yaml: &loaded.source.path,
                    yaml_text: &loaded.source.text,
                    data: &loaded.data.0,
                    data_text: &loaded.data.1,
                };
                read::read(&loaded.name, loaded.meta.clone(), &files)
            }
        };
        if let Some(key) = key {
            kept.insert(key, (dataset.clone(), problems.clone()));
        }
        diagnostics.extend(problems);
        let Some(mut dataset) = dataset else { continue };
        if let Some(value) = &loaded.meta.comparators {
            let key = match &loaded.comparators {
                Some((path, _)) => path.display().to_string(),
                None => value.clone(),
            };
            let index = match group_index.get(&key) {
                Some(&i) => Some(i),
                None => {
                    let group = match &loaded.comparators {
                        Some((path, text)) if value.to_ascii_lowercase().ends_with(".csv") => {
                            comparators::neighbour_model(path, text)
                        }
                        Some((path, text)) => comparators::mapping(path, text),
                        None => match comparators::built_in(value) {
                            Some(group) => Ok(group),
                            None => match inputs.comparators.iter().find(|c| &c.name == value) {
                                Some(file) => comparators::hand_picked(
                                    &file.source.path,
                                    &file.meta,
                                    &slug_to_code,
                                ),
                                None => {
                                    let mut known: Vec<&str> = vec!["region", "type"];
                                    known
                                        .extend(inputs.comparators.iter().map(|c| c.name.as_str()));
                                    let help = match yaml::closest(value, &known) {
                                        Some(best) => format!("did you mean `{best}`?"),
                                        None => format!(
                                            "name a file beside this YAML (a DfE neighbour model .csv, or a .json mapping), `region`, `type`, or a group in comparators/: {}",
                                            known.join(", ")
                                        ),
                                    };
                                    Err(vec![
                                        Diagnostic::error(
                                            &loaded.source.path,
                                            format!(
                                                "there is no comparator group `{}`",
                                                crate::limits::quote(value)
                                            ),
                                        )
                                        .at_position(yaml::locate_value(
                                            &loaded.source.text,
                                            "comparators",
                                            value,
                                            1,
                                        ))
                                        .with_help(help),
                                    ])
                                }
                            },
                        },
                    };
                    match group {
                        Ok(group) => {
                            groups.push(group);
                            group_index.insert(key, groups.len() - 1);
                            Some(groups.len() - 1)
                        }
                        Err(problems) => {
                            diagnostics.extend(problems);
                            None
                        }
                    }
                }
            };
            dataset.comparators = index;
        }
        datasets.push(dataset);
    }
    if let Some(cache) = reuse {
        cache.finish(kept);
    }
    let authority_by_code = add_published_authorities(&datasets, authorities);
    let taxonomy = inputs
        .taxonomy
        .and_then(|t| check_taxonomy(t, audits, diagnostics));
    Published {
        datasets,
        groups,
        rules,
        taxonomy,
        authority_by_code,
    }
}

fn comparison_rules(project: Option<&SourceFile>, diagnostics: &mut Diagnostics) -> Rules {
    let fallback = || -> Rules {
        yaml::parse(DEFAULT_RULES, Path::new("comparison-rules.yaml"), 1).unwrap_or_else(|_| {
            unreachable!("the theme's comparison rules parse (a unit test reads them)")
        })
    };
    let Some(source) = project else {
        return fallback();
    };
    match yaml::parse::<Rules>(&source.text, &source.path, 1) {
        Ok(rules) => {
            let templates = [
                &rules.sentences.compared,
                &rules.sentences.within_interval,
                &rules.sentences.beyond,
                &rules.sentences.too_few,
                &rules.sentences.no_spread,
                &rules.sentences.no_value,
                &rules.sentences.no_group,
            ];
            for template in templates {
                for name in unknown_placeholders(template) {
                    diagnostics.push(
                        Diagnostic::error(
                            &source.path,
                            format!(
                                "the sentence uses `{{{name}}}`, which auditpress does not fill in"
                            ),
                        )
                        .at_position(yaml::locate_value(
                            &source.text,
                            "sentences",
                            &format!("{{{name}}}"),
                            1,
                        ))
                        .with_help(format!(
                            "the placeholders are: {}",
                            crate::published::sentences::PLACEHOLDERS.join(", ")
                        )),
                    );
                }
            }
            rules
        }
        Err(problem) => {
            diagnostics.push(problem);
            fallback()
        }
    }
}

/// Every authority with a figure in any dataset gets a place in the project: a content
/// authority with the same code is that authority; any other gets a page of its own.
fn add_published_authorities(
    datasets: &[Dataset],
    authorities: &mut Vec<Authority>,
) -> BTreeMap<String, usize> {
    let mut by_code: BTreeMap<String, usize> = authorities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let code = areas::current(&a.meta.ons_code)
                .map_or_else(|| a.meta.ons_code.clone(), |k| k.ons.clone());
            (code, i)
        })
        .collect();
    let mut codes: Vec<&str> = datasets
        .iter()
        .flat_map(|d| d.indicators.iter())
        .flat_map(|i| i.periods.iter())
        .flat_map(|p| p.authorities.keys().map(String::as_str))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        if by_code.contains_key(code) {
            continue;
        }
        let Some(known) = areas::by_ons(code) else {
            continue;
        };
        let mut slug = slugify(&known.name);
        if authorities.iter().any(|a| a.slug == slug) {
            slug = format!("{slug}-{}", code.to_ascii_lowercase());
        }
        by_code.insert(code.to_string(), authorities.len());
        authorities.push(Authority {
            output_path: layout::authority_path(&slug),
            slug,
            meta: AuthorityMeta {
                name: known.name.clone(),
                ons_code: known.ons.clone(),
                dfe_code: Some(known.number),
                region: known.region_name.clone(),
                kind: known.kind,
                summary: known.note.as_ref().map(|n| {
                    let mut sentence = n.clone();
                    if let Some(first) = sentence.get_mut(0..1) {
                        first.make_ascii_uppercase();
                    }
                    format!("{sentence}.")
                }),
            },
            source: SourceFile {
                path: PathBuf::from(format!("authorities/{code}")),
                text: String::new(),
            },
            audits: Vec::new(),
            pages: Vec::new(),
            published_only: true,
        });
    }
    by_code
}

fn check_taxonomy(
    loaded: LoadedTaxonomy,
    audits: &[Audit],
    diagnostics: &mut Diagnostics,
) -> Option<Taxonomy> {
    let file = &loaded.source.path;
    let text = &loaded.source.text;
    let at = |key: &str, value: &str| yaml::locate_value(text, key, value, 1);
    let codes: Vec<&str> = loaded
        .meta
        .categories
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    let mut by_audit = BTreeMap::new();
    for (id, mapping) in &loaded.meta.audits {
        let Some(index) = audits.iter().position(|a| &a.id == id) else {
            let ids: Vec<&str> = audits.iter().map(|a| a.id.as_str()).collect();
            let help = match yaml::closest(id, &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "audits are named `authority/audit`, after their folders".to_string(),
            };
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("there is no audit `{}`", crate::limits::quote(id)),
                )
                .at_position(at("audits", id))
                .with_help(help),
            );
            continue;
        };
        let groups: Vec<&str> = audits[index]
            .meta
            .need_groups
            .iter()
            .map(|g| g.code.as_str())
            .collect();
        let mut categories: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (group, category) in mapping {
            if !groups.contains(&group.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "the audit `{id}` has no need group `{}`",
                            crate::limits::quote(group)
                        ),
                    )
                    .at_position(at(group, category))
                    .with_help(format!("its need groups are: {}", groups.join(", "))),
                );
                continue;
            }
            if !codes.contains(&category.as_str()) {
                let help = match yaml::closest(category, &codes) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the categories are: {}", codes.join(", ")),
                };
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        format!("there is no category `{}`", crate::limits::quote(category)),
                    )
                    .at_position(at(group, category))
                    .with_help(help),
                );
                continue;
            }
            categories
                .entry(category.clone())
                .or_default()
                .push(group.clone());
        }
        by_audit.insert(index, categories.into_iter().collect());
    }
    Some(Taxonomy {
        categories: loaded.meta.categories,
        by_audit,
    })
}

/// Where a dataset's published figures come from, in words, with the release date.
pub fn source_note(dataset: &Dataset) -> String {
    match &dataset.meta.released {
        Some(date) => format!(
            "{} Released {date}.",
            dataset.meta.source.trim_end_matches('.')
        ),
        None => dataset.meta.source.clone(),
    }
}
