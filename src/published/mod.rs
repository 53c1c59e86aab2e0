//! Published statistics that authorities compare themselves with: the datasets of a project's
//! `indicators/` folder, their periods and missing-value symbols, the authorities they cover
//! and the groups of comparators each authority is set beside.

pub mod areas;
pub mod comparators;
pub mod dataset;
pub mod meta;
pub mod missing;
pub mod period;
pub mod read;
pub mod sentences;
