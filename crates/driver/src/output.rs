//! Writing outputs safely: images and reports go to a temporary file in the
//! target directory and are renamed into place together once every output
//! is complete, so an error or a kill never leaves a partial or stale file
//! under an output name; no output may be an input (same path after
//! canonicalisation, or the same device and inode: symlinks and hard
//! links), and no two outputs may share a path.
//!
//! ```text
//!  OutputSet::new(protected inputs)
//!     reserve(dest) ×N   checks, creates `.<name>.kiln-<pid>-<n>.tmp` beside dest
//!     write(slot, bytes) / discard(slot)   a failed input removes its stale dest
//!     commit()           renames every temporary into place
//!  (dropped before commit: temporaries removed, destinations untouched)
//! ```
//!
//! Renaming within one directory is atomic on POSIX file systems
//! (rename(2)), which is what makes a half-written output impossible.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::DriverError;

/// What identifies a file: its canonical path and, on Unix, device and
/// inode (so a hard link under another name is recognised too).
#[derive(Clone, Debug, PartialEq, Eq)]
struct FileId {
    canonical: PathBuf,
    dev_ino: Option<(u64, u64)>,
}

#[cfg(unix)]
fn dev_ino(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dev_ino(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

impl FileId {
    /// The identity of an existing file (following symlinks), or `None`.
    fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId {
            canonical: path.canonicalize().ok()?,
            dev_ino: dev_ino(&meta),
        })
    }

    fn same_as(&self, other: &FileId) -> bool {
        self.canonical == other.canonical
            || (self.dev_ino.is_some() && self.dev_ino == other.dev_ino)
    }
}

/// A reserved output: its index in the [`OutputSet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot(usize);

#[derive(Debug)]
struct Staged {
    dest: PathBuf,
    /// `dest` with its directory canonicalised (for duplicate checks).
    canonical: PathBuf,
    tmp: PathBuf,
    file: Option<File>,
    written: bool,
}

/// Outputs being written; see the module documentation.
#[derive(Debug)]
pub struct OutputSet {
    protected: Vec<(PathBuf, FileId)>,
    staged: Vec<Staged>,
}

