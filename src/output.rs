//! The output folder, written atomically: every file goes into a temporary sibling folder, which
//! is renamed into place only when the whole run has succeeded. A failed run leaves the previous
//! outputs (or nothing); it never leaves a half-written folder.
//!
//! Grapevine marks the folders it writes with a `.grapevine` file. An existing folder without
//! that mark is never replaced unless the user passes `--force`, and a folder holding an input
//! file is never an output folder.
//!
//! Interruption (Ctrl-C, SIGTERM, SIGHUP): the binary calls [`interrupted`] from its signal
//! handler. Every temporary file and folder is registered here while it exists, and results are
//! moved into place under the same lock, so an interrupted run leaves the old outputs or the new
//! ones, never a mix, and no temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};

/// Temporary files and folders that an interrupted run must remove. Held while results are
/// moved into place.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

fn register(path: &Path) {
    pending().push(path.to_path_buf());
}

fn unregister(list: &mut Vec<PathBuf>, path: &Path) {
    list.retain(|p| p != path);
}

/// Removes a file or folder, retrying while another thread still writes into it.
fn remove_all(path: &Path) {
    for _ in 0..100 {
        let gone = match fs::symlink_metadata(path) {
            Err(_) => true,
            Ok(m) if m.is_dir() => fs::remove_dir_all(path).is_ok(),
            Ok(_) => fs::remove_file(path).is_ok(),
        };
        if gone {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Set when the signal handler starts: from then on the handler owns the exit.
static INTERRUPTING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Called before a run ends with an error: when an interruption is being handled (the handler
/// removing the temporary folder is what made the run fail), waits for the handler to exit with
/// code 130 instead of reporting that failure.
pub fn wait_if_interrupted() {
    if INTERRUPTING.load(std::sync::atomic::Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
}

/// What the signal handler calls: waits until no results are being moved into place, removes
/// every temporary file and folder of this run, says so on stderr and exits with code 130. The
/// outputs in place are the previous ones, or the new ones if they were already moved in.
pub fn interrupted() -> ! {
    INTERRUPTING.store(true, std::sync::atomic::Ordering::SeqCst);
    let list = pending();
    // Twice: a writer that already held the folder's path may recreate it (create_dir_all)
    // just after the first removal; after that it finds the folder gone and waits for the exit.
    for _ in 0..2 {
        for p in list.iter() {
            remove_all(p);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    eprintln!("grapevine: interrupted; outputs are as they were before this run (or complete, if it had just finished), and no temporary files are left");
    std::process::exit(130)
}

/// Name of the marker file in every output folder Grapevine writes.
pub const MARKER: &str = ".grapevine";

/// An output folder being written. Dropping it without [`OutputDir::commit`] removes the
/// temporary folder.
#[derive(Debug)]
pub struct OutputDir {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl OutputDir {
    /// Checks that `target` may be written, without touching the disk: refuses a `target` that
    /// exists and was not written by Grapevine (unless `force`), and one that contains one of
    /// `inputs`. Call it before any long work so that the user hears at once.
    pub fn check(target: &Path, force: bool, inputs: &[&Path]) -> Result<()> {
        if target.exists() {
            if !target.is_dir() {
                return Err(Error::Usage(format!(
                    "--out {}: is a file, not a folder; choose a folder name",
                    target.display()
                )));
            }
            let canon = target
                .canonicalize()
                .map_err(|e| Error::io(target, "cannot resolve", e))?;
            for input in inputs {
                if let Some(parent) = input.canonicalize().ok().as_deref().and_then(Path::parent) {
                    if parent.starts_with(&canon) {
                        return Err(Error::Usage(format!(
                            "--out {}: holds the input {}; write the results to another folder",
                            target.display(),
                            input.display()
                        )));
                    }
                }
            }
            let ours = target.join(MARKER).exists();
            let empty = fs::read_dir(target)
                .map_err(|e| Error::io(target, "cannot list folder", e))?
                .next()
                .is_none();
            if !ours && !empty && !force {
                return Err(Error::Usage(format!(
                    "--out {}: the folder exists and was not written by Grapevine; \
                     choose another folder or pass --force to replace it",
                    target.display()
                )));
            }
        }
        Ok(())
    }

    /// Starts writing the folder `target` (after [`OutputDir::check`]).
    pub fn begin(target: &Path, force: bool, inputs: &[&Path]) -> Result<OutputDir> {
        Self::check(target, force, inputs)?;
        // `.` or `results/..` have no name of their own to rename: use the real path.
        let resolved;
        let target = if target.exists() {
            resolved = target
                .canonicalize()
                .map_err(|e| Error::io(target, "cannot resolve", e))?;
            resolved.as_path()
        } else {
            target
        };
        if target.file_name().is_none() {
            return Err(Error::Usage(format!(
                "--out {}: not a folder name; choose a folder name",
                target.display()
            )));
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, "cannot create folder", e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let tmp = parent.join(format!(".{name}.grapevine-tmp-{}", std::process::id()));
        register(&tmp);
        if tmp.exists() {
            fs::remove_dir_all(&tmp)
                .map_err(|e| Error::io(&tmp, "cannot remove stale folder", e))?;
        }
        fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, "cannot create folder", e))?;
        fs::write(tmp.join(MARKER), "written by grapevine\n")
            .map_err(|e| Error::io(&tmp, "cannot write", e))?;
        Ok(OutputDir {
            target: target.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// The temporary folder that files are written into (for renderers).
    pub fn staging(&self) -> &Path {
        // Once an interruption is being handled no new file may start in the folder being
        // removed.
        wait_if_interrupted();
        &self.tmp
    }

    /// The final folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.tmp.join(name);
        fs::write(&path, bytes).map_err(|e| Error::io(&self.target.join(name), "cannot write", e))
    }

    /// Streams the file `name` into the staging folder: `write` gets a buffered file, so a table
    /// is never held whole in memory.
    pub fn stream(
        &self,
        name: &str,
        write: impl FnOnce(&mut std::io::BufWriter<fs::File>) -> std::io::Result<()>,
    ) -> Result<()> {
        let target = self.target.join(name);
        let mut file = std::io::BufWriter::with_capacity(1 << 20, self.create(name)?);
        write(&mut file)
            .and_then(|()| std::io::Write::flush(&mut file))
            .map_err(|e| Error::io(&target, "cannot write", e))
    }

    /// Creates the file `name` in the staging folder, for writers that stream.
    pub fn create(&self, name: &str) -> Result<fs::File> {
        fs::File::create(self.tmp.join(name))
            .map_err(|e| Error::io(&self.target.join(name), "cannot create", e))
    }

    /// Moves the staging folder into place, replacing a previous Grapevine output folder. An
    /// interruption waits until both renames are done.
    pub fn commit(mut self) -> Result<()> {
        let old = self.tmp.with_file_name(format!(
            "{}.old",
            self.tmp.file_name().unwrap_or_default().to_string_lossy()
        ));
        let had_old = self.target.exists();
        {
            let mut list = pending();
            if had_old {
                list.push(old.clone());
                fs::rename(&self.target, &old)
                    .map_err(|e| Error::io(&self.target, "cannot replace folder", e))?;
            }
            if let Err(e) = fs::rename(&self.tmp, &self.target) {
                if had_old && fs::rename(&old, &self.target).is_ok() {
                    unregister(&mut list, &old);
                }
                return Err(Error::io(&self.target, "cannot move results into place", e));
            }
            self.committed = true;
            unregister(&mut list, &self.tmp);
        }
        if had_old {
            let removed = fs::remove_dir_all(&old);
            unregister(&mut pending(), &old);
            removed.map_err(|e| Error::io(&old, "cannot remove old results", e))?;
        }
        Ok(())
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
            unregister(&mut pending(), &self.tmp);
        }
    }
}

/// Writes files that belong together (an edge list and its unmatched report) atomically as a
/// set: each into a temporary sibling first, then all renamed into place under the interruption
/// lock. A failure before the renames leaves every old file as it was.
pub fn write_files(files: &[(&Path, &[u8])]) -> Result<()> {
    use std::io::Write;
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    let cleanup = |staged: &[(PathBuf, &Path)]| {
        let mut list = pending();
        for (tmp, _) in staged {
            let _ = fs::remove_file(tmp);
            unregister(&mut list, tmp);
        }
    };
    for &(path, bytes) in files {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let result = fs::create_dir_all(&parent)
            .map_err(|e| Error::io(&parent, "cannot create folder", e))
            .and_then(|()| {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "output".into());
                let tmp = parent.join(format!(".{name}.grapevine-tmp-{}", std::process::id()));
                register(&tmp);
                staged.push((tmp.clone(), path));
                fs::File::create(&tmp)
                    .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
                    .map_err(|e| Error::io(path, "cannot write", e))
            });
        if let Err(e) = result {
            cleanup(&staged);
            return Err(e);
        }
    }
    let mut list = pending();
    for (tmp, path) in &staged {
        if let Err(e) = fs::rename(tmp, path) {
            drop(list);
            cleanup(&staged);
            return Err(Error::io(path, "cannot write", e));
        }
        unregister(&mut list, tmp);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_replace_and_refusal() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("res");
        let dir = OutputDir::begin(&out, false, &[]).unwrap();
        dir.write("a.txt", b"1").unwrap();
        assert!(!out.exists());
        dir.commit().unwrap();
        assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"1");

        // A dropped run leaves the old results untouched and no temporary folder.
        let dir = OutputDir::begin(&out, false, &[]).unwrap();
        dir.write("a.txt", b"2").unwrap();
        drop(dir);
        assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"1");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);

        // A foreign folder is refused without --force.
        let foreign = root.path().join("mine");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), b"x").unwrap();
        let e = OutputDir::begin(&foreign, false, &[]).unwrap_err();
        assert!(e.to_string().contains("--force"), "{e}");
        // and so is a folder holding an input
        let input = foreign.join("notes.txt");
        assert!(OutputDir::begin(&foreign, true, &[&input]).is_err());
    }
}
