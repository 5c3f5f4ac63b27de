//! Writing leads out (SPEC §10): spreadsheet-safe CSV, JSON and JSON Lines, streamed to a
//! private file (0600, via a temporary file and a rename, so a reader never sees half a file and
//! a failed export leaves nothing) or to stdout.

pub mod csv;
pub mod json;
pub mod neutralise;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where an export goes.
#[derive(Debug)]
pub enum Sink {
    /// A temporary file (0600) next to the target, renamed over it at the end.
    File {
        /// The temporary file, buffered.
        tmp: BufWriter<tempfile::NamedTempFile>,
        /// The target.
        target: PathBuf,
    },
    /// A temporary file copied to stdout at the end (for exports that may still fail).
    Spool(BufWriter<tempfile::NamedTempFile>),
    /// Straight to stdout.
    Stdout(BufWriter<io::Stdout>),
}

fn private_tempfile(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let tmp = tempfile::Builder::new()
        .prefix(".leadbench-export-")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o600))?;
    }
    Ok(tmp)
}

impl Sink {
    /// A sink for `-o FILE`, or stdout; `spool` holds stdout output back until [`Sink::finish`].
    pub fn open(target: Option<&Path>, spool: bool) -> io::Result<Sink> {
        Ok(match target {
            Some(t) => {
                let dir = t
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                Sink::File {
                    tmp: BufWriter::with_capacity(1 << 16, private_tempfile(dir)?),
                    target: t.to_owned(),
                }
            }
            None if spool => Sink::Spool(BufWriter::new(private_tempfile(&std::env::temp_dir())?)),
            None => Sink::Stdout(BufWriter::new(io::stdout())),
        })
    }

    /// Whether the export is written to stdout as it goes (only from the thread that holds
    /// stdout's lock, if one does).
    pub fn is_stdout(&self) -> bool {
        matches!(self, Sink::Stdout(_))
    }

    /// Completes the export: renames the file into place (0600) or copies the spool to stdout.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::File { tmp, target } => {
                let tmp = tmp.into_inner().map_err(io::IntoInnerError::into_error)?;
                tmp.as_file().sync_all()?;
                tmp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
            Sink::Spool(tmp) => {
                let tmp = tmp.into_inner().map_err(io::IntoInnerError::into_error)?;
                let mut f = fs::File::open(tmp.path())?;
                let mut out = io::stdout().lock();
                io::copy(&mut f, &mut out)?;
                out.flush()
            }
            Sink::Stdout(mut w) => w.flush(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::File { tmp, .. } | Sink::Spool(tmp) => tmp.write(buf),
            Sink::Stdout(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::File { tmp, .. } | Sink::Spool(tmp) => tmp.flush(),
            Sink::Stdout(w) => w.flush(),
        }
    }
}
