//! What the importer needs to know about the method it compiles and the
//! methods it calls, asked through [`LowerEnv`] so that tests can supply a
//! fake environment and the driver a real one backed by `kiln-metadata`.
//!
//! Types are described in IL terms ([`IlType`], the ECMA-335 II.23.1.16
//! element types collapsed to the categories the importer distinguishes);
//! the importer decides what it supports and maps them to IR types.

use kiln_ir::Callee;
use kiln_metadata::MetadataError;

/// The type of a parameter, return value or local, as far as the importer
/// cares (ECMA-335 II.23.2.12 `Type`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum IlType {
    /// `bool` (`ELEMENT_TYPE_BOOLEAN`): one byte, 0 or 1.
    Bool,
    /// `char` (`ELEMENT_TYPE_CHAR`): unsigned 16-bit.
    Char,
    /// `int8`.
    I1,
    /// `unsigned int8`.
    U1,
    /// `int16`.
    I2,
    /// `unsigned int16`.
    U2,
    /// `int32`.
    I4,
    /// `unsigned int32`.
    U4,
    /// `int64`.
    I8,
    /// `unsigned int64`.
    U8,
    /// `native int`.
    I,
    /// `native unsigned int`.
    U,
    /// `float32`.
    R4,
    /// `float64`.
    R8,
    /// An unmanaged pointer or function pointer (`T*`, `method`).
    Ptr,
    /// Any object reference: class, interface, string, array, `object`.
    Object,
    /// A managed pointer (`T&`).
    ByRef,
    /// A value type other than the primitives above (struct, enum with a
    /// non-primitive view, `Nullable<T>`, …).
    ValueType,
    /// A generic parameter (`!0`, `!!0`).
    GenericParam,
    /// `typedref`.
    TypedRef,
    /// `System.RuntimeTypeHandle`, `RuntimeMethodHandle` or
    /// `RuntimeFieldHandle` of CoreLib: in .NET 8 a struct whose one field
    /// is an object reference (the `RuntimeType`, `IRuntimeMethodInfo`,
    /// `IRuntimeFieldInfo`), so in a register, a field or an array element
    /// it is exactly that reference (SysV class INTEGER, one register; a GC
    /// pointer). The importer treats such values as object references —
    /// what `ldtoken` pushes and `Type.GetTypeFromHandle`,
    /// `RuntimeHelpers.InitializeArray` … take — and refuses their address
    /// (no `ldloca` of one), which would need general struct support.
    RuntimeHandle,
}

/// A method signature in IL terms (ECMA-335 II.23.2.1 `MethodDefSig` /
/// II.23.2.2 `MethodRefSig`).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct MethodSig {
    /// `HASTHIS`: an instance method (`this` is not in [`Self::params`]).
    pub has_this: bool,
    /// `VARARG` calling convention.
    pub vararg: bool,
    /// Number of generic parameters of the method (0 if not generic) — or,
    /// for a callee, whether it is an instantiation needing a dictionary
    /// (any non-zero value means "generic").
    pub generic_params: u32,
    /// Parameter types, in order.
    pub params: Vec<IlType>,
    /// Return type (`None` for `void`).
    pub ret: Option<IlType>,
    /// Shared code that takes its generic context as a hidden argument
    /// (the exact class's MethodTable for a static method of a generic
    /// class, the instantiated MethodDesc for a generic method): a
    /// pointer-sized IR parameter after `this` (docs/design/coreclr/botr/
    /// clr-abi.md, "Generics"; order `this`, return buffer, generic
    /// context, user arguments). Only the compiled method's own signature
    /// has it; the importer does not read it yet (no dictionary lookups).
    pub hidden_context: bool,
}

/// The method body as the importer reads it (ECMA-335 II.25.4).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct IlBody<'a> {
    /// The IL code bytes.
    pub code: &'a [u8],
    /// Declared maximum evaluation stack depth.
    pub max_stack: u16,
    /// `CorILMethod_InitLocals`: locals start zeroed. (The importer zeroes
    /// them either way; without the flag, reading a local before writing it
    /// has no defined value, so zero is a correct choice.)
    pub init_locals: bool,
    /// The exception-handling clauses, in IL order (innermost first).
    pub exception_clauses: Vec<kiln_metadata::body::ExceptionClause>,
}

