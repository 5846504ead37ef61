//! The container plugin point: what wraps a placed ReadyToRun image in a
//! file format a loader takes.
//!
//! ```text
//!  Layout (r2r) ──► place(input sections at their RVAs, new sections after,
//!                        relocations resolved against image_base())
//!                     │  sized for headers_len(section count)
//!                     ▼
//!                  PlacedImage ──► Container::write ──► file bytes
//! ```
//!
//! kiln's containers: [`Pe`] (`pe`, what the .NET runtime loads) and
//! [`Elf`] (`elf`, a `dlopen`-able shared object exporting `RTR_HEADER`, the
//! platform-native envelope of dotnet/runtime
//! docs/design/coreclr/botr/readytorun-platform-native-envelope.md). A
//! container defined outside kiln implements [`Container`] and is
//! registered with `kiln-driver`'s `Registry`; the image model it receives
//! ([`PlacedImage`]) is the same the built-in ones get.
//!
//! Invariants of a placed image, which a container may rely on: sections
//! are in RVA and file order, `rva ≡ file offset (mod` [`PAGE`]`)`, file
//! offsets are multiples of [`FILE_ALIGNMENT`], the headers (of
//! [`Container::headers_len`] bytes) fit below the first section, no two
//! sections share a page, and every RVA stored in the image is relative to
//! [`Container::image_base`] — which is also what each 64-bit absolute
//! field ([`PlacedImage::absolute`]) holds added to its target's RVA.

use std::borrow::Cow;
use std::fmt;

use target_lexicon::Triple;

use crate::WriteError;

pub use crate::elf::{Elf, RTR_HEADER};
pub use crate::pe::{Pe, IMAGE_BASE, MACHINE_AMD64_LINUX};
pub use crate::place::{
    InputHeaders, PlacedImage, PlacedSection, FILE_ALIGNMENT, NEW_SECTION_NAMES, PAGE, SCN_CODE,
    SCN_DISCARDABLE, SCN_EXECUTE, SCN_INITIALIZED_DATA, SCN_READ, SCN_WRITE,
};

/// A container format: the plugin point for writing a placed image in a
/// file format (see the module documentation).
///
/// ```
/// use kiln_writer::container::{Container, PlacedImage};
///
/// /// The sections' bytes back to back after a 16-byte header: a toy
/// /// format a test loader could map.
/// #[derive(Debug)]
/// struct Flat;
///
/// impl Container for Flat {
///     fn name(&self) -> &str { "flat" }
///     fn description(&self) -> &str { "sections back to back" }
///     fn supports(&self, _: &kiln_writer::target_lexicon::Triple) -> bool { true }
///     fn image_base(&self) -> u64 { 0 }
///     fn headers_len(&self, _: usize) -> usize { 16 }
///     fn write(&self, image: PlacedImage) -> Result<Vec<u8>, kiln_writer::WriteError> {
///         let mut out = b"FLAT".to_vec();
///         out.extend_from_slice(&image.r2r_header().0.to_le_bytes());
///         out.resize(16, 0);
///         for s in &image.sections {
///             out.extend_from_slice(&s.data);
///         }
///         Ok(out)
///     }
/// }
/// assert_eq!(Flat.name(), "flat");
/// ```
pub trait Container: Send + Sync + fmt::Debug {
    /// The format's name as `--obj-format` spells it (`pe`, `elf`), lower
    /// case; the key the driver's registry finds it by.
    fn name(&self) -> &str;

    /// One line saying what the output is (for listings and messages).
    fn description(&self) -> &str;

    /// Whether the container can carry code for `target` (its machine
    /// field, relocation kinds and the writer's thunks agree with it).
    fn supports(&self, target: &Triple) -> bool;

    /// The address the image is linked at: RVAs are relative to it, and
    /// 64-bit absolute fields hold `image_base + RVA` before any load-time
    /// relocation.
    fn image_base(&self) -> u64;

    /// The size of the container's headers for `section_count` sections
    /// (the input's, kiln's and the trailing one). The placed sections
    /// start after them; they must fit in the first [`PAGE`].
    fn headers_len(&self, section_count: usize) -> usize;

    /// Writes the file.
    ///
    /// # Errors
    /// [`WriteError::LimitExceeded`] if the image outgrows a limit of the
    /// format; other [`WriteError`]s as the container needs.
    fn write(&self, image: PlacedImage) -> Result<Vec<u8>, WriteError>;
}

/// An object-format value: a container's name as crossgen2's
/// `--obj-format` spells it, lower case.
///
/// ```
/// use kiln_writer::container::ObjectFormat;
/// assert_eq!(ObjectFormat::new("PE"), ObjectFormat::PE);
/// assert_eq!(ObjectFormat::ELF.as_str(), "elf");
/// assert_eq!(ObjectFormat::default(), ObjectFormat::PE);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectFormat(Cow<'static, str>);

impl ObjectFormat {
    /// `pe`: [`Pe`].
    pub const PE: ObjectFormat = ObjectFormat(Cow::Borrowed("pe"));
    /// `elf`: [`Elf`].
    pub const ELF: ObjectFormat = ObjectFormat(Cow::Borrowed("elf"));

    /// The format named `name` (compared case-insensitively).
    pub fn new(name: &str) -> Self {
        ObjectFormat(Cow::Owned(name.to_ascii_lowercase()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ObjectFormat {
    fn default() -> Self {
        ObjectFormat::PE
    }
}

impl fmt::Display for ObjectFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
