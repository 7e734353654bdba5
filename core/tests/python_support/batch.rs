//! One long-lived oracle process (`tools/oracle/serialize_batch.py`) that
//! serializes workspace folders one after the other: starting Python and
//! importing the SDK costs 1–2 s, paid once per run instead of per folder.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value;

use super::repo_root;

pub struct BatchOracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// What the SDK made of one folder.
pub enum Outcome {
    /// serialize.py's documents, one per task.
    Entries(Vec<Value>),
    /// The SDK rejected the definition: `{stage, type, message, chain}`.
    Rejected(Value),
}

impl BatchOracle {
    pub fn start(python: &Path) -> Result<BatchOracle, String> {
        let script = repo_root().join("tools/oracle/serialize_batch.py");
        let mut child = Command::new(python)
            .arg(&script)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        Ok(BatchOracle {
            child,
            stdin,
            stdout,
        })
    }

    /// Serialize the entry module of the folder `root` (as
    /// `python_support::write_workspace` lays it out).
    pub fn serialize(&mut self, root: &Path) -> Result<Outcome, String> {
        writeln!(self.stdin, "{}", root.display()).map_err(|e| e.to_string())?;
        self.stdin.flush().map_err(|e| e.to_string())?;
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        if line.is_empty() {
            return Err("the oracle process ended".into());
        }
        let doc: Value = serde_json::from_str(&line).map_err(|e| format!("{e}: {line}"))?;
        if let Some(error) = doc.get("error") {
            return Ok(Outcome::Rejected(error.clone()));
        }
        match doc.get("entries") {
            Some(Value::Array(entries)) => Ok(Outcome::Entries(entries.clone())),
            _ => Err(format!("no entries: {line}")),
        }
    }
}

impl Drop for BatchOracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
