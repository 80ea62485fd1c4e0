//! Fitting strings into SWF's limits without splitting a character.
//!
//! SWF bounds its strings in characters: a failure's `reason` to 256, `details` and `result` to
//! 32,768, heartbeat `details` to 2,048. A request over a bound is refused (by swf-core before it
//! is even sent), and a refused failure report would leave the task to time out, which is worse
//! than a shortened message. So every text the worker did not check itself is cut to its bound,
//! always at a character boundary: slicing a `String` at a byte index inside a multi-byte
//! character would panic.

/// The longest `reason` of `RespondActivityTaskFailed`.
pub(crate) const MAX_REASON: usize = 256;
/// The longest `details` of `RespondActivityTaskFailed` and `RespondActivityTaskCanceled`, and
/// the longest `result` of `RespondActivityTaskCompleted`.
pub(crate) const MAX_DETAILS: usize = 32_768;
/// The longest `details` of `RecordActivityTaskHeartbeat`.
pub(crate) const MAX_HEARTBEAT_DETAILS: usize = 2_048;

/// The longest prefix of `text` with at most `max_chars` characters.
pub(crate) fn prefix(text: &str, max_chars: usize) -> &str {
    // Every character is at least one byte, so a text this short cannot be too long: no need to
    // walk it.
    if text.len() <= max_chars {
        return text;
    }
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// Cuts `text` in place to at most `max_chars` characters.
pub(crate) fn truncate(text: &mut String, max_chars: usize) {
    let end = prefix(text, max_chars).len();
    text.truncate(end);
}

/// `text` cut to at most `max_chars` characters, as an owned string.
pub(crate) fn truncated(mut text: String, max_chars: usize) -> String {
    truncate(&mut text, max_chars);
    text
}

/// Whether `text` has more than `max_chars` characters.
pub(crate) fn is_longer_than(text: &str, max_chars: usize) -> bool {
    text.len() > max_chars && text.chars().nth(max_chars).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_left_alone() {
        assert_eq!(prefix("abc", 3), "abc");
        assert_eq!(prefix("", 0), "");
        assert_eq!(truncated("abc".into(), 10), "abc");
    }

    #[test]
    fn cuts_on_a_character_boundary() {
        // 'é' is two bytes, '🦀' four: a byte-based cut at 3 would split a character.
        assert_eq!(prefix("éé🦀x", 2), "éé");
        assert_eq!(prefix("éé🦀x", 3), "éé🦀");
        assert_eq!(prefix("éé🦀x", 4), "éé🦀x");
        let mut s = "🦀".repeat(300);
        truncate(&mut s, MAX_REASON);
        assert_eq!(s.chars().count(), MAX_REASON);
        assert_eq!(s.len(), MAX_REASON * 4);
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(!is_longer_than(&"é".repeat(256), 256));
        assert!(is_longer_than(&"é".repeat(257), 256));
        assert!(is_longer_than(&"a".repeat(MAX_DETAILS + 1), MAX_DETAILS));
        assert!(!is_longer_than(&"a".repeat(MAX_DETAILS), MAX_DETAILS));
    }
}
