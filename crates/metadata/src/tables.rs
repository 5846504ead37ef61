//! Metadata tables: table numbers, column schemas, coded indexes, typed row
//! handles and typed rows.
//!
//! Specification: ECMA-335 II.22 (the tables and their columns) and
//! II.24.2.6 (the `#~` stream: heap-size flags, 2/4-byte indexes, coded
//! index tag widths). Every table 0x00..=0x2C is described, including the
//! `*Ptr` indirection tables of uncompressed (`#-`) streams and ENC tables.

use crate::error::{MetadataError, Result};

/// Heap index into `#Strings`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StringIndex(pub u32);
/// Heap index into `#Blob`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobIndex(pub u32);
/// 1-based index into `#GUID` (0 = null).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GuidIndex(pub u32);
/// Offset into `#US` (the low 24 bits of an `ldstr` token).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserStringIndex(pub u32);

/// A metadata token: table number in the top byte, 1-based row id below
/// (ECMA-335 II.22, III.1.9). `0x70` in the top byte is a `#US` offset.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(pub u32);

impl Token {
    /// Top byte of a user-string token (`ldstr`).
    pub const USER_STRING: u8 = 0x70;

    /// Builds a token from a table and row id.
    pub const fn new(table: TableId, rid: u32) -> Self {
        Token(((table as u32) << 24) | (rid & 0x00FF_FFFF))
    }
    /// The raw top byte (table number or 0x70).
    pub const fn table_byte(self) -> u8 {
        (self.0 >> 24) as u8
    }
    /// The table, if the top byte names one.
    pub fn table(self) -> Option<TableId> {
        TableId::from_u8(self.table_byte())
    }
    /// The 1-based row id (or `#US` offset).
    pub const fn rid(self) -> u32 {
        self.0 & 0x00FF_FFFF
    }
    /// True when the row id is 0.
    pub const fn is_null(self) -> bool {
        self.rid() == 0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.table() {
            Some(t) => write!(f, "{t:?}#{}", self.rid()),
            None => write!(f, "Token({:#010x})", self.0),
        }
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#010x}", self.0)
    }
}

macro_rules! table_ids {
    ($($name:ident = $n:literal,)*) => {
        /// A metadata table number (ECMA-335 II.22).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum TableId { $(
            #[doc = concat!("Table ", stringify!($n), ": `", stringify!($name), "`.")]
            $name = $n,
        )* }
        impl TableId {
            /// Every table, in table-number order.
            pub const ALL: &'static [TableId] = &[$(TableId::$name),*];
            /// The table with number `n`, if defined.
            pub fn from_u8(n: u8) -> Option<Self> {
                match n { $($n => Some(TableId::$name),)* _ => None }
            }
            /// The table's name.
            pub fn name(self) -> &'static str {
                match self { $(TableId::$name => stringify!($name),)* }
            }
        }
    };
}

table_ids! {
    Module = 0x00, TypeRef = 0x01, TypeDef = 0x02, FieldPtr = 0x03, Field = 0x04,
    MethodPtr = 0x05, MethodDef = 0x06, ParamPtr = 0x07, Param = 0x08,
    InterfaceImpl = 0x09, MemberRef = 0x0A, Constant = 0x0B, CustomAttribute = 0x0C,
    FieldMarshal = 0x0D, DeclSecurity = 0x0E, ClassLayout = 0x0F, FieldLayout = 0x10,
    StandAloneSig = 0x11, EventMap = 0x12, EventPtr = 0x13, Event = 0x14,
    PropertyMap = 0x15, PropertyPtr = 0x16, Property = 0x17, MethodSemantics = 0x18,
    MethodImpl = 0x19, ModuleRef = 0x1A, TypeSpec = 0x1B, ImplMap = 0x1C,
    FieldRva = 0x1D, EncLog = 0x1E, EncMap = 0x1F, Assembly = 0x20,
    AssemblyProcessor = 0x21, AssemblyOs = 0x22, AssemblyRef = 0x23,
    AssemblyRefProcessor = 0x24, AssemblyRefOs = 0x25, File = 0x26,
    ExportedType = 0x27, ManifestResource = 0x28, NestedClass = 0x29,
    GenericParam = 0x2A, MethodSpec = 0x2B, GenericParamConstraint = 0x2C,
}

/// Number of table slots we describe (0x00..=0x2C).
pub const TABLE_COUNT: usize = 0x2D;

