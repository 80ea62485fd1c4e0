//! A second, independent SigV4 signer, for tests only.
//!
//! It follows the published algorithm step by step (canonical request, string to sign, derived
//! key, signature) with the `hmac` and `sha2` crates and nothing from `aws-sigv4`, so that a test
//! comparing the client's `Authorization` header with this one's compares two implementations.
//! It knows only what SWF's requests need: a path of `/`, no query string but a presigned
//! request's, and header values without runs of spaces. It is itself checked against AWS's published test vectors
//! (`sign::tests`).

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The algorithm name at the head of the string to sign and of the `Authorization` header.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Who signs, for what, and when.
pub(crate) struct Signer<'a> {
    pub(crate) access_key: &'a str,
    pub(crate) secret_key: &'a str,
    pub(crate) region: &'a str,
    pub(crate) service: &'a str,
    /// `X-Amz-Date`, such as `20150830T123600Z`.
    pub(crate) amz_date: &'a str,
}

impl Signer<'_> {
    /// The `Authorization` header for a request to `/` with no query string, signing exactly
    /// `headers` (name, value; any case and order) and the SHA-256 of `body`.
    pub(crate) fn authorization(
        &self,
        method: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> String {
        let (signed_headers, signature) = self.sign(method, "", headers, body);
        format!(
            "{ALGORITHM} Credential={}/{}, SignedHeaders={signed_headers}, \
             Signature={signature}",
            self.access_key,
            self.scope()
        )
    }

    /// The `X-Amz-Signature` of a request to `/` presigned for `expires` seconds (with
    /// `token`, temporary credentials' session token), signing exactly `headers` and the
    /// SHA-256 of `body`: the query-string form of SigV4, whose canonical query holds every
    /// `X-Amz-*` parameter but the signature.
    pub(crate) fn presigned_signature(
        &self,
        method: &str,
        expires: u64,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> String {
        let mut names: Vec<String> = headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        names.sort();
        let credential = format!("{}/{}", self.access_key, self.scope());
        let expires = expires.to_string();
        let signed = names.join(";");
        let mut query = vec![
            ("X-Amz-Algorithm", ALGORITHM),
            ("X-Amz-Credential", credential.as_str()),
            ("X-Amz-Date", self.amz_date),
            ("X-Amz-Expires", expires.as_str()),
            ("X-Amz-SignedHeaders", signed.as_str()),
        ];
        if let Some(token) = token {
            query.push(("X-Amz-Security-Token", token));
        }
        let mut encoded: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", uri_encode(k), uri_encode(v)))
            .collect();
        encoded.sort();
        self.sign(method, &encoded.join("&"), headers, body).1
    }

    /// `<date>/<region>/<service>/aws4_request`.
    fn scope(&self) -> String {
        let date = &self.amz_date[..8];
        format!("{date}/{}/{}/aws4_request", self.region, self.service)
    }

    /// The signed header names and the signature of a request to `/` with `canonical_query`.
    fn sign(
        &self,
        method: &str,
        canonical_query: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (String, String) {
        let mut headers: Vec<(String, &str)> = headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
            .collect();
        headers.sort();
        let canonical_headers: String = headers
            .iter()
            .map(|(name, value)| format!("{name}:{value}\n"))
            .collect();
        let signed_headers = headers
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(";");
        let canonical_request = format!(
            "{method}\n/\n{canonical_query}\n{canonical_headers}\n{signed_headers}\n{}",
            hex(&Sha256::digest(body))
        );

        let date = &self.amz_date[..8];
        let scope = self.scope();
        let string_to_sign = format!(
            "{ALGORITHM}\n{}\n{scope}\n{}",
            self.amz_date,
            hex(&Sha256::digest(canonical_request.as_bytes()))
        );

        let key = [date, self.region, self.service, "aws4_request"]
            .iter()
            .fold(
                format!("AWS4{}", self.secret_key).into_bytes(),
                |key, part| hmac(&key, part.as_bytes()),
            );
        let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
        (signed_headers, signature)
    }
}

/// SigV4's URI encoding: every byte but `A-Z a-z 0-9 - _ . ~` as `%XX`, uppercase.
fn uri_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Lowercase hexadecimal, as SigV4 writes hashes and signatures.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
