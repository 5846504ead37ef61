//! IR operations that are calls to runtime helpers: `type_check`
//! (castclass/isinst/unbox helpers), `new_array`, `new_object`,
//! `store_elem_ref`, `elem_addr_ref`, `static_base`, `class_init`, `runtime_lookup`
//! (`ldtoken` handles, other assemblies' static fields), `delegate_ctor`,
//! `string_const` and `throw`, the GC poll at loop heads, plus the plain
//! helper call every module uses. Each is a GC
//! safepoint except where noted; the cells (section and fixup signature)
//! come from [`crate::backend::imports`].

use kiln_ir::{ArrayElem, HandleOp, Inst, LookupKind, TypeCheckOp, Value};
use kiln_runtime_abi::r2r::Helper;
use kiln_runtime_abi::stencil::{Import, Target};

use super::{CallKind, Emitter, RAX};
use crate::asm::{Cond, Gpr, InstId, Mem, Rm, Sym};
use crate::backend::imports;
use crate::backend::moves::{Loc, Move};
use crate::backend::{unsupported, BackendError, UnsupportedReason};

impl Emitter<'_> {
    /// `call qword ptr [rip+cell]` on the Eager cell of runtime helper
    /// `helper` (the R2R helper-call shape, REFERENCES §5); the caller
    /// records the call as a safepoint or call point where it is one.
    pub(super) fn call_helper(&mut self, helper: Helper) -> InstId {
        let cell = self.buf.target(Target::Import(imports::helper(helper)));
        self.buf.call_rm64(Mem::sym(cell))
    }

    /// GC poll at the head of loop block `i` (methods with GC references,
    /// which are partially interruptible): the inline check RyuJIT emits
    /// (`GCPOLL_INLINE`), reading `g_TrapReturningThreads` through the
    /// `READYTORUN_HELPER_IndirectTrapThreads` cell, and only while a thread
    /// suspension is pending the call to `CORINFO_HELP_POLL_GC`, a safepoint
    /// reporting the block's live references (nothing but RAX, scratch and
    /// free at a block's start, is touched before it).
    ///
    /// ```text
    /// mov rax, [rip+IndirectTrapThreads]
    /// cmp dword [rax], 0
    /// je  resume
    /// call [rip+GCPoll]
    /// resume:
    /// ```
    pub(super) fn gc_poll(&mut self, i: usize) {
        let trap = self
            .buf
            .target(Target::Import(imports::helper(Helper::IndirectTrapThreads)));
        self.buf.mov_r64_rm64(Gpr::RAX, Rm::Mem(Mem::sym(trap)));
        self.buf.cmp_rm32_imm8(Rm::Mem(Mem::base(Gpr::RAX)), 0);
        let resume = self.buf.new_label();
        self.buf.jcc(Cond::E, resume);
        let call = self.call_helper(Helper::GCPoll);
        self.calls.push((call, CallKind::Poll(i)));
        self.buf.bind(resume);
    }

    /// The cell of `import` (an unsupported one refused at `inst`).
    fn cell(
        &mut self,
        inst: Inst,
        import: Result<Import, UnsupportedReason>,
    ) -> Result<Sym, BackendError> {
        let import = import.map_err(|reason| unsupported(reason, inst))?;
        Ok(self.buf.target(Target::Import(import)))
    }

    /// `type_check`.
    pub(super) fn type_check(
        &mut self,
        inst: Inst,
        op: TypeCheckOp,
        arg: Value,
        type_token: u32,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        // CastHelpers.ChkCastAny / IsInstanceOfAny(type handle in
        // RDI, object in RSI) -> the object or null (or throws
        // InvalidCastException). Managed helpers: a GC safepoint.
        let r = result.expect("type check result");
        self.load(arg, Gpr::RSI);
        let handle = self.cell(inst, imports::object_type_handle(self.func, type_token))?;
        self.buf.mov_r64_rm64(Gpr::RDI, Rm::Mem(Mem::sym(handle)));
        let helper = match op {
            TypeCheckOp::CastClass => Helper::CheckCastAny,
            TypeCheckOp::IsInst => Helper::CheckInstanceAny,
            // JIT_Unbox(type, object) -> pointer to the data.
            TypeCheckOp::Unbox => Helper::Unbox,
        };
        let id = self.call_helper(helper);
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
        Ok(())
    }

    /// `new_array`.
    pub(super) fn new_array(
        &mut self,
        inst: Inst,
        arg: Value,
        elem: ArrayElem,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        // NewArray helper (CORINFO_HELP_NEWARR_1_DIRECT): RDI = the
        // array type's handle, RSI = the length. A GC safepoint.
        let r = result.expect("new_array result");
        self.load(arg, Gpr::RSI);
        let handle = self.cell(inst, imports::array_type_handle(self.func, elem))?;
        self.buf.mov_r64_rm64(Gpr::RDI, Rm::Mem(Mem::sym(handle)));
        let id = self.call_helper(Helper::NewArray);
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
        Ok(())
    }

    /// `store_elem_ref`.
    pub(super) fn store_elem_ref(&mut self, inst: Inst, args: [Value; 3]) {
        // StelemRef(array RDI, index RSI, value RDX): bounds, type
        // and null checks, write barrier. A GC safepoint.
        self.args_to(&args, &[Gpr::RDI, Gpr::RSI, Gpr::RDX]);
        let id = self.call_helper(Helper::Stelem_Ref);
        self.calls.push((id, CallKind::Ir(inst)));
    }

    /// Moves `args` into the argument registers `regs` (in parallel: a
    /// value may sit in another's destination).
    fn args_to(&mut self, args: &[Value], regs: &[Gpr]) {
        let moves: Vec<Move> = args
            .iter()
            .zip(regs)
            .map(|(&v, r)| Move {
                dst: Loc::Reg(r.number()),
                src: self.src_of(v),
            })
            .collect();
        self.parallel_moves(&moves);
    }

    /// `elem_addr_ref`.
    pub(super) fn elem_addr_ref(
        &mut self,
        inst: Inst,
        args: [Value; 2],
        type_token: u32,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        // LdelemaRef(array RDI, index RSI, element type handle RDX) -> the
        // element's address (CastHelpers.LdelemaRef: null, bounds and
        // exact element type checks). A GC safepoint.
        let r = result.expect("elem_addr_ref result");
        let handle = self.cell(inst, imports::object_type_handle(self.func, type_token))?;
        self.args_to(&args, &[Gpr::RDI, Gpr::RSI]);
        self.buf.mov_r64_rm64(Gpr::RDX, Rm::Mem(Mem::sym(handle)));
        let id = self.call_helper(Helper::Ldelema_Ref);
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
        Ok(())
    }

    /// `new_object`.
    pub(super) fn new_object(
        &mut self,
        inst: Inst,
        type_token: u32,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        // The class's MethodTable comes from a TypeHandle cell
        // (resolved through the method's fixup list before it first
        // runs); the NewObject helper (CORINFO_HELP_NEWFAST) takes it
        // in RDI and returns the zeroed object. A GC safepoint.
        let r = result.expect("new_object result");
        let handle = self.cell(inst, imports::object_type_handle(self.func, type_token))?;
        self.buf.mov_r64_rm64(Gpr::RDI, Rm::Mem(Mem::sym(handle)));
        let id = self.call_helper(Helper::NewObject);
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
        Ok(())
    }

    /// `static_base`.
    pub(super) fn static_base(
        &mut self,
        inst: Inst,
        gc: bool,
        thread: bool,
        type_token: u32,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        // crossgen2's shape (System.Private.CoreLib 8.0.4, e.g.
        // Environment.get_ProcessId): `call qword ptr [rip+cell]` on
        // a DelayLoad_Helper cell whose signature is
        // StaticBaseGC/StaticBaseNonGC of the class; the base comes
        // back in RAX. The first call runs the class constructor if
        // needed. A GC safepoint; the base is reported as interior.
        // Thread statics: the same call on a ThreadStaticBaseGC/NonGC
        // cell (crossgen2's ReadyToRunHelperId.GetThreadStaticBase /
        // GetThreadNonGcStaticBase); the runtime's helper returns the
        // calling thread's base, allocating it on the thread's first use
        // (its GC base lies in a movable array: interior, like all bases).
        let r = result.expect("static_base result");
        let cell = self.cell(
            inst,
            imports::static_base(gc, thread, type_token, self.func.type_sig(type_token)),
        )?;
        let id = self.buf.call_rm64(Mem::sym(cell));
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
        Ok(())
    }

    /// `runtime_lookup`: a handle (the Lazy handle cell in RDI, then the
    /// Eager `GetRuntime*Handle` helper: the handle's object in RAX) or a
    /// static field's address (`call` of its FieldAddress delay-load cell:
    /// the address in RAX). A GC safepoint.
    pub(super) fn runtime_lookup(
        &mut self,
        inst: Inst,
        kind: LookupKind,
        token: u32,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        let r = result.expect("runtime_lookup result");
        let cell = self.cell(inst, imports::runtime_lookup(self.func, kind, token))?;
        let id = match imports::lookup_helper(kind) {
            Some(helper) => {
                self.buf.mov_r64_rm64(Gpr::RDI, Rm::Mem(Mem::sym(cell)));
                self.call_helper(helper)
            }
            None => self.buf.call_rm64(Mem::sym(cell)),
        };
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
        Ok(())
    }

    /// `generic_lookup`: the JIT's `CORINFO_HELP_READYTORUN_GENERIC_HANDLE`
    /// call as crossgen2 binds it — the generic context in RDI (the first
    /// argument register, where `ProcessDynamicDictionaryLookup` reads it),
    /// `call qword ptr [rip+cell]` on the lookup's DelayLoad_Helper cell;
    /// the handle comes back in RAX. The first call resolves the
    /// dictionary slot and patches the cell with a lookup stub for it
    /// (`DynamicHelperFixup`, src/coreclr/vm/prestub.cpp). A GC safepoint.
    pub(super) fn generic_lookup(
        &mut self,
        inst: Inst,
        ctx: Value,
        lookup: u32,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        let r = result.expect("generic_lookup result");
        let cell = self.cell(inst, imports::generic_lookup(self.func, lookup))?;
        self.load(ctx, Gpr::RDI);
        let id = self.buf.call_rm64(Mem::sym(cell));
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
        Ok(())
    }

    /// `new_object_h`, `new_array_h`, `cast_class_h`, `is_inst_h`,
    /// `type_object_h`: the helper of the token form with the handle
    /// computed at run time — RDI = the handle, RSI = the other operand
    /// (the length, the object). A GC safepoint.
    pub(super) fn handle_call(
        &mut self,
        inst: Inst,
        op: HandleOp,
        args: &[Value],
        result: Option<Value>,
    ) {
        let r = result.expect("handle_call result");
        let handle = args[args.len() - 1];
        let helper = imports::handle_helper(op);
        match args {
            [_] => self.load(handle, Gpr::RDI),
            _ => self.args_to(&[handle, args[0]], &[Gpr::RDI, Gpr::RSI]),
        }
        let id = self.call_helper(helper);
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
    }

    /// `monitor_enter`/`monitor_exit`: RDI = the object, RSI = the address
    /// of the "acquired" byte, `call qword ptr [rip+cell]` on the
    /// MonitorEnter/MonitorExit helper cell (what RyuJIT's synchronized
    /// methods call). A GC safepoint.
    pub(super) fn monitor(&mut self, inst: Inst, enter: bool, args: [Value; 2]) {
        self.args_to(&args, &[Gpr::RDI, Gpr::RSI]);
        let id = self.call_helper(if enter {
            Helper::MonitorEnter
        } else {
            Helper::MonitorExit
        });
        self.calls.push((id, CallKind::Ir(inst)));
    }

    /// `delegate_ctor`: the JIT's `CORINFO_HELP_READYTORUN_DELEGATE_CTOR`
    /// call (`fgOptimizeDelegateConstructor`): RDI = the new delegate, RSI
    /// = the target object, `call qword ptr [rip+cell]` on its DelegateCtor
    /// cell. A GC safepoint.
    pub(super) fn delegate_ctor(
        &mut self,
        inst: Inst,
        args: [Value; 2],
        method_token: u32,
        type_token: u32,
    ) -> Result<(), BackendError> {
        let cell = self.cell(
            inst,
            imports::delegate_ctor(self.func, method_token, type_token),
        )?;
        self.args_to(&args, &[Gpr::RDI, Gpr::RSI]);
        let id = self.buf.call_rm64(Mem::sym(cell));
        self.calls.push((id, CallKind::Ir(inst)));
        Ok(())
    }

    /// `virtual_ftn`: the JIT's `CORINFO_HELP_READYTORUN_VIRTUAL_FUNC_PTR`
    /// call (`impImportLdvirtftn`): RDI = the object, `call qword ptr
    /// [rip+cell]` on its VirtualEntry cell, the code address in RAX. A GC
    /// safepoint.
    pub(super) fn virtual_ftn(
        &mut self,
        inst: Inst,
        obj: Value,
        method_token: u32,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        let r = result.expect("virtual_ftn result");
        let cell = self.cell(inst, imports::virtual_entry(method_token))?;
        self.load(obj, Gpr::RDI);
        let id = self.buf.call_rm64(Mem::sym(cell));
        self.calls.push((id, CallKind::Ir(inst)));
        self.store(RAX, r);
        Ok(())
    }

    /// `class_init`.
    pub(super) fn class_init(&mut self, inst: Inst, type_token: u32) -> Result<(), BackendError> {
        // crossgen2's CctorTrigger helper (CORINFO_HELP_READYTORUN_STATIC_BASE
        // at a method's entry): `call qword ptr [rip+cell]` on a
        // DelayLoad_Helper cell with a CctorTrigger signature.
        let cell = self.cell(
            inst,
            imports::cctor_trigger(type_token, self.func.type_sig(type_token)),
        )?;
        let id = self.buf.call_rm64(Mem::sym(cell));
        self.calls.push((id, CallKind::Ir(inst)));
        Ok(())
    }

    /// `string_const`.
    pub(super) fn string_const(
        &mut self,
        inst: Inst,
        token: u32,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        // The String cell holds a handle: the address of the slot
        // holding the interned string object.
        let r = result.expect("string_const result");
        let cell = self.cell(inst, imports::string(token))?;
        self.buf.mov_r64_rm64(RAX, Rm::Mem(Mem::sym(cell)));
        self.buf.mov_r64_rm64(RAX, Rm::Mem(Mem::base_disp(RAX, 0)));
        self.store(RAX, r);
        Ok(())
    }

    /// `throw`.
    pub(super) fn throw(&mut self, arg: Value) {
        // IL `throw`: the helper takes the object in RDI and never
        // returns.
        self.load(arg, Gpr::RDI);
        let id = self.call_helper(Helper::Throw);
        self.calls.push((id, CallKind::NoReturn));
        self.buf.int3();
    }
}