/// Coded index kinds (ECMA-335 II.24.2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodedKind {
    /// TypeDef, TypeRef, TypeSpec.
    TypeDefOrRef,
    /// Field, Param, Property.
    HasConstant,
    /// The 22 tables that can carry custom attributes.
    HasCustomAttribute,
    /// Field, Param.
    HasFieldMarshal,
    /// TypeDef, MethodDef, Assembly.
    HasDeclSecurity,
    /// TypeDef, TypeRef, ModuleRef, MethodDef, TypeSpec.
    MemberRefParent,
    /// Event, Property.
    HasSemantics,
    /// MethodDef, MemberRef.
    MethodDefOrRef,
    /// Field, MethodDef.
    MemberForwarded,
    /// File, AssemblyRef, ExportedType.
    Implementation,
    /// (unused), (unused), MethodDef, MemberRef, (unused).
    CustomAttributeType,
    /// Module, ModuleRef, AssemblyRef, TypeRef.
    ResolutionScope,
    /// TypeDef, MethodDef.
    TypeOrMethodDef,
}

impl CodedKind {
    /// The tables selected by each tag value (`None` = unused tag).
    pub fn tables(self) -> &'static [Option<TableId>] {
        use TableId as T;
        match self {
            CodedKind::TypeDefOrRef => &[Some(T::TypeDef), Some(T::TypeRef), Some(T::TypeSpec)],
            CodedKind::HasConstant => &[Some(T::Field), Some(T::Param), Some(T::Property)],
            CodedKind::HasCustomAttribute => &[
                Some(T::MethodDef),
                Some(T::Field),
                Some(T::TypeRef),
                Some(T::TypeDef),
                Some(T::Param),
                Some(T::InterfaceImpl),
                Some(T::MemberRef),
                Some(T::Module),
                Some(T::DeclSecurity),
                Some(T::Property),
                Some(T::Event),
                Some(T::StandAloneSig),
                Some(T::ModuleRef),
                Some(T::TypeSpec),
                Some(T::Assembly),
                Some(T::AssemblyRef),
                Some(T::File),
                Some(T::ExportedType),
                Some(T::ManifestResource),
                Some(T::GenericParam),
                Some(T::GenericParamConstraint),
                Some(T::MethodSpec),
            ],
            CodedKind::HasFieldMarshal => &[Some(T::Field), Some(T::Param)],
            CodedKind::HasDeclSecurity => {
                &[Some(T::TypeDef), Some(T::MethodDef), Some(T::Assembly)]
            }
            CodedKind::MemberRefParent => &[
                Some(T::TypeDef),
                Some(T::TypeRef),
                Some(T::ModuleRef),
                Some(T::MethodDef),
                Some(T::TypeSpec),
            ],
            CodedKind::HasSemantics => &[Some(T::Event), Some(T::Property)],
            CodedKind::MethodDefOrRef => &[Some(T::MethodDef), Some(T::MemberRef)],
            CodedKind::MemberForwarded => &[Some(T::Field), Some(T::MethodDef)],
            CodedKind::Implementation => {
                &[Some(T::File), Some(T::AssemblyRef), Some(T::ExportedType)]
            }
            CodedKind::CustomAttributeType => {
                &[None, None, Some(T::MethodDef), Some(T::MemberRef), None]
            }
            CodedKind::ResolutionScope => &[
                Some(T::Module),
                Some(T::ModuleRef),
                Some(T::AssemblyRef),
                Some(T::TypeRef),
            ],
            CodedKind::TypeOrMethodDef => &[Some(T::TypeDef), Some(T::MethodDef)],
        }
    }

    /// Number of tag bits: `ceil(log2(number of tables))`.
    pub fn tag_bits(self) -> u32 {
        let n = self.tables().len() as u32;
        32 - (n - 1).leading_zeros()
    }

    /// Decodes a raw coded value into a token (rid 0 = null); `None` on a bad tag.
    pub fn decode(self, raw: u32) -> Option<Token> {
        let bits = self.tag_bits();
        let tag = raw & ((1 << bits) - 1);
        let table = (*self.tables().get(tag as usize)?)?;
        Some(Token::new(table, raw >> bits))
    }

    /// Encodes a token as a coded value; `None` if its table is not allowed.
    pub fn encode(self, token: Token) -> Option<u32> {
        let table = token.table()?;
        let tag = self.tables().iter().position(|t| *t == Some(table))? as u32;
        Some((token.rid() << self.tag_bits()) | tag)
    }
}

