//! The pieces every console page is made of: escaped text, links with their query, times,
//! payloads, and the page around a body.
//!
//! # Escaping
//! Everything a page shows that the service did not write itself (a workflow id, an input, a
//! tag, a signal name, heartbeat details, a domain's description) came from a client, and a
//! client can send `<script>`. Every such value goes through [`Esc`], which escapes the five
//! characters that matter in text and in quoted attributes alike, so one rule serves both. Links
//! are built by [`href`], whose query is form-encoded, and are escaped again where they land in an
//! attribute. The pages also carry a content security policy that allows no script at all: the
//! console has none, so an escaping mistake would still run nothing.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::fmt::{self, Display, Write};
use swf_core::types::Timestamp;

/// Text made safe for HTML: `&`, `<`, `>`, `"` and `'` escaped.
#[derive(Debug, Clone, Copy)]
pub(super) struct Esc<'a>(pub(super) &'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..i])?;
            f.write_str(match rest.as_bytes()[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[i + 1..];
        }
        f.write_str(rest)
    }
}

/// A console link: `path` with `params` as a form-encoded query (empty values left out). Write it
/// into a page through [`Esc`], like any other text.
pub(super) fn href(path: &str, params: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in params.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(name, value);
    }
    let query = query.finish();
    match query.is_empty() {
        true => path.to_owned(),
        false => format!("{path}?{query}"),
    }
}

/// A time as the console shows it: `2026-12-02 03:04:05.250 UTC`.
pub(super) fn time(ms: i64) -> String {
    let text = Timestamp::from_millis(ms).to_rfc3339();
    // `to_rfc3339` drops trailing zeros of the fraction; pad it so that a column of times lines
    // up and reads alike.
    let (clock, fraction) = match text.trim_end_matches('Z').split_once('.') {
        Some((clock, fraction)) => (clock.to_owned(), format!("{fraction:0<3}")),
        None => (text.trim_end_matches('Z').to_owned(), "000".to_owned()),
    };
    format!("{}.{fraction} UTC", clock.replacen('T', " ", 1))
}

/// A length of time as the timeline writes it (`0.045s`, `2m03s`).
pub(super) fn duration(ms: i64) -> String {
    swf_core::timeline::format_duration(std::time::Duration::from_millis(ms.max(0) as u64))
}

/// How many characters of a payload a table cell shows before the rest is folded away.
const PAYLOAD_SHOWN: usize = 120;

/// A payload (an input, a result, heartbeat details): short ones as they are, long ones cut with
/// the whole behind a `<details>` fold, which needs no script.
pub(super) fn payload(out: &mut String, value: &str) {
    if value.chars().count() <= PAYLOAD_SHOWN {
        let _ = write!(out, "<code>{}</code>", Esc(value));
        return;
    }
    let shown = swf_core::text::truncate(value, PAYLOAD_SHOWN);
    let _ = write!(
        out,
        "<details><summary><code>{}…</code></summary><pre>{}</pre></details>",
        Esc(shown),
        Esc(value)
    );
}

/// The console's style: small, inline, and the same on every page.
const STYLE: &str = "
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2329;background:#f6f7f9}
header{background:#232f3e;color:#fff;padding:.6em 1.2em}
header a{color:#fff;text-decoration:none;font-weight:600}
nav.crumbs{padding:.5em 1.2em;background:#e9ecf0;font-size:13px}
main{padding:0 1.2em 2em}
h1{font-size:20px;margin:.8em 0 .4em}h2{font-size:16px;margin:1.4em 0 .4em}
table{border-collapse:collapse;background:#fff;width:100%;margin:.4em 0}
th,td{border-bottom:1px solid #e1e4e8;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f0f2f5;font-weight:600;font-size:12px;text-transform:uppercase;color:#555}
code,pre{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
.ok{color:#1a7f37}.bad{color:#cf222e}.open{color:#9a6700}.muted{color:#6e7781}
.error{background:#ffebe9;border:1px solid #cf222e;padding:.5em .8em;margin:.6em 0}
form.filters{display:flex;flex-wrap:wrap;gap:.5em 1em;background:#fff;padding:.6em;margin:.6em 0}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#555}
form.filters button{align-self:flex-end}
.tabs a{margin-right:1em}.tabs a.on{font-weight:700;text-decoration:none;color:#1d2329}
.bar{position:relative;height:10px;min-width:160px;background:#f0f2f5}
.bar span{position:absolute;top:0;height:10px;min-width:2px;background:#0969da}
.bar span.bad{background:#cf222e}.bar span.open{background:#d4a72c}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;background:#fff;padding:.6em}
dl.summary dt{color:#555}dl.summary dd{margin:0}
ul.tree{list-style:none;padding-left:1.2em;margin:.2em 0}ul.tree li{margin:.15em 0}
.here{font-weight:700;background:#fff8c5}
";

/// A whole page: the header, breadcrumbs (`(link, label)`, the last one unlinked), and `body`.
pub(super) fn page(title: &str, crumbs: &[(String, String)], body: &str) -> Response {
    page_with_status(StatusCode::OK, title, crumbs, body)
}

/// An error page: what went wrong, said plainly.
pub(super) fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><p class=\"error\">{}</p>",
        Esc(title),
        Esc(message)
    );
    page_with_status(status, title, &[], &body)
}

fn page_with_status(
    status: StatusCode,
    title: &str,
    crumbs: &[(String, String)],
    body: &str,
) -> Response {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 512);
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{} · swf-local</title><style>{STYLE}</style></head><body>\
         <header><a href=\"{}\">swf-local console</a></header>",
        Esc(title),
        Esc(super::PATH)
    );
    if !crumbs.is_empty() {
        out.push_str("<nav class=\"crumbs\">");
        for (i, (link, label)) in crumbs.iter().enumerate() {
            if i > 0 {
                out.push_str(" › ");
            }
            match i + 1 == crumbs.len() {
                true => {
                    let _ = write!(out, "<span>{}</span>", Esc(label));
                }
                false => {
                    let _ = write!(out, "<a href=\"{}\">{}</a>", Esc(link), Esc(label));
                }
            }
        }
        out.push_str("</nav>");
    }
    out.push_str("<main>");
    out.push_str(body);
    out.push_str("</main></body></html>");
    let mut response = (status, out).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // No script may run, whatever a page holds; styles are the inline block above.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_reads_as_markup() {
        let text = Esc(r#"<img src=x onerror="alert('1')"> & co"#).to_string();
        assert_eq!(
            text,
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co"
        );
        assert_eq!(Esc("plain é").to_string(), "plain é");
    }

    #[test]
    fn links_encode_their_query_and_leave_out_empty_values() {
        assert_eq!(
            href("/console/x", &[("a", "b&c=d"), ("e", ""), ("f", "é /")]),
            "/console/x?a=b%26c%3Dd&f=%C3%A9+%2F"
        );
        assert_eq!(href("/console", &[("e", "")]), "/console");
    }

    #[test]
    fn times_read_alike() {
        assert_eq!(time(1_700_000_000_250), "2023-11-14 22:13:20.250 UTC");
        assert_eq!(time(1_700_000_000_000), "2023-11-14 22:13:20.000 UTC");
    }
}
