//! # kiln-x64 — x86-64 assembler and backend
//!
//! A hand-written x86-64 encoder (one function per encoding form, named after
//! iced-x86's `Code` names), a code buffer with labels, branch relaxation and
//! symbolic relocations, and the backend that selects instructions from
//! `kiln-ir` and produces position-independent method stencils.