/// The kind of a column (ECMA-335 II.22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    /// A 2-byte constant (also used for `Constant.Type`: a byte plus padding).
    U16,
    /// A 4-byte constant.
    U32,
    /// `#Strings` index.
    Str,
    /// `#GUID` index.
    Guid,
    /// `#Blob` index.
    Blob,
    /// A simple index into a table.
    Idx(TableId),
    /// A coded index.
    Coded(CodedKind),
}

/// A typed row handle: a 1-based row id in one table.
pub trait Handle: Copy + Eq + std::hash::Hash + std::fmt::Debug + Send + Sync + 'static {
    /// The table this handle indexes.
    const TABLE: TableId;
    /// Builds the handle from a row id.
    fn from_rid(rid: u32) -> Self;
    /// The 1-based row id.
    fn rid(self) -> u32;
    /// The handle as a token.
    fn token(self) -> Token {
        Token::new(Self::TABLE, self.rid())
    }
    /// The handle for `token`, if the token is in this handle's table.
    fn from_token(token: Token) -> Option<Self> {
        (token.table() == Some(Self::TABLE)).then(|| Self::from_rid(token.rid()))
    }
}

/// A decoded table row.
pub trait Row: Sized {
    /// The table.
    const TABLE: TableId;
    /// Column names and kinds, in order.
    const COLUMNS: &'static [(&'static str, Col)];
    /// The handle type of this table.
    type Handle: Handle;
    /// Decodes a row from its raw column values.
    ///
    /// # Errors
    /// [`MetadataError::BadColumn`] for a bad coded-index tag.
    fn decode(raw: &[u32], rid: u32) -> Result<Self>;
}

pub(crate) trait FromColumn: Sized {
    fn from_column(raw: u32, col: Col) -> Option<Self>;
}

impl FromColumn for u16 {
    fn from_column(raw: u32, _: Col) -> Option<Self> {
        Some(raw as u16)
    }
}
impl FromColumn for u32 {
    fn from_column(raw: u32, _: Col) -> Option<Self> {
        Some(raw)
    }
}
impl FromColumn for StringIndex {
    fn from_column(raw: u32, _: Col) -> Option<Self> {
        Some(StringIndex(raw))
    }
}
impl FromColumn for BlobIndex {
    fn from_column(raw: u32, _: Col) -> Option<Self> {
        Some(BlobIndex(raw))
    }
}
impl FromColumn for GuidIndex {
    fn from_column(raw: u32, _: Col) -> Option<Self> {
        Some(GuidIndex(raw))
    }
}
impl FromColumn for Token {
    fn from_column(raw: u32, col: Col) -> Option<Self> {
        match col {
            Col::Coded(k) => k.decode(raw),
            Col::Idx(t) => Some(Token::new(t, raw)),
            _ => None,
        }
    }
}

macro_rules! handles {
    ($($name:ident => $table:ident,)*) => {$(
        #[doc = concat!("A 1-based row id in the `", stringify!($table), "` table.")]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl Handle for $name {
            const TABLE: TableId = TableId::$table;
            fn from_rid(rid: u32) -> Self { $name(rid) }
            fn rid(self) -> u32 { self.0 }
        }
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!(stringify!($table), "#{}"), self.0)
            }
        }
        impl FromColumn for $name {
            fn from_column(raw: u32, _: Col) -> Option<Self> { Some($name(raw)) }
        }
        impl From<$name> for Token {
            fn from(h: $name) -> Token { h.token() }
        }
    )*};
}

handles! {
    ModuleHandle => Module, TypeRefHandle => TypeRef, TypeDefHandle => TypeDef,
    FieldPtrHandle => FieldPtr, FieldHandle => Field, MethodPtrHandle => MethodPtr,
    MethodDefHandle => MethodDef, ParamPtrHandle => ParamPtr, ParamHandle => Param,
    InterfaceImplHandle => InterfaceImpl, MemberRefHandle => MemberRef,
    ConstantHandle => Constant, CustomAttributeHandle => CustomAttribute,
    FieldMarshalHandle => FieldMarshal, DeclSecurityHandle => DeclSecurity,
    ClassLayoutHandle => ClassLayout, FieldLayoutHandle => FieldLayout,
    StandAloneSigHandle => StandAloneSig, EventMapHandle => EventMap,
    EventPtrHandle => EventPtr, EventHandle => Event, PropertyMapHandle => PropertyMap,
    PropertyPtrHandle => PropertyPtr, PropertyHandle => Property,
    MethodSemanticsHandle => MethodSemantics, MethodImplHandle => MethodImpl,
    ModuleRefHandle => ModuleRef, TypeSpecHandle => TypeSpec, ImplMapHandle => ImplMap,
    FieldRvaHandle => FieldRva, EncLogHandle => EncLog, EncMapHandle => EncMap,
    AssemblyHandle => Assembly, AssemblyProcessorHandle => AssemblyProcessor,
    AssemblyOsHandle => AssemblyOs, AssemblyRefHandle => AssemblyRef,
    AssemblyRefProcessorHandle => AssemblyRefProcessor, AssemblyRefOsHandle => AssemblyRefOs,
    FileHandle => File, ExportedTypeHandle => ExportedType,
    ManifestResourceHandle => ManifestResource, NestedClassHandle => NestedClass,
    GenericParamHandle => GenericParam, MethodSpecHandle => MethodSpec,
    GenericParamConstraintHandle => GenericParamConstraint,
}

