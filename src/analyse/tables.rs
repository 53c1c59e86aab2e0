//! How the tables band and label children: DfE's age bands, and the label of a missing value.

/// The label used for children with no value in a field.
pub const NOT_RECORDED: &str = "Not recorded";

/// DfE's age bands for children in need and looked-after children.
pub fn age_band(age: i64) -> usize {
    match age {
        i64::MIN..=0 => 0,
        1..=4 => 1,
        5..=9 => 2,
        10..=15 => 3,
        _ => 4,
    }
}

pub const AGE_BANDS: [&str; 5] = ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_dfe_bands() {
        let bands: Vec<&str> = [0, 1, 4, 5, 9, 10, 15, 16, 17]
            .iter()
            .map(|&a| AGE_BANDS[age_band(a)])
            .collect();
        assert_eq!(
            bands,
            [
                "Under 1",
                "1 to 4",
                "1 to 4",
                "5 to 9",
                "5 to 9",
                "10 to 15",
                "10 to 15",
                "16 and over",
                "16 and over"
            ]
        );
    }
}
