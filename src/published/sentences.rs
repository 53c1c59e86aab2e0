//! Comparison sentences written from the numbers, by rules people can read and change
//! (`comparison-rules.yaml`: the theme's, or the project's own). No number in a sentence is
//! typed by hand: every one is filled in from the data.

use serde::Deserialize;

/// `comparison-rules.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub minimum_comparators: usize,
    pub bands: Vec<Band>,
    pub sentences: Sentences,
}

/// A band of distance from the comparators' centre, in median absolute deviations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub under: f64,
    /// For the band nearest the centre: the same words whichever side.
    #[serde(default)]
    pub similar: Option<String>,
    #[serde(default)]
    pub better: Option<String>,
    #[serde(default)]
    pub worse: Option<String>,
    #[serde(default)]
    pub higher: Option<String>,
    #[serde(default)]
    pub lower: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sentences {
    pub compared: String,
    pub within_interval: String,
    pub beyond: String,
    pub too_few: String,
    pub no_spread: String,
    pub no_value: String,
    pub no_group: String,
}

/// Which way the authority differs from its comparators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Better,
    Worse,
    Higher,
    Lower,
}

/// What the numbers say, before it is put into words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Judgement {
    /// `distance` median absolute deviations from the centre, on `side`.
    Compared {
        distance: f64,
        side: Side,
    },
    /// The centre is inside the figure's 95% interval.
    WithinInterval,
    TooFew,
    NoSpread,
    NoValue,
    NoGroup,
}

/// The facts a sentence is made from, already formatted.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub authority: String,
    pub value: String,
    pub period: String,
    pub summary: String,
    pub group: String,
    pub centre: String,
    pub low: String,
    pub high: String,
    pub with_data: String,
    pub members: String,
    pub reason: String,
}

impl Rules {
    /// The sentence for a judgement. A distance past the last band is left to a person.
    pub fn write(&self, judgement: Judgement, facts: &Facts) -> String {
        let (template, comparison) = match judgement {
            Judgement::Compared { distance, side } => {
                match self.bands.iter().find(|b| distance < b.under) {
                    Some(band) => {
                        let words = band.similar.clone().or_else(|| match side {
                            Side::Better => band.better.clone(),
                            Side::Worse => band.worse.clone(),
                            Side::Higher => band.higher.clone(),
                            Side::Lower => band.lower.clone(),
                        });
                        (&self.sentences.compared, words.unwrap_or_default())
                    }
                    None => (&self.sentences.beyond, String::new()),
                }
            }
            Judgement::WithinInterval => (&self.sentences.within_interval, String::new()),
            Judgement::TooFew => (&self.sentences.too_few, String::new()),
            Judgement::NoSpread => (&self.sentences.no_spread, String::new()),
            Judgement::NoValue => (&self.sentences.no_value, String::new()),
            Judgement::NoGroup => (&self.sentences.no_group, String::new()),
        };
        fill(
            template,
            &[
                ("authority", &facts.authority),
                ("value", &facts.value),
                ("period", &facts.period),
                ("summary", &facts.summary),
                ("group", &facts.group),
                ("centre", &facts.centre),
                ("low", &facts.low),
                ("high", &facts.high),
                ("with_data", &facts.with_data),
                ("members", &facts.members),
                ("reason", &facts.reason),
                ("comparison", &comparison),
            ],
        )
    }
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "authority",
    "value",
    "period",
    "summary",
    "group",
    "centre",
    "low",
    "high",
    "with_data",
    "members",
    "reason",
    "comparison",
];

/// Placeholders in `template` that are not known: a typo would print as it is.
pub fn unknown_placeholders(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !PLACEHOLDERS.contains(name))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        let text = include_str!("../../themes/default/comparison-rules.yaml");
        crate::yaml::parse(text, std::path::Path::new("comparison-rules.yaml"), 1).unwrap()
    }

    fn facts() -> Facts {
        Facts {
            authority: "Sutton".into(),
            value: "45".into(),
            period: "2025".into(),
            summary: "median".into(),
            group: "statistical neighbours".into(),
            centre: "52".into(),
            low: "40".into(),
            high: "50".into(),
            with_data: "3".into(),
            members: "10".into(),
            reason: "not available".into(),
        }
    }

    #[test]
    fn bands_by_distance_and_side() {
        let r = rules();
        let say = |distance, side| r.write(Judgement::Compared { distance, side }, &facts());
        assert_eq!(
            say(0.3, Side::Lower),
            "Sutton's figure, 45 in 2025, was broadly similar to the median of its statistical neighbours (52)."
        );
        assert_eq!(
            say(1.0, Side::Better),
            "Sutton's figure, 45 in 2025, was slightly better than the median of its statistical neighbours (52)."
        );
        assert_eq!(
            say(2.0, Side::Higher),
            "Sutton's figure, 45 in 2025, was higher than the median of its statistical neighbours (52)."
        );
        assert_eq!(
            say(5.0, Side::Worse),
            "Sutton's figure, 45 in 2025, was much worse than the median of its statistical neighbours (52)."
        );
        assert!(say(9.0, Side::Worse).contains("needs a person to look into it"));
        assert_eq!(
            r.write(Judgement::TooFew, &facts()),
            "Sutton's figure was 45 in 2025; only 3 of its 10 statistical neighbours have a figure, too few to compare it with."
        );
        for template in [
            &r.sentences.compared,
            &r.sentences.too_few,
            &r.sentences.no_value,
        ] {
            assert!(unknown_placeholders(template).is_empty());
        }
        assert_eq!(unknown_placeholders("{authorty} {value}"), ["authorty"]);
    }
}
