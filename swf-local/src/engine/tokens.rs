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
        let [domain, run_id, kind, sched, started] = fields(token).ok_or_else(bad)?;
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

/// How long a page token is taken back after it was issued: SWF's "Each pagination token expires
/// after 24 hours", on the service's clock (so a virtual clock ages tokens as it moves).
pub(crate) const PAGE_TOKEN_LIFETIME_MS: i64 = 24 * 60 * 60 * 1000;

/// What a page token is issued for: the paged thing (`tag`: a listing, a history, a decision
/// task's history) and a fingerprint of the request's other arguments, so a token comes back only
/// with the request that asked for it. SWF's rule is "keep all other arguments unchanged"; a
/// token that breaks it is refused rather than read as a position in something else.
/// `maximumPageSize` is left out: positions do not depend on it, so the next page simply takes
/// the new size.
///
/// A token also carries the time it was issued, and is refused once it is older than
/// [`PAGE_TOKEN_LIFETIME_MS`], as SWF refuses it. The time is not signed: a client that forges a
/// later one only keeps reading pages it may read anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageRequest {
    tag: &'static str,
    fingerprint: u64,
}

impl PageRequest {
    /// The request for `tag` with these `arguments` (each as text, in a fixed order).
    pub(crate) fn new(tag: &'static str, arguments: &[&str]) -> PageRequest {
        // FNV-1a: stable across builds and restarts (tokens survive a restart), and enough to
        // tell requests apart; a forged fingerprint only reaches a page its sender may read anyway.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in arguments.iter().flat_map(|a| a.bytes().chain([0xff])) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        PageRequest {
            tag,
            fingerprint: hash,
        }
    }

    /// The token, issued at `now_ms` (the service's clock), of the page that starts at
    /// `position`.
    pub(crate) fn encode(&self, position: &str, now_ms: i64) -> String {
        format!(
            "{}.{:016x}.{now_ms}.{}",
            self.tag,
            self.fingerprint,
            hex(position)
        )
    }

    /// The position a token of this request carries, if it is still alive at `now_ms`. A token of
    /// another kind, of the same kind but another request, or no token of ours at all (tokens
    /// from before tokens carried their time of issue included) is SWF's `ValidationException`
    /// naming `nextPageToken`; one issued more than 24 hours ago is SWF's 400 "Specified token
    /// has exceeded its maximum lifetime".
    pub(crate) fn decode(&self, token: &str, now_ms: i64) -> Result<String, Fault> {
        let garbled = || invalid_page_token("it is not a token this service issued");
        let [tag, fingerprint, issued, position] = fields(token).ok_or_else(garbled)?;
        if tag != self.tag {
            return Err(invalid_page_token(
                "it was issued by another operation or for another kind of page",
            ));
        }
        if u64::from_str_radix(fingerprint, 16).ok() != Some(self.fingerprint) {
            return Err(invalid_page_token(
                "it was issued for a request with other arguments (keep every argument but \
                 nextPageToken and maximumPageSize unchanged)",
            ));
        }
        let issued: i64 = issued.parse().map_err(|_| garbled())?;
        // Saturating: a forged time of issue far in the past is expired, not an overflow. One
        // in the future (a clock set back, or a forgery) is young.
        if now_ms.saturating_sub(issued) > PAGE_TOKEN_LIFETIME_MS {
            return Err(Fault::validation(EXPIRED_PAGE_TOKEN));
        }
        unhex(position).ok_or_else(garbled)
    }
}

/// SWF's message for a page token used more than 24 hours after it was issued, word for word
/// from the reference. Its exception name is not documented: it is sent as a
/// `ValidationException` (400), as every other refused page token is.
pub(crate) const EXPIRED_PAGE_TOKEN: &str = "Specified token has exceeded its maximum lifetime";

/// SWF's answer to a page token it cannot use: a `ValidationException` (400) naming the field and
/// what is wrong with it.
pub(crate) fn invalid_page_token(problem: &str) -> Fault {
    Fault::validation(format!("Invalid nextPageToken: {problem}"))
}

/// The `N` dot-separated fields of a token, or `None` when it has another number of them.
fn fields<const N: usize>(token: &str) -> Option<[&str; N]> {
    let mut parts = token.split('.');
    let mut fields = [""; N];
    for field in &mut fields {
        *field = parts.next()?;
    }
    parts.next().is_none().then_some(fields)
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
    fn a_token_has_exactly_its_fields() {
        assert_eq!(fields::<3>("a.b.c"), Some(["a", "b", "c"]));
        assert_eq!(fields::<3>("a..c"), Some(["a", "", "c"]));
        assert_eq!(fields::<3>("a.b"), None);
        assert_eq!(fields::<3>("a.b.c.d"), None);
    }

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
    fn page_tokens_belong_to_their_request() {
        let request = PageRequest::new("h", &["run", "false"]);
        let token = request.encode("12", 0);
        assert_eq!(request.decode(&token, 0).unwrap(), "12");
        let refused = |r: PageRequest, t: &str| r.decode(t, 0).unwrap_err().message().to_owned();
        assert!(
            refused(PageRequest::new("x", &["run", "false"]), &token).contains("another operation")
        );
        assert!(
            refused(PageRequest::new("h", &["run", "true"]), &token).contains("other arguments")
        );
        // Arguments are separated: ("ab", "c") is not ("a", "bc").
        assert_ne!(
            PageRequest::new("h", &["ab", "c"]),
            PageRequest::new("h", &["a", "bc"])
        );
        // Tokens of the format before tokens carried their time of issue: refused, not read.
        let before = format!("h.{:016x}.3132", request.fingerprint);
        for garbage in [
            "",
            "h",
            "h.",
            "h.zz.31",
            "h.0.31",
            &format!("{token}z"),
            &before,
        ] {
            assert!(
                refused(request, garbage).contains("nextPageToken"),
                "{garbage}"
            );
        }
        let issued = format!("h.{:016x}.", request.fingerprint);
        for time in ["", "x", "1.5", "99999999999999999999"] {
            let forged = format!("{issued}{time}.3132");
            assert!(
                refused(request, &forged).contains("not a token"),
                "{forged}"
            );
        }
    }

    #[test]
    fn page_tokens_live_24_hours_from_their_issue() {
        let request = PageRequest::new("h", &["run"]);
        let issued = 1_000;
        let token = request.encode("12", issued);
        let at = |now: i64| {
            request
                .decode(&token, now)
                .map_err(|f| f.message().to_owned())
        };
        assert_eq!(at(issued + PAGE_TOKEN_LIFETIME_MS).unwrap(), "12");
        assert_eq!(at(issued - 5).unwrap(), "12", "a clock set back");
        assert_eq!(
            at(issued + PAGE_TOKEN_LIFETIME_MS + 1),
            Err(EXPIRED_PAGE_TOKEN.into())
        );
        // Times of issue at the ends of the range age without overflowing.
        let at_the_ends = |issued: i64, now: i64| request.decode(&request.encode("1", issued), now);
        assert!(at_the_ends(i64::MIN, i64::MAX).is_err());
        assert!(at_the_ends(i64::MAX, i64::MIN).is_ok());
    }
}