/// What a `call` token resolves to.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct CallTarget {
    /// Human-readable name for dumps (`System.Console::WriteLine`).
    pub name: String,
    /// The callee's signature as the call site sees it.
    pub sig: MethodSig,
    /// The callee's identity, carried into the IR unchanged (for a token of
    /// the compiled module, normally [`Callee::Token`] with the call's token).
    pub callee: Callee,
    /// The callee is `virtual` (MethodAttributes 0x40): `callvirt` must
    /// dispatch through the object's method table. `true` when unknown.
    pub is_virtual: bool,
    /// The callee's owner is a value type (its `this` is a managed pointer).
    /// `true` when unknown.
    pub owner_value_type: bool,
    /// The R2R type signature of the owner the call must name explicitly
    /// (canonical code calling a member of an instantiation over its own
    /// type parameters, e.g. `Cell<__Canon>`; see
    /// `kiln_ir::Function::type_sigs`), or `None` when the token says
    /// everything.
    pub owner: Option<Vec<u8>>,
    /// The whole R2R method signature the call's `MethodEntry` fixup must
    /// carry instead of the token (`kiln_ir::Function::method_sigs`): an
    /// exact generic instantiation — a generic method's, or a static
    /// method's of a generic type — named with the `InstantiatingStub` flag
    /// so that the runtime supplies the generic context itself.
    pub method_sig: Option<Vec<u8>>,
    /// For shared code calling shared code that takes a generic context
    /// (a generic method, or a static method of a generic class,
    /// instantiated over the caller's type parameters): the generic
    /// dictionary lookup (whole fixup signature, see
    /// [`LowerEnv::type_lookup`]) giving the hidden argument — the exact
    /// `MethodDesc` (`MethodHandle` with the `InstantiatingStub` flag) or
    /// `MethodTable` (`TypeHandle`). [`Self::method_sig`] then names the
    /// canonical callee and [`MethodSig::hidden_context`] is set.
    pub inst_arg: Option<Vec<u8>>,
    /// For shared code calling a method of an interface instantiated over
    /// its type parameters (`IEnumerable<T>.GetEnumerator`): the generic
    /// dictionary lookup (`VirtualEntry`) of the virtual-stub-dispatch
    /// cell for the exact interface — `callvirt` dispatches through it
    /// (`kiln_ir::Dispatch::VirtualCell`); a plain `call` is refused.
    pub virtual_cell: Option<Vec<u8>>,
}

/// What a field token (`ldfld`/`stfld`) resolves to.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct FieldTarget {
    /// Human-readable name (`Point::x`).
    pub name: String,
    /// The field's type.
    pub ty: IlType,
    /// A `static` field.
    pub is_static: bool,
    /// The owner is a value type.
    pub owner_value_type: bool,
    /// The field's byte offset from the start of an object of the owner
    /// (including the MethodTable pointer), or why it is not fixed at
    /// compile time (a generic owner, an owner in another assembly, …).
    /// For a static field: its offset from the owner's static base (see
    /// [`FieldTarget::static_gc`]), or why compiled code cannot reach it
    /// (thread statics, RVA statics, generic owners, other assemblies, …).
    pub offset: Result<u32, String>,
    /// A static field stored among the GC statics (references; the offset
    /// is then from the `static_base_gc` base), else among the non-GC
    /// statics (`static_base_nongc`). Meaningless for instance fields.
    pub static_gc: bool,
    /// A `[ThreadStatic]` static field (ECMA-335 leaves per-thread storage
    /// to the runtime): `offset` is then from the calling thread's base of
    /// the owner's thread statics (`thread_static_base_*`).
    pub thread_static: bool,
    /// The TypeDef token (`0x02…`, compiled module) of the field's owner
    /// when the field is static and `offset` is known; 0 otherwise.
    pub owner_token: u32,
    /// The field is `System.String::Empty` (CoreLib): `ldsfld` of it is
    /// the empty string literal, as the JIT's intrinsic makes it
    /// (crossgen2 emits a StringHandle fixup of user-string RID 0).
    pub empty_string: bool,
    /// A static field of a type outside the compiled assembly, reached
    /// through its address (`kiln_ir::LookupKind::StaticFieldAddress` on
    /// the field token, crossgen2's `FieldAddress` fixup) and never through
    /// the owner's static layout; `offset` is then `Ok(0)`, from that
    /// address.
    pub address_fixup: bool,
    /// The offset depends on types outside the version bubble (a base class,
    /// a value type stored in a field): the code must have the runtime
    /// confirm it (`Check_FieldOffset`, see
    /// `kiln_ir::Function::field_offset_checks`).
    pub checked: bool,
    /// The R2R type signature of the owner a checked field's fixup must
    /// name explicitly (canonical code, a field of an instantiation over
    /// its own type parameters: `Cell<__Canon>`); `None` when the token
    /// says everything.
    pub owner: Option<Vec<u8>>,
    /// For shared code, a static field of an instantiation over its type
    /// parameters (`PerType<!0>.Count`): the generic dictionary lookup (a
    /// whole fixup signature, see [`LowerEnv::type_lookup`]) of the exact
    /// owner's `MethodTable`, whose static base the runtime's generic
    /// static-base helper gives; `offset` is then from that base.
    pub owner_lookup: Option<Vec<u8>>,
}

