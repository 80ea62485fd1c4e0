//! Cutting text to SWF's length bounds without splitting a character.
//!
//! SWF bounds its strings in characters, not bytes (a failure `reason` to 256, `details` to
//! 32,768, an `identity` to 256; see [`validate`](crate::validate)). Text a program did not write
//! itself (an error message, a hostname, a payload) is cut to its bound before it is sent,
//! because a request over a bound is refused, and a refused failure report is worse than a
//! shortened one. Every cut is at a character boundary: slicing a `str` at a byte index inside a
//! multi-byte character panics.

/// The longest prefix of `text` with at most `max_chars` characters.
///
/// ```
/// use swf_core::text::truncate;
///
/// assert_eq!(truncate("héllo", 2), "hé");
/// assert_eq!(truncate("héllo", 9), "héllo");
/// ```
pub fn truncate(text: &str, max_chars: usize) -> &str {
    // Every character is at least one byte, so a text of at most `max_chars` bytes fits: no
    // need to walk it.
    if text.len() <= max_chars {
        return text;
    }
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// `text` cut to at most `max_chars` characters, reusing its allocation.
pub fn truncate_owned(mut text: String, max_chars: usize) -> String {
    let end = truncate(&text, max_chars).len();
    text.truncate(end);
    text
}

/// `text` cut to at most `max_chars` characters in all, its last one `…` when something was
/// cut, so that a reader sees the text goes on. `max_chars` of 0 gives an empty string.
///
/// ```
/// use swf_core::text::truncate_with_ellipsis;
///
/// assert_eq!(truncate_with_ellipsis("abcdef".into(), 4), "abc…");
/// assert_eq!(truncate_with_ellipsis("abcd".into(), 4), "abcd");
/// ```
pub fn truncate_with_ellipsis(text: String, max_chars: usize) -> String {
    if !is_longer_than(&text, max_chars) {
        return text;
    }
    let Some(kept) = max_chars.checked_sub(1) else {
        return String::new();
    };
    let mut cut = truncate_owned(text, kept);
    cut.push('…');
    cut
}

/// Whether `text` has more than `max_chars` characters.
pub fn is_longer_than(text: &str, max_chars: usize) -> bool {
    text.len() > max_chars && text.chars().nth(max_chars).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_and_an_exact_fit_are_left_alone() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 10), "abc");
        // Three characters, six bytes: fits a bound of 3 characters.
        assert_eq!(truncate("ééé", 3), "ééé");
        assert_eq!(truncate_owned("abc".into(), 10), "abc");
        assert_eq!(truncate_with_ellipsis("ééé".into(), 3), "ééé");
    }

    #[test]
    fn a_bound_of_zero_leaves_nothing() {
        assert_eq!(truncate("", 0), "");
        assert_eq!(truncate("é", 0), "");
        assert_eq!(truncate_owned("abc".into(), 0), "");
        assert_eq!(truncate_with_ellipsis("abc".into(), 0), "");
        assert_eq!(truncate_with_ellipsis(String::new(), 0), "");
    }

    #[test]
    fn cuts_on_a_character_boundary() {
        // 'é' is two bytes, '🦀' four: a cut at byte 3 or 5 would split a character.
        assert_eq!(truncate("éé🦀x", 1), "é");
        assert_eq!(truncate("éé🦀x", 2), "éé");
        assert_eq!(truncate("éé🦀x", 3), "éé🦀");
        assert_eq!(truncate("éé🦀x", 4), "éé🦀x");
        let cut = truncate_owned("🦀".repeat(300), 256);
        assert_eq!(cut.chars().count(), 256);
        assert_eq!(cut.len(), 256 * 4);
    }

    #[test]
    fn the_ellipsis_counts_within_the_bound() {
        let cut = truncate_with_ellipsis("é".repeat(300), 256);
        assert_eq!(cut.chars().count(), 256);
        assert!(cut.ends_with("é…"), "{cut}");
        assert_eq!(truncate_with_ellipsis("ab".into(), 1), "…");
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(!is_longer_than(&"é".repeat(256), 256));
        assert!(is_longer_than(&"é".repeat(257), 256));
        assert!(is_longer_than("a", 0));
        assert!(!is_longer_than("", 0));
    }
}