macro_rules! coded_enums {
    ($($(#[$m:meta])* $name:ident { $($var:ident($h:ident)),* })*) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $(
            #[doc = concat!("A `", stringify!($var), "` row.")]
            $var($h),
        )* }
        impl $name {
            /// The typed value of `token`, if its table is allowed here and its rid is non-zero.
            pub fn from_token(token: Token) -> Option<Self> {
                if token.is_null() { return None; }
                match token.table()? {
                    $(TableId::$var => Some($name::$var($h(token.rid()))),)*
                    _ => None,
                }
            }
            /// The value as a token.
            pub fn token(self) -> Token {
                match self { $($name::$var(h) => h.token(),)* }
            }
        }
        impl From<$name> for Token {
            fn from(v: $name) -> Token { v.token() }
        }
        impl FromColumn for Option<$name> {
            fn from_column(raw: u32, col: Col) -> Option<Self> {
                let t = <Token as FromColumn>::from_column(raw, col)?;
                if t.is_null() { return Some(None); }
                Some(Some($name::from_token(t)?))
            }
        }
    )*};
}

coded_enums! {
    /// `TypeDefOrRef` coded index target.
    TypeDefOrRef { TypeDef(TypeDefHandle), TypeRef(TypeRefHandle), TypeSpec(TypeSpecHandle) }
    /// `HasConstant` coded index target.
    HasConstant { Field(FieldHandle), Param(ParamHandle), Property(PropertyHandle) }
    /// `HasFieldMarshal` coded index target.
    HasFieldMarshal { Field(FieldHandle), Param(ParamHandle) }
    /// `HasDeclSecurity` coded index target.
    HasDeclSecurity { TypeDef(TypeDefHandle), MethodDef(MethodDefHandle), Assembly(AssemblyHandle) }
    /// `MemberRefParent` coded index target.
    MemberRefParent { TypeDef(TypeDefHandle), TypeRef(TypeRefHandle), ModuleRef(ModuleRefHandle), MethodDef(MethodDefHandle), TypeSpec(TypeSpecHandle) }
    /// `HasSemantics` coded index target.
    HasSemantics { Event(EventHandle), Property(PropertyHandle) }
    /// `MethodDefOrRef` coded index target.
    MethodDefOrRef { MethodDef(MethodDefHandle), MemberRef(MemberRefHandle) }
    /// `MemberForwarded` coded index target.
    MemberForwarded { Field(FieldHandle), MethodDef(MethodDefHandle) }
    /// `Implementation` coded index target.
    Implementation { File(FileHandle), AssemblyRef(AssemblyRefHandle), ExportedType(ExportedTypeHandle) }
    /// `CustomAttributeType` coded index target (the attribute constructor).
    CustomAttributeType { MethodDef(MethodDefHandle), MemberRef(MemberRefHandle) }
    /// `ResolutionScope` coded index target.
    ResolutionScope { Module(ModuleHandle), ModuleRef(ModuleRefHandle), AssemblyRef(AssemblyRefHandle), TypeRef(TypeRefHandle) }
    /// `TypeOrMethodDef` coded index target.
    TypeOrMethodDef { TypeDef(TypeDefHandle), MethodDef(MethodDefHandle) }
}

/// `HasCustomAttribute` coded index target, kept as a token (22 tables).
pub type HasCustomAttribute = Token;

impl FromColumn for Option<Token> {
    fn from_column(raw: u32, col: Col) -> Option<Self> {
        let t = <Token as FromColumn>::from_column(raw, col)?;
        Some((!t.is_null()).then_some(t))
    }
}

