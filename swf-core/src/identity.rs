//! The identity a process reports to SWF when it takes a task.

/// `hostname:pid`, the identity SWF's own frameworks report, so that the history tells which
/// process took each task.
pub fn default_identity() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_owned())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned());
    // SWF refuses a longer identity, and a long hostname must not stop a process from polling.
    let id = format!("{host}:{}", std::process::id());
    crate::text::truncate_owned(id, crate::limits::IDENTITY_MAX_CHARS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ends_with_the_pid() {
        let id = super::default_identity();
        assert!(id.ends_with(&format!(":{}", std::process::id())), "{id}");
    }
}
