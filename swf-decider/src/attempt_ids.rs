//! [`AttemptIds`]: how the attempts of a retried activity, and the backoff timers between them,
//! are named in the history.
//!
//! # Why the names can be chosen
//!
//! A [`RetryPolicy`](crate::RetryPolicy) runs each attempt as its own activity, so each needs its
//! own activity id, and each wait before an attempt its own timer id. The names are part of the
//! history: a replay must ask for exactly the ids the history shows. The default (`job`, `job#2`,
//! `job#3`, …, timers named like the attempt they precede) suits histories this crate wrote; a
//! history written by another framework, or by an earlier version of the workflow that named
//! attempts otherwise, replays once the policy is given the same names through a template.

use std::fmt;

use crate::limits;

/// The names of a retried activity's attempts and of the backoff timers before them, from
/// templates where `{id}` stands for the id the workflow gave the activity and `{attempt}` for the
/// attempt's number (2 for the first retry).
///
/// ```
/// use swf_decider::AttemptIds;
///
/// // The default: `job`, `job#2`, `job#3`; the timer before attempt 2 is `job#2`.
/// let ids = AttemptIds::default();
/// assert_eq!(ids.activity_id("job", 1), "job");
/// assert_eq!(ids.activity_id("job", 3), "job#3");
/// assert_eq!(ids.timer_id("job", 2), "job#2");
///
/// // Another framework's names: `job-1`, `job-2`, with timers `job-retry-2`.
/// let ids = AttemptIds::every_attempt("{id}-{attempt}")?.timers("{id}-retry-{attempt}")?;
/// assert_eq!(ids.activity_id("job", 1), "job-1");
/// assert_eq!(ids.activity_id("job", 2), "job-2");
/// assert_eq!(ids.timer_id("job", 2), "job-retry-2");
///
/// // A template that would give every attempt the same id is refused.
/// let err = AttemptIds::retries("{id}-again").unwrap_err();
/// assert!(err.to_string().contains("`{attempt}`"));
/// # Ok::<(), swf_decider::AttemptIdsError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptIds {
    // `None`: the first attempt keeps the workflow's id as it is.
    first: Option<Template>,
    retries: Template,
    // `None`: a backoff timer has the id of the attempt it precedes.
    timers: Option<Template>,
}

impl Default for AttemptIds {
    /// `job`, `job#2`, `job#3`, …; each backoff timer named like the attempt it precedes.
    fn default() -> Self {
        AttemptIds {
            first: None,
            retries: Template::parse("retries", "{id}#{attempt}").expect("the default is valid"),
            timers: None,
        }
    }
}

impl AttemptIds {
    /// The first attempt keeps the workflow's id; later attempts are named by `template`, which
    /// must hold `{id}` and `{attempt}` (the default is `{id}#{attempt}`).
    pub fn retries(template: &str) -> Result<AttemptIds, AttemptIdsError> {
        Ok(AttemptIds {
            first: None,
            retries: Template::parse("retries", template)?,
            timers: None,
        })
    }

    /// Every attempt, the first included, is named by `template`, which must hold `{id}` and
    /// `{attempt}`: `{id}-{attempt}` gives `job-1`, `job-2`, ….
    pub fn every_attempt(template: &str) -> Result<AttemptIds, AttemptIdsError> {
        let template = Template::parse("every attempt", template)?;
        Ok(AttemptIds {
            first: Some(template.clone()),
            retries: template,
            timers: None,
        })
    }

    /// Names the backoff timers by `template` (with `{id}` and `{attempt}`, the number of the
    /// attempt the timer precedes) instead of after the attempt they precede.
    pub fn timers(mut self, template: &str) -> Result<AttemptIds, AttemptIdsError> {
        self.timers = Some(Template::parse("timers", template)?);
        Ok(self)
    }

