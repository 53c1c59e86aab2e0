//! Synthetic audit case records: made-up children whose needs, services and placements follow
//! the patterns the seminar's authorities reported, calibrated on DfE's published national
//! figures (see `shared/DOMAIN.md`). Every generator takes a fixed seed, so the same call always
//! writes the same rows.
//!
//! Shared by the example-data generator and the national-scale benchmark generator.

#![allow(dead_code)]

pub mod projects;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The columns of the example schema (`content/schemas/mns-2001.yaml`), in file order.
pub const COLUMNS: &[&str] = &[
    "case_id",
    "age",
    "sex",
    "ethnicity",
    "lives_with",
    "referral_source",
    "referral_date",
    "referral_reason",
    "legal_status",
    "cp_registered",
    "placement",
    "placement_location",
    "distance_band",
    "weeks_looked_after",
    "need_living_situation",
    "need_family_relationships",
    "need_behaviour",
    "need_health",
    "need_education",
    "parent_domestic_violence",
    "parent_substance_misuse",
    "parent_mental_health",
    "parent_learning_disability",
    "parent_illness",
    "services",
    "need_group",
    "matching",
    "weekly_cost",
    "summary",
];

/// What kind of sample an audit drew: it decides legal status and placements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sample {
    /// Referrals to children's social care: few looked after.
    Referrals,
    /// Referrals and children newly looked after together.
    ReferralsAndNewlyLookedAfter,
    /// Children looked after (and, for some audits, on the register).
    LookedAfter,
    /// Children newly accommodated.
    NewlyAccommodated,
    /// Disabled children known to social services.
    Disabled,
    /// Children placed with external providers.
    ExternalPlacements,
    /// Children in need receiving a service in the community.
    Community,
}

/// The pattern of need a group of children shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Archetype {
    DomesticViolence,
    SubstanceMisuse,
    Neglect,
    AdolescentConflict,
    Abuse,
    AcuteStress,
    ParentalIllness,
    ParentalMentalHealth,
    LowNeed,
    Permanence,
    ChallengingAdolescent,
    Siblings,
    ComplexHealth,
    Autism,
    PhysicalDisability,
    ShortBreaks,
    DisabledNeglect,
    Transition,
    SecureSpecialist,
    ResidentialSchool,
    Therapeutic,
    CouldReturn,
    ShortTermCare,
    AbsentParents,
    LossTrauma,
    BetterParenting,
    LeavingCare,
    SchoolBehaviour,
    YoungFamilies,
}

/// How an authority's caseload leans, so each authority's data tells its own story.
#[derive(Debug, Clone, Copy)]
pub struct Leaning {
    /// Added to the chance of each need area being rated significant.
    pub extra_need: f64,
    /// Chance that a child in the community gets a social worker and nothing else.
    pub social_worker_only: f64,
    /// Added to the chance of domestic violence.
    pub extra_domestic_violence: f64,
    /// Chance that a placement is outside the authority.
    pub placed_outside: f64,
    /// Chance that a placement outside the authority is over 20 miles away.
    pub far_when_outside: f64,
    /// Share of children from minority ethnic groups.
    pub minority_ethnic: f64,
    /// Added to the chance that services do not match need.
    pub extra_mismatch: f64,
}

impl Leaning {
    pub const TYPICAL: Leaning = Leaning {
        extra_need: 0.0,
        social_worker_only: 0.35,
        extra_domestic_violence: 0.0,
        placed_outside: 0.3,
        far_when_outside: 0.35,
        minority_ethnic: 0.1,
        extra_mismatch: 0.0,
    };
}

/// One audit to generate.
pub struct AuditSpec<'a> {
    /// `authority/audit`.
    pub id: &'a str,
    /// Case ids are `PREFIX-0001` and up.
    pub id_prefix: &'a str,
    pub seed: u64,
    pub rows: usize,
    pub sample: Sample,
    /// (need group code, pattern, relative size).
    pub groups: &'a [(&'a str, Archetype, u32)],
    pub leaning: Leaning,
    /// First and last day of the period, as (year, month, day).
    pub period: ((i32, u32, u32), (i32, u32, u32)),
}

struct Rng(ChaCha8Rng);

