//! # kiln-lower — IL importer and bubble-aware lowering passes
//!
//! Turns a method's IL (evaluation stack, locals, arguments) into
//! `kiln-ir` SSA, asking everything it needs to know about types and members
//! through an environment trait so tests can supply a fake one.
