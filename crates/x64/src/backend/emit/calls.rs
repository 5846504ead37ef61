//! IR `call`: arguments moved to their ABI locations (`abi::arg_locs`) as
//! one parallel move, small arguments widened by the caller (as RyuJIT
//! does), then `call qword ptr [rip+cell]` on the callee's MethodCall cell
//! or, for virtual dispatch, through a virtual-stub-dispatch cell; the call
//! is a GC safepoint. Cells and their GCRefMaps come from
//! [`crate::backend::imports`].

use kiln_ir::{ArgExt, Callee, Dispatch, FuncRef, Inst, Value};
use kiln_runtime_abi::stencil::Target;

use super::{bits, CallKind, Emitter, R10};
use crate::asm::{Gpr, Mem, Xmm};
use crate::backend::abi::{arg_locs, return_locs};
use crate::backend::imports;
use crate::backend::moves::{Loc, Move};
use crate::backend::{unsupported, BackendError};

impl Emitter<'_> {
    /// `call` of `f` with `args`.
    pub(super) fn call(
        &mut self,
        inst: Inst,
        f: FuncRef,
        args: &[Value],
    ) -> Result<(), BackendError> {
        let ext = &self.func.ext_funcs[f];
        // A callee named only by a method signature has no token and no
        // owner (`Callee::Signature`: its key in `method_sigs`).
        let (token, owner) = match ext.callee {
            Callee::Token(token) => (token, self.func.type_sig(token)),
            Callee::Signature(n) => (n, None),
        };
        let method_sig = self.func.method_sig(token);
        let direct = match method_sig {
            Some(m) => imports::method_call_sig(token, m, &ext.signature),
            None => imports::method_call(token, owner, &ext.signature),
        }
        .map_err(|reason| unsupported(reason, f))?;
        let (locs, _) = arg_locs(ext.signature.params.iter().copied());
        let arg_loc = |i: usize| locs[i].outgoing();
        // A `virtual_cell` call's last argument, the dispatch cell's
        // address, goes to RAX in the same parallel move (no argument
        // register; R11 is the move's cycle breaker), then to R11.
        let params = ext.signature.params.len();
        let moves: Vec<Move> = args
            .iter()
            .enumerate()
            .map(|(i, &v)| Move {
                dst: if i < params {
                    arg_loc(i)
                } else {
                    Loc::Reg(Gpr::RAX.number())
                },
                src: self.src_of(v),
            })
            .collect();
        self.parallel_moves(&moves);
        // Small arguments are widened by the caller (as RyuJIT does).
        for (i, p) in ext.signature.params.iter().enumerate() {
            let signed = match p.ext {
                ArgExt::Sext => true,
                ArgExt::Uext => false,
                ArgExt::None => continue,
            };
            match arg_loc(i) {
                Loc::Reg(r) => self.extend32(Gpr::ALL[r as usize], bits(p.ty), signed),
                stack => {
                    let m = self.frame.mem(stack).expect("stack argument");
                    self.buf.mov_r64_rm64(R10, m);
                    self.extend32(R10, bits(p.ty), signed);
                    self.buf.mov_rm64_r64(m, R10);
                }
            }
        }
        let id = if ext.dispatch == Dispatch::VirtualCell {
            // Virtual stub dispatch through a cell the generic dictionary
            // gave (`GenerateStubIndirection`): R11 = the cell's address,
            // as the JIT's `LowerVirtualStubCall` does for a computed one.
            self.buf
                .mov_r64_rm64(Gpr::R11, crate::asm::Rm::Reg(Gpr::RAX));
            self.buf.call_rm64(Mem::base_disp(Gpr::R11, 0))
        } else if ext.dispatch == Dispatch::Virtual {
            if method_sig.is_some() {
                // Generic virtual methods need the runtime's lookup.
                return Err(unsupported(
                    crate::backend::UnsupportedReason::CalleeToken(token),
                    f,
                ));
            }
            // Virtual stub dispatch (as crossgen2 calls virtual and
            // interface methods): R11 = the cell's address, the
            // cell holds the stub to call (first the writer's
            // delay-load thunk, then the runtime's dispatch stub).
            let import = imports::virtual_call(token, owner, &ext.signature)
                .map_err(|reason| unsupported(reason, f))?;
            let cell = self.buf.target(Target::Import(import));
            self.buf.lea_r64_m(Gpr::R11, Mem::sym(cell));
            self.buf.call_rm64(Mem::base_disp(Gpr::R11, 0))
        } else {
            let cell = self.buf.target(Target::Import(direct));
            self.buf.call_rm64(Mem::sym(cell))
        };
        self.calls.push((id, CallKind::Ir(inst)));
        // Each result from its return register (RAX/RDX, XMM0/XMM1); RAX
        // last, as `store` wants (homes are never RAX, RDX, XMM0, XMM1).
        let results = self.func.dfg.inst_results(inst);
        let locs = return_locs(results.iter().map(|&r| self.ty(r)))
            .ok_or_else(|| unsupported(crate::backend::UnsupportedReason::MultipleReturns, f))?;
        for (&r, loc) in results.iter().zip(locs).rev() {
            match loc {
                Loc::Xmm(x) => self.xstore(Xmm::ALL[x as usize], r),
                Loc::Reg(g) => self.store(Gpr::ALL[g as usize], r),
                _ => unreachable!("return registers"),
            }
        }
        Ok(())
    }
}
