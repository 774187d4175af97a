//! Shared code of the integration tests.

pub(crate) mod btf;