/// A value type's layout as compiled code bakes it in (ECMA-335 II.10.7;
/// computed by `kiln_metadata::types::TypeSystem::layout`, which mirrors
/// crossgen2's `MetadataFieldLayoutAlgorithm` and the runtime's
/// `methodtablebuilder.cpp`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ValueLayout {
    /// The type's name (`Ns.Point`), for refusals and dumps.
    pub name: String,
    /// Size of a value (the runtime's field size: what a local, a field or
    /// an array element of the type occupies).
    pub size: u32,
    /// Alignment of a value (a power of two).
    pub align: u32,
    /// Byte offsets of the object references inside a value, ascending
    /// (pointer-aligned).
    pub refs: Vec<u32>,
    /// A token of the compiled module naming the type (TypeDef, TypeRef or
    /// TypeSpec), for `box`/`unbox` type handles; 0 if it has none.
    pub token: u32,
    /// How the managed calling convention passes a value in registers:
    /// its System V eightbytes, or `None` when it goes in memory (see
    /// `kiln_runtime_abi::sysv_struct`).
    pub eightbytes: Option<Vec<kiln_runtime_abi::sysv_struct::EightByte>>,
    /// The `Check_TypeLayout` fixups code baking in this layout needs (a
    /// value type of another version bubble, or one embedding such types;
    /// see `kiln_ir::Function::type_layout_checks`); empty when the layout
    /// is fixed in the version bubble.
    pub checks: Vec<kiln_ir::TypeLayoutCheck>,
    /// `System.Nullable<T>`: boxing it boxes the `T` or gives null, and
    /// unboxing accepts a boxed `T` (ECMA-335 III.4.1, III.4.33) — moves
    /// of it are plain copies, `box`/`unbox` are refused.
    pub nullable: bool,
    /// The value may be passed on the stack by value (its whole image in
    /// consecutive 8-byte argument slots): false for types aligned beyond
    /// 8 bytes (`Int128`), whose stack placement kiln does not model.
    pub stack_passable: bool,
    /// In a signature shape only: this parameter goes on the stack, and
    /// [`ValueLayout::eightbytes`] then lists its 8-byte slots (INTEGER,
    /// or a reference where one lies) rather than its System V classes.
    pub on_stack: bool,
    /// The type is a primitive the evaluation stack holds directly
    /// (`System.IntPtr`/`UIntPtr`, whose constructors `newobj` runs on a
    /// temporary as for any value type, then pushes the `native int` it
    /// holds, as the JIT's importer does for `CEE_NEWOBJ` of a value
    /// class); `None` for structs.
    pub scalar: Option<IlType>,
}

/// What a type token (`initobj`, `ldobj`, `stobj`, `cpobj`, `sizeof`,
/// `box`, `unbox.any`) names, as far as moving a value of it goes.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum TokenType {
    /// A primitive, an enum (its underlying type), or a reference type
    /// ([`IlType::Object`]): a value the evaluation stack holds directly.
    Scalar(IlType),
    /// A value type the importer keeps in memory.
    Value(ValueLayout),
}