macro_rules! rows {
    ($($(#[$m:meta])* $table:ident $row:ident $handle:ident { $($(#[$fm:meta])* $field:ident : $ty:ty = $col:expr),* $(,)? })*) => {
        $(
            $(#[$m])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct $row { $($(#[$fm])* pub $field: $ty,)* }
            impl Row for $row {
                const TABLE: TableId = TableId::$table;
                const COLUMNS: &'static [(&'static str, Col)] = &[$((stringify!($field), $col)),*];
                type Handle = $handle;
                #[allow(unused_assignments)]
                fn decode(raw: &[u32], rid: u32) -> Result<Self> {
                    let mut i = 0usize;
                    Ok($row { $($field: {
                        let (name, col) = Self::COLUMNS[i];
                        let v = raw.get(i).copied().unwrap_or(0);
                        i += 1;
                        <$ty as FromColumn>::from_column(v, col).ok_or(MetadataError::BadColumn {
                            table: TableId::$table, row: rid, column: name, value: v,
                        })?
                    },)* })
                }
            }
        )*
        /// The column schema of `table`.
        pub fn columns(table: TableId) -> &'static [(&'static str, Col)] {
            match table { $(TableId::$table => $row::COLUMNS,)* }
        }
    };
}

use CodedKind as C;
use Col::*;
use TableId as T;

