//! How typed inputs and results become the strings SWF carries, and back.
//!
//! SWF's `input`, `result` and `details` members are opaque strings of up to 32,768 characters.
//! Activities and workflows work with typed values; a [`Codec`] turns one into the other. The
//! worker and the decider take the same codec, so what a workflow schedules an activity's worker
//! can read. [`JsonCodec`] is the default.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// Encodes typed values into SWF's strings and decodes them back.
pub trait Codec: Send + Sync + fmt::Debug + 'static {
    /// Encodes `value`. `None` means "send no string at all" (for `()` and `None`).
    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Option<String>, CodecError>;

    /// Decodes `text`, which is `None` when the service sent no string.
    fn decode<T: DeserializeOwned>(&self, text: Option<&str>) -> Result<T, CodecError>;
}

/// A value that could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError {
    message: String,
}

impl CodecError {
    /// An error with this explanation.
    pub fn new(message: impl Into<String>) -> CodecError {
        CodecError {
            message: message.into(),
        }
    }
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CodecError {}

/// JSON through serde: `()` and `None` travel as no string, anything else as its JSON text.
///
/// ```
/// use swf_core::codec::{Codec, JsonCodec};
/// let text = JsonCodec.encode(&vec![1, 2]).unwrap();
/// assert_eq!(text.as_deref(), Some("[1,2]"));
/// let back: Vec<i32> = JsonCodec.decode(text.as_deref()).unwrap();
/// assert_eq!(back, [1, 2]);
/// let nothing: () = JsonCodec.decode(None).unwrap();
/// assert_eq!(JsonCodec.encode(&nothing).unwrap(), None);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonCodec;

impl Codec for JsonCodec {
    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Option<String>, CodecError> {
        let json = serde_json::to_value(value)
            .map_err(|e| CodecError::new(format!("cannot encode as JSON: {e}")))?;
        if json.is_null() {
            return Ok(None);
        }
        Ok(Some(json.to_string()))
    }

    fn decode<T: DeserializeOwned>(&self, text: Option<&str>) -> Result<T, CodecError> {
        // No string at all decodes as JSON `null`, so `()` and `Option<T>` accept a missing input.
        let text = match text {
            None => "null",
            Some(t) if t.trim().is_empty() => "null",
            Some(t) => t,
        };
        serde_json::from_str(text)
            .map_err(|e| CodecError::new(format!("input is not valid JSON for this type: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Order {
        id: u32,
    }

    #[test]
    fn roundtrips_a_struct() {
        let text = JsonCodec.encode(&Order { id: 7 }).unwrap();
        assert_eq!(text.as_deref(), Some(r#"{"id":7}"#));
        assert_eq!(
            JsonCodec.decode::<Order>(text.as_deref()).unwrap(),
            Order { id: 7 }
        );
    }

    #[test]
    fn bad_input_names_the_problem() {
        let err = JsonCodec
            .decode::<Order>(Some("{\"id\":\"x\"}"))
            .unwrap_err();
        assert!(
            err.to_string().contains("not valid JSON for this type"),
            "{err}"
        );
        assert!(JsonCodec.decode::<Order>(None).is_err());
    }
}