impl Rng {
    fn chance(&mut self, p: f64) -> bool {
        self.0.random_bool(p.clamp(0.0, 1.0))
    }
    fn between(&mut self, low: u32, high: u32) -> u32 {
        self.0.random_range(low..=high)
    }
    fn pick<'a, T>(&mut self, weighted: &'a [(T, u32)]) -> &'a T {
        let total: u32 = weighted.iter().map(|(_, w)| w).sum();
        let mut roll = self.0.random_range(0..total);
        for (item, weight) in weighted {
            if roll < *weight {
                return item;
            }
            roll -= weight;
        }
        &weighted[weighted.len() - 1].0
    }
}

/// Splits `total` into whole counts in proportion to `weights` (largest remainder), so a
/// group's size does not depend on chance.
fn allocate(total: usize, weights: &[u32]) -> Vec<usize> {
    let sum: u32 = weights.iter().sum();
    let exact: Vec<f64> = weights
        .iter()
        .map(|&w| total as f64 * f64::from(w) / f64::from(sum))
        .collect();
    let mut counts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    let missing = total - counts.iter().sum::<usize>();
    for &i in order.iter().take(missing) {
        counts[i] += 1;
    }
    counts
}

fn date((y, m, d): (i32, u32, u32)) -> time::Date {
    let month = time::Month::try_from(m as u8).expect("a month from 1 to 12 in the spec");
    time::Date::from_calendar_date(y, month, d as u8).expect("a real date in the spec")
}

/// A generated case record, one field per column of [`COLUMNS`].
pub type Row = Vec<String>;

