//! The periods published statistics are counted over, as their files write them: DfE's
//! `time_period` with its `time_identifier` (`202223` with "Financial year"), "2022/23",
//! "2022-23", "2023", with "(Rev)" or "(prov)" flags. All map onto one model that orders and
//! labels them the same way.

use std::fmt;

/// What kind of year a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum YearKind {
    /// A year to 31 March, named by the year it ends in (DfE's children's social care tables).
    Reporting,
    /// April to March.
    Financial,
    /// September to August.
    Academic,
    Calendar,
    /// Two years written "2022-23" with nothing to say which kind.
    Unstated,
}

impl YearKind {
    pub fn name(self) -> &'static str {
        match self {
            YearKind::Reporting => "reporting year",
            YearKind::Financial => "financial year",
            YearKind::Academic => "academic year",
            YearKind::Calendar => "calendar year",
            YearKind::Unstated => "year",
        }
    }

    fn from_identifier(identifier: &str) -> Option<YearKind> {
        let lower = identifier.trim().to_ascii_lowercase();
        Some(match lower.as_str() {
            "reporting year" => YearKind::Reporting,
            "financial year" | "financial year q1-4" => YearKind::Financial,
            "academic year" => YearKind::Academic,
            "calendar year" => YearKind::Calendar,
            "" => return None,
            _ if lower.contains("financial") => YearKind::Financial,
            _ if lower.contains("academic") => YearKind::Academic,
            _ if lower.contains("calendar") => YearKind::Calendar,
            _ if lower.contains("reporting") => YearKind::Reporting,
            _ => return None,
        })
    }
}

/// Whether figures for a period are final, revised since first published, or provisional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Revision {
    #[default]
    Final,
    Revised,
    Provisional,
}

/// One period: a single year, or a year that spans two ("2022-23").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The year it starts in (for a reporting year, the year it ends in).
    pub year: i32,
    /// 1 for "2023", 2 for "2022-23".
    pub span: u8,
    pub kind: YearKind,
    pub revision: Revision,
}

impl Period {
    /// Reads a period as a file writes it, with the file's `time_identifier` where it has one.
    pub fn parse(text: &str, identifier: Option<&str>) -> Option<Period> {
        let kind = identifier.and_then(YearKind::from_identifier);
        let (text, revision) = strip_revision(text.trim());
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let separated = text.contains('/') || text.contains('-');
        let year = |s: &str| s.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
        let (start, span) = match (digits.len(), separated) {
            (4, false) => (year(&digits)?, 1),
            // 202223, 2022/23, 2022-23: the second year must follow the first.
            (6, _) => {
                let start = year(&digits[..4])?;
                let end: i32 = digits[4..].parse().ok()?;
                (start % 100 + 1 == end || (start % 100 == 99 && end == 0)).then_some(())?;
                (start, 2)
            }
            // 2022/2023, 2022-2023.
            (8, true) => {
                let start = year(&digits[..4])?;
                let end = year(&digits[4..])?;
                (end == start + 1).then_some(())?;
                (start, 2)
            }
            _ => return None,
        };
        let kind = kind.unwrap_or(if span == 2 {
            YearKind::Unstated
        } else {
            YearKind::Calendar
        });
        Some(Period {
            year: start,
            span,
            kind,
            revision,
        })
    }

    /// "2022-23" or "2023", without any revision mark: for chart axes.
    pub fn short(self) -> String {
        if self.span == 2 {
            format!("{}-{:02}", self.year, (self.year + 1) % 100)
        } else {
            self.year.to_string()
        }
    }

    /// The same period whatever its revision: figures are matched on this.
    pub fn key(self) -> (i32, u8) {
        (self.year, self.span)
    }
}

fn strip_revision(text: &str) -> (&str, Revision) {
    let lower = text.to_ascii_lowercase();
    for (marker, revision) in [
        ("(rev)", Revision::Revised),
        ("(revised)", Revision::Revised),
        ("revised", Revision::Revised),
        ("(prov)", Revision::Provisional),
        ("(provisional)", Revision::Provisional),
        ("provisional", Revision::Provisional),
        ("(p)", Revision::Provisional),
        ("(r)", Revision::Revised),
    ] {
        if let Some(at) = lower.find(marker) {
            return (text[..at].trim(), revision);
        }
    }
    (text, Revision::Final)
}

impl fmt::Display for Period {
    /// "2022-23" or "2023", with "(revised)" or "(provisional)" where it applies.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.span == 2 {
            write!(f, "{}-{:02}", self.year, (self.year + 1) % 100)?;
        } else {
            write!(f, "{}", self.year)?;
        }
        match self.revision {
            Revision::Final => Ok(()),
            Revision::Revised => write!(f, " (revised)"),
            Revision::Provisional => write!(f, " (provisional)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, identifier: Option<&str>) -> Option<String> {
        Period::parse(text, identifier).map(|p| format!("{p} {}", p.kind.name()))
    }

    #[test]
    fn every_way_files_write_periods() {
        assert_eq!(
            p("202223", Some("Financial year")).as_deref(),
            Some("2022-23 financial year")
        );
        assert_eq!(
            p("202223", Some("Academic year")).as_deref(),
            Some("2022-23 academic year")
        );
        assert_eq!(
            p("2025", Some("Reporting year")).as_deref(),
            Some("2025 reporting year")
        );
        assert_eq!(p("2022/23", None).as_deref(), Some("2022-23 year"));
        assert_eq!(p("2022-23", None).as_deref(), Some("2022-23 year"));
        assert_eq!(p("2023", None).as_deref(), Some("2023 calendar year"));
        assert_eq!(p("2099-2100", None).as_deref(), Some("2099-00 year"));
        assert_eq!(
            p("2022-23 (Rev)", None).as_deref(),
            Some("2022-23 (revised) year")
        );
        assert_eq!(
            p("2024 (prov)", Some("Reporting year")).as_deref(),
            Some("2024 (provisional) reporting year")
        );
        assert_eq!(p("2022-24", None), None);
        assert_eq!(p("last year", None), None);
        assert_eq!(p("20222", None), None);
    }

    #[test]
    fn periods_order_by_year() {
        let a = Period::parse("2021-22", None).unwrap();
        let b = Period::parse("202223", Some("Financial year")).unwrap();
        assert!(a.key() < b.key());
    }
}