rows! {
    /// `Module` (II.22.30).
    Module ModuleRow ModuleHandle { generation: u16 = U16, name: StringIndex = Str, mvid: GuidIndex = Guid, enc_id: GuidIndex = Guid, enc_base_id: GuidIndex = Guid }
    /// `TypeRef` (II.22.38).
    TypeRef TypeRefRow TypeRefHandle { resolution_scope: Option<ResolutionScope> = Coded(C::ResolutionScope), name: StringIndex = Str, namespace: StringIndex = Str }
    /// `TypeDef` (II.22.37). `field_list`/`method_list` start runs that end at the next row's.
    TypeDef TypeDefRow TypeDefHandle { flags: u32 = U32, name: StringIndex = Str, namespace: StringIndex = Str, extends: Option<TypeDefOrRef> = Coded(C::TypeDefOrRef), field_list: FieldHandle = Idx(T::Field), method_list: MethodDefHandle = Idx(T::MethodDef) }
    /// `FieldPtr` (uncompressed streams only).
    FieldPtr FieldPtrRow FieldPtrHandle { field: FieldHandle = Idx(T::Field) }
    /// `Field` (II.22.15).
    Field FieldRow FieldHandle { flags: u16 = U16, name: StringIndex = Str, signature: BlobIndex = Blob }
    /// `MethodPtr` (uncompressed streams only).
    MethodPtr MethodPtrRow MethodPtrHandle { method: MethodDefHandle = Idx(T::MethodDef) }
    /// `MethodDef` (II.22.26).
    MethodDef MethodDefRow MethodDefHandle { rva: u32 = U32, impl_flags: u16 = U16, flags: u16 = U16, name: StringIndex = Str, signature: BlobIndex = Blob, param_list: ParamHandle = Idx(T::Param) }
    /// `ParamPtr` (uncompressed streams only).
    ParamPtr ParamPtrRow ParamPtrHandle { param: ParamHandle = Idx(T::Param) }
    /// `Param` (II.22.33).
    Param ParamRow ParamHandle { flags: u16 = U16, sequence: u16 = U16, name: StringIndex = Str }
    /// `InterfaceImpl` (II.22.23).
    InterfaceImpl InterfaceImplRow InterfaceImplHandle { class: TypeDefHandle = Idx(T::TypeDef), interface: Option<TypeDefOrRef> = Coded(C::TypeDefOrRef) }
    /// `MemberRef` (II.22.25).
    MemberRef MemberRefRow MemberRefHandle { class: Option<MemberRefParent> = Coded(C::MemberRefParent), name: StringIndex = Str, signature: BlobIndex = Blob }
    /// `Constant` (II.22.9); `element_type` is the type byte (the padding byte is dropped).
    Constant ConstantRow ConstantHandle { element_type: u16 = U16, parent: Option<HasConstant> = Coded(C::HasConstant), value: BlobIndex = Blob }
    /// `CustomAttribute` (II.22.10).
    CustomAttribute CustomAttributeRow CustomAttributeHandle { parent: Option<Token> = Coded(C::HasCustomAttribute), constructor: Option<CustomAttributeType> = Coded(C::CustomAttributeType), value: BlobIndex = Blob }
    /// `FieldMarshal` (II.22.17).
    FieldMarshal FieldMarshalRow FieldMarshalHandle { parent: Option<HasFieldMarshal> = Coded(C::HasFieldMarshal), native_type: BlobIndex = Blob }
    /// `DeclSecurity` (II.22.11).
    DeclSecurity DeclSecurityRow DeclSecurityHandle { action: u16 = U16, parent: Option<HasDeclSecurity> = Coded(C::HasDeclSecurity), permission_set: BlobIndex = Blob }
    /// `ClassLayout` (II.22.8).
    ClassLayout ClassLayoutRow ClassLayoutHandle { packing_size: u16 = U16, class_size: u32 = U32, parent: TypeDefHandle = Idx(T::TypeDef) }
    /// `FieldLayout` (II.22.16).
    FieldLayout FieldLayoutRow FieldLayoutHandle { offset: u32 = U32, field: FieldHandle = Idx(T::Field) }
    /// `StandAloneSig` (II.22.36).
    StandAloneSig StandAloneSigRow StandAloneSigHandle { signature: BlobIndex = Blob }
    /// `EventMap` (II.22.12).
    EventMap EventMapRow EventMapHandle { parent: TypeDefHandle = Idx(T::TypeDef), event_list: EventHandle = Idx(T::Event) }
    /// `EventPtr` (uncompressed streams only).
    EventPtr EventPtrRow EventPtrHandle { event: EventHandle = Idx(T::Event) }
    /// `Event` (II.22.13).
    Event EventRow EventHandle { flags: u16 = U16, name: StringIndex = Str, event_type: Option<TypeDefOrRef> = Coded(C::TypeDefOrRef) }
    /// `PropertyMap` (II.22.35).
    PropertyMap PropertyMapRow PropertyMapHandle { parent: TypeDefHandle = Idx(T::TypeDef), property_list: PropertyHandle = Idx(T::Property) }
    /// `PropertyPtr` (uncompressed streams only).
    PropertyPtr PropertyPtrRow PropertyPtrHandle { property: PropertyHandle = Idx(T::Property) }
    /// `Property` (II.22.34).
    Property PropertyRow PropertyHandle { flags: u16 = U16, name: StringIndex = Str, signature: BlobIndex = Blob }
    /// `MethodSemantics` (II.22.28).
    MethodSemantics MethodSemanticsRow MethodSemanticsHandle { semantics: u16 = U16, method: MethodDefHandle = Idx(T::MethodDef), association: Option<HasSemantics> = Coded(C::HasSemantics) }
    /// `MethodImpl` (II.22.27).
    MethodImpl MethodImplRow MethodImplHandle { class: TypeDefHandle = Idx(T::TypeDef), body: Option<MethodDefOrRef> = Coded(C::MethodDefOrRef), declaration: Option<MethodDefOrRef> = Coded(C::MethodDefOrRef) }
    /// `ModuleRef` (II.22.31).
    ModuleRef ModuleRefRow ModuleRefHandle { name: StringIndex = Str }
    /// `TypeSpec` (II.22.39).
    TypeSpec TypeSpecRow TypeSpecHandle { signature: BlobIndex = Blob }
    /// `ImplMap` (II.22.22).
    ImplMap ImplMapRow ImplMapHandle { flags: u16 = U16, member_forwarded: Option<MemberForwarded> = Coded(C::MemberForwarded), import_name: StringIndex = Str, import_scope: ModuleRefHandle = Idx(T::ModuleRef) }
    /// `FieldRVA` (II.22.18).
    FieldRva FieldRvaRow FieldRvaHandle { rva: u32 = U32, field: FieldHandle = Idx(T::Field) }
    /// `ENCLog`.
    EncLog EncLogRow EncLogHandle { token: u32 = U32, func_code: u32 = U32 }
    /// `ENCMap`.
    EncMap EncMapRow EncMapHandle { token: u32 = U32 }
    /// `Assembly` (II.22.2).
    Assembly AssemblyRow AssemblyHandle { hash_alg_id: u32 = U32, major_version: u16 = U16, minor_version: u16 = U16, build_number: u16 = U16, revision_number: u16 = U16, flags: u32 = U32, public_key: BlobIndex = Blob, name: StringIndex = Str, culture: StringIndex = Str }
    /// `AssemblyProcessor` (II.22.4).
    AssemblyProcessor AssemblyProcessorRow AssemblyProcessorHandle { processor: u32 = U32 }
    /// `AssemblyOS` (II.22.3).
    AssemblyOs AssemblyOsRow AssemblyOsHandle { platform_id: u32 = U32, major_version: u32 = U32, minor_version: u32 = U32 }
    /// `AssemblyRef` (II.22.5).
    AssemblyRef AssemblyRefRow AssemblyRefHandle { major_version: u16 = U16, minor_version: u16 = U16, build_number: u16 = U16, revision_number: u16 = U16, flags: u32 = U32, public_key_or_token: BlobIndex = Blob, name: StringIndex = Str, culture: StringIndex = Str, hash_value: BlobIndex = Blob }
    /// `AssemblyRefProcessor` (II.22.7).
    AssemblyRefProcessor AssemblyRefProcessorRow AssemblyRefProcessorHandle { processor: u32 = U32, assembly_ref: AssemblyRefHandle = Idx(T::AssemblyRef) }
    /// `AssemblyRefOS` (II.22.6).
    AssemblyRefOs AssemblyRefOsRow AssemblyRefOsHandle { platform_id: u32 = U32, major_version: u32 = U32, minor_version: u32 = U32, assembly_ref: AssemblyRefHandle = Idx(T::AssemblyRef) }
    /// `File` (II.22.19).
    File FileRow FileHandle { flags: u32 = U32, name: StringIndex = Str, hash_value: BlobIndex = Blob }
    /// `ExportedType` (II.22.14): type forwarders and types of other modules.
    ExportedType ExportedTypeRow ExportedTypeHandle { flags: u32 = U32, type_def_id: u32 = U32, name: StringIndex = Str, namespace: StringIndex = Str, implementation: Option<Implementation> = Coded(C::Implementation) }
    /// `ManifestResource` (II.22.24).
    ManifestResource ManifestResourceRow ManifestResourceHandle { offset: u32 = U32, flags: u32 = U32, name: StringIndex = Str, implementation: Option<Implementation> = Coded(C::Implementation) }
    /// `NestedClass` (II.22.32).
    NestedClass NestedClassRow NestedClassHandle { nested: TypeDefHandle = Idx(T::TypeDef), enclosing: TypeDefHandle = Idx(T::TypeDef) }
    /// `GenericParam` (II.22.20).
    GenericParam GenericParamRow GenericParamHandle { number: u16 = U16, flags: u16 = U16, owner: Option<TypeOrMethodDef> = Coded(C::TypeOrMethodDef), name: StringIndex = Str }
    /// `MethodSpec` (II.22.29).
    MethodSpec MethodSpecRow MethodSpecHandle { method: Option<MethodDefOrRef> = Coded(C::MethodDefOrRef), instantiation: BlobIndex = Blob }
    /// `GenericParamConstraint` (II.22.21).
    GenericParamConstraint GenericParamConstraintRow GenericParamConstraintHandle { owner: GenericParamHandle = Idx(T::GenericParam), constraint: Option<TypeDefOrRef> = Coded(C::TypeDefOrRef) }
}

