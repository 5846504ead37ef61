//! # kiln-x64 — x86-64 assembler and backend
//!
//! A hand-written x86-64 encoder (one function per encoding form, named after
//! iced-x86's `Code` names), a code buffer with labels, branch relaxation and
//! symbolic relocations, and the backend that selects instructions from
//! `kiln-ir` and produces position-independent method stencils.
//!
//! ```text
//!   kiln-ir ──► backend (instruction selection, register allocation)
//!                 │ calls one CodeBuffer method per instruction
//!                 ▼
//!               asm::CodeBuffer ──finish()──► asm::Assembled
//!                 (bytes, labels, relaxation,     (code, relocs, offsets)
//!                  relocations, alignment)            │
//!                                                     ▼
//!                                          kiln_runtime_abi::stencil::MethodStencil
//! ```
//!
//! [`asm`] is the assembler layer: see its documentation for how to emit
//! instructions, use labels, reference import cells and read offsets. Every
//! encoding form is verified against iced-x86's decoder by the differential
//! tests in `crates/x64/tests/`.
//!
//! [`X64Backend`] is this crate's implementation of the code-generator
//! plugin point, [`kiln_codegen::Backend`]: the driver's registry selects it
//! for `x86_64-unknown-linux-gnu`.

pub mod asm;
pub mod backend;

use kiln_codegen::target_lexicon::{Architecture, OperatingSystem};
use kiln_codegen::{Backend, CallingConvention, CodegenError, CodegenOptions, Isa, Unsupported};
use kiln_ir::Function;
use kiln_runtime_abi::stencil::MethodStencil;

use asm::{Gpr, Width};

/// The x86-64 backend behind the [`kiln_codegen::Backend`] trait: linux-x64,
/// the managed SysV calling convention, [`backend::compile`] for the code.
///
/// ```
/// use kiln_codegen::Backend;
/// let x64 = kiln_x64::X64Backend::new();
/// assert_eq!(x64.isa().name, "x64");
/// assert_eq!(x64.calling_convention().integer_arguments[0], "rdi");
/// assert!(x64.supports(&"x86_64-unknown-linux-gnu".parse().unwrap()));
/// assert!(!x64.supports(&"x86_64-pc-windows-msvc".parse().unwrap()));
/// ```
#[derive(Debug)]
pub struct X64Backend {
    isa: Isa,
    calling_convention: CallingConvention,
}

impl Default for X64Backend {
    fn default() -> Self {
        Self::new()
    }
}

impl X64Backend {
    /// The backend, its descriptions built from the constants the register
    /// allocator and the argument placement use ([`backend::abi::ARG_REGS`],
    /// [`backend::abi::XMM_ARG_REGS`],
    /// [`backend::regalloc::CALLEE_SAVED_HOMES`]).
    pub fn new() -> Self {
        const XMM: [&str; 16] = [
            "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
            "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
        ];
        let gpr = |r: u8| {
            Gpr::new(r)
                .expect("register numbers of the backend's own tables are 0-15")
                .name(Width::B64)
        };
        // RBP is the frame pointer the prolog saves; the allocator's
        // callee-saved homes are the others.
        let mut callee_saved = vec![gpr(5)];
        callee_saved.extend(
            backend::regalloc::CALLEE_SAVED_HOMES
                .iter()
                .map(|&r| gpr(r)),
        );
        X64Backend {
            isa: Isa {
                name: "x64",
                architecture: Architecture::X86_64,
                operating_systems: vec![OperatingSystem::Linux],
                pointer_bytes: 8,
                code_alignment: 16,
            },
            calling_convention: CallingConvention {
                name: "System V AMD64 (CoreCLR managed)",
                integer_arguments: backend::abi::ARG_REGS.iter().map(|&r| gpr(r)).collect(),
                float_arguments: XMM[..backend::abi::XMM_ARG_REGS as usize].to_vec(),
                integer_returns: vec![gpr(0), gpr(2)],
                float_returns: vec![XMM[0], XMM[1]],
                callee_saved,
                stack_alignment: 16,
                specification: "System V AMD64 psABI §3.2; docs/design/coreclr/botr/clr-abi.md",
            },
        }
    }
}

impl Backend for X64Backend {
    fn isa(&self) -> &Isa {
        &self.isa
    }

    fn calling_convention(&self) -> &CallingConvention {
        &self.calling_convention
    }

    fn compile(
        &self,
        func: &Function,
        options: &CodegenOptions,
    ) -> Result<MethodStencil, CodegenError> {
        let opts = backend::BackendOptions {
            target: options.runtime,
            debug_bounds: options.debug_bounds,
        };
        backend::compile(func, &opts).map_err(|e| match e {
            backend::BackendError::Unsupported(u) => {
                let (construct, detail) = u.reason.class();
                CodegenError::Unsupported(Unsupported {
                    construct,
                    detail,
                    message: u.to_string(),
                })
            }
            backend::BackendError::InvalidIr(e) => CodegenError::InvalidIr(e),
            backend::BackendError::Internal(e) => CodegenError::Internal(e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiln_ir::{AbiParam, Type};

    /// The description says what `abi::arg_locs` does: the n-th integer
    /// argument in the n-th described register, floats counted apart.
    #[test]
    fn calling_convention_matches_argument_placement() {
        let cc = X64Backend::new().calling_convention().clone();
        let ints = vec![AbiParam::new(Type::I64); cc.integer_arguments.len() + 1];
        let (locs, stack) = backend::abi::arg_locs(ints);
        assert_eq!(stack, 1);
        for (i, name) in cc.integer_arguments.iter().enumerate() {
            match locs[i] {
                backend::abi::ArgLoc::Reg(backend::moves::Loc::Reg(r)) => {
                    assert_eq!(Gpr::new(r).unwrap().name(Width::B64), *name)
                }
                other => panic!("argument {i} in {other:?}"),
            }
        }
        let floats = vec![AbiParam::new(Type::F64); cc.float_arguments.len() + 1];
        let (locs, stack) = backend::abi::arg_locs(floats);
        assert_eq!(stack, 1);
        for (i, name) in cc.float_arguments.iter().enumerate() {
            match locs[i] {
                backend::abi::ArgLoc::Reg(backend::moves::Loc::Xmm(x)) => {
                    assert_eq!(format!("xmm{x}"), *name)
                }
                other => panic!("float argument {i} in {other:?}"),
            }
        }
    }
}
