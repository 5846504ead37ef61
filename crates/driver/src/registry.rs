//! The plugin registry: which code-generator backends
//! ([`kiln_codegen::Backend`]) and containers ([`kiln_writer::Container`])
//! a compilation can use, chosen by a target triple and an object format.
//!
//! ```text
//!  CompileOptions { target: Triple, obj_format: ObjectFormat }
//!        │                       │
//!        ▼                       ▼
//!  Registry::backend(target)   Registry::container(obj_format, target)
//!   first registered backend    the container of that name, if it
//!   whose supports(target)      supports the target
//!        │                       │
//!        └──── Plugins ──────────┘   or a TargetError naming what exists
//! ```
//!
//! [`Registry::builtin`] holds kiln's own: the x64 backend
//! (x86_64-unknown-linux-gnu) and the `pe` and `elf` containers. A user
//! registers more with [`Registry::register_backend`] and
//! [`Registry::register_container`]; a later registration is preferred over
//! an earlier one for the same target or name, so a plugin can replace a
//! built-in.

use std::fmt;
use std::sync::Arc;

use kiln_codegen::Backend;
use kiln_writer::{Container, ObjectFormat};
use target_lexicon::Triple;

/// Why a target or an object format cannot be compiled for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TargetError {
    /// No registered backend compiles for the target.
    NoBackend {
        /// The target asked for.
        target: Triple,
        /// The registered backends and their targets (`x64:
        /// x86_64-unknown-linux-gnu`).
        available: Vec<String>,
    },
    /// No container of that name is registered.
    NoContainer {
        /// The format asked for.
        format: ObjectFormat,
        /// The registered containers' names.
        available: Vec<String>,
    },
    /// The container exists but cannot carry code for the target.
    ContainerTarget {
        /// The format asked for.
        format: ObjectFormat,
        /// The target asked for.
        target: Triple,
    },
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetError::NoBackend { target, available } => write!(
                f,
                "unsupported target {target}: no backend compiles for it (registered: {})",
                list(available)
            ),
            TargetError::NoContainer { format, available } => write!(
                f,
                "unknown object format {format}: no container writes it (registered: {})",
                list(available)
            ),
            TargetError::ContainerTarget { format, target } => {
                write!(f, "object format {format} cannot carry code for {target}")
            }
        }
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

impl std::error::Error for TargetError {}

/// The backend and container of one compilation.
#[derive(Clone, Debug)]
pub struct Plugins {
    /// Compiles each method.
    pub backend: Arc<dyn Backend>,
    /// Writes the image.
    pub container: Arc<dyn Container>,
}

/// The registered backends and containers (see the module documentation).
#[derive(Clone, Debug, Default)]
pub struct Registry {
    backends: Vec<Arc<dyn Backend>>,
    containers: Vec<Arc<dyn Container>>,
}

impl Registry {
    /// A registry with nothing registered.
    pub fn empty() -> Self {
        Self::default()
    }

    /// kiln's own plugins: [`kiln_x64::X64Backend`], [`kiln_writer::container::Pe`]
    /// and [`kiln_writer::container::Elf`].
    ///
    /// ```
    /// let r = kiln_driver::Registry::builtin();
    /// let p = r
    ///     .resolve(&"x86_64-unknown-linux-gnu".parse().unwrap(), &kiln_driver::ObjectFormat::ELF)
    ///     .unwrap();
    /// assert_eq!((p.backend.isa().name, p.container.name()), ("x64", "elf"));
    /// let err = r.backend(&"aarch64-unknown-linux-gnu".parse().unwrap()).unwrap_err();
    /// assert!(err.to_string().contains("x64: x86_64-unknown-linux-gnu"), "{err}");
    /// ```
    pub fn builtin() -> Self {
        let mut r = Self::empty();
        r.register_backend(Arc::new(kiln_x64::X64Backend::new()));
        r.register_container(Arc::new(kiln_writer::container::Pe));
        r.register_container(Arc::new(kiln_writer::container::Elf));
        r
    }

    /// Adds a backend; it is preferred over those registered before it.
    pub fn register_backend(&mut self, backend: Arc<dyn Backend>) -> &mut Self {
        self.backends.push(backend);
        self
    }

    /// Adds a container; it replaces one registered before it under the same
    /// name.
    pub fn register_container(&mut self, container: Arc<dyn Container>) -> &mut Self {
        self.containers
            .retain(|c| !c.name().eq_ignore_ascii_case(container.name()));
        self.containers.push(container);
        self
    }

    /// The registered backends, earliest first.
    pub fn backends(&self) -> &[Arc<dyn Backend>] {
        &self.backends
    }

    /// The registered containers, earliest first.
    pub fn containers(&self) -> &[Arc<dyn Container>] {
        &self.containers
    }

