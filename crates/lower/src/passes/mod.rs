//! IR-to-IR passes the importer runs on its output before verification.
//! Each takes a verified-shape `kiln_ir::Function` and keeps its semantics.
//!
//! * [`remove_trivial_params`]: minimal SSA from the importer's
//!   one-parameter-per-variable-and-slot blocks.
//! * [`remove_this_null_checks`]: drops the null checks of an instance
//!   method's own `this`.
//! * [`remove_non_null_checks`]: drops the null checks of fresh
//!   allocations and string literals.
//! * [`remove_dominated_checks`]: drops conditional traps an identical,
//!   dominating one already made.
//! * [`fold_constants`]: folds integer operations on constants, drops
//!   traps that cannot fire, turns branches on constants into jumps and
//!   removes unreachable blocks (run by the driver after inlining).
//! * [`inline::inline_calls`]: copies small leaf callees into their
//!   callers (run by the driver, which supplies the callees' IR).

mod const_fold;
mod dominated_checks;
pub mod inline;
mod this_null_checks;
mod trivial_params;

pub use const_fold::fold_constants;
pub use dominated_checks::remove_dominated_checks;
pub use this_null_checks::{remove_non_null_checks, remove_this_null_checks};
pub use trivial_params::remove_trivial_params;
