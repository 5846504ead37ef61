//! The managed calling convention on SysV x64 and the target runtime as a
//! value.
//!
//! Specification: `docs/design/coreclr/botr/clr-abi.md` (pre-.NET 10 copy:
//! hidden arguments, PSPSym, funclets), `src/coreclr/jit/targetamd64.h`
//! (register sets for `UNIX_AMD64_ABI`), `src/coreclr/vm/amd64/cgencpu.h`
//! and crossgen2 `TransitionBlock.cs` (transition block layout for GCRefMap),
//! `src/coreclr/inc/readytorun.h` (delay-load helper convention).

use crate::r2r::Helper;

/// x64 register numbers (the encoding used by unwind codes and GC info).
pub mod reg {
    /// rax
    pub const RAX: u8 = 0;
    /// rcx
    pub const RCX: u8 = 1;
    /// rdx
    pub const RDX: u8 = 2;
    /// rbx
    pub const RBX: u8 = 3;
    /// rsp
    pub const RSP: u8 = 4;
    /// rbp
    pub const RBP: u8 = 5;
    /// rsi
    pub const RSI: u8 = 6;
    /// rdi
    pub const RDI: u8 = 7;
    /// r8
    pub const R8: u8 = 8;
    /// r9
    pub const R9: u8 = 9;
    /// r10
    pub const R10: u8 = 10;
    /// r11
    pub const R11: u8 = 11;
    /// r12
    pub const R12: u8 = 12;
    /// r13
    pub const R13: u8 = 13;
    /// r14
    pub const R14: u8 = 14;
    /// r15
    pub const R15: u8 = 15;
}

/// Facts about the managed calling convention on SysV x64 (Linux).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ManagedCallConv {
    /// Integer argument registers in order.
    pub int_args: &'static [u8],
    /// Number of XMM argument registers (xmm0..).
    pub float_args: u8,
    /// Integer return registers (rax, rdx).
    pub int_returns: &'static [u8],
    /// Callee-saved (non-volatile) integer registers.
    pub callee_saved: &'static [u8],
    /// Caller-saved (volatile) integer registers.
    pub caller_saved: &'static [u8],
    /// Whether any XMM register is callee-saved (none on SysV).
    pub callee_saved_xmm: bool,
    /// Stack alignment at call sites.
    pub stack_alignment: u32,
    /// Register holding the virtual-stub-dispatch cell address (r11).
    pub vsd_cell: u8,
    /// Register holding the P/Invoke target / secret stub argument (r10).
    pub secret_arg: u8,
    /// Write barrier destination register (rdi).
    pub write_barrier_dst: u8,
    /// Write barrier reference register (rsi).
    pub write_barrier_ref: u8,
    /// Register a funclet receives the establisher frame in (rdi).
    pub funclet_establisher: u8,
    /// Register a catch/filter funclet receives the exception object in (rsi).
    pub funclet_exception: u8,
    /// Structs of at most this many bytes are classified per SysV and may be
    /// passed in registers; larger ones go by value on the stack.
    pub max_struct_in_regs: u32,
}

/// The managed calling convention on linux-x64.
///
/// Hidden arguments come first, in this order: `this`, the return buffer
/// (whose address is returned in RAX), the generic context, then the
/// user arguments.
pub const SYSV_MANAGED: ManagedCallConv = ManagedCallConv {
    int_args: &[reg::RDI, reg::RSI, reg::RDX, reg::RCX, reg::R8, reg::R9],
    float_args: 8,
    int_returns: &[reg::RAX, reg::RDX],
    callee_saved: &[reg::RBX, reg::RBP, reg::R12, reg::R13, reg::R14, reg::R15],
    caller_saved: &[
        reg::RAX,
        reg::RCX,
        reg::RDX,
        reg::RSI,
        reg::RDI,
        reg::R8,
        reg::R9,
        reg::R10,
        reg::R11,
    ],
    callee_saved_xmm: false,
    stack_alignment: 16,
    vsd_cell: reg::R11,
    secret_arg: reg::R10,
    write_barrier_dst: reg::RDI,
    write_barrier_ref: reg::RSI,
    funclet_establisher: reg::RDI,
    funclet_exception: reg::RSI,
    max_struct_in_regs: 16,
};

