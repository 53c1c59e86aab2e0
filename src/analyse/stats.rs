//! Small statistics: confidence intervals for shares, quartiles.

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The Wilson score interval for `count` successes in `n` trials, as shares between 0 and 1.
/// Unlike the textbook normal interval it stays inside [0, 1] and behaves for small counts,
/// which audit samples of 100 to 300 children split into groups always have.
pub fn wilson(count: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 || count > n {
        return None;
    }
    let n = n as f64;
    let p = count as f64 / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let spread = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let denominator = 1.0 + z2 / n;
    let low = ((centre - spread) / denominator).max(0.0);
    let high = ((centre + spread) / denominator).min(1.0);
    Some((low, high))
}

/// Lower quartile, median and upper quartile, interpolating between order statistics (the
/// method of Excel's QUARTILE.INC and R's default), so analysts can check figures in a
/// spreadsheet.
pub fn quartiles(values: &[f64]) -> Option<(f64, f64, f64)> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let position = q * (sorted.len() - 1) as f64;
        let below = position.floor() as usize;
        let above = position.ceil() as usize;
        sorted[below] + (sorted[above] - sorted[below]) * (position - below as f64)
    };
    Some((at(0.25), at(0.5), at(0.75)))
}

/// `x` rounded to `decimals` places, halves away from zero ("round half up", as official
/// statistics round: 14.25 is 14.3 and 42.5 is 43), not to even. The value is first rounded to
/// 9 significant decimals so that binary noise (14.35 stored as 14.3499...) rounds as written.
pub fn round_half_up(x: f64, decimals: i32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(decimals);
    let scaled = x * scale;
    let cleaned = (scaled * 1e9).round() / 1e9;
    cleaned.signum() * (cleaned.abs() + 0.5).floor() / scale
}

pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 5e-5
    }

    #[test]
    fn wilson_matches_hand_computed_values() {
        // 38 of 120: p = 0.31667; by hand with z = 1.96 the interval is 0.2402 to 0.4045.
        let (low, high) = wilson(38, 120, Z95).unwrap();
        assert!(close(low, 0.2402) && close(high, 0.4045), "{low} {high}");
        // 0 of 20: 0 to 0.1611.
        let (low, high) = wilson(0, 20, Z95).unwrap();
        assert!(close(low, 0.0) && close(high, 0.1611), "{low} {high}");
        // 20 of 20: 0.8389 to 1.
        let (low, high) = wilson(20, 20, Z95).unwrap();
        assert!(close(low, 0.8389) && close(high, 1.0), "{low} {high}");
        assert_eq!(wilson(1, 0, Z95), None);
        assert_eq!(wilson(3, 2, Z95), None);
    }

    #[test]
    fn quartiles_match_spreadsheet_quartile_inc() {
        // QUARTILE.INC({1,2,3,4,5,6,7,8}, 1..3) = 2.75, 4.5, 6.25
        assert_eq!(
            quartiles(&[8.0, 1.0, 3.0, 2.0, 5.0, 4.0, 7.0, 6.0]),
            Some((2.75, 4.5, 6.25))
        );
        assert_eq!(quartiles(&[5.0]), Some((5.0, 5.0, 5.0)));
        assert_eq!(
            quartiles(&[1.0, 2.0, 3.0, 4.0, 100.0]),
            Some((2.0, 3.0, 4.0))
        );
        assert_eq!(quartiles(&[]), None);
        assert_eq!(mean(&[1.0, 2.0, 6.0]), Some(3.0));
    }

    #[test]
    fn halves_round_up() {
        assert_eq!(round_half_up(14.25, 1), 14.3);
        assert_eq!(round_half_up(14.35, 1), 14.4);
        assert_eq!(round_half_up(26.25, 1), 26.3);
        assert_eq!(round_half_up(42.5, 0), 43.0);
        assert_eq!(round_half_up(2.5, 0), 3.0);
        assert_eq!(round_half_up(-2.5, 0), -3.0);
        assert_eq!(round_half_up(0.125, 2), 0.13);
        assert_eq!(round_half_up(14.24, 1), 14.2);
    }

    proptest! {
        #[test]
        fn rounding_half_up_is_within_half_a_unit(x in -1e6f64..1e6, d in 0i32..3) {
            let r = round_half_up(x, d);
            let unit = 10f64.powi(-d);
            prop_assert!((r - x).abs() <= unit / 2.0 + 1e-6);
        }

        #[test]
        fn wilson_interval_holds_the_share_and_stays_in_bounds(n in 1u64..2000, k in 0u64..2000) {
            let count = k % (n + 1);
            let (low, high) = wilson(count, n, Z95).unwrap();
            let p = count as f64 / n as f64;
            prop_assert!(0.0 <= low && low <= p + 1e-12);
            prop_assert!(p - 1e-12 <= high && high <= 1.0);
        }

        #[test]
        fn wilson_narrows_as_samples_grow(n in 10u64..500) {
            let (l1, h1) = wilson(n / 2, n, Z95).unwrap();
            let (l2, h2) = wilson(n * 2, n * 4, Z95).unwrap();
            prop_assert!(h2 - l2 < h1 - l1);
        }

        #[test]
        fn quartiles_are_ordered_and_within_the_data(values in proptest::collection::vec(-1e6f64..1e6, 1..60)) {
            let (q1, q2, q3) = quartiles(&values).unwrap();
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(min <= q1 && q1 <= q2 && q2 <= q3 && q3 <= max);
        }
    }
}
