//! The input assembly seen together with its references: resolves the
//! value types a signature names — in the input or in a referenced assembly
//! (through type forwarders) — far enough to tell an enum and its underlying
//! primitive. Both the JIT-log names ([`crate::names`]) and the importer's
//! environment (`env`) treat an enum as its underlying type, as the
//! runtime does for calling conventions and the JIT does in its log.

use kiln_metadata::set::{AsmId, AssemblySet, TypeDefId};
use kiln_metadata::sig::{Primitive, TypeSig};
use kiln_metadata::tables::TypeDefOrRef;
use kiln_metadata::Assembly;

/// The input in an assembly set with its references.
#[derive(Debug)]
pub struct TypeContext {
    set: AssemblySet,
    input: AsmId,
}

impl TypeContext {
    /// A context of `input` alone (references unknown: only the input's own
    /// enums are recognised).
    pub fn alone(input: Assembly) -> Self {
        let mut set = AssemblySet::new();
        let input = set.add(input);
        TypeContext { set, input }
    }

    /// A context of `input` and the (already parsed) references.
    pub fn with_references(input: Assembly, references: &[Assembly]) -> Self {
        let mut ctx = TypeContext::alone(input);
        for a in references {
            ctx.set.add_in_group(a.clone(), 1);
        }
        ctx
    }

    /// The assembly set: the input and its references.
    pub fn set(&self) -> &AssemblySet {
        &self.set
    }

    /// The input's id in [`Self::set`].
    pub fn input_id(&self) -> AsmId {
        self.input
    }

    /// The input assembly.
    pub fn input(&self) -> &Assembly {
        self.set.get(self.input)
    }

    /// Whether TypeDef `t` of the input is a value type; `None` if its base
    /// types cannot be resolved.
    pub fn is_value_type_def(&self, t: kiln_metadata::tables::TypeDefHandle) -> Option<bool> {
        kiln_metadata::types::TypeSystem::new(&self.set)
            .is_value_type(TypeDefId {
                asm: self.input,
                def: t,
            })
            .ok()
    }

    /// The underlying primitive if `t` (a type of the input's metadata) is an
    /// enum, `None` if it is not or cannot be resolved.
    pub fn enum_underlying(&self, t: &TypeDefOrRef) -> Option<Primitive> {
        let def = match t {
            TypeDefOrRef::TypeSpec(_) => return None,
            other => self.set.resolve_type_def_or_ref(self.input, *other).ok()?,
        };
        self.enum_underlying_def(def)
    }

    fn enum_underlying_def(&self, def: TypeDefId) -> Option<Primitive> {
        let asm = self.set.get(def.asm);
        // The base type by name: System.Enum need not be resolvable (no
        // references given) for the input's own enums to be recognised.
        let is_enum = match asm.type_def(def.def).ok()?.extends? {
            TypeDefOrRef::TypeRef(r) => asm.type_ref_name(r).ok()? == ("System", "Enum"),
            TypeDefOrRef::TypeDef(d) => asm.type_def_name(d).ok()? == ("System", "Enum"),
            TypeDefOrRef::TypeSpec(_) => false,
        };
        if !is_enum {
            return None;
        }
        for f in asm.type_fields(def.def).ok()? {
            // The one instance field (`value__`) has the underlying type.
            if asm.field(f).ok()?.flags & 0x10 == 0 {
                if let TypeSig::Primitive(p) = asm.field_sig(f).ok()? {
                    return Some(p);
                }
            }
        }
        None
    }
}
