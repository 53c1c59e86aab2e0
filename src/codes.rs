//! Code lists built into auditpress: the Department for Education's codes that audits record
//! (children in need, looked-after children) and the standard Matching Needs and Services
//! answers. A schema names one with `codes: dfe-legal-status`, or lists its own codes.

/// A code and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinCode {
    pub code: &'static str,
    pub label: &'static str,
}

const fn c(code: &'static str, label: &'static str) -> BuiltinCode {
    BuiltinCode { code, label }
}

/// CIN census: the child's primary need at assessment.
pub const DFE_CIN_PRIMARY_NEED: &[BuiltinCode] = &[
    c("N1", "Abuse or neglect"),
    c("N2", "Child's disability or illness"),
    c("N3", "Parental illness or disability"),
    c("N4", "Family in acute stress"),
    c("N5", "Family dysfunction"),
    c("N6", "Socially unacceptable behaviour"),
    c("N7", "Low income"),
    c("N8", "Absent parenting"),
    c("N9", "Cases other than children in need"),
    c("N0", "Not stated"),
];

/// SSDA903: legal status of a looked-after child.
pub const DFE_LEGAL_STATUS: &[BuiltinCode] = &[
    c("C1", "Interim care order"),
    c("C2", "Full care order"),
    c("D1", "Freeing order granted"),
    c("E1", "Placement order granted"),
    c("V2", "Accommodated under section 20"),
    c(
        "V3",
        "Accommodated under an agreed series of short-term breaks (single placements)",
    ),
    c(
        "V4",
        "Accommodated under an agreed series of short-term breaks (series of placements)",
    ),
    c(
        "L1",
        "Under police protection and in local authority accommodation",
    ),
    c("L2", "Emergency protection order"),
    c(
        "L3",
        "Under child assessment order and in local authority accommodation",
    ),
    c(
        "J1",
        "Remanded to local authority accommodation or to youth detention accommodation",
    ),
    c(
        "J2",
        "Placed in local authority accommodation under the Police and Criminal Evidence Act 1984",
    ),
    c("J3", "Sentenced to Youth Rehabilitation Order"),
];

/// SSDA903: placement type of a looked-after child.
pub const DFE_PLACEMENT: &[BuiltinCode] = &[
    c(
        "A3",
        "Placed for adoption with parental or guardian consent with current foster carers",
    ),
    c(
        "A4",
        "Placed for adoption with parental or guardian consent not with current foster carers",
    ),
    c(
        "A5",
        "Placed for adoption with placement order with current foster carers",
    ),
    c(
        "A6",
        "Placed for adoption with placement order not with current foster carers",
    ),
    c(
        "H5",
        "Semi-independent living accommodation not subject to children's homes regulations",
    ),
    c("K1", "Secure children's home"),
    c("K2", "Children's home"),
    c(
        "P1",
        "Placed with own parents or other person with parental responsibility",
    ),
    c("P2", "Independent living"),
    c("R1", "Residential care home"),
    c("R2", "NHS or health trust establishment"),
    c("R3", "Family centre or mother and baby unit"),
    c("R5", "Young offender institution or prison"),
    c("S1", "Residential school"),
    c("U1", "Foster placement with relative or friend, long term"),
    c(
        "U2",
        "Foster placement with relative or friend who is also an approved adopter",
    ),
    c(
        "U3",
        "Foster placement with relative or friend, not long term",
    ),
    c("U4", "Foster placement with other foster carer, long term"),
    c(
        "U5",
        "Foster placement with other foster carer who is also an approved adopter",
    ),
    c(
        "U6",
        "Foster placement with other foster carer, not long term",
    ),
    c("Z1", "Other placement"),
];

/// DfE ethnicity codes (school and social care returns).
pub const DFE_ETHNICITY: &[BuiltinCode] = &[
    c("WBRI", "White British"),
    c("WIRI", "White Irish"),
    c("WIRT", "Traveller of Irish heritage"),
    c("WROM", "Gypsy or Roma"),
    c("WOTH", "Any other White background"),
    c("MWBC", "White and Black Caribbean"),
    c("MWBA", "White and Black African"),
    c("MWAS", "White and Asian"),
    c("MOTH", "Any other mixed background"),
    c("AIND", "Indian"),
    c("APKN", "Pakistani"),
    c("ABAN", "Bangladeshi"),
    c("AOTH", "Any other Asian background"),
    c("BCRB", "Black Caribbean"),
    c("BAFR", "Black African"),
    c("BOTH", "Any other Black background"),
    c("CHNE", "Chinese"),
    c("OOTH", "Any other ethnic group"),
    c("REFU", "Refused"),
    c("NOBT", "Information not yet obtained"),
];

