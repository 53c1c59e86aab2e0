//! Writes the example project's synthetic case files (`content/authorities/*/audits/*/cases.csv`).
//!
//!     cargo run --example make_example_data
//!
//! The seeds are fixed, so running it again writes the same bytes. Each audit's need groups
//! come from its audit.yaml; this file only says how each group's children tend to look, and
//! how each authority's caseload leans, so the data tells the story its lessons page tells.

mod synthetic;

use std::path::Path;
use std::process::ExitCode;

use synthetic::{Archetype::*, AuditSpec, Leaning, Sample};

/// Barking and Dagenham: very high needs, a social worker as the only service, high domestic
/// violence, adolescents over-represented and placed far outside the borough.
const BARKING: Leaning = Leaning {
    extra_need: 0.12,
    social_worker_only: 0.62,
    extra_domestic_violence: 0.12,
    placed_outside: 0.45,
    far_when_outside: 0.6,
    minority_ethnic: 0.22,
    extra_mismatch: 0.12,
};

const HAMPSHIRE: Leaning = Leaning {
    minority_ethnic: 0.04,
    ..Leaning::TYPICAL
};

/// Gloucestershire: expensive, patchy residential care for adolescents, much of it out of county.
const GLOUCESTERSHIRE: Leaning = Leaning {
    placed_outside: 0.5,
    far_when_outside: 0.55,
    minority_ethnic: 0.04,
    extra_mismatch: 0.08,
    ..Leaning::TYPICAL
};

const TYNE_AND_WEAR: Leaning = Leaning {
    placed_outside: 0.4,
    far_when_outside: 0.5,
    minority_ethnic: 0.04,
    extra_mismatch: 0.05,
    ..Leaning::TYPICAL
};

const SUTTON: Leaning = Leaning {
    minority_ethnic: 0.14,
    social_worker_only: 0.3,
    ..Leaning::TYPICAL
};