/// A closed constructed type named by a TypeSpec token of the compiled
/// module (ECMA-335 II.23.2.14): an array, a generic instantiation or a
/// pointer type without generic parameters.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ConstructedType {
    /// The TypeSpec's signature blob, which a `TypeHandle` fixup spells
    /// out (R2R type signatures encode types as metadata signatures do).
    pub sig: Vec<u8>,
    /// Whether values of the type are object references (arrays, class
    /// instantiations), as opposed to value types and pointers.
    pub reference: bool,
}

/// What `constrained. T callvirt M` does (ECMA-335 III.2.1), as the
/// runtime resolves it (`MethodTable::TryResolveConstraintMethodApprox`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum ConstrainedCall {
    /// `T` is a reference type (a class, an array, a type parameter of
    /// shared code): `this` is loaded from the managed pointer and the call
    /// dispatches as usual.
    Deref,
    /// `T` is a value type that does not declare `M` itself (a primitive,
    /// an enum, or a struct inheriting `System.Object`'s or
    /// `System.ValueType`'s virtual or a default interface method): the
    /// value is boxed ([`LowerEnv::type_token`] of `T` says how) and the
    /// call dispatches on the box.
    Box,
    /// `T` is a value type declaring its own implementation of `M`: called
    /// directly, with the managed pointer as `this`.
    Direct(DirectCallee),
}

/// How a direct call names a value type's own implementation of a
/// constrained call's method.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum DirectCallee {
    /// A MethodDef of the compiled module.
    Token(u32),
    /// A whole R2R method signature (`MethodEntry` on the IL's method token
    /// with the `Constrained` flag and `T`), which the runtime resolves to
    /// the implementation (`kiln_ir::Callee::Signature`).
    Signature(Vec<u8>),
}

/// What the token of `ldtoken` names (ECMA-335 III.4.17).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TokenHandle {
    /// A type: a TypeDef or TypeRef token of the compiled module.
    Type(u32),
    /// A method: a MethodDef or MemberRef token.
    Method(u32),
    /// A field: a Field or MemberRef token.
    Field(u32),
}

/// Everything the importer asks about the method being compiled and the
/// tokens in its IL. One environment describes one method.
pub trait LowerEnv {
    /// A human-readable name of the method (`Program::Main`), for dumps.
    fn method_name(&self) -> String;

    /// The method's own signature.
    ///
    /// # Errors
    /// Malformed metadata.
    fn signature(&self) -> Result<MethodSig, MetadataError>;

    /// The method's body.
    ///
    /// # Errors
    /// Malformed metadata.
    fn body(&self) -> Result<IlBody<'_>, MetadataError>;

    /// The types of the method's locals (empty without a local signature).
    ///
    /// # Errors
    /// Malformed metadata.
    fn locals(&self) -> Result<Vec<IlType>, MetadataError>;

    /// Whether the method is `synchronized` (MethodImplAttributes 0x20): its
    /// body must run under a lock the importer does not emit.
    fn synchronized(&self) -> bool {
        false
    }

    /// The class whose constructor the method must run on entry, as its
    /// TypeDef token (`0x02…`): static methods (other than the `.cctor`) and
    /// instance constructors of a class with a `.cctor` and without
    /// `beforefieldinit` (precise semantics, ECMA-335 II.10.5.3.1), and every
    /// method of such a value type except the `.cctor` — where crossgen2
    /// makes the JIT call the CctorTrigger helper first (its `initClass`).
    /// `Ok(None)` when nothing is needed; `Err` with the reason when the
    /// trigger cannot be expressed (a generic owner). The runtime does not
    /// trigger it for precompiled code (measured on .NET 8: a static method
    /// of such a class, precompiled without the trigger, ran before the
    /// `.cctor`).
    ///
    /// # Errors
    /// Malformed metadata.
    fn class_init_trigger(&self) -> Result<Result<Option<u32>, String>, MetadataError> {
        Ok(Ok(None))
    }

    /// Why the instruction `opcode` with token operand `token` cannot be
    /// compiled in this method's context although the token itself is
    /// well-formed (an exact instantiation's token over the type parameters
    /// that kiln would not spell out substituted); `None` when it can.
    /// Asked once per token-carrying instruction before lowering.
    ///
    /// # Errors
    /// Malformed metadata.
    fn token_refusal(
        &self,
        opcode: kiln_metadata::il::Opcode,
        token: u32,
    ) -> Result<Option<String>, MetadataError> {
        let _ = (opcode, token);
        Ok(None)
    }

