//! # kiln-tests — end-to-end harness
//!
//! Builds the C# programs under `tests/programs` with mcs, runs them on the
//! real .NET 8 runtime (under the JIT and, once kiln compiles them, from
//! kiln's ReadyToRun images) and compares exit codes, output and the JIT log.
