//! A second, independent SigV4 signer, for tests only.
//!
//! It follows the published algorithm step by step (canonical request, string to sign, derived
//! key, signature) with the `hmac` and `sha2` crates and nothing from `aws-sigv4`, so that a test
//! comparing the client's `Authorization` header with this one's compares two implementations.
//! It knows only what SWF's requests need: a path of `/`, no query string, and header values
//! without runs of spaces. It is itself checked against AWS's published test vectors
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
            "{method}\n/\n\n{canonical_headers}\n{signed_headers}\n{}",
            hex(&Sha256::digest(body))
        );

        let date = &self.amz_date[..8];
        let scope = format!("{date}/{}/{}/aws4_request", self.region, self.service);
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
        format!(
            "{ALGORITHM} Credential={}/{scope}, SignedHeaders={signed_headers}, \
             Signature={signature}",
            self.access_key
        )
    }
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