    /// The R2R type signature the class-init trigger of
    /// [`LowerEnv::class_init_trigger`] names when its TypeDef token alone
    /// does not say it: an exact instantiation of a generic class
    /// (`GENERICINST CLASS Owner n args…`). `None` otherwise.
    ///
    /// # Errors
    /// Malformed metadata.
    fn class_init_type_sig(&self) -> Result<Option<Vec<u8>>, MetadataError> {
        Ok(None)
    }

    /// For shared code whose [`LowerEnv::class_init_trigger`] is its own
    /// generic class: the generic dictionary lookup (a whole fixup
    /// signature, as [`LowerEnv::type_lookup`]) of the exact class
    /// (`Owner<!0, …>`), whose class constructor the runtime's generic
    /// static-base helper runs on entry — the JIT's
    /// `CORINFO_HELP_READYTORUN_GENERIC_STATIC_BASE` "initialize this
    /// class" call. `None` otherwise.
    ///
    /// # Errors
    /// Malformed metadata.
    fn class_init_lookup(&self) -> Result<Option<Vec<u8>>, MetadataError> {
        Ok(None)
    }

    /// Resolves the method token of a `call` (MethodDef, MemberRef or
    /// MethodSpec, in the compiled module's metadata).
    ///
    /// # Errors
    /// Malformed metadata, or a token that names no method.
    fn resolve_call(&self, token: u32) -> Result<CallTarget, MetadataError>;

    /// The type of `this` for an instance method: [`IlType::Object`] for a
    /// method of a class, [`IlType::ByRef`] for one of a value type; `None`
    /// for a static method.
    ///
    /// # Errors
    /// Malformed metadata.
    fn this_type(&self) -> Result<Option<IlType>, MetadataError>;

    /// The class `newobj` of the constructor `ctor_token` allocates, as a
    /// TypeDef or TypeRef token of the compiled module — or a TypeSpec token
    /// of a class instantiation (`Cell<string>`; in shared code also one
    /// over the type parameters, `Cell<!0>`, which the importer allocates
    /// through [`LowerEnv::type_lookup`]) — or
    /// why it cannot be allocated by the plain allocator (a value type, an
    /// instantiation over the method's type parameters, `string`, an array,
    /// a delegate, an abstract class, an unresolvable type, …).
    ///
    /// # Errors
    /// Malformed metadata.
    fn newobj_class(&self, ctor_token: u32) -> Result<Result<u32, String>, MetadataError> {
        Ok(Err(format!("constructor {ctor_token:#010x} unknown")))
    }

    /// Whether `newobj ctor_token` constructs a `System.String` (CoreLib's):
    /// a variable-size object the caller does not allocate. The JIT calls
    /// the constructor with no `this` and takes the new string as its
    /// result (`importer.cpp`, CEE_NEWOBJ with `CORINFO_FLG_VAROBJSIZE`);
    /// the runtime makes each String constructor's entry point the static
    /// `String.Ctor` of the same parameters (`ecall.cpp`,
    /// `PopulateManagedStringConstructors`).
    ///
    /// # Errors
    /// Malformed metadata.
    fn string_ctor(&self, ctor_token: u32) -> Result<bool, MetadataError> {
        let _ = ctor_token;
        Ok(false)
    }

    /// Whether `call ctor_token` calls CoreLib's `System.Object::.ctor()`
    /// with an IL body that is a lone `ret` (.NET 8: `[NonVersionable]
    /// public Object() { }`): the call does nothing, and the importer drops
    /// it (RyuJIT inlines it away; crossgen2 may, the method being
    /// non-versionable).
    ///
    /// # Errors
    /// Malformed metadata.
    fn object_ctor(&self, ctor_token: u32) -> Result<bool, MetadataError> {
        let _ = ctor_token;
        Ok(false)
    }

    /// What `constrained. ctok` followed by `callvirt method` does, or why
    /// compiled code cannot do it (a type over the shared code's type
    /// parameters, a generic method, a type that does not implement the
    /// method, …).
    ///
    /// # Errors
    /// Malformed metadata.
    fn constrained_call(
        &self,
        ctok: u32,
        method: u32,
    ) -> Result<Result<ConstrainedCall, String>, MetadataError> {
        // Without more knowledge: a TypeDef/TypeRef whose values are
        // references or primitives ([`LowerEnv::array_elem`]).
        let _ = method;
        Ok(match self.array_elem(ctok)? {
            Ok((_, IlType::Object)) => Ok(ConstrainedCall::Deref),
            Ok((_, IlType::ValueType)) => Err(format!("value type {ctok:#010x}")),
            Ok(_) => Ok(ConstrainedCall::Box),
            Err(e) => Err(e),
        })
    }

