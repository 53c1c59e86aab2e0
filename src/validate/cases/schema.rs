//! An audit's schema: its fields from a shared schema file or its own `fields:`, with every
//! code list resolved and every field's type and role checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::analyse::data::Category;
use crate::codes;
use crate::diagnostics::Diagnostic;
use crate::load::{LoadedSchema, SourceFile};
use crate::model::{AuditMeta, CodeLabel, CodeSource, FieldRole, FieldSpec, FieldType};
use crate::yaml;

/// A schema with every code list resolved.
#[derive(Debug, Clone)]
pub struct ResolvedField {
    pub spec: FieldSpec,
    pub categories: Vec<Category>,
}

/// Where an audit's fields were declared, for messages about them.
pub(super) struct SchemaPlace<'a> {
    file: &'a Path,
    text: &'a str,
}

impl SchemaPlace<'_> {
    fn field_error(&self, field: &str, message: String) -> Diagnostic {
        Diagnostic::error(self.file, message)
            .at_position(yaml::locate_value(self.text, "name", field, 1))
    }
}

/// The audit's fields, from its shared schema or its own `fields:`, checked and resolved.
pub fn resolve_fields(
    meta: &AuditMeta,
    source: &SourceFile,
    schemas: &[LoadedSchema],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<ResolvedField>> {
    let at = |key: &str, value: &str| yaml::locate_value(&source.text, key, value, 1);
    let (specs, place) = match (&meta.schema, meta.fields.is_empty()) {
        (Some(_), false) => {
            diagnostics.push(
                Diagnostic::error(&source.path, "the audit has both `schema` and `fields`")
                    .at_position(at("fields", ""))
                    .with_help("use a shared schema or declare the fields here, not both"),
            );
            return None;
        }
        (None, true) => {
            diagnostics.push(
                Diagnostic::error(&source.path, "the audit does not say what its case file holds")
                    .with_help("add `schema: <name>` naming a file in the schemas folder, or list the columns under `fields:`"),
            );
            return None;
        }
        (Some(name), true) => match schemas.iter().find(|s| &s.name == name) {
            Some(schema) => (
                &schema.schema.fields,
                SchemaPlace {
                    file: &schema.source.path,
                    text: &schema.source.text,
                },
            ),
            None => {
                let known: Vec<&str> = schemas.iter().map(|s| s.name.as_str()).collect();
                let help = match yaml::closest(name, &known) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if known.is_empty() => format!(
                        "schemas live in the content folder's schemas folder, as schemas/{name}.yaml"
                    ),
                    None => format!("the schemas in this project are: {}", known.join(", ")),
                };
                diagnostics.push(
                    Diagnostic::error(&source.path, format!("there is no schema `{name}`"))
                        .at_position(at("schema", name))
                        .with_help(help),
                );
                return None;
            }
        },
        (None, false) => (
            &meta.fields,
            SchemaPlace {
                file: &source.path,
                text: &source.text,
            },
        ),
    };
    let need_groups: Vec<Category> = meta
        .need_groups
        .iter()
        .map(|g| Category {
            code: g.code.clone(),
            label: g.name.clone(),
        })
        .collect();
    check_schema(specs, &place, need_groups, diagnostics)
}

