//! What `check --external` remembers between runs: the links that were fine, and when,
//! in `.roadsmith/links.json` in the site's folder (which the `.gitignore` of
//! `roadsmith init` leaves out of the repository). A fine result is trusted for
//! `--max-age`; broken and unverified links are never kept, so they are asked again on
//! every run. A file that cannot be read is started anew.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Link, Outcome};
use crate::error::Diagnostic;

/// The folder, in the site's folder, of what roadsmith keeps between runs.
pub const STATE_DIR: &str = ".roadsmith";
/// The cache's file, in [`STATE_DIR`].
pub const FILE: &str = "links.json";
/// The file's layout; another version is read as empty.
const VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    /// By link as checked (`https://host/path#anchor`).
    links: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// When it was found fine, in seconds since 1970.
    checked: u64,
    /// Where it moved permanently, for the note to say so again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    moved_to: Option<String>,
}

/// The cache of one site, read at the start of a check and written at its end.
#[derive(Debug)]
pub(super) struct Cache {
    root: PathBuf,
    file: File,
    max_age: Duration,
    now: u64,
}

impl Cache {
    /// The cache kept in the site folder `root`, its entries older than `max_age` left out.
    pub fn load(root: &Path, max_age: Duration) -> Cache {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let file = std::fs::read(root.join(STATE_DIR).join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<File>(&bytes).ok())
            .filter(|f| f.version == VERSION)
            .unwrap_or_default();
        let mut cache = Cache {
            root: root.to_path_buf(),
            file,
            max_age,
            now,
        };
        cache.file.links.retain(|_, e| is_fresh(e, now, max_age));
        cache
    }

    /// The outcome kept for `link`, when it was fine less than `max_age` ago.
    pub fn fine(&self, link: &Link) -> Option<Outcome> {
        let entry = self.file.links.get(&link.to_string())?;
        is_fresh(entry, self.now, self.max_age).then(|| Outcome::Fine {
            moved_to: entry.moved_to.clone(),
        })
    }

    /// Keeps `link`, just checked, when it is fine; forgets it otherwise.
    pub fn record(&mut self, link: &Link, outcome: &Outcome) {
        let key = link.to_string();
        match outcome {
            Outcome::Fine { moved_to } => {
                let entry = Entry {
                    checked: self.now,
                    moved_to: moved_to.clone(),
                };
                self.file.links.insert(key, entry);
            }
            Outcome::Broken(_) | Outcome::Unverified(_) => {
                self.file.links.remove(&key);
            }
        }
    }

    /// Writes the file (through a temporary file, so that it is whole or not there).
    pub fn save(&mut self) -> Result<(), Diagnostic> {
        self.file.version = VERSION;
        let dir = self.root.join(STATE_DIR);
        let path = dir.join(FILE);
        let shown = Path::new(STATE_DIR).join(FILE);
        let failed = |action: &str, e: std::io::Error| {
            Diagnostic::io(&shown, action, &e).with_hint(format!(
                "the next check asks every link again; check that {} can be written, or pass --no-cache",
                dir.display()
            ))
        };
        std::fs::create_dir_all(&dir).map_err(|e| failed("create its folder", e))?;
        let mut json = serde_json::to_string_pretty(&self.file).unwrap_or_default();
        json.push('\n');
        let partial = dir.join(format!("{FILE}.{}.tmp", std::process::id()));
        std::fs::write(&partial, json).map_err(|e| failed("write", e))?;
        std::fs::rename(&partial, &path).map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            failed("write", e)
        })
    }
}

fn is_fresh(entry: &Entry, now: u64, max_age: Duration) -> bool {
    // A time ahead of the clock (a clock set back) is not trusted either.
    entry.checked <= now && now - entry.checked < max_age.as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> Link {
        Link {
            url: url.to_string(),
            fragment: None,
        }
    }

    #[test]
    fn fine_links_are_kept_for_max_age_and_the_rest_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let day = Duration::from_secs(86_400);
        let mut cache = Cache::load(dir.path(), day);
        let moved = Some("https://new.example/".to_string());
        cache.record(
            &link("https://a.example/"),
            &Outcome::Fine { moved_to: None },
        );
        cache.record(
            &link("https://m.example/"),
            &Outcome::Fine {
                moved_to: moved.clone(),
            },
        );
        cache.record(
            &link("https://b.example/"),
            &Outcome::Broken("HTTP 404".into()),
        );
        cache.save().unwrap();

        let cache = Cache::load(dir.path(), day);
        assert_eq!(
            cache.fine(&link("https://a.example/")),
            Some(Outcome::Fine { moved_to: None })
        );
        assert_eq!(
            cache.fine(&link("https://m.example/")),
            Some(Outcome::Fine { moved_to: moved })
        );
        assert_eq!(cache.fine(&link("https://b.example/")), None);

        let mut cache = Cache::load(dir.path(), day);
        cache.record(
            &link("https://a.example/"),
            &Outcome::Unverified("429".into()),
        );
        cache.save().unwrap();
        assert_eq!(
            Cache::load(dir.path(), day).fine(&link("https://a.example/")),
            None
        );
        assert_eq!(
            Cache::load(dir.path(), Duration::ZERO).fine(&link("https://m.example/")),
            None,
            "nothing is fresh at --max-age 0"
        );
    }

    #[test]
    fn an_unreadable_file_is_started_anew() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(STATE_DIR)).unwrap();
        std::fs::write(dir.path().join(STATE_DIR).join(FILE), "{ not json").unwrap();
        let mut cache = Cache::load(dir.path(), Duration::from_secs(60));
        assert_eq!(cache.fine(&link("https://a.example/")), None);
        cache.record(
            &link("https://a.example/"),
            &Outcome::Fine { moved_to: None },
        );
        cache.save().unwrap();
        assert!(
            Cache::load(dir.path(), Duration::from_secs(60))
                .fine(&link("https://a.example/"))
                .is_some()
        );
    }
}