/// Which indirection (`*Ptr`) table serves a list column's target table.
pub(crate) fn ptr_table(target: TableId) -> Option<TableId> {
    match target {
        T::Field => Some(T::FieldPtr),
        T::MethodDef => Some(T::MethodPtr),
        T::Param => Some(T::ParamPtr),
        T::Event => Some(T::EventPtr),
        T::Property => Some(T::PropertyPtr),
        _ => None,
    }
}

/// Type attribute flags (`TypeAttributes`, II.23.1.15) used by the type system.
pub mod type_attributes {
    /// Visibility mask.
    pub const VISIBILITY_MASK: u32 = 0x7;
    /// Layout mask.
    pub const LAYOUT_MASK: u32 = 0x18;
    /// Auto layout.
    pub const AUTO_LAYOUT: u32 = 0x0;
    /// Sequential layout.
    pub const SEQUENTIAL_LAYOUT: u32 = 0x8;
    /// Explicit layout.
    pub const EXPLICIT_LAYOUT: u32 = 0x10;
    /// Interface.
    pub const INTERFACE: u32 = 0x20;
    /// Abstract.
    pub const ABSTRACT: u32 = 0x80;
    /// Sealed.
    pub const SEALED: u32 = 0x100;
    /// Special name.
    pub const SPECIAL_NAME: u32 = 0x400;
    /// Imported.
    pub const IMPORT: u32 = 0x1000;
    /// Serializable.
    pub const SERIALIZABLE: u32 = 0x2000;
    /// Before field init.
    pub const BEFORE_FIELD_INIT: u32 = 0x100000;
    /// `ExportedType` flag: this row is a type forwarder.
    pub const FORWARDER: u32 = 0x200000;
}