fn specs() -> Vec<AuditSpec<'static>> {
    vec![
        AuditSpec {
            id: "barking-and-dagenham/referrals-2000",
            id_prefix: "BD-REF",
            seed: 20000401,
            rows: 212,
            sample: Sample::Referrals,
            groups: &[
                ("A", DomesticViolence, 20),
                ("B", SubstanceMisuse, 11),
                ("C", Neglect, 14),
                ("D", AdolescentConflict, 15),
                ("E", Abuse, 9),
                ("F", AcuteStress, 13),
                ("G", ParentalIllness, 5),
                ("H", LowNeed, 13),
            ],
            leaning: BARKING,
            period: ((2000, 4, 1), (2000, 6, 30)),
        },
        AuditSpec {
            id: "barking-and-dagenham/looked-after-and-registered-2000",
            id_prefix: "BD-LAC",
            seed: 20000930,
            rows: 180,
            sample: Sample::LookedAfter,
            groups: &[
                ("A", Neglect, 14),
                ("B", Permanence, 15),
                ("C", AdolescentConflict, 22),
                ("D", ChallengingAdolescent, 18),
                ("E", SubstanceMisuse, 12),
                ("F", DomesticViolence, 11),
                ("G", Siblings, 8),
            ],
            leaning: BARKING,
            period: ((2000, 9, 30), (2000, 9, 30)),
        },
        AuditSpec {
            id: "barking-and-dagenham/disabled-children-2001",
            id_prefix: "BD-DIS",
            seed: 20010131,
            rows: 120,
            sample: Sample::Disabled,
            groups: &[
                ("A", ComplexHealth, 20),
                ("B", Autism, 24),
                ("C", PhysicalDisability, 14),
                ("D", ShortBreaks, 22),
                ("E", DisabledNeglect, 8),
                ("F", Transition, 12),
            ],
            leaning: BARKING,
            period: ((2001, 1, 31), (2001, 1, 31)),
        },
        AuditSpec {
            id: "hampshire/new-referrals-1998",
            id_prefix: "HA-REF",
            seed: 19980901,
            rows: 240,
            sample: Sample::Referrals,
            groups: &[
                ("A", DomesticViolence, 17),
                ("B", YoungFamilies, 18),
                ("C", AdolescentConflict, 16),
                ("D", Abuse, 10),
                ("E", ParentalMentalHealth, 9),
                ("F", SchoolBehaviour, 12),
                ("G", LowNeed, 18),
            ],
            leaning: HAMPSHIRE,
            period: ((1998, 9, 1), (1998, 11, 30)),
        },
        AuditSpec {
            id: "gloucestershire/newly-accommodated-2000",
            id_prefix: "GL-NLA",
            seed: 19990401,
            rows: 150,
            sample: Sample::NewlyAccommodated,
            groups: &[
                ("A", AdolescentConflict, 28),
                ("B", ChallengingAdolescent, 22),
                ("C", Abuse, 20),
                ("D", SubstanceMisuse, 12),
                ("E", ShortTermCare, 10),
                ("F", AbsentParents, 8),
            ],
            leaning: GLOUCESTERSHIRE,
            period: ((1999, 4, 1), (2000, 3, 31)),
        },
        AuditSpec {
            id: "gloucestershire/children-with-disabilities-2001",
            id_prefix: "GL-DIS",
            seed: 20010331,
            rows: 110,
            sample: Sample::Disabled,
            groups: &[
                ("A", ComplexHealth, 22),
                ("B", Autism, 26),
                ("C", ShortBreaks, 28),
                ("D", PhysicalDisability, 12),
                ("E", Transition, 12),
            ],
            leaning: GLOUCESTERSHIRE,
            period: ((2001, 3, 31), (2001, 3, 31)),
        },
        AuditSpec {
            id: "newcastle-upon-tyne/referrals-and-newly-looked-after-2001",
            id_prefix: "NC-CIN",
            seed: 20010101,
            rows: 230,
            sample: Sample::ReferralsAndNewlyLookedAfter,
            groups: &[
                ("A", SubstanceMisuse, 15),
                ("B", DomesticViolence, 18),
                ("C", AdolescentConflict, 16),
                ("D", Permanence, 9),
                ("E", AcuteStress, 14),
                ("F", SchoolBehaviour, 10),
                ("G", LowNeed, 18),
            ],
            leaning: TYNE_AND_WEAR,
            period: ((2001, 1, 1), (2001, 3, 31)),
        },
        AuditSpec {
            id: "newcastle-upon-tyne/children-with-disabilities-2000",
            id_prefix: "NC-DIS",
            seed: 20001231,
            rows: 105,
            sample: Sample::Disabled,
            groups: &[
                ("A", ComplexHealth, 25),
                ("B", Autism, 30),
                ("C", ShortBreaks, 30),
                ("D", Transition, 15),
            ],
            leaning: TYNE_AND_WEAR,
            period: ((2000, 12, 31), (2000, 12, 31)),
        },
        AuditSpec {
            id: "newcastle-upon-tyne/external-placements-2000",
            id_prefix: "NC-EXT",
            seed: 20000630,
            rows: 100,
            sample: Sample::ExternalPlacements,
            groups: &[
                ("A", ChallengingAdolescent, 34),
                ("B", SecureSpecialist, 10),
                ("C", ResidentialSchool, 18),
                ("D", Siblings, 24),
                ("E", Therapeutic, 14),
            ],
            leaning: TYNE_AND_WEAR,
            period: ((2000, 6, 30), (2000, 6, 30)),
        },
        AuditSpec {
            id: "gateshead/tyne-and-wear-external-placements-2001",
            id_prefix: "TW-EXT",
            seed: 20010330,
            rows: 160,
            sample: Sample::ExternalPlacements,
            groups: &[
                ("A", ChallengingAdolescent, 28),
                ("B", SecureSpecialist, 8),
                ("C", ResidentialSchool, 15),
                ("D", Siblings, 18),
                ("E", Therapeutic, 11),
                ("F", CouldReturn, 20),
            ],
            leaning: TYNE_AND_WEAR,
            period: ((2001, 3, 31), (2001, 3, 31)),
        },
        AuditSpec {
            id: "sutton/looked-after-children-2001",
            id_prefix: "SU-LAC",
            seed: 20010329,
            rows: 140,
            sample: Sample::LookedAfter,
            groups: &[
                ("A", AdolescentConflict, 24),
                ("B", SubstanceMisuse, 19),
                ("C", LossTrauma, 14),
                ("D", BetterParenting, 22),
                ("E", ComplexHealth, 8),
                ("F", LeavingCare, 13),
            ],
            leaning: SUTTON,
            period: ((2001, 3, 31), (2001, 3, 31)),
        },
        AuditSpec {
            id: "sutton/children-in-need-2001",
            id_prefix: "SU-CIN",
            seed: 20001001,
            rows: 200,
            sample: Sample::Community,
            groups: &[
                ("A", AdolescentConflict, 19),
                ("B", SubstanceMisuse, 14),
                ("C", LossTrauma, 13),
                ("D", BetterParenting, 17),
                ("E", ShortBreaks, 10),
                ("F", DomesticViolence, 14),
                ("G", LowNeed, 13),
            ],
            leaning: SUTTON,
            period: ((2000, 10, 1), (2001, 3, 31)),
        },
    ]
}

