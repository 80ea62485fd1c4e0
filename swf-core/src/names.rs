//! SWF's documented rules on the characters of names, ids and tags, which the model's bounds
//! (lengths) do not express: one home for the service (swf-local refuses requests breaking them)
//! and for clients (swf-decider refuses such ids before it decides).
//!
//! The reference (`swf-api-reference.txt`, "The specified string must not ...") states them member
//! by member: most names and ids follow [`NameRule::Plain`], a few [`NameRule::NoEdgeSpaces`]
//! (swf-local's `engine/names.rs` lists which); tags follow [`tag_problem`].

/// Which of SWF's naming rules the reference states for a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    /// No `:`, `/`, `|` or control character (`\u0000-\u001f`, `\u007f-\u009f`), and not the
    /// literal `arn`.
    Plain,
    /// [`NameRule::Plain`], and no whitespace at the start or the end either.
    NoEdgeSpaces,
}

/// What is wrong with `value` under `rule`, if anything.
pub fn name_problem(value: &str, rule: NameRule) -> Option<String> {
    if value == "arn" {
        return Some("must not be the literal string arn".to_owned());
    }
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, ':' | '/' | '|') || is_swf_control(*c))
    {
        return Some(format!(
            "must not contain a colon, slash, vertical bar or control character, got {c:?} in {value:?}"
        ));
    }
    let edge_space = value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace);
    if rule == NameRule::NoEdgeSpaces && edge_space {
        return Some(format!(
            "must not start or end with whitespace, got {value:?}"
        ));
    }
    None
}

/// The control characters SWF names: `\u0000-\u001f` and `\u007f-\u009f`.
fn is_swf_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// What is wrong with a tag's text, if anything: tags may only contain unicode letters, digits,
/// whitespace, or `_ . : / = + - @`.
pub fn tag_problem(value: &str) -> Option<String> {
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c);
    value.chars().find(|&c| !allowed(c)).map(|c| {
        format!(
            "may only contain letters, digits, whitespace and _ . : / = + - @, got {c:?} in {value:?}"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_forbidden_character_and_arn_is_named() {
        for bad in [
            "a:b", "a/b", "a|b", "a\u{0}b", "a\u{1f}", "\u{7f}", "x\u{9f}", "arn",
        ] {
            assert!(name_problem(bad, NameRule::Plain).is_some(), "{bad:?}");
        }
        for good in ["a b", "arns", "ARN", "an-arn", "é", "a\u{a0}b", "a.b_c-d@e"] {
            assert_eq!(name_problem(good, NameRule::Plain), None, "{good:?}");
        }
    }

    #[test]
    fn edge_whitespace_only_where_the_rule_says() {
        for edged in [" a", "a ", "\u{3000}a"] {
            assert_eq!(name_problem(edged, NameRule::Plain), None, "{edged:?}");
            assert!(
                name_problem(edged, NameRule::NoEdgeSpaces).is_some(),
                "{edged:?}"
            );
        }
        assert_eq!(name_problem("a b", NameRule::NoEdgeSpaces), None);
    }

    #[test]
    fn tags_allow_letters_digits_spaces_and_the_listed_symbols() {
        assert_eq!(tag_problem("Team A_1.x:y/z=w+v-u@t"), None);
        assert_eq!(tag_problem("équipe 7"), None);
        for bad in ["a|b", "a#b", "a,b", "a*b"] {
            assert!(tag_problem(bad).is_some(), "{bad:?}");
        }
    }
}