    /// The backend that compiles for `target` (the latest registered one
    /// that supports it).
    ///
    /// # Errors
    /// [`TargetError::NoBackend`], listing the registered backends.
    pub fn backend(&self, target: &Triple) -> Result<Arc<dyn Backend>, TargetError> {
        self.backends
            .iter()
            .rev()
            .find(|b| b.supports(target))
            .cloned()
            .ok_or_else(|| TargetError::NoBackend {
                target: target.clone(),
                available: self
                    .backends
                    .iter()
                    .map(|b| {
                        let triples: Vec<String> =
                            b.isa().triples().iter().map(Triple::to_string).collect();
                        format!("{}: {}", b.isa().name, triples.join(" "))
                    })
                    .collect(),
            })
    }

    /// The container named `format`, checked against `target`.
    ///
    /// # Errors
    /// [`TargetError::NoContainer`] (listing the registered names) or
    /// [`TargetError::ContainerTarget`].
    pub fn container(
        &self,
        format: &ObjectFormat,
        target: &Triple,
    ) -> Result<Arc<dyn Container>, TargetError> {
        let c = self
            .containers
            .iter()
            .find(|c| c.name().eq_ignore_ascii_case(format.as_str()))
            .ok_or_else(|| TargetError::NoContainer {
                format: format.clone(),
                available: self.containers.iter().map(|c| c.name().into()).collect(),
            })?;
        if !c.supports(target) {
            return Err(TargetError::ContainerTarget {
                format: format.clone(),
                target: target.clone(),
            });
        }
        Ok(c.clone())
    }

    /// The backend for `target` and the container `format`.
    ///
    /// # Errors
    /// As [`Registry::backend`] and [`Registry::container`] (the backend is
    /// checked first).
    pub fn resolve(&self, target: &Triple, format: &ObjectFormat) -> Result<Plugins, TargetError> {
        Ok(Plugins {
            backend: self.backend(target)?,
            container: self.container(format, target)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triple(s: &str) -> Triple {
        s.parse().unwrap()
    }

    #[test]
    fn builtin_resolves_linux_x64_pe_and_elf() {
        let r = Registry::builtin();
        let linux = triple("x86_64-unknown-linux-gnu");
        for f in [
            ObjectFormat::PE,
            ObjectFormat::ELF,
            ObjectFormat::new("ELF"),
        ] {
            let p = r.resolve(&linux, &f).unwrap();
            assert_eq!(p.container.name(), f.as_str());
            assert_eq!(p.backend.isa().name, "x64");
        }
    }

    #[test]
    fn unsupported_combinations_name_what_exists() {
        let r = Registry::builtin();
        let err = r
            .resolve(&triple("aarch64-unknown-linux-gnu"), &ObjectFormat::PE)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "unsupported target aarch64-unknown-linux-gnu: no backend compiles for it \
             (registered: x64: x86_64-unknown-linux-gnu)"
        );
        let err = r
            .resolve(&triple("x86_64-pc-windows-msvc"), &ObjectFormat::PE)
            .unwrap_err();
        assert!(matches!(err, TargetError::NoBackend { .. }), "{err}");
        let err = r
            .resolve(
                &triple("x86_64-unknown-linux-gnu"),
                &ObjectFormat::new("macho"),
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown object format macho: no container writes it (registered: pe, elf)"
        );
        let err = Registry::empty()
            .backend(&triple("x86_64-unknown-linux-gnu"))
            .unwrap_err();
        assert!(err.to_string().ends_with("(registered: none)"), "{err}");
    }

    /// A backend for another ISA makes the target resolvable; a container
    /// still refuses a target it cannot carry.
    #[test]
    fn registered_plugins_are_found_and_checked() {
        #[derive(Debug)]
        struct Arm64(kiln_codegen::Isa, kiln_codegen::CallingConvention);
        impl Backend for Arm64 {
            fn isa(&self) -> &kiln_codegen::Isa {
                &self.0
            }
            fn calling_convention(&self) -> &kiln_codegen::CallingConvention {
                &self.1
            }
            fn compile(
                &self,
                _: &kiln_ir::Function,
                _: &kiln_codegen::CodegenOptions,
            ) -> Result<kiln_runtime_abi::stencil::MethodStencil, kiln_codegen::CodegenError>
            {
                Err(kiln_codegen::CodegenError::Internal(
                    "not a real backend".into(),
                ))
            }
        }
        let mut r = Registry::builtin();
        let x64 = kiln_x64::X64Backend::new();
        let cc = kiln_codegen::Backend::calling_convention(&x64).clone();
        r.register_backend(Arc::new(Arm64(
            kiln_codegen::Isa {
                name: "arm64",
                architecture: target_lexicon::Architecture::Aarch64(
                    target_lexicon::Aarch64Architecture::Aarch64,
                ),
                operating_systems: vec![target_lexicon::OperatingSystem::Linux],
                pointer_bytes: 8,
                code_alignment: 4,
            },
            cc,
        )));
        let arm = triple("aarch64-unknown-linux-gnu");
        assert_eq!(r.backend(&arm).unwrap().isa().name, "arm64");
        let err = r.resolve(&arm, &ObjectFormat::PE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "object format pe cannot carry code for aarch64-unknown-linux-gnu"
        );
        // x64 is still found for its own target.
        let linux = triple("x86_64-unknown-linux-gnu");
        assert_eq!(r.backend(&linux).unwrap().isa().name, "x64");
    }
}
