//! A console page's query parameters: read once from the URL, each named in any error it causes.

use swf_core::types::Timestamp;

/// The decoded `name=value` pairs of a query string.
#[derive(Debug, Default)]
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    /// Decodes a raw query string (`a=1&b=x+y`); none at all is an empty set.
    pub(super) fn parse(query: Option<&str>) -> Params {
        let pairs = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        Params(pairs)
    }

    /// The value of `name`, trimmed; `None` when absent or blank (an empty form field).
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The value of `name`, or an error naming the missing parameter.
    pub(super) fn require(&self, name: &str) -> Result<&str, String> {
        self.get(name)
            .ok_or_else(|| format!("the query parameter `{name}` is missing"))
    }

    /// The time `name` gives, read as UTC: a browser's date-time field (`2026-12-02T03:04`, with
    /// optional seconds) or a full RFC 3339 date-time.
    pub(super) fn time(&self, name: &str) -> Result<Option<Timestamp>, String> {
        let Some(text) = self.get(name) else {
            return Ok(None);
        };
        let full = match text.len() {
            16 => format!("{text}:00Z"),
            19 => format!("{text}Z"),
            _ => text.to_owned(),
        };
        Timestamp::parse_rfc3339(&full).map(Some).map_err(|_| {
            format!("`{name}`: `{text}` is not a date-time (write 2026-12-02T03:04 UTC)")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_form_fields() {
        let p = Params::parse(Some("workflowId=a+b%26c&tag=&from=2023-11-14T22:13"));
        assert_eq!(p.get("workflowId"), Some("a b&c"));
        assert_eq!(p.get("tag"), None);
        assert_eq!(p.get("absent"), None);
        assert_eq!(
            p.time("from").unwrap(),
            Some(Timestamp::from_millis(1_699_999_980_000))
        );
        assert!(p.require("tag").unwrap_err().contains("`tag`"));
        let bad = Params::parse(Some("from=yesterday"))
            .time("from")
            .unwrap_err();
        assert!(bad.contains("`from`") && bad.contains("yesterday"), "{bad}");
    }
}