    /// The activity id of attempt `attempt` (1 for the first) of the activity the workflow calls
    /// `id`.
    pub fn activity_id(&self, id: &str, attempt: u32) -> String {
        match (&self.first, attempt) {
            (None, 0 | 1) => id.to_owned(),
            (Some(first), 0 | 1) => first.render(id, 1),
            (_, n) => self.retries.render(id, n),
        }
    }

    /// The id of the backoff timer that fires before attempt `attempt` (2 or more).
    pub fn timer_id(&self, id: &str, attempt: u32) -> String {
        match &self.timers {
            Some(timers) => timers.render(id, attempt),
            None => self.activity_id(id, attempt),
        }
    }
}

/// Why an attempt id template was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the `{setting}` attempt id template `{template}` {problem}")]
pub struct AttemptIdsError {
    setting: &'static str,
    template: String,
    problem: String,
}

/// One parsed template: literal text with `{id}` and `{attempt}` between.
#[derive(Clone, PartialEq, Eq)]
struct Template {
    source: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Id,
    Attempt,
}

impl Template {
    fn parse(setting: &'static str, source: &str) -> Result<Template, AttemptIdsError> {
        let refuse = |problem: String| AttemptIdsError {
            setting,
            template: source.to_owned(),
            problem,
        };
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(refuse("has a `{` without its `}`".to_owned()));
            };
            parts.push(match &rest[open + 1..open + close] {
                "id" => Part::Id,
                "attempt" => Part::Attempt,
                other => {
                    return Err(refuse(format!(
                        "has `{{{other}}}`; only `{{id}}` and `{{attempt}}` are known"
                    )));
                }
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        if !parts.contains(&Part::Id) {
            return Err(refuse(
                "has no `{id}`, so two activities would share attempt ids".to_owned(),
            ));
        }
        if !parts.contains(&Part::Attempt) {
            return Err(refuse(
                "has no `{attempt}`, so every attempt would have the same id".to_owned(),
            ));
        }
        let template = Template {
            source: source.to_owned(),
            parts,
        };
        // The literal text must be something SWF accepts in an id; the workflow's own id is
        // checked when it is asked for.
        limits::check_id(&template.render("id", 2), &|| "an id it makes".to_owned())
            .map_err(|e| refuse(format!("is refused: {}", e.message())))?;
        Ok(template)
    }

    fn render(&self, id: &str, attempt: u32) -> String {
        let mut out = String::with_capacity(id.len() + 8);
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Id => out.push_str(id),
                Part::Attempt => out.push_str(&attempt.to_string()),
            }
        }
        out
    }
}

impl fmt::Debug for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.source, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_render_every_placeholder() {
        let ids = AttemptIds::retries("try-{attempt}-of-{id}").unwrap();
        assert_eq!(ids.activity_id("job", 1), "job");
        assert_eq!(ids.activity_id("job", 12), "try-12-of-job");
        assert_eq!(ids.timer_id("job", 2), "try-2-of-job");
    }

    #[test]
    fn bad_templates_are_refused_naming_the_setting_and_the_problem() {
        let message = |r: Result<AttemptIds, AttemptIdsError>| r.unwrap_err().to_string();
        assert_eq!(
            message(AttemptIds::retries("{attempt}")),
            "the `retries` attempt id template `{attempt}` has no `{id}`, so two activities \
             would share attempt ids"
        );
        assert!(message(AttemptIds::every_attempt("{id}")).contains("has no `{attempt}`"));
        assert!(message(AttemptIds::retries("{id}{n}{attempt}")).contains("has `{n}`"));
        assert!(message(AttemptIds::retries("{id}#{attempt")).contains("without its `}`"));
        let timers = AttemptIds::default().timers("{id}:{attempt}");
        assert_eq!(
            message(timers),
            "the `timers` attempt id template `{id}:{attempt}` is refused: an id it makes \
             `id:2` must not contain a colon, slash, vertical bar or control character, got ':' \
             in \"id:2\""
        );
    }
}
