//! # kiln-writer — ReadyToRun image writer
//!
//! Takes position-independent method stencils and lays out a container the
//! runtime loads: today a PE image with a READYTORUN_HEADER (R2R 9.1), with
//! the original metadata and IL kept whole. Assigns RVAs, import cells and
//! thunks, and patches relocations.
//!
//! ```text
//!  input CLI file ──► input ──► sections kept at their RVAs ─────────────┐
//!                                                                          ▼
//!  MethodStencil per MethodDef ──► r2r ──► Layout (text / rodata / data, ──► pe ──► image bytes
//!                                          symbols, relocations)          (RVAs, .reloc, headers)
//! ```
//!
//! * `input` reads the IL-only input; its sections stay at their original
//!   RVAs (only their file offsets move), so RVAs inside the metadata stay
//!   valid.
//! * `r2r` builds the ReadyToRun content into a format-neutral
//!   [`layout::Layout`]: nothing there has an address yet.
//! * `place` assigns addresses (the input's sections keep their RVAs, the
//!   new ones follow) and resolves relocations into a
//!   [`container::PlacedImage`].
//! * [`container`] is the plugin point: a [`container::Container`] writes
//!   the placed image as a file — [`container::Pe`] (PE32+, what the
//!   runtime loads), [`container::Elf`] (a `dlopen`-able shared object), or
//!   a container defined outside kiln ([`WriterOptions::container`]).
//! * [`read`] reads an image back (kiln's own checks and `kiln dump`).
//!
//! Invariants: output is a pure function of the input bytes, the options and
//! the set of `(rid, stencil)` pairs (methods are placed in RID order, import
//! cells in first-use order); a stencil that breaks the contract is a
//! [`WriteError::InvalidStencil`], never a panic.

#![warn(missing_docs)]

pub mod container;
mod elf;
mod error;
mod input;
pub mod layout;
mod manifest;
mod pe;
mod place;
mod r2r;
pub mod read;
mod strip;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use container::{Container, ObjectFormat};
pub use error::WriteError;
pub use target_lexicon;

use kiln_runtime_abi::stencil::MethodStencil;

/// Options for [`ImageBuilder`].
#[derive(Clone, Debug)]
pub struct WriterOptions {
    /// The container to write the image in (default: [`container::Pe`]).
    pub container: Arc<dyn Container>,
    /// The string stored in the CompilerIdentifier section.
    pub compiler_identifier: String,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            container: Arc::new(container::Pe),
            compiler_identifier: format!("kiln {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Builds a ReadyToRun image from an IL-only input and compiled methods.
///
/// ```no_run
/// # fn demo(input: &[u8], stencil: kiln_runtime_abi::stencil::MethodStencil)
/// #     -> Result<(), kiln_writer::WriteError> {
/// let mut builder = kiln_writer::ImageBuilder::new(input, Default::default())?;
/// builder.add_method(1, stencil)?;
/// let image: Vec<u8> = builder.finish()?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct ImageBuilder {
    input: input::InputImage,
    options: WriterOptions,
    methods: BTreeMap<r2r::MethodId, MethodStencil>,
}

/// How the runtime finds an instantiated generic method's code
/// (InstanceMethodEntryPoints).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InstanceKey {
    /// The method signature blob the runtime matches against the method it
    /// looks up (`READYTORUN_METHOD_SIG_*` flags, MethodDef RID, the
    /// instantiation's type signatures; readytorun-format.md "Method
    /// signatures"), in the compiled module's token context.
    pub signature: Vec<u8>,
    /// The method's version-resilient hash
    /// (`kiln_runtime_abi::hash::method_hash`), the hashtable key.
    pub hash: u32,
}

impl ImageBuilder {
    /// Reads the input image.
    ///
    /// # Errors
    /// [`WriteError::MalformedInput`] if `input` is not a well-formed PE/CLI
    /// file; [`WriteError::UnsupportedInput`] if it is not IL-only, is
    /// already ReadyToRun, or its sections cannot be kept at their RVAs.
    pub fn new(input: &[u8], options: WriterOptions) -> Result<Self, WriteError> {
        Ok(ImageBuilder {
            input: input::InputImage::parse(input)?,
            options,
            methods: BTreeMap::new(),
        })
    }

    /// Adds the compiled code of the method in MethodDef row `rid`.
    ///
    /// # Errors
    /// [`WriteError::DuplicateMethod`] if `rid` was added before;
    /// [`WriteError::InvalidStencil`] if the stencil breaks the contract of
    /// [`kiln_runtime_abi::stencil`] (e.g. a call import without a GC ref
    /// map, relocations outside the code, fragments that do not tile it).
    pub fn add_method(&mut self, rid: u32, stencil: MethodStencil) -> Result<(), WriteError> {
        r2r::validate(rid, &stencil)?;
        if self.methods.contains_key(&r2r::MethodId::Def(rid)) {
            return Err(WriteError::DuplicateMethod { method_rid: rid });
        }
        self.methods.insert(r2r::MethodId::Def(rid), stencil);
        Ok(())
    }

    /// Adds the compiled code of one instantiation of the generic method (or
    /// method of a generic type) in MethodDef row `rid`, found by the runtime
    /// through `key`.
    ///
    /// # Errors
    /// [`WriteError::DuplicateMethod`] if an instantiation with the same
    /// signature was added before; [`WriteError::InvalidStencil`] as for
    /// [`ImageBuilder::add_method`], or for an empty signature.
    pub fn add_instance_method(
        &mut self,
        rid: u32,
        key: InstanceKey,
        stencil: MethodStencil,
    ) -> Result<(), WriteError> {
        r2r::validate(rid, &stencil)?;
        if key.signature.is_empty() {
            return Err(WriteError::InvalidStencil {
                method_rid: rid,
                detail: "empty instantiation signature".into(),
            });
        }
        let id = r2r::MethodId::Instance {
            signature: key.signature,
            hash: key.hash,
        };
        // Equal signatures have equal hashes: the map's key decides.
        if self.methods.contains_key(&id) {
            return Err(WriteError::DuplicateMethod { method_rid: rid });
        }
        self.methods.insert(id, stencil);
        Ok(())
    }

    /// Number of methods added so far.
    pub fn method_count(&self) -> usize {
        self.methods.len()
    }

    /// Lays out and writes the image.
    ///
    /// # Errors
    /// [`WriteError::LimitExceeded`] if the image outgrows a format limit.
    pub fn finish(self) -> Result<Vec<u8>, WriteError> {
        let r2r_options = r2r::R2rOptions {
            compiler_identifier: self.options.compiler_identifier.clone(),
        };
        let content = r2r::build(&self.input, &self.methods, &r2r_options)?;
        let container = &self.options.container;
        let placed = place::place(&self.input, content, container.image_base(), |n| {
            container.headers_len(n)
        })?;
        container.write(placed)
    }
}
