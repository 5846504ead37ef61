//! Value types passed and returned by value on System V x64, as CoreCLR's
//! managed calling convention does it (docs/design/coreclr/botr/clr-abi.md;
//! the runtime's argument iterator `ArgIteratorTemplate` in
//! src/coreclr/vm/callingconvention.h; the eightbyte classification in
//! `kiln_runtime_abi::sysv_struct`).
//!
//! A struct of at most 16 bytes whose eightbytes all fit in the argument
//! registers left is passed in them: the IR signature gets one parameter
//! per eightbyte (`i64` for INTEGER, `ref` for an INTEGER holding an object
//! reference — the call's GCRefMap and the callee's GC info then report it
//! — and `f64` for SSE, whose register carries the eightbyte's bits), in
//! the positions the struct takes, which is exactly where the registers
//! the calling convention assigns to it are. A struct of one or two
//! eightbytes is returned in registers: one IR return per eightbyte (RAX
//! then RDX for INTEGER ones, XMM0 then XMM1 for SSE ones). A larger one
//! (class MEMORY) comes back through a hidden return buffer: the caller
//! passes the address of a temporary as a `byref` parameter after `this`,
//! the callee copies the value there (checked write barriers for its
//! references: the buffer may be in the heap) and returns the address.
//! A struct argument passed in memory (class MEMORY, or one whose
//! eightbytes no longer all fit the registers left: then the whole struct
//! goes to the stack) is one IR parameter per 8-byte slot of its image
//! marked [`AbiParam::stack`], INTEGER or a reference where one lies; both
//! sides move it through those parameters as for registers.
//!
//! Both directions use the same rule: kiln's caller loads the eightbytes
//! from the struct's temporary; kiln's callee stores its incoming
//! eightbytes into the parameter's frame slot on entry.

use super::Kind;
use crate::env::ValueLayout;
use crate::error::{CalleeReason, InvalidIlKind, LowerError};
use kiln_ir::{AbiParam, Cursor, Type, Value};
use kiln_runtime_abi::sysv_struct::{fits, EightByte};

/// How an IL signature maps onto its IR signature.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct SigShape {
    /// Per IL parameter (`this` excluded): the layout of a struct passed by
    /// value in registers (one IR parameter per eightbyte), `None` for a
    /// scalar (one IR parameter).
    pub params: Vec<Option<ValueLayout>>,
    /// The layout of a struct returned by value (in registers, or through
    /// the return buffer when [`SigShape::ret_buffer`]).
    pub ret: Option<ValueLayout>,
    /// The struct return goes through a hidden return buffer: a `byref`
    /// IR parameter after `this` (before the generic context), which the
    /// callee fills and returns in RAX (System V psABI §3.2.3, class
    /// MEMORY; CoreCLR's argument order in clr-abi.md: `this`, return
    /// buffer, generic context, arguments).
    pub ret_buffer: bool,
    /// The signature has `this` (its first IR parameter).
    pub has_this: bool,
}

impl SigShape {
    /// Whether any parameter or the return is a struct.
    pub fn has_structs(&self) -> bool {
        self.ret.is_some() || self.params.iter().any(Option::is_some)
    }
}

/// The argument registers taken so far (6 general, 8 XMM on SysV x64).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ArgRegs {
    pub gpr: usize,
    pub xmm: usize,
}

/// The IR type an eightbyte travels as.
pub(super) fn eightbyte_type(e: EightByte) -> Type {
    match e {
        EightByte::Int => Type::I64,
        EightByte::Ref => Type::Ref,
        EightByte::Sse => Type::F64,
    }
}

impl ArgRegs {
    /// A scalar parameter of IR type `ty` takes its register (if any left).
    pub fn scalar(&mut self, ty: Type) {
        if ty.is_float() {
            self.xmm += 1;
        } else {
            self.gpr += 1;
        }
    }

