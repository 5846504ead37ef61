//! # kiln-ir — kiln's typed SSA intermediate representation
//!
//! Functions of basic blocks with parameters (no phi nodes), typed values and
//! instructions stored in entity maps owned by the function. Produced by
//! `kiln-lower` from IL, consumed by the backends.