/// The MN+S rating of need in each of the five areas of a child's life.
pub const MNS_NEED_LEVEL: &[BuiltinCode] = &[
    c("none", "No need"),
    c("some", "Some need"),
    c("significant", "Significant impairment"),
];

/// The auditors' judgement of whether the services received matched the need.
pub const MNS_MATCHING: &[BuiltinCode] = &[
    c("matched", "Matched"),
    c("partly", "Partly matched"),
    c("not", "Not matched"),
];

/// Services a child received, by the agency or kind of help.
pub const MNS_SERVICES: &[BuiltinCode] = &[
    c("social-worker", "Social worker"),
    c("family-support", "Family support worker"),
    c("family-centre", "Family centre"),
    c("day-care", "Day care"),
    c("health-visitor", "Health visitor"),
    c("parenting-programme", "Parenting programme"),
    c("foster-care", "Foster care"),
    c("residential-care", "Residential care"),
    c("short-breaks", "Short breaks"),
    c("domiciliary-care", "Help at home (domiciliary care)"),
    c("camhs", "Child and adolescent mental health services"),
    c("education-support", "Education support"),
    c("youth-offending", "Youth offending team"),
    c("substance-misuse-service", "Substance misuse service"),
    c("domestic-violence-service", "Domestic violence service"),
    c("voluntary-sector", "Voluntary sector service"),
];

/// Whether a looked-after child is placed inside or outside the authority's own area.
pub const PLACEMENT_LOCATION: &[BuiltinCode] = &[
    c("in", "Inside the authority"),
    c("out", "Outside the authority"),
];

/// Kinds of placement, for tables that would be too wide with every DfE placement code.
pub const PLACEMENT_FAMILIES: &[BuiltinCode] = &[
    c("foster-relatives", "Foster care with relatives or friends"),
    c("foster-other", "Foster care with other carers"),
    c("childrens-home", "Children's homes, including secure units"),
    c("residential-school", "Residential schools"),
    c("with-parents", "Placed with parents"),
    c("independent", "Independent or semi-independent living"),
    c("adoption", "Placed for adoption"),
    c("other", "Other placements"),
];

/// The kind of placement a DfE placement code belongs to (an index into
/// [`PLACEMENT_FAMILIES`]).
pub fn placement_family(code: &str) -> usize {
    match code {
        "U1" | "U2" | "U3" => 0,
        "U4" | "U5" | "U6" => 1,
        "K1" | "K2" => 2,
        "S1" => 3,
        "P1" => 4,
        "P2" | "H5" => 5,
        "A3" | "A4" | "A5" | "A6" => 6,
        _ => 7,
    }
}

/// The service code that means "a social worker", for the "only a social worker" table.
pub const SOCIAL_WORKER: &str = "social-worker";
/// The placement location code that means outside the authority.
pub const OUTSIDE: &str = "out";

/// Every built-in list, by the name a schema uses.
pub const BUILTIN: &[(&str, &[BuiltinCode])] = &[
    ("dfe-cin-primary-need", DFE_CIN_PRIMARY_NEED),
    ("dfe-legal-status", DFE_LEGAL_STATUS),
    ("dfe-placement", DFE_PLACEMENT),
    ("dfe-ethnicity", DFE_ETHNICITY),
    ("mns-need-level", MNS_NEED_LEVEL),
    ("mns-matching", MNS_MATCHING),
    ("mns-services", MNS_SERVICES),
    ("placement-location", PLACEMENT_LOCATION),
];

/// The name that stands for the audit's own need groups.
pub const NEED_GROUPS: &str = "need-groups";

pub fn builtin(name: &str) -> Option<&'static [BuiltinCode]> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, list)| *list)
}

pub fn builtin_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
    names.push(NEED_GROUPS);
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_in_every_list() {
        for (name, list) in BUILTIN {
            let mut codes: Vec<&str> = list.iter().map(|c| c.code).collect();
            codes.sort_unstable();
            let before = codes.len();
            codes.dedup();
            assert_eq!(before, codes.len(), "{name} repeats a code");
        }
    }

    #[test]
    fn every_placement_code_has_a_family() {
        assert_eq!(
            PLACEMENT_FAMILIES[placement_family("U2")].label,
            "Foster care with relatives or friends"
        );
        assert_eq!(
            PLACEMENT_FAMILIES[placement_family("K1")].code,
            "childrens-home"
        );
        assert_eq!(PLACEMENT_FAMILIES[placement_family("Z1")].code, "other");
    }

    #[test]
    fn lookups() {
        assert_eq!(builtin("dfe-legal-status").map(|l| l[1].code), Some("C2"));
        assert!(builtin("dfe-nothing").is_none());
        assert!(builtin_names().contains(&"need-groups"));
    }
}