    /// Whether the type token `token` names a type parameter (`!n`) of the
    /// canonical (`__Canon`) code being compiled: a reference type whose
    /// exact identity only a generic dictionary knows. `box` of it does
    /// nothing and its array elements are references; its type handle
    /// comes from the dictionary ([`LowerEnv::type_lookup`]).
    ///
    /// # Errors
    /// Malformed metadata.
    fn is_canonical_param(&self, token: u32) -> Result<bool, MetadataError> {
        let _ = token;
        Ok(false)
    }

    /// Whether the type token `token` (a `catch` clause's class) names a
    /// type built from the shared code's type parameters: the runtime would
    /// need the method's generic context, reported in its GC info, to
    /// resolve it — kiln does not report it, so such a method is refused.
    ///
    /// # Errors
    /// Malformed metadata.
    fn context_dependent_type(&self, token: u32) -> Result<bool, MetadataError> {
        let _ = token;
        Ok(false)
    }

    /// For shared (`__Canon`) code: the generic dictionary lookup that
    /// gives the exact type handle of type token `token` — a TypeSpec over
    /// the method's type parameters (`!0`, `List<!0>`, `!!0[]`) — or, with
    /// `array`, of the one-dimensional array of it: the whole R2R fixup
    /// signature (`ThisObjDictionaryLookup` with the canonical owner type
    /// for an instance method, `TypeDictionaryLookup` for a static method
    /// of a generic class, `MethodDictionaryLookup` for a generic method;
    /// then `TypeHandle` and the type; readytorun.h, crossgen2
    /// `GenericLookupSignature`), whose value the importer gets with a
    /// `generic_lookup` on the generic context. Why not when there is none.
    ///
    /// # Errors
    /// Malformed metadata.
    fn type_lookup(
        &self,
        token: u32,
        array: bool,
    ) -> Result<Result<Vec<u8>, String>, MetadataError> {
        let _ = (token, array);
        Ok(Err("no generic dictionary".into()))
    }

    /// The signature blob of TypeSpec `token` (`0x1B…`, ECMA-335
    /// II.23.2.14) — the type a fixup naming it must spell out — or `None`
    /// if the environment cannot tell.
    ///
    /// # Errors
    /// Malformed metadata.
    fn type_spec_sig(&self, token: u32) -> Result<Option<Vec<u8>>, MetadataError> {
        let _ = token;
        Ok(None)
    }

    /// The element type named by the type token of `newarr`, `ldelem` or
    /// `stelem`: how an array type's signature names it and its IL type, or
    /// why it is not supported (a TypeSpec, an unresolvable type, …).
    ///
    /// # Errors
    /// Malformed metadata.
    fn array_elem(
        &self,
        token: u32,
    ) -> Result<Result<(kiln_ir::ArrayElem, IlType), String>, MetadataError> {
        Ok(Err(format!("element type {token:#010x} unknown")))
    }

    /// The closed constructed type TypeSpec `token` names, or why compiled
    /// code cannot name it by a fixup (generic parameters that need a
    /// runtime lookup, a type that does not load, …).
    ///
    /// # Errors
    /// Malformed metadata.
    fn constructed_type(
        &self,
        token: u32,
    ) -> Result<Result<ConstructedType, String>, MetadataError> {
        Ok(Err(format!("type {token:#010x} unknown")))
    }

    /// What the token of `ldtoken` names, or why kiln cannot give its
    /// handle (a constructed type, a generic member, …).
    ///
    /// # Errors
    /// Malformed metadata.
    fn ldtoken(&self, token: u32) -> Result<Result<TokenHandle, String>, MetadataError> {
        Ok(Err(format!("token {token:#010x} unknown")))
    }

