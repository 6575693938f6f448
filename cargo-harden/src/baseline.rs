//! Baselines: today's findings accepted by fingerprint, so only new ones are reported.

use std::path::Path;

use crate::findings::Finding;

pub(crate) fn read(path: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read baseline `{}`: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("baseline `{}` is not valid JSON: {e}", path.display()))?;
    let list = v["findings"]
        .as_array()
        .ok_or_else(|| format!("baseline `{}` has no `findings` array", path.display()))?;
    Ok(list
        .iter()
        .filter_map(|f| f["fingerprint"].as_str().map(str::to_string))
        .collect())
}

pub(crate) fn write(path: &Path, findings: &[Finding]) -> Result<(), String> {
    let list: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| serde_json::json!({"rule": f.rule, "file": f.file, "fingerprint": f.fingerprint, "message": f.message}))
        .collect();
    let doc = serde_json::json!({"version": 1, "findings": list});
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n")
        .map_err(|e| format!("cannot write baseline `{}`: {e}", path.display()))
}
