//! # kiln-driver — the salsa database, the public compile API and the CLI
//!
//! Owns orchestration: inputs (assembly files, compile options) live in a
//! salsa database; per-method queries run IL → IR → stencil; the writer turns
//! the stencils into an image and a report says what was compiled or skipped.
