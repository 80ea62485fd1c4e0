//! Task tokens and page tokens: opaque to clients, but enough for the service to find the task or
//! the page again without a lookup table.
//!
//! A task token names the domain, the run, and the scheduled and started event ids of the task, so
//! a token stays valid exactly as long as that task attempt is open, survives a restart of the
//! service, and a token of an attempt that timed out or completed no longer matches anything.

use crate::error::Fault;

/// What a task token points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TaskToken {
    pub(crate) domain: String,
    pub(crate) run_id: String,
    pub(crate) kind: TaskKind,
    pub(crate) scheduled_event_id: i64,
    pub(crate) started_event_id: i64,
}

/// The two kinds of task SWF hands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum TaskKind {
    Decision,
    Activity,
}

impl TaskToken {
    pub(crate) fn encode(&self) -> String {
        let kind = match self.kind {
            TaskKind::Decision => 'D',
            TaskKind::Activity => 'A',
        };
        format!(
            "{}.{}.{kind}.{}.{}",
            hex(&self.domain),
            self.run_id,
            self.scheduled_event_id,
            self.started_event_id
        )
    }

    /// Decodes a token; anything that is not one of ours is an unknown resource, as in SWF.
    pub(crate) fn decode(token: &str, expected: TaskKind) -> Result<TaskToken, Fault> {
        let bad = || Fault::unknown(format!("Unknown task token: {token}"));
        let mut parts = token.split('.');
        let (Some(domain), Some(run_id), Some(kind), Some(sched), Some(started), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(bad());
        };
        let kind = match kind {
            "D" => TaskKind::Decision,
            "A" => TaskKind::Activity,
            _ => return Err(bad()),
        };
        if kind != expected {
            return Err(bad());
        }
        Ok(TaskToken {
            domain: unhex(domain).ok_or_else(bad)?,
            run_id: run_id.to_owned(),
            kind,
            scheduled_event_id: sched.parse().map_err(|_| bad())?,
            started_event_id: started.parse().map_err(|_| bad())?,
        })
    }
}

/// A page token: the position where the next page starts, under a tag naming what is paged, so
/// a token of one listing is refused by another.
pub(crate) fn encode_page(tag: &str, position: &str) -> String {
    format!("{tag}.{}", hex(position))
}

/// The position a page token carries.
pub(crate) fn decode_page(tag: &str, token: &str) -> Result<String, Fault> {
    token
        .strip_prefix(tag)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(unhex)
        .ok_or_else(|| Fault::validation(format!("Invalid nextPageToken: {token}")))
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_tokens_round_trip() {
        let t = TaskToken {
            domain: "my.domain:x".into(),
            run_id: "abc123".into(),
            kind: TaskKind::Activity,
            scheduled_event_id: 5,
            started_event_id: 7,
        };
        assert_eq!(
            TaskToken::decode(&t.encode(), TaskKind::Activity).unwrap(),
            t
        );
        assert!(TaskToken::decode(&t.encode(), TaskKind::Decision).is_err());
        assert!(TaskToken::decode("garbage", TaskKind::Activity).is_err());
    }

    #[test]
    fn page_tokens_are_tagged() {
        let p = encode_page("h", "12");
        assert_eq!(decode_page("h", &p).unwrap(), "12");
        assert!(decode_page("x", &p).is_err());
    }
}
