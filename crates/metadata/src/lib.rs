//! # kiln-metadata — ECMA-335 reader and the type system R2R needs
//!
//! A leaf crate: reads CLI files (IL-only and ReadyToRun PE images) without
//! copying them, decodes tables, heaps, signatures, method bodies and IL, and
//! resolves references across an assembly set (following type forwarders).
//! Every later stage of the pipeline asks it what a token means.
//!
//! Specification: ECMA-335 6th edition, Partition II (metadata) and III (IL).
