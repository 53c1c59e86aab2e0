//! Every English children's services authority, built into auditpress (made from DfE's open
//! data files): its ONS code, DfE's three-digit number, name, region and type, so that a
//! project with only a tidy file and DfE's neighbour model still joins them. Authorities that
//! were re-coded, split or merged keep a note saying so, and a re-coded authority is the same
//! authority under its new code.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::AuthorityType;

/// One authority as the built-in list knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownAuthority {
    pub ons: String,
    pub number: u16,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    pub kind: AuthorityType,
    /// The authorities that took its place, if it no longer exists.
    pub successors: Vec<String>,
    /// What happened to it, in words.
    pub note: Option<String>,
}

impl KnownAuthority {
    /// Same area under a new code (not split or merged).
    pub fn recoded(&self) -> bool {
        self.note
            .as_deref()
            .is_some_and(|n| n.starts_with("recoded"))
    }
}

const TABLE: &str = include_str!("authorities.csv");

static KNOWN: LazyLock<Vec<KnownAuthority>> = LazyLock::new(|| {
    let mut reader = csv::Reader::from_reader(TABLE.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            let kind = match &r[5] {
                "unitary" => AuthorityType::Unitary,
                "metropolitan-district" => AuthorityType::MetropolitanDistrict,
                "london-borough" => AuthorityType::LondonBorough,
                _ => AuthorityType::County,
            };
            Some(KnownAuthority {
                ons: r[0].to_string(),
                number: r[1].parse().ok()?,
                name: r[2].to_string(),
                region_code: r[3].to_string(),
                region_name: r[4].to_string(),
                kind,
                successors: r[6]
                    .split(';')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                note: (!r[7].is_empty()).then(|| r[7].to_string()),
            })
        })
        .collect()
});

static BY_ONS: LazyLock<HashMap<&'static str, usize>> = LazyLock::new(|| {
    KNOWN
        .iter()
        .enumerate()
        .map(|(i, a)| (a.ons.as_str(), i))
        .collect()
});

/// Every authority, with those that no longer exist.
pub fn all() -> &'static [KnownAuthority] {
    &KNOWN
}

pub fn by_ons(code: &str) -> Option<&'static KnownAuthority> {
    BY_ONS.get(code.trim()).map(|&i| &KNOWN[i])
}

/// The authority with DfE's number, as it is now: a number kept through a re-coding names the
/// current code.
pub fn by_number(number: u16) -> Option<&'static KnownAuthority> {
    let mut found: Vec<&KnownAuthority> = KNOWN.iter().filter(|a| a.number == number).collect();
    found.sort_by_key(|a| !a.successors.is_empty());
    found.first().copied()
}

/// The authority an area code names now: the code itself, or, for an authority re-coded
/// without changing its area, its new code.
pub fn current(code: &str) -> Option<&'static KnownAuthority> {
    let known = by_ons(code)?;
    match known.successors.as_slice() {
        [one] if known.recoded() => by_ons(one),
        _ => Some(known),
    }
}

/// Reads an area code as files write it: an ONS code, or DfE's three-digit number.
pub fn lookup(code: &str) -> Option<&'static KnownAuthority> {
    let code = code.trim();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()) {
        return code.parse().ok().and_then(by_number);
    }
    current(code)
}

/// England's own code in published files.
pub const ENGLAND: &str = "E92000001";

/// The English regions, by code, as authorities name them (London as one region).
pub fn regions() -> Vec<(&'static str, &'static str)> {
    let mut found: Vec<(&str, &str)> = KNOWN
        .iter()
        .map(|a| (a.region_code.as_str(), a.region_name.as_str()))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_numbers_name_the_same_authority() {
        let sutton = lookup("E09000029").unwrap();
        assert_eq!((sutton.number, sutton.name.as_str()), (319, "Sutton"));
        assert_eq!(lookup("319").unwrap().ons, "E09000029");
        assert_eq!(sutton.region_name, "London");
        assert_eq!(sutton.kind, AuthorityType::LondonBorough);
    }

    #[test]
    fn recoded_split_and_merged_authorities_are_explained() {
        // Buckinghamshire kept its number and area under a new code.
        assert_eq!(lookup("E10000002").unwrap().ons, "E06000060");
        assert_eq!(lookup("825").unwrap().ons, "E06000060");
        // Northamptonshire was split: it stays itself, with a note.
        let northants = lookup("E10000021").unwrap();
        assert_eq!(northants.successors, ["E06000061", "E06000062"]);
        assert!(
            northants
                .note
                .as_deref()
                .unwrap()
                .contains("North Northamptonshire")
        );
        assert_eq!(lookup("E10000006").unwrap().successors.len(), 2);
        assert!(lookup("E99999999").is_none());
        assert_eq!(regions().len(), 9);
    }
}
