//! Reading a request's JSON into its input type, with errors that name the member at fault.
//!
//! serde_json alone says where in the text a value went wrong (`line 1 column 30`), which means
//! little to a client that never wrote the text itself; SWF's answers, like this service's
//! validation errors, name the member by its wire path (`decisions[0].timerId`). And serde reads
//! a structure from a JSON array of its members in order (its sequence form), which the JSON
//! protocol never sends, so a request with an array in place of an object would be taken.

use crate::error::{Fault, FaultKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::error::Category;

/// Reads `body` as a `T`, or says which member is wrong and how.
pub(crate) fn read_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Fault> {
    // Said first: read in sequence form, an array fails on some member with a message about
    // that member, not about the array.
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(array_fault(""));
    }
    let mut json = serde_json::Deserializer::from_slice(body);
    let input = serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let at = e.path().to_string();
        unreadable(e.into_inner(), &at)
    })?;
    json.end().map_err(|e| unreadable(e, "."))?;
    Ok(input)
}

/// The fault for a body that cannot be read; `at` is the path serde_path_to_error reports
/// (`.` for the top level).
fn unreadable(e: serde_json::Error, at: &str) -> Fault {
    let message = match e.classify() {
        // A wrong value: the member names it, the text position does not help.
        Category::Data => format!(
            "Cannot read the request: {}: {}",
            place(at),
            without_position(&e)
        ),
        // Not JSON: the text position is what locates the mistake.
        Category::Syntax | Category::Eof | Category::Io => {
            format!("Cannot read the request: it is not valid JSON: {e}")
        }
    };
    Fault::new(FaultKind::Serialization, message)
}

/// Where a member is, in words.
fn place(at: &str) -> String {
    if at == "." || at.is_empty() {
        "the request body".to_owned()
    } else {
        format!("value at '{at}'")
    }
}

/// serde_json's message without its ` at line L column C` suffix.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// Refuses a JSON array where the input has a structure. `input` is what `body` was read as:
/// encoded again, it has an object wherever the input type has a structure, so an array sent at
/// such a place was read in serde's sequence form.
pub(crate) fn refuse_arrays_for_structures<T: Serialize>(
    input: &T,
    body: &[u8],
) -> Result<(), Fault> {
    if !body.contains(&b'[') {
        return Ok(()); // no array anywhere: the common case costs nothing more
    }
    let (Ok(sent), Ok(read)) = (
        serde_json::from_slice::<Value>(body),
        serde_json::to_value(input),
    ) else {
        return Ok(());
    };
    let mut at = String::new();
    match array_for_object(&sent, &read, &mut at) {
        false => Ok(()),
        true => Err(array_fault(&at)),
    }
}

/// The fault for an array sent at `at` where a structure is expected.
fn array_fault(at: &str) -> Fault {
    Fault::new(
        FaultKind::Serialization,
        format!(
            "Cannot read the request: {} is a JSON array, where a structure (a JSON object) is \
             expected",
            place(at)
        ),
    )
}

/// Whether `sent` holds an array where `read` holds an object, leaving its path in `at`.
fn array_for_object(sent: &Value, read: &Value, at: &mut String) -> bool {
    let len = at.len();
    let found = match (sent, read) {
        (Value::Array(_), Value::Object(_)) => return true,
        (Value::Object(sent), Value::Object(read)) => sent.iter().any(|(name, value)| {
            at.truncate(len);
            if !at.is_empty() {
                at.push('.');
            }
            at.push_str(name);
            read.get(name)
                .is_some_and(|read| array_for_object(value, read, at))
        }),
        (Value::Array(sent), Value::Array(read)) => {
            sent.iter().zip(read).enumerate().any(|(i, (sent, read))| {
                at.truncate(len);
                at.push_str(&format!("[{i}]"));
                array_for_object(sent, read, at)
            })
        }
        _ => false,
    };
    if !found {
        at.truncate(len);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use swf_core::types::{PollForDecisionTaskInput, RespondDecisionTaskCompletedInput};

    fn message<T: DeserializeOwned + Serialize>(body: &str) -> String {
        read_json::<T>(body.as_bytes())
            .and_then(|input| refuse_arrays_for_structures(&input, body.as_bytes()))
            .unwrap_err()
            .message()
            .to_owned()
    }

    #[test]
    fn a_wrong_type_is_named_by_its_member() {
        let m = message::<PollForDecisionTaskInput>(r#"{"domain":"d","taskList":{"name":5}}"#);
        assert!(m.contains("value at 'taskList.name'"), "{m}");
        assert!(!m.contains("line"), "{m}");
        let m = message::<RespondDecisionTaskCompletedInput>(
            r#"{"taskToken":"t","decisions":[{"decisionType":"StartTimer","startTimerDecisionAttributes":{"timerId":1}}]}"#,
        );
        assert!(
            m.contains("'decisions[0].startTimerDecisionAttributes.timerId'"),
            "{m}"
        );
    }

    #[test]
    fn an_array_is_no_structure() {
        let m = message::<PollForDecisionTaskInput>(r#"["d", {"name": "l"}]"#);
        assert!(m.contains("the request body is a JSON array"), "{m}");
        let m = message::<PollForDecisionTaskInput>(r#"{"domain":"d","taskList":["l"]}"#);
        assert!(m.contains("value at 'taskList' is a JSON array"), "{m}");
        let ok = r#"{"domain":"d","taskList":{"name":"[l]"}}"#;
        let input: PollForDecisionTaskInput = read_json(ok.as_bytes()).unwrap();
        refuse_arrays_for_structures(&input, ok.as_bytes()).unwrap();
    }
}