/// Generates the rows of one audit.
pub fn generate(spec: &AuditSpec<'_>) -> Vec<Row> {
    let mut rng = Rng(ChaCha8Rng::seed_from_u64(spec.seed));
    let counts = allocate(
        spec.rows,
        &spec.groups.iter().map(|g| g.2).collect::<Vec<_>>(),
    );
    let mut assignments: Vec<usize> = counts
        .iter()
        .enumerate()
        .flat_map(|(g, &n)| std::iter::repeat_n(g, n))
        .collect();
    // Shuffle so case numbers do not follow need groups (Fisher-Yates).
    for i in (1..assignments.len()).rev() {
        let j = rng.0.random_range(0..=i);
        assignments.swap(i, j);
    }
    assignments
        .iter()
        .enumerate()
        .map(|(n, &g)| {
            let (code, archetype, _) = spec.groups[g];
            child(&mut rng, spec, n + 1, code, archetype)
        })
        .collect()
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

fn child(
    rng: &mut Rng,
    spec: &AuditSpec<'_>,
    number: usize,
    group: &str,
    archetype: Archetype,
) -> Row {
    use Archetype::*;
    let lean = spec.leaning;
    let (age_low, age_high) = match archetype {
        DomesticViolence => (0, 12),
        SubstanceMisuse => (0, 9),
        Neglect | YoungFamilies => (0, 6),
        AdolescentConflict | ChallengingAdolescent | SecureSpecialist | CouldReturn => (12, 17),
        Abuse => (2, 15),
        AcuteStress | ParentalIllness | ParentalMentalHealth | LowNeed => (0, 16),
        Permanence => (1, 9),
        Siblings => (3, 14),
        ComplexHealth | PhysicalDisability | ShortBreaks | DisabledNeglect => (1, 15),
        Autism => (4, 15),
        Transition => (14, 17),
        ResidentialSchool => (8, 17),
        Therapeutic => (9, 16),
        ShortTermCare => (2, 14),
        AbsentParents => (13, 17),
        LossTrauma => (5, 15),
        BetterParenting => (0, 11),
        LeavingCare => (16, 17),
        SchoolBehaviour => (7, 15),
    };
    let age = rng.between(age_low, age_high);
    let boys_share = match archetype {
        ChallengingAdolescent | SecureSpecialist | Autism | SchoolBehaviour => 0.72,
        AdolescentConflict => 0.45,
        _ => 0.52,
    };
    let sex = if rng.chance(boys_share) { "M" } else { "F" };
    let ethnicity = if rng.chance(lean.minority_ethnic) {
        *rng.pick(&[
            ("BAFR", 30),
            ("BCRB", 14),
            ("MWBC", 12),
            ("MOTH", 8),
            ("AIND", 7),
            ("APKN", 8),
            ("ABAN", 6),
            ("WOTH", 10),
            ("OOTH", 5),
        ])
    } else {
        *rng.pick(&[("WBRI", 96), ("WIRI", 2), ("NOBT", 2)])
    };

    let disabled = matches!(
        archetype,
        ComplexHealth
            | Autism
            | PhysicalDisability
            | ShortBreaks
            | DisabledNeglect
            | Transition
            | ResidentialSchool
    );
    let looked_after = match spec.sample {
        Sample::LookedAfter | Sample::NewlyAccommodated | Sample::ExternalPlacements => {
            // The looked-after-and-registered audit includes registered children living at home.
            !(spec.sample == Sample::LookedAfter
                && matches!(archetype, Neglect | DomesticViolence)
                && rng.chance(0.6))
        }
        Sample::ReferralsAndNewlyLookedAfter => {
            matches!(archetype, Permanence | AdolescentConflict) && rng.chance(0.7)
                || rng.chance(0.12)
        }
        Sample::Referrals => {
            matches!(archetype, Abuse | AdolescentConflict | SubstanceMisuse) && rng.chance(0.08)
        }
        Sample::Disabled => {
            matches!(archetype, DisabledNeglect | ResidentialSchool) && rng.chance(0.35)
                || rng.chance(0.05)
        }
        Sample::Community => false,
    };
    let legal_status = if !looked_after {
        ""
    } else {
        match archetype {
            AdolescentConflict | ShortTermCare | AbsentParents | ShortBreaks | Transition
            | ResidentialSchool | LeavingCare | CouldReturn => *rng.pick(&[("V2", 80), ("C2", 20)]),
            ChallengingAdolescent | SecureSpecialist => {
                *rng.pick(&[("C2", 45), ("V2", 40), ("J2", 8), ("L2", 7)])
            }
            Permanence | Siblings => *rng.pick(&[("C2", 70), ("C1", 15), ("E1", 15)]),
            Abuse | Neglect | SubstanceMisuse | DomesticViolence | BetterParenting => {
                *rng.pick(&[("C1", 40), ("C2", 45), ("L2", 5), ("V2", 10)])
            }
            _ => *rng.pick(&[("V2", 50), ("C2", 40), ("C1", 10)]),
        }
    };
    let cp_registered = match archetype {
        Abuse | Neglect | SubstanceMisuse | DomesticViolence | BetterParenting => {
            rng.chance(if looked_after { 0.35 } else { 0.5 })
        }
        DisabledNeglect => rng.chance(0.4),
        _ => rng.chance(0.03),
    } || (spec.sample == Sample::LookedAfter && !looked_after);

    let placement = if !looked_after {
        ""
    } else {
        match archetype {
            ChallengingAdolescent | CouldReturn => *rng.pick(&[("K2", 70), ("U6", 20), ("P2", 10)]),
            SecureSpecialist => *rng.pick(&[("K1", 55), ("K2", 45)]),
            ResidentialSchool => "S1",
            Therapeutic => *rng.pick(&[("K2", 60), ("U6", 40)]),
            Permanence => *rng.pick(&[("U4", 35), ("U5", 30), ("U1", 15), ("A4", 20)]),
            Siblings => *rng.pick(&[("U5", 50), ("U6", 35), ("U2", 15)]),
            LeavingCare => *rng.pick(&[("P2", 45), ("U4", 35), ("K2", 20)]),
            AdolescentConflict | AbsentParents => {
                *rng.pick(&[("U6", 35), ("K2", 35), ("U4", 20), ("P2", 10)])
            }
            ShortBreaks | Transition | ComplexHealth | Autism | PhysicalDisability
            | DisabledNeglect => *rng.pick(&[("U4", 40), ("K2", 30), ("S1", 30)]),
            _ => *rng.pick(&[("U4", 45), ("U5", 20), ("U1", 15), ("U6", 10), ("P1", 10)]),
        }
    };
    let external = spec.sample == Sample::ExternalPlacements;
    let outside = looked_after
        && (external
            || rng.chance(
                lean.placed_outside
                    + if placement == "K2" || placement == "K1" || placement == "S1" {
                        0.35
                    } else {
                        0.0
                    },
            ));
    let placement_location = match (looked_after, outside) {
        (false, _) => "",
        (true, true) => "out",
        (true, false) => "in",
    };
    let distance_band = if !looked_after {
        ""
    } else if outside {
        if rng.chance(lean.far_when_outside) {
            "over 20 miles"
        } else {
            "5 to 20 miles"
        }
    } else if rng.chance(0.7) {
        "under 5 miles"
    } else {
        "5 to 20 miles"
    };
    let weeks_looked_after = if !looked_after {
        String::new()
    } else {
        let weeks = match spec.sample {
            Sample::NewlyAccommodated | Sample::ReferralsAndNewlyLookedAfter => rng.between(1, 40),
            _ => match archetype {
                Permanence | Siblings | ResidentialSchool | LeavingCare => rng.between(60, 520),
                ShortTermCare => rng.between(1, 8),
                _ => rng.between(8, 300),
            },
        };
        // Nobody is looked after for longer than they have been alive.
        weeks.min(age * 52 + rng.between(1, 51)).to_string()
    };

    let level = |rng: &mut Rng, significant: f64, some: f64| -> String {
        let roll: f64 = rng.0.random();
        let significant = (significant + lean.extra_need).clamp(0.0, 0.95);
        if roll < significant {
            "significant"
        } else if roll < significant + some {
            "some"
        } else {
            "none"
        }
        .to_string()
    };
    let (living, family, behaviour, health, education) = match archetype {
        DomesticViolence => (
            (0.35, 0.4),
            (0.5, 0.35),
            (0.15, 0.4),
            (0.15, 0.4),
            (0.1, 0.35),
        ),
        SubstanceMisuse | Neglect | BetterParenting | YoungFamilies => (
            (0.45, 0.35),
            (0.45, 0.4),
            (0.1, 0.3),
            (0.3, 0.4),
            (0.2, 0.35),
        ),
        AdolescentConflict => (
            (0.4, 0.35),
            (0.7, 0.25),
            (0.35, 0.45),
            (0.2, 0.4),
            (0.35, 0.4),
        ),
        ChallengingAdolescent | SecureSpecialist | CouldReturn => (
            (0.4, 0.4),
            (0.55, 0.35),
            (0.75, 0.2),
            (0.35, 0.4),
            (0.6, 0.3),
        ),
        SchoolBehaviour => (
            (0.05, 0.2),
            (0.2, 0.4),
            (0.5, 0.4),
            (0.15, 0.35),
            (0.6, 0.35),
        ),
        Abuse | Therapeutic => (
            (0.3, 0.4),
            (0.55, 0.35),
            (0.3, 0.4),
            (0.45, 0.4),
            (0.25, 0.4),
        ),
        ComplexHealth | ResidentialSchool => (
            (0.2, 0.35),
            (0.1, 0.35),
            (0.1, 0.3),
            (0.85, 0.15),
            (0.6, 0.35),
        ),
        Autism => (
            (0.15, 0.35),
            (0.3, 0.4),
            (0.7, 0.25),
            (0.5, 0.4),
            (0.55, 0.35),
        ),
        PhysicalDisability => (
            (0.4, 0.35),
            (0.05, 0.3),
            (0.05, 0.2),
            (0.6, 0.35),
            (0.2, 0.45),
        ),
        ShortBreaks | Transition => (
            (0.2, 0.4),
            (0.25, 0.45),
            (0.25, 0.4),
            (0.6, 0.35),
            (0.35, 0.4),
        ),
        DisabledNeglect => (
            (0.45, 0.35),
            (0.4, 0.4),
            (0.3, 0.4),
            (0.65, 0.3),
            (0.4, 0.4),
        ),
        LossTrauma => (
            (0.1, 0.3),
            (0.35, 0.45),
            (0.25, 0.45),
            (0.55, 0.35),
            (0.25, 0.45),
        ),
        LowNeed => (
            (0.02, 0.15),
            (0.05, 0.25),
            (0.03, 0.2),
            (0.03, 0.2),
            (0.03, 0.2),
        ),
        _ => ((0.25, 0.4), (0.35, 0.4), (0.2, 0.4), (0.2, 0.4), (0.2, 0.4)),
    };
    let needs = [
        level(rng, living.0, living.1),
        level(rng, family.0, family.1),
        level(rng, behaviour.0, behaviour.1),
        level(rng, health.0, health.1),
        if age < 3 {
            "none".to_string()
        } else {
            level(rng, education.0, education.1)
        },
    ];

    // Parents' difficulties, near DfE's national rates (domestic abuse about 32%, mental health
    // 34%, drug or alcohol misuse 14% each), raised where the group is defined by them.
    let domestic_violence = rng.chance(
        lean.extra_domestic_violence
            + if archetype == DomesticViolence {
                0.95
            } else {
                0.28
            },
    );
    let substance = rng.chance(if archetype == SubstanceMisuse {
        0.97
    } else if matches!(archetype, Neglect | BetterParenting) {
        0.35
    } else {
        0.14
    });
    let mental_health = rng.chance(if archetype == ParentalMentalHealth {
        0.95
    } else {
        0.3
    });
    let learning_disability = rng.chance(if matches!(archetype, BetterParenting | Neglect) {
        0.18
    } else {
        0.05
    });
    let illness = rng.chance(if matches!(archetype, ParentalIllness | ShortTermCare) {
        0.9
    } else {
        0.06
    });

    let mut services: Vec<&str> = vec!["social-worker"];
    let community = !looked_after;
    if community && !disabled && rng.chance(lean.social_worker_only) {
        // The social worker is the only service.
    } else {
        let extra: &[(&str, u32)] = match archetype {
            DomesticViolence => &[
                ("domestic-violence-service", 40),
                ("family-centre", 30),
                ("health-visitor", 20),
                ("voluntary-sector", 10),
            ],
            SubstanceMisuse => &[
                ("substance-misuse-service", 45),
                ("family-centre", 25),
                ("day-care", 20),
                ("health-visitor", 10),
            ],
            Neglect | BetterParenting | YoungFamilies => &[
                ("family-centre", 35),
                ("day-care", 25),
                ("parenting-programme", 25),
                ("health-visitor", 15),
            ],
            AdolescentConflict | CouldReturn => &[
                ("family-support", 45),
                ("youth-offending", 15),
                ("education-support", 20),
                ("camhs", 20),
            ],
            ChallengingAdolescent | SecureSpecialist => &[
                ("youth-offending", 35),
                ("education-support", 30),
                ("camhs", 35),
            ],
            SchoolBehaviour => &[
                ("education-support", 60),
                ("camhs", 20),
                ("family-support", 20),
            ],
            ComplexHealth | PhysicalDisability => &[
                ("short-breaks", 35),
                ("domiciliary-care", 35),
                ("education-support", 30),
            ],
            Autism | ShortBreaks | DisabledNeglect | Transition | ResidentialSchool => &[
                ("short-breaks", 45),
                ("domiciliary-care", 20),
                ("camhs", 15),
                ("education-support", 20),
            ],
            LossTrauma | Therapeutic | Abuse => &[
                ("camhs", 55),
                ("family-support", 25),
                ("voluntary-sector", 20),
            ],
            LowNeed => &[("voluntary-sector", 60), ("family-centre", 40)],
            _ => &[
                ("family-support", 40),
                ("family-centre", 30),
                ("voluntary-sector", 30),
            ],
        };
        let how_many = if community {
            rng.between(1, 2)
        } else {
            rng.between(0, 2)
        };
        for _ in 0..how_many {
            let service = *rng.pick(extra);
            if !services.contains(&service) {
                services.push(service);
            }
        }
    }
    match placement {
        "U1" | "U2" | "U3" | "U4" | "U5" | "U6" => services.push("foster-care"),
        "K1" | "K2" | "S1" => services.push("residential-care"),
        _ => {}
    }
    services.sort_unstable();
    services.dedup();
    let only_social_worker = services == ["social-worker"];

    let mismatch = lean.extra_mismatch
        + if only_social_worker && archetype != LowNeed {
            0.45
        } else {
            0.1
        }
        + if outside { 0.15 } else { 0.0 };
    let matching = *rng.pick(&[
        ("matched", ((1.0 - mismatch).max(0.05) * 100.0) as u32),
        ("partly", 35),
        ("not", (mismatch * 100.0) as u32),
    ]);

    let weekly_cost: u32 = match placement {
        "K1" => rng.between(3800, 5200),
        "K2" if outside => rng.between(1900, 3400),
        "K2" => rng.between(1100, 1900),
        "S1" => rng.between(1400, 2600),
        "U6" => rng.between(550, 950),
        "U1" | "U2" | "U3" | "U4" | "U5" => rng.between(220, 460),
        "P2" => rng.between(150, 320),
        "A4" | "P1" => rng.between(60, 140),
        _ => {
            let base = if only_social_worker {
                rng.between(40, 110)
            } else {
                rng.between(90, 320)
            };
            base + if services.contains(&"short-breaks") {
                rng.between(120, 300)
            } else {
                0
            }
        }
    };

    let (period_start, period_end) = (date(spec.period.0), date(spec.period.1));
    let referral_day = if matches!(
        spec.sample,
        Sample::Referrals
            | Sample::ReferralsAndNewlyLookedAfter
            | Sample::NewlyAccommodated
            | Sample::Community
    ) {
        let span = (period_end - period_start).whole_days() as u32;
        period_start + time::Duration::days(i64::from(rng.between(0, span)))
    } else {
        // Snapshots of children already known: referred some time before the census date.
        let weeks: i64 = weeks_looked_after.parse().unwrap_or(20);
        period_end - time::Duration::days(weeks * 7 + i64::from(rng.between(0, 120)))
    };
    let referral_date = format!(
        "{:04}-{:02}-{:02}",
        referral_day.year(),
        referral_day.month() as u8,
        referral_day.day()
    );

    let referral_reason = match archetype {
        DomesticViolence | Abuse | Neglect | SubstanceMisuse | BetterParenting | Permanence
        | Siblings | Therapeutic => *rng.pick(&[("N1", 85), ("N4", 10), ("N5", 5)]),
        ComplexHealth | Autism | PhysicalDisability | ShortBreaks | Transition
        | ResidentialSchool => "N2",
        DisabledNeglect => *rng.pick(&[("N2", 60), ("N1", 40)]),
        ParentalIllness | ParentalMentalHealth | ShortTermCare => "N3",
        AcuteStress | YoungFamilies => *rng.pick(&[("N4", 70), ("N7", 30)]),
        AdolescentConflict | LossTrauma => *rng.pick(&[("N5", 75), ("N4", 25)]),
        ChallengingAdolescent | SecureSpecialist | SchoolBehaviour | CouldReturn => {
            *rng.pick(&[("N6", 70), ("N5", 30)])
        }
        AbsentParents | LeavingCare => "N8",
        LowNeed => *rng.pick(&[("N9", 60), ("N4", 40)]),
    };
    let referral_source = *rng.pick(match archetype {
        DomesticViolence => &[
            ("police", 60),
            ("health", 15),
            ("family", 15),
            ("education", 10),
        ][..],
        SchoolBehaviour => &[("education", 70), ("family", 20), ("health", 10)][..],
        ComplexHealth | Autism | PhysicalDisability | ShortBreaks | Transition
        | ResidentialSchool | DisabledNeglect => {
            &[("health", 60), ("family", 25), ("education", 15)][..]
        }
        AdolescentConflict => &[
            ("family", 45),
            ("self", 20),
            ("education", 20),
            ("police", 15),
        ][..],
        _ => &[
            ("health", 25),
            ("education", 20),
            ("police", 20),
            ("family", 20),
            ("social-care", 10),
            ("anonymous", 5),
        ][..],
    });
    let lives_with = if looked_after {
        match placement {
            "K1" | "K2" | "S1" => "residential",
            "P2" => "independent",
            "P1" => "parents",
            "U1" | "U2" | "U3" => "relatives",
            "A4" => "adopters",
            _ => "foster-carers",
        }
    } else {
        *rng.pick(&[
            ("both-parents", 35),
            ("mother", 40),
            ("mother-and-partner", 15),
            ("father", 5),
            ("relatives", 5),
        ])
    };

    let he_she = if sex == "M" { "Boy" } else { "Girl" };
    let summary =
        format!("Illustrative record, not a real child. {he_she} aged {age}; need group {group}.");

    vec![
        format!("{}-{number:04}", spec.id_prefix),
        age.to_string(),
        sex.to_string(),
        ethnicity.to_string(),
        lives_with.to_string(),
        referral_source.to_string(),
        referral_date,
        referral_reason.to_string(),
        legal_status.to_string(),
        yes_no(cp_registered),
        placement.to_string(),
        placement_location.to_string(),
        distance_band.to_string(),
        weeks_looked_after,
        needs[0].clone(),
        needs[1].clone(),
        needs[2].clone(),
        needs[3].clone(),
        needs[4].clone(),
        yes_no(domestic_violence),
        yes_no(substance),
        yes_no(mental_health),
        yes_no(learning_disability),
        yes_no(illness),
        services.join(";"),
        group.to_string(),
        matching.to_string(),
        weekly_cost.to_string(),
        summary,
    ]
}

/// The rows as CSV text (header first), quoting only where needed.
pub fn to_csv(rows: &[Row]) -> String {
    let quote = |field: &str| {
        if field.contains([',', '"', '\n']) {
            format!("\"{}\"", field.replace('"', "\"\""))
        } else {
            field.to_string()
        }
    };
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for row in rows {
        out.push_str(&row.iter().map(|f| quote(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}
