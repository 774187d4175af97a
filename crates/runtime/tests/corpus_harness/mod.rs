//! The pieces of the differential harness in `tests/corpus.rs`.

pub(crate) mod kernel_load;
pub(crate) mod kernel_side;
pub(crate) mod manifest;
pub(crate) mod outcome;
pub(crate) mod recorded;
pub(crate) mod sluice_side;
