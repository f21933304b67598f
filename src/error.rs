//! Diagnostics: what went wrong, in which file and line, and what to do about it.
//!
//! Every problem an author can cause is a [`Diagnostic`]; a build collects all of them
//! so one run shows every mistake, and `serve` shows the same list in the browser.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// One problem with the site's input, pointing at the file (and line) to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file to fix, relative to the site root where possible, its parts separated by
    /// `/` on every system (see [`crate::paths::shown`]): in the terminal and in the
    /// browser's overlay alike.
    pub file: PathBuf,
    /// 1-based line in `file`, where there is one.
    pub line: Option<usize>,
    pub message: String,
    /// What the author can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: PathBuf::from(crate::paths::shown(&file.into())),
            line: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// An I/O failure on `path`, with the OS's reason.
    pub fn io(path: &Path, action: &str, err: &std::io::Error) -> Self {
        Diagnostic::new(path, format!("could not {action}: {err}"))
    }

    /// `file:line` as an editor or terminal understands it.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.file.display()),
            None => self.file.display().to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that stopped a build. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct BuildError {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildError {
    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

impl From<Diagnostic> for BuildError {
    fn from(d: Diagnostic) -> Self {
        BuildError {
            diagnostics: vec![d],
        }
    }
}

impl From<Vec<Diagnostic>> for BuildError {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        BuildError { diagnostics }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

pub type Result<T, E = BuildError> = std::result::Result<T, E>;

/// 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