    /// If `newobj ctor_token` creates a delegate — the constructor
    /// `.ctor(object, native int)` of a class deriving from
    /// `System.MulticastDelegate` — the class's TypeDef or TypeRef token;
    /// `Ok(None)` otherwise. Such a `newobj` after `ldftn` is one
    /// `delegate_ctor` (crossgen2's DelegateCtor fixup).
    ///
    /// # Errors
    /// Malformed metadata.
    fn delegate_class(&self, ctor_token: u32) -> Result<Option<u32>, MetadataError> {
        let _ = ctor_token;
        Ok(None)
    }

    /// Per local (in order; may be shorter than [`Self::locals`]): whether
    /// it is `pinned` (ECMA-335 II.23.2.9), so the GC must not move what it
    /// refers to while it holds it.
    ///
    /// # Errors
    /// Malformed metadata.
    fn pinned_locals(&self) -> Result<Vec<bool>, MetadataError> {
        Ok(Vec::new())
    }

    /// Why the method named by `token` (a call or `newobj` target) cannot
    /// be called from compiled code although its metadata is well-formed:
    /// its class, or a base of it, lives in an assembly the runtime will
    /// not find (the runtime cannot load the class, so the JIT's code
    /// would throw where the call is); `None` when it can.
    ///
    /// # Errors
    /// Malformed metadata.
    fn unresolved(&self, token: u32) -> Result<Option<String>, MetadataError> {
        let _ = token;
        Ok(None)
    }

    /// Why the compiled method's own class cannot be classified as a class
    /// or a value type (a base in an assembly the runtime will not find, so
    /// the runtime can never load the class and never run the method), or
    /// `None`.
    fn owner_unresolved(&self) -> Option<String> {
        None
    }

    /// Resolves the field token of `ldfld`/`stfld` (Field or MemberRef).
    ///
    /// # Errors
    /// Malformed metadata, or a token that names no field.
    fn resolve_field(&self, token: u32) -> Result<FieldTarget, MetadataError> {
        Err(MetadataError::BadToken {
            token,
            expected: "a field the environment knows",
        })
    }

    /// The layout of local `index` when [`LowerEnv::locals`] says it is an
    /// [`IlType::ValueType`], or why compiled code cannot bake it in (a
    /// generic instantiation, a type of another version bubble, a byref-like
    /// type, …).
    ///
    /// # Errors
    /// Malformed metadata.
    fn local_layout(&self, index: usize) -> Result<Result<ValueLayout, String>, MetadataError> {
        Ok(Err(format!("layout of local {index} unknown")))
    }

    /// The layout of the type of field `token` when
    /// [`LowerEnv::resolve_field`] says it is an [`IlType::ValueType`], or
    /// why it cannot be baked in.
    ///
    /// # Errors
    /// Malformed metadata.
    fn field_layout(&self, token: u32) -> Result<Result<ValueLayout, String>, MetadataError> {
        Ok(Err(format!(
            "layout of the type of field {token:#010x} unknown"
        )))
    }

    /// The value-type parameters and return of a signature: for the method
    /// being compiled (`call` = `None`) or the callee of `call` (a MethodDef
    /// or MemberRef token), one entry per parameter (`this` excluded) then
    /// one for the return: `None` where the type is not a value type kept in
    /// memory, else its layout or why it cannot be baked in.
    ///
    /// # Errors
    /// Malformed metadata.
    fn sig_value_types(
        &self,
        call: Option<u32>,
    ) -> Result<Vec<Option<Result<ValueLayout, String>>>, MetadataError> {
        let _ = call;
        Ok(Vec::new())
    }

    /// What the type token `token` names (a TypeDef, TypeRef or TypeSpec of
    /// the compiled module), or why compiled code cannot handle it.
    ///
    /// # Errors
    /// Malformed metadata.
    fn type_token(&self, token: u32) -> Result<Result<TokenType, String>, MetadataError> {
        Ok(Err(format!("type {token:#010x} unknown")))
    }

    /// The value type whose constructor `ctor_token` is (for `newobj` of a
    /// value type: the value is built in a temporary whose address the
    /// constructor gets as `this`), or why its layout cannot be baked in;
    /// `None` when the owner is not a value type (or is unknown: `newobj`
    /// then refuses it as a class).
    ///
    /// # Errors
    /// Malformed metadata.
    fn ctor_value_type(
        &self,
        ctor_token: u32,
    ) -> Result<Option<Result<ValueLayout, String>>, MetadataError> {
        let _ = ctor_token;
        Ok(None)
    }
}
