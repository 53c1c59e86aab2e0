//! The audience's disclosure rule.
//!
//! Primary suppression hides counts from 1 up to the audience's threshold (DfE shows counts of
//! 1 to 5 as `c`); secondary suppression ([`super::suppress`]) hides more figures until no
//! hidden count can be worked out, or narrowed to fewer than `threshold + 1` values, from
//! everything else the audit publishes. Medians, quartiles and means of fewer than
//! `min_for_summary` children are not published either (`[low]`).

/// An audience's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Counts from 1 up to this are hidden; 0 hides nothing.
    pub suppress_up_to: u64,
    /// Summaries (medians, quartiles, means, amounts) of fewer children than this are hidden;
    /// 0 hides none.
    pub min_for_summary: u64,
}

impl Rule {
    pub const NONE: Rule = Rule {
        suppress_up_to: 0,
        min_for_summary: 0,
    };

    pub fn is_small(self, count: u64) -> bool {
        count >= 1 && count <= self.suppress_up_to
    }

    /// Whether a summary of `children` values may be published.
    pub fn summary_allowed(self, children: u64) -> bool {
        children >= self.min_for_summary.max(1)
    }
}
