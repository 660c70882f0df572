//! `--data FILE`: the state as JSON, written atomically (temp file in the same directory,
//! fsync, rename, fsync of the directory), so a crash mid-write loses nothing.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::Db;

const FORMAT: &str = "astro-emulator-state";

#[derive(Serialize, Deserialize)]
struct FileV1 {
    format: String,
    version: u32,
    db: Db,
}

pub struct Persist {
    path: PathBuf,
    /// The highest state version already on disk.
    written: tokio::sync::Mutex<u64>,
}

impl Persist {
    pub fn new(path: PathBuf) -> Persist {
        Persist {
            path,
            written: tokio::sync::Mutex::new(0),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the state file; `Ok(None)` if it does not exist yet.
    pub fn load(&self) -> Result<Option<Db>, String> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("--data {}: cannot read: {e}", self.path.display())),
        };
        let file: FileV1 = serde_json::from_str(&text).map_err(|e| {
            format!("--data {}: not an astro-emulator state file ({e}); move it away or pick another path", self.path.display())
        })?;
        if file.format != FORMAT || file.version != 1 {
            return Err(format!(
                "--data {}: unsupported state format {} v{}",
                self.path.display(),
                file.format,
                file.version
            ));
        }
        Ok(Some(file.db))
    }

    /// Serializes `db` for [`Persist::save`].
    pub fn encode(db: &Db) -> Result<String, String> {
        let file = FileV1 {
            format: FORMAT.to_string(),
            version: 1,
            db: db.clone(),
        };
        serde_json::to_string(&file).map_err(|e| format!("cannot encode the state: {e}"))
    }

    /// Writes state `version` unless a newer one is already on disk.
    pub async fn save(&self, version: u64, text: String) -> Result<(), String> {
        let mut written = self.written.lock().await;
        if version <= *written {
            return Ok(());
        }
        let path = self.path.clone();
        tokio::task::spawn_blocking(move || write_atomic(&path, text.as_bytes()))
            .await
            .map_err(|e| format!("state writer failed: {e}"))??;
        *written = version;
        Ok(())
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(())
}