/// The starter project that `auditpress init` writes.
fn starter_specs() -> Vec<AuditSpec<'static>> {
    vec![AuditSpec {
        id: "example-borough/referrals-2024",
        id_prefix: "EB-REF",
        seed: 20240301,
        rows: 60,
        sample: Sample::Referrals,
        groups: &[
            ("A", AdolescentConflict, 35),
            ("B", SubstanceMisuse, 30),
            ("C", DomesticViolence, 35),
        ],
        leaning: Leaning::TYPICAL,
        period: ((2024, 3, 1), (2024, 5, 31)),
    }]
}

fn main() -> ExitCode {
    let mut failed = false;
    for (content, specs) in [
        ("content", specs()),
        ("src/init/starter/content", starter_specs()),
    ] {
        failed |= !write_project(Path::new(content), specs);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the case files of `specs` into the project at `content`; false if any failed.
fn write_project(content: &Path, specs: Vec<AuditSpec<'static>>) -> bool {
    let loaded = match auditpress::load::load(content) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            return false;
        }
    };
    let mut failed = false;
    for spec in specs {
        let Some(audit) = loaded
            .audits
            .iter()
            .find(|a| format!("{}/{}", a.authority, a.slug) == spec.id)
        else {
            eprintln!("{}: no such audit in content/", spec.id);
            failed = true;
            continue;
        };
        let declared: Vec<&str> = audit
            .meta
            .need_groups
            .iter()
            .map(|g| g.code.as_str())
            .collect();
        let generated: Vec<&str> = spec.groups.iter().map(|g| g.0).collect();
        if declared != generated || audit.meta.sample_size as usize != spec.rows {
            eprintln!(
                "{}: audit.yaml declares groups {declared:?} and {} children; the generator has {generated:?} and {}",
                spec.id, audit.meta.sample_size, spec.rows
            );
            failed = true;
            continue;
        }
        let folder = content.join(audit.source.path.parent().unwrap_or(Path::new("")));
        let path = folder.join(&audit.meta.cases);
        let csv = synthetic::to_csv(&synthetic::generate(&spec));
        if let Err(error) = std::fs::write(&path, csv) {
            eprintln!("{}: {error}", path.display());
            failed = true;
        } else {
            println!("wrote {} ({} children)", path.display(), spec.rows);
        }
    }
    !failed
}