/// The `TransitionBlock` on linux-x64, which GCRefMap positions index:
/// positions 0–5 are the argument registers RDI, RSI, RDX, RCX, R8, R9;
/// the callee-saved registers and return address follow; stack arguments
/// start at byte [`TRANSITION_BLOCK_STACK_ARGS`], i.e. position
/// [`GCREFMAP_FIRST_STACK_POS`].
pub const TRANSITION_BLOCK_STACK_ARGS: u32 = 104;
/// GCRefMap position of the first stack argument.
pub const GCREFMAP_FIRST_STACK_POS: u32 = 13;

/// How the delay-load helpers are entered on x64 (readytorun.h):
/// RAX = cell address (or 0: inferred from the `call [rip+disp32]` before
/// the return address), `[rsp]` = the module cell's value, `[rsp+8]` = the
/// import section index (pushed as imm8, so < 128).
pub const DELAY_LOAD_MAX_SECTION_INDEX: u32 = 127;

/// Version of the GC info encoding a runtime reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GcInfoVersion {
    /// GcInfo v2 (R2R ≤ 9.1): safepoint offsets are the call's return
    /// address − 1; return kind in the header; generics context caller-SP
    /// relative.
    V2,
    /// GcInfo v3 (R2R 9.2, .NET 9).
    V3,
    /// GcInfo v4 (R2R 11+).
    V4,
}

/// How funclets find their parent frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FuncletAbi {
    /// PSPSym: the main body stores Initial-SP in a slot; funclets receive
    /// the establisher frame in RDI and re-derive RBP from the PSPSym.
    PspSym,
    /// No PSPSym (R2R 13+).
    NoPspSym,
}

/// The runtime an image targets. Everything version-dependent is asked of
/// this value, so supporting a later runtime means adding a constructor,
/// not editing callers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TargetRuntime {
    /// R2R major version written to the header.
    pub r2r_major: u16,
    /// R2R minor version written to the header.
    pub r2r_minor: u16,
    /// GC info version.
    pub gc_info: GcInfoVersion,
    /// Funclet ABI.
    pub funclets: FuncletAbi,
    /// Highest header flag the runtime knows.
    pub max_flag: u32,
}

impl TargetRuntime {
    /// CoreCLR 8.0 (R2R 9.1) on linux-x64.
    pub const NET8: TargetRuntime = TargetRuntime {
        r2r_major: 9,
        r2r_minor: 1,
        gc_info: GcInfoVersion::V2,
        funclets: FuncletAbi::PspSym,
        max_flag: 0x80,
    };

    /// The runtime for an R2R version, if kiln knows it.
    pub fn from_r2r_version(major: u16, minor: u16) -> Option<TargetRuntime> {
        match (major, minor) {
            (9, 0..=1) => Some(TargetRuntime {
                r2r_minor: minor,
                ..Self::NET8
            }),
            _ => None,
        }
    }

    /// Whether a helper id may be used with this runtime.
    pub fn has_helper(&self, h: Helper) -> bool {
        match h {
            Helper::NewMaybeFrozenArray | Helper::NewMaybeFrozenObject => {
                self.r2r_major > 9 || self.r2r_minor >= 1
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net8_is_v2_with_pspsym() {
        let t = TargetRuntime::from_r2r_version(9, 1).unwrap();
        assert_eq!(t, TargetRuntime::NET8);
        assert_eq!(t.gc_info, GcInfoVersion::V2);
        assert!(TargetRuntime::from_r2r_version(10, 0).is_none());
        assert!(!TargetRuntime::from_r2r_version(9, 0)
            .unwrap()
            .has_helper(Helper::NewMaybeFrozenObject));
        assert_eq!(SYSV_MANAGED.int_args.len(), 6);
    }
}