pub(super) fn check_schema(
    specs: &[FieldSpec],
    place: &SchemaPlace<'_>,
    need_groups: Vec<Category>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<ResolvedField>> {
    let before = diagnostics.len();
    let mut names = BTreeSet::new();
    let mut roles: BTreeMap<FieldRole, &str> = BTreeMap::new();
    let mut resolved = Vec::new();
    for spec in specs {
        let error = |message: String| place.field_error(&spec.name, message);
        if !names.insert(spec.name.as_str()) {
            diagnostics.push(
                error(format!("the field `{}` is declared twice", spec.name))
                    .with_help("give each column one entry"),
            );
        }
        if let Some(role) = spec.role {
            if let Some(other) = roles.insert(role, &spec.name) {
                diagnostics.push(
                    error(format!(
                        "the fields `{other}` and `{}` both have the role {}",
                        spec.name,
                        role.name()
                    ))
                    .with_help("give each role to one column"),
                );
            }
            if let Some(allowed) = types_for_role(role)
                && !allowed.contains(&spec.kind)
            {
                let names: Vec<&str> = allowed.iter().map(|t| t.name()).collect();
                diagnostics.push(
                    error(format!(
                        "the field `{}` has the role {} but the type {}",
                        spec.name,
                        role.name(),
                        spec.kind.name()
                    ))
                    .with_help(format!(
                        "a {} column must be of type {}",
                        role.name(),
                        names.join(" or ")
                    )),
                );
            }
        }
        let categories = match (spec.kind, &spec.codes) {
            (FieldType::Category | FieldType::MultiCategory, None) => {
                diagnostics.push(
                    error(format!(
                        "the {} field `{}` has no codes",
                        spec.kind.name(),
                        spec.name
                    ))
                    .with_help(format!(
                        "add `codes:` with a built-in list ({}) or a list of `code` and `label`",
                        codes::builtin_names().join(", ")
                    )),
                );
                Vec::new()
            }
            (FieldType::Category | FieldType::MultiCategory, Some(CodeSource::Named(name)))
                if name == codes::NEED_GROUPS =>
            {
                need_groups.clone()
            }
            (FieldType::Category | FieldType::MultiCategory, Some(CodeSource::Named(name))) => {
                match codes::builtin(name) {
                    Some(list) => list
                        .iter()
                        .map(|c| Category {
                            code: c.code.to_string(),
                            label: c.label.to_string(),
                        })
                        .collect(),
                    None => {
                        let known = codes::builtin_names();
                        let help = match yaml::closest(name, &known) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!("the built-in lists are: {}", known.join(", ")),
                        };
                        diagnostics.push(
                            error(format!("there is no built-in code list `{name}`"))
                                .with_help(help),
                        );
                        Vec::new()
                    }
                }
            }
            (FieldType::Category | FieldType::MultiCategory, Some(CodeSource::Listed(list))) => {
                listed(list, &spec.name, place, diagnostics)
            }
            (FieldType::Band, _) if spec.bands.is_empty() => {
                diagnostics.push(
                    error(format!("the band field `{}` has no bands", spec.name))
                        .with_help("list the bands in order under `bands:`"),
                );
                Vec::new()
            }
            (FieldType::Band, _) => spec
                .bands
                .iter()
                .map(|b| Category {
                    code: b.clone(),
                    label: b.clone(),
                })
                .collect(),
            (_, Some(_)) => {
                diagnostics.push(
                    error(format!(
                        "the {} field `{}` cannot have codes",
                        spec.kind.name(),
                        spec.name
                    ))
                    .with_help("codes belong to category and multi-category fields"),
                );
                Vec::new()
            }
            _ => Vec::new(),
        };
        resolved.push(ResolvedField {
            spec: spec.clone(),
            categories,
        });
    }
    let ids = specs.iter().filter(|s| s.kind == FieldType::Id).count();
    if ids != 1 {
        let file_error = Diagnostic::error(place.file, format!("the schema has {ids} id fields"))
            .with_help("exactly one column holds the pseudonymous case id: give it `type: id` and `role: case-id`");
        diagnostics.push(file_error);
    }
    if !roles.contains_key(&FieldRole::NeedGroup) {
        diagnostics.push(
            Diagnostic::error(place.file, "no field has the role need-group")
                .with_help("the column with the panel's need group needs `role: need-group` and `codes: need-groups`"),
        );
    }
    (diagnostics.len() == before).then_some(resolved)
}

pub(super) fn listed(
    list: &[CodeLabel],
    field: &str,
    place: &SchemaPlace<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Category> {
    let mut seen = BTreeSet::new();
    for code in list {
        if !seen.insert(code.code.as_str()) {
            diagnostics.push(
                place
                    .field_error(
                        field,
                        format!("the field `{field}` lists the code `{}` twice", code.code),
                    )
                    .with_help("list each code once"),
            );
        }
    }
    list.iter()
        .map(|c| Category {
            code: c.code.clone(),
            label: c.label.clone(),
        })
        .collect()
}

/// The types a column playing `role` may have; `None` where any will do.
pub(super) fn types_for_role(role: FieldRole) -> Option<&'static [FieldType]> {
    use FieldType::*;
    Some(match role {
        FieldRole::CaseId => &[Id],
        FieldRole::NeedGroup
        | FieldRole::Sex
        | FieldRole::Ethnicity
        | FieldRole::LegalStatus
        | FieldRole::Placement
        | FieldRole::PlacementLocation
        | FieldRole::Matching => &[Category],
        FieldRole::Age => &[Integer, Band],
        FieldRole::Distance => &[Band, Category],
        FieldRole::Services => &[MultiCategory],
        FieldRole::WeeksLookedAfter => &[Integer, Number],
        FieldRole::WeeklyCost => &[Number, Integer],
    })
}
