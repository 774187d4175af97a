//! Program contexts: Sluice's internal layout of each context structure ([`ContextLayout`]) and
//! the load-time rewriting that makes a program read it ([`rewrite_context_accesses`]).

mod layout;
mod rewrite;

pub use layout::{ContextLayout, MovedPointer};
pub use rewrite::rewrite_context_accesses;