/// Field attribute flags (`FieldAttributes`, II.23.1.5).
pub mod field_attributes {
    /// Access mask.
    pub const ACCESS_MASK: u16 = 0x7;
    /// Static.
    pub const STATIC: u16 = 0x10;
    /// Init-only.
    pub const INIT_ONLY: u16 = 0x20;
    /// Literal (constant, no storage).
    pub const LITERAL: u16 = 0x40;
    /// Has an RVA (`FieldRVA` row).
    pub const HAS_FIELD_RVA: u16 = 0x100;
    /// Special name.
    pub const SPECIAL_NAME: u16 = 0x200;
    /// Has a default value.
    pub const HAS_DEFAULT: u16 = 0x8000;
}

/// Method attribute flags (`MethodAttributes`, II.23.1.10).
pub mod method_attributes {
    /// Access mask.
    pub const ACCESS_MASK: u16 = 0x7;
    /// Static.
    pub const STATIC: u16 = 0x10;
    /// Final (sealed).
    pub const FINAL: u16 = 0x20;
    /// Virtual.
    pub const VIRTUAL: u16 = 0x40;
    /// Hide by signature.
    pub const HIDE_BY_SIG: u16 = 0x80;
    /// Vtable layout mask.
    pub const VTABLE_LAYOUT_MASK: u16 = 0x100;
    /// New slot.
    pub const NEW_SLOT: u16 = 0x100;
    /// Check access on override.
    pub const STRICT: u16 = 0x200;
    /// Abstract.
    pub const ABSTRACT: u16 = 0x400;
    /// Special name.
    pub const SPECIAL_NAME: u16 = 0x800;
    /// P/Invoke implementation.
    pub const PINVOKE_IMPL: u16 = 0x2000;
    /// Runtime special name.
    pub const RT_SPECIAL_NAME: u16 = 0x1000;
}

/// Method implementation flags (`MethodImplAttributes`, II.23.1.11).
pub mod method_impl_attributes {
    /// Code type mask.
    pub const CODE_TYPE_MASK: u16 = 0x3;
    /// IL.
    pub const IL: u16 = 0x0;
    /// Native.
    pub const NATIVE: u16 = 0x1;
    /// Runtime-provided.
    pub const RUNTIME: u16 = 0x3;
    /// Unmanaged.
    pub const UNMANAGED: u16 = 0x4;
    /// No inlining.
    pub const NO_INLINING: u16 = 0x8;
    /// Forward reference.
    pub const FORWARD_REF: u16 = 0x10;
    /// Synchronized.
    pub const SYNCHRONIZED: u16 = 0x20;
    /// No optimization.
    pub const NO_OPTIMIZATION: u16 = 0x40;
    /// Preserve signature.
    pub const PRESERVE_SIG: u16 = 0x80;
    /// Aggressive inlining.
    pub const AGGRESSIVE_INLINING: u16 = 0x100;
    /// Aggressive optimization.
    pub const AGGRESSIVE_OPTIMIZATION: u16 = 0x200;
    /// Internal call.
    pub const INTERNAL_CALL: u16 = 0x1000;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_bits_match_ecma() {
        assert_eq!(CodedKind::TypeDefOrRef.tag_bits(), 2);
        assert_eq!(CodedKind::HasCustomAttribute.tag_bits(), 5);
        assert_eq!(CodedKind::MemberRefParent.tag_bits(), 3);
        assert_eq!(CodedKind::CustomAttributeType.tag_bits(), 3);
        assert_eq!(CodedKind::MethodDefOrRef.tag_bits(), 1);
        assert_eq!(CodedKind::ResolutionScope.tag_bits(), 2);
    }

    #[test]
    fn coded_round_trip_and_bad_tag() {
        let t = Token::new(TableId::TypeSpec, 77);
        let raw = CodedKind::TypeDefOrRef.encode(t).unwrap();
        assert_eq!(raw, (77 << 2) | 2);
        assert_eq!(CodedKind::TypeDefOrRef.decode(raw), Some(t));
        assert_eq!(CodedKind::TypeDefOrRef.decode(3), None);
        assert_eq!(CodedKind::CustomAttributeType.decode(1), None);
    }

    #[test]
    fn row_decode_reports_bad_column() {
        let err = TypeDefRow::decode(&[0, 1, 2, 3 /* tag 3 invalid */, 1, 1], 9).unwrap_err();
        assert_eq!(
            err,
            MetadataError::BadColumn {
                table: TableId::TypeDef,
                row: 9,
                column: "extends",
                value: 3
            }
        );
        let ok = TypeDefRow::decode(&[0x100001, 1, 2, (5 << 2) | 1, 1, 1], 9).unwrap();
        assert_eq!(ok.extends, Some(TypeDefOrRef::TypeRef(TypeRefHandle(5))));
    }
}