    /// A struct parameter: its eightbytes appended to `params` when it is
    /// passed in registers, else refused.
    pub fn struct_param(
        &mut self,
        entry: Result<ValueLayout, String>,
        index: u16,
        params: &mut Vec<AbiParam>,
    ) -> Result<ValueLayout, CalleeReason> {
        let refuse = |reason: String| CalleeReason::StructParam { index, reason };
        let mut l = entry.map_err(refuse)?;
        if let Some(ebs) = l.eightbytes.clone().filter(|e| fits(e, self.gpr, self.xmm)) {
            for e in ebs {
                self.scalar(eightbyte_type(e));
                params.push(AbiParam::new(eightbyte_type(e)));
            }
            return Ok(l);
        }
        // Larger than 16 bytes (always class MEMORY for CoreCLR's argument
        // iterator), or too few registers left for all its eightbytes: the
        // whole value goes on the stack, in 8-byte slots. A value of at
        // most 16 bytes that kiln does not classify (misaligned fields,
        // Int128, …) may travel in registers: refused.
        if l.eightbytes.is_none() && l.size <= 16 {
            return Err(refuse(format!(
                "{} is not classified into eightbytes by kiln",
                l.name
            )));
        }
        if !l.stack_passable {
            return Err(refuse(format!(
                "{} is passed on the stack overaligned",
                l.name
            )));
        }
        let words: Vec<EightByte> = (0..l.size.div_ceil(8))
            .map(|i| {
                if l.refs.contains(&(8 * i)) {
                    EightByte::Ref
                } else {
                    EightByte::Int
                }
            })
            .collect();
        for e in &words {
            params.push(AbiParam::on_stack(eightbyte_type(*e)));
        }
        l.eightbytes = Some(words);
        l.on_stack = true;
        Ok(l)
    }
}

/// A struct return: its IR returns, one per eightbyte, when it comes back
/// in registers (at most two: RAX/RDX and XMM0/XMM1 by class). An SSE
/// eightbyte followed by a reference is refused: the GC info's return kind
/// would name the wrong register for it (see the x64 backend's
/// `return_kind`).
pub(super) fn struct_return(
    entry: Result<ValueLayout, String>,
) -> Result<(Vec<AbiParam>, ValueLayout), CalleeReason> {
    let refuse = |reason: String| CalleeReason::StructReturn { reason };
    let l = entry.map_err(refuse)?;
    match l.eightbytes.as_deref() {
        Some([EightByte::Sse, EightByte::Ref]) => Err(refuse(format!(
            "{} comes back in XMM0 and a reference in RAX",
            l.name
        ))),
        Some(ebs @ ([_] | [_, _])) => {
            let ps = ebs
                .iter()
                .map(|e| AbiParam::new(eightbyte_type(*e)))
                .collect();
            Ok((ps, l))
        }
        Some(_) => Err(refuse(format!(
            "{} comes back in more than two registers",
            l.name
        ))),
        // (Larger ones come back through a buffer: `returns_in_buffer`.)
        None => Err(refuse(format!(
            "{} is not classified into eightbytes by kiln (it may come back in registers)",
            l.name
        ))),
    }
}

/// Whether a struct return entry goes through a hidden return buffer: a
/// layout kiln knows, larger than 16 bytes (class MEMORY).
pub(super) fn returns_in_buffer(entry: Option<&Result<ValueLayout, String>>) -> bool {
    // Only beyond 16 bytes: a smaller value kiln does not classify
    // (misaligned fields, empty structs, Int128, …) may come back in registers.
    matches!(entry, Some(Ok(l)) if l.eightbytes.is_none() && l.size > 16)
}

/// Replaces each struct argument of `popped` (the IL arguments, `this`
/// first when `has_this`) by its eightbytes loaded from its temporary.
pub(super) fn expand_args(
    cur: &mut Cursor<'_>,
    popped: Vec<(Value, Kind)>,
    shape: &SigShape,
    has_this: bool,
    struct_kind: impl Fn(&ValueLayout) -> Kind,
    offset: u32,
) -> Result<Vec<(Value, Kind)>, LowerError> {
    let mut out = Vec::with_capacity(popped.len());
    let skip = usize::from(has_this);
    for (i, (v, k)) in popped.into_iter().enumerate() {
        let layout = i
            .checked_sub(skip)
            .and_then(|p| shape.params.get(p))
            .and_then(Option::as_ref);
        let Some(l) = layout else {
            out.push((v, k));
            continue;
        };
        if k != struct_kind(l) {
            return Err(super::invalid(offset, InvalidIlKind::OperandTypes));
        }
        for (j, e) in l.eightbytes.iter().flatten().enumerate() {
            let ty = eightbyte_type(*e);
            let x = cur.load(ty, v, 8 * j as u32);
            let kind = match ty {
                Type::Ref => Kind::Ref,
                Type::F64 => Kind::F64,
                _ => Kind::I64,
            };
            out.push((x, kind));
        }
    }
    Ok(out)
}

/// The IL-level argument count of a call whose IR signature has `ir_params`
/// parameters, with `shape`.
pub(super) fn il_arg_count(shape: &SigShape, ir_params: usize) -> usize {
    if !shape.has_structs() {
        return ir_params;
    }
    shape.params.len() + usize::from(shape.has_this)
}
