//! Typed errors of the library, and their exit codes.
//!
//! Every message is one line that names the file (and line and column where there is one), says
//! what is wrong and what to do. The binary prints it as `grapevine: {error}`; with `--verbose`
//! it adds [`Error::details`] below it (the raw field, the row as read, the underlying errors).

use std::path::{Path, PathBuf};

/// Anything that stops a Grapevine run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A problem at a known place in an input file.
    #[error("{}:{line}: {message}{}", path.display(), column_note(*column))]
    Input {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// 1-based column number, when one column is at fault.
        column: Option<usize>,
        /// What is wrong and what to do.
        message: String,
        /// More for `--verbose` (the raw field, the row as read).
        detail: Option<String>,
    },
    /// A problem with a whole input file (empty, missing header, unreadable encoding).
    #[error("{}: {message}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
        /// More for `--verbose`.
        detail: Option<String>,
    },
    /// An operating-system error on a file or folder.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What Grapevine was doing ("cannot read", "cannot create folder", ...).
        action: &'static str,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Options that do not fit together or do not fit the data (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// Some runs of a batch failed; the others' results and every run's status were written.
    #[error(
        "{failed} of {total} runs failed ({names}); every run's status is in {}",
        summary.display()
    )]
    RunsFailed {
        /// Failed runs.
        failed: usize,
        /// All runs.
        total: usize,
        /// Names of the failed runs, comma-separated.
        names: String,
        /// The batch_summary.csv written.
        summary: PathBuf,
    },
    /// Drawing a chart failed.
    #[error("chart {}: {message}", path.display())]
    Render {
        /// The chart file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

fn column_note(column: Option<usize>) -> String {
    match column {
        Some(c) => format!(" (column {c})"),
        None => String::new(),
    }
}

impl Error {
    /// The process exit code for this error: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// An error at `path:line` (column optional).
    pub fn input(
        path: &Path,
        line: u64,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Input {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
            detail: None,
        }
    }

    /// The same error with `detail` for `--verbose` (kept only by [`Error::Input`] and
    /// [`Error::File`]).
    pub fn with_detail(mut self, text: impl Into<String>) -> Self {
        if let Error::Input { detail, .. } | Error::File { detail, .. } = &mut self {
            *detail = Some(text.into());
        }
        self
    }

    /// What `--verbose` prints below the message: the detail, then each underlying error.
    pub fn details(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Error::Input {
            detail: Some(d), ..
        }
        | Error::File {
            detail: Some(d), ..
        } = self
        {
            out.extend(d.lines().map(String::from));
        }
        // The message already shows the system error of an Io error: add its kind and code.
        let mut source = match self {
            Error::Io { source, .. } => {
                out.push(format!(
                    "system error: {:?}{}",
                    source.kind(),
                    source
                        .raw_os_error()
                        .map_or(String::new(), |c| format!(", code {c}"))
                ));
                source.get_ref().and_then(|e| e.source())
            }
            _ => std::error::Error::source(self),
        };
        while let Some(e) = source {
            out.push(format!("caused by: {e}"));
            source = e.source();
        }
        out
    }

    /// An error about a whole file.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Error::File {
            path: path.to_path_buf(),
            message: message.into(),
            detail: None,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_line_and_column() {
        let e = Error::input(
            Path::new("edges.csv"),
            14,
            Some(3),
            "weight \"high\" is not a number",
        );
        assert_eq!(
            e.to_string(),
            "edges.csv:14: weight \"high\" is not a number (column 3)"
        );
        assert_eq!(e.exit_code(), 1);
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        assert!(e.details().is_empty());
        let e = e.with_detail("field as read: \"high\"");
        assert_eq!(e.details(), vec!["field as read: \"high\""]);
        let io = Error::io(
            Path::new("x.csv"),
            "cannot read",
            std::io::Error::other("disk on fire"),
        );
        assert_eq!(io.details(), vec!["system error: Other"]);
    }
}
