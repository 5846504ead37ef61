//! `constrained.` call resolution on value types (ECMA-335 III.2.1).

use super::{TypeKey, TypeSystem};
use crate::set::{MethodDefId, ResolveResult, TypeDefId};
use crate::tables::*;

/// What a value type does with a virtual or interface method called on it
/// through `constrained.` (ECMA-335 III.2.1), as the runtime's
/// `MethodTable::TryResolveConstraintMethodApprox` decides it
/// (src/coreclr/vm/methodtable.cpp): only a method the value type declares
/// itself is called directly; an inherited one (`System.Object`'s or
/// `System.ValueType`'s virtuals, a default interface method) makes the
/// caller box the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstrainedTarget {
    /// The value type's own method implementing it.
    Own(MethodDefId),
    /// Inherited: the call goes to the boxed value.
    Inherited,
    /// The value type does not implement the method's interface at all.
    NotImplemented,
}

impl TypeSystem<'_> {
    /// How value type `vt` implements `method`, declared by `owner` (with
    /// its instantiation, e.g. `IEquatable<Key>`), for a `constrained.`
    /// call. Class virtuals are found by vtable slot ([`Self::vtable`]'s
    /// rules); interface methods by the value type's `.override`
    /// (MethodImpl) rows, then by a public virtual method of the same name
    /// and signature (ECMA-335 II.12.2).
    ///
    /// # Errors
    /// When a type or signature cannot be resolved.
    pub fn constrained_target(
        &self,
        vt: &TypeKey,
        method: MethodDefId,
        owner: &TypeKey,
    ) -> ResolveResult<ConstrainedTarget> {
        let (TypeKey::Def(id, args), TypeKey::Def(owner_id, owner_args)) = (vt, owner) else {
            return Ok(ConstrainedTarget::NotImplemented);
        };
        let own = |m: MethodDefId| -> bool {
            m.asm == id.asm && self.set.get(m.asm).method_owner(m.def) == Some(id.def)
        };
        let oa = self.set.get(owner_id.asm);
        if oa.type_def(owner_id.def)?.flags & type_attributes::INTERFACE == 0 {
            // A class virtual: the slot it occupies in its owner, then
            // what fills that slot in the value type.
            let owner_slots = self.vtable_of(owner, 0)?;
            let Some(i) = owner_slots.iter().position(|(m, _)| *m == method) else {
                return Ok(ConstrainedTarget::NotImplemented);
            };
            return Ok(match self.vtable_of(vt, 0)?.get(i) {
                Some((m, _)) if own(*m) => ConstrainedTarget::Own(*m),
                Some(_) => ConstrainedTarget::Inherited,
                None => ConstrainedTarget::NotImplemented,
            });
        }
        if !self.interfaces(vt)?.contains(owner) {
            return Ok(ConstrainedTarget::NotImplemented);
        }
        let a = self.set.get(id.asm);
        // Explicit implementations (`.override`) first.
        for mi in a.method_impls(id.def) {
            let r: MethodImplRow = a.row(mi)?;
            let (Some(body), Some(decl)) = (r.body, r.declaration) else {
                continue;
            };
            let (decl_def, decl_owner) = match decl {
                MethodDefOrRef::MethodDef(d) => (
                    MethodDefId {
                        asm: id.asm,
                        def: d,
                    },
                    match a.method_owner(d) {
                        Some(o) => TypeKey::Def(
                            TypeDefId {
                                asm: id.asm,
                                def: o,
                            },
                            vec![],
                        ),
                        None => continue,
                    },
                ),
                MethodDefOrRef::MemberRef(m) => {
                    let d = match self.set.resolve_member_ref(id.asm, m)? {
                        crate::set::MemberDef::Method(d) => d,
                        _ => continue,
                    };
                    let Some(parent) = a.member_ref(m)?.class else {
                        continue;
                    };
                    (d, self.owner_of_parent(id.asm, parent, args, &[])?)
                }
            };
            if decl_def != method || &decl_owner != owner {
                continue;
            }
            let body = match body {
                MethodDefOrRef::MethodDef(d) => MethodDefId {
                    asm: id.asm,
                    def: d,
                },
                MethodDefOrRef::MemberRef(m) => match self.set.resolve_member_ref(id.asm, m)? {
                    crate::set::MemberDef::Method(d) => d,
                    _ => continue,
                },
            };
            return Ok(if own(body) {
                ConstrainedTarget::Own(body)
            } else {
                ConstrainedTarget::Inherited
            });
        }
        // Then a public virtual method with the same name and signature.
        let name = oa.string(oa.method_def(method.def)?.name)?;
        let wanted = self.method_sig_keys(method, owner_args)?;
        for m in a.type_methods(id.def)? {
            let row = a.method_def(m)?;
            if row.flags & method_attributes::VIRTUAL == 0
                || row.flags & method_attributes::ACCESS_MASK != ACCESS_PUBLIC
                || a.string(row.name)? != name
            {
                continue;
            }
            let me = MethodDefId {
                asm: id.asm,
                def: m,
            };
            if self.method_sig_keys(me, args)? == wanted {
                return Ok(ConstrainedTarget::Own(me));
            }
        }
        Ok(ConstrainedTarget::Inherited)
    }
}

/// `MethodAttributes.Public` (ECMA-335 II.23.1.10).
const ACCESS_PUBLIC: u16 = 0x6;