fn refused(path: &Path, reason: String) -> DriverError {
    DriverError::Output {
        path: path.to_path_buf(),
        reason,
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DriverError + '_ {
    move |source| DriverError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl OutputSet {
    /// A set that refuses to write over any of `protected` (the inputs and
    /// references; paths that do not exist are ignored).
    pub fn new(protected: &[PathBuf]) -> Self {
        OutputSet {
            protected: protected
                .iter()
                .filter_map(|p| Some((p.clone(), FileId::of(p)?)))
                .collect(),
            staged: Vec::new(),
        }
    }

    /// Reserves `dest`: checks it is not an input, not a directory and not
    /// already reserved, creates its directory and the temporary file that
    /// will become it. Nothing is written under `dest` itself yet.
    ///
    /// # Errors
    /// [`DriverError::Output`] for a refused destination,
    /// [`DriverError::Io`] if the directory or temporary cannot be created.
    pub fn reserve(&mut self, dest: &Path) -> Result<Slot, DriverError> {
        let name = dest
            .file_name()
            .ok_or_else(|| refused(dest, "an output needs a file name".into()))?;
        let dir = match dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(d) => d.to_path_buf(),
            None => PathBuf::from("."),
        };
        if dest.is_dir() {
            return Err(refused(dest, "is a directory, not an output file".into()));
        }
        if let Some(id) = FileId::of(dest) {
            if let Some((input, _)) = self.protected.iter().find(|(_, p)| p.same_as(&id)) {
                return Err(refused(
                    dest,
                    format!("would overwrite the input {}", input.display()),
                ));
            }
        }
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let canonical = dir.canonicalize().map_err(io(&dir))?.join(name);
        if let Some((input, _)) = self
            .protected
            .iter()
            .find(|(_, p)| p.canonical == canonical)
        {
            return Err(refused(
                dest,
                format!("would overwrite the input {}", input.display()),
            ));
        }
        if let Some(other) = self.staged.iter().find(|s| s.canonical == canonical) {
            return Err(refused(
                dest,
                format!(
                    "two outputs would be written to the same file ({} and {})",
                    other.dest.display(),
                    dest.display()
                ),
            ));
        }
        let n = self.staged.len();
        let tmp = dir.join(format!(
            ".{}.kiln-{}-{n}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io(&tmp))?;
        self.staged.push(Staged {
            dest: dest.to_path_buf(),
            canonical,
            tmp,
            file: Some(file),
            written: false,
        });
        Ok(Slot(n))
    }

    /// Writes the whole contents of the output `slot` (to its temporary).
    ///
    /// # Errors
    /// [`DriverError::Io`] naming the temporary file.
    pub fn write(&mut self, slot: Slot, bytes: &[u8]) -> Result<(), DriverError> {
        let s = &mut self.staged[slot.0];
        let mut file = s
            .file
            .take()
            .ok_or_else(|| refused(&s.dest, "output written twice or after discard".into()))?;
        file.write_all(bytes).map_err(io(&s.tmp))?;
        file.flush().map_err(io(&s.tmp))?;
        s.written = true;
        Ok(())
    }

    /// Gives up the output `slot` (its input failed): removes the temporary
    /// and any old file at the destination, which would be stale.
    pub fn discard(&mut self, slot: Slot) {
        let s = &mut self.staged[slot.0];
        s.file = None;
        s.written = false;
        let _ = std::fs::remove_file(&s.tmp);
        if std::fs::symlink_metadata(&s.dest).is_ok_and(|m| !m.is_dir()) {
            let _ = std::fs::remove_file(&s.dest);
        }
    }

    /// Renames every written output into place (unwritten and discarded
    /// slots are skipped).
    ///
    /// # Errors
    /// [`DriverError::Io`] if a rename fails; the outputs not yet renamed
    /// are removed.
    pub fn commit(mut self) -> Result<(), DriverError> {
        for s in &mut self.staged {
            if s.written {
                std::fs::rename(&s.tmp, &s.dest).map_err(io(&s.dest))?;
                s.written = false;
            }
        }
        Ok(())
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        for s in &self.staged {
            if s.written || s.file.is_some() {
                let _ = std::fs::remove_file(&s.tmp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("kiln-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn nothing_appears_under_the_output_name_before_commit() {
        let d = scratch("commit");
        let mut set = OutputSet::new(&[]);
        let a = set.reserve(&d.join("a.dll")).unwrap();
        let r = set.reserve(&d.join("sub/a.json")).unwrap();
        set.write(a, b"image").unwrap();
        set.write(r, b"{}").unwrap();
        assert!(!d.join("a.dll").exists());
        set.commit().unwrap();
        assert_eq!(std::fs::read(d.join("a.dll")).unwrap(), b"image");
        assert_eq!(std::fs::read(d.join("sub/a.json")).unwrap(), b"{}");
        assert_eq!(listing(&d), ["a.dll", "sub"]);
        assert_eq!(listing(&d.join("sub")), ["a.json"]);
    }

    #[test]
    fn dropping_before_commit_leaves_old_outputs_and_no_temporaries() {
        let d = scratch("drop");
        std::fs::write(d.join("a.dll"), b"old").unwrap();
        let mut set = OutputSet::new(&[]);
        let a = set.reserve(&d.join("a.dll")).unwrap();
        set.write(a, b"half").unwrap();
        drop(set);
        assert_eq!(std::fs::read(d.join("a.dll")).unwrap(), b"old");
        assert_eq!(listing(&d), ["a.dll"]);
    }

    #[test]
    fn discard_removes_the_stale_output() {
        let d = scratch("discard");
        std::fs::write(d.join("a.dll"), b"stale").unwrap();
        let mut set = OutputSet::new(&[]);
        let a = set.reserve(&d.join("a.dll")).unwrap();
        set.discard(a);
        set.commit().unwrap();
        assert!(listing(&d).is_empty());
    }

    #[test]
    fn inputs_are_refused_by_path_symlink_and_hard_link() {
        let d = scratch("inputs");
        let input = d.join("in.dll");
        std::fs::write(&input, b"il").unwrap();
        std::fs::create_dir_all(d.join("x")).unwrap();
        std::fs::hard_link(&input, d.join("hard.dll")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&input, d.join("sym.dll")).unwrap();
        let mut set = OutputSet::new(std::slice::from_ref(&input));
        for dest in [
            input.clone(),
            d.join("x/../in.dll"),
            d.join("hard.dll"),
            d.join("sym.dll"),
        ] {
            match set.reserve(&dest) {
                Err(DriverError::Output { reason, .. }) => {
                    assert!(reason.contains("would overwrite the input"), "{reason}")
                }
                other => panic!("{} accepted: {other:?}", dest.display()),
            }
        }
        assert_eq!(std::fs::read(&input).unwrap(), b"il");
        drop(set);
        assert_eq!(listing(&d), ["hard.dll", "in.dll", "sym.dll", "x"]);
    }

    #[test]
    fn the_same_output_twice_and_directories_are_refused() {
        let d = scratch("dup");
        let mut set = OutputSet::new(&[]);
        set.reserve(&d.join("a.dll")).unwrap();
        let e = set.reserve(&d.join("./a.dll")).unwrap_err().to_string();
        assert!(e.contains("same file"), "{e}");
        let e = set.reserve(&d).unwrap_err().to_string();
        assert!(e.contains("directory"), "{e}");
    }
}
