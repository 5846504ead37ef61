//! # kiln-writer — ReadyToRun image writer (and reader)
//!
//! Takes position-independent method stencils and lays out a container the
//! runtime loads: today a PE image with a READYTORUN_HEADER (R2R 9.1), with
//! the original metadata and IL kept whole. Assigns RVAs, import cells and
//! thunks, and patches relocations.
