//! # kiln-gcinfo — GC info encoder and decoder
//!
//! Encodes and decodes the GC info format CoreCLR reads from ReadyToRun
//! images (GcInfo v2 for R2R 9.x on x64) from a format-neutral description:
//! code length, safepoints, interruptible ranges and slot lifetimes.
