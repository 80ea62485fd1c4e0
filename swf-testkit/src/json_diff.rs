//! Where two JSON documents first differ, named by a path a person can follow.
//!
//! Comparing two histories (a hand-made one and a service's, or two services') as whole values
//! says only "not equal"; [`first_difference`] says where: `$.activityTaskCanceledEventAttributes
//! .latestCancelRequestedEventId`, with the value each side has there.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

/// The first place two JSON values differ, and what each side has there.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonDifference {
    /// The path from the root, `$` then `.member` and `[index]` steps.
    pub path: String,
    /// The left value at `path`, `None` where the left has no such member or element.
    pub left: Option<Value>,
    /// The right value at `path`, `None` where the right has no such member or element.
    pub right: Option<Value>,
}

impl fmt::Display for JsonDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| v.as_ref().map_or("(absent)".to_owned(), Value::to_string);
        write!(
            f,
            "at {}: left = {}, right = {}",
            self.path,
            show(&self.left),
            show(&self.right)
        )
    }
}

/// The first difference between `left` and `right`, or `None` if they are equal.
///
/// Objects are walked member by member in name order, arrays element by element. A member one
/// side lacks differs from one the other side has, even as `null`: "absent" and "null" are
/// different answers on the wire.
pub fn first_difference(left: &Value, right: &Value) -> Option<JsonDifference> {
    diff_at("$".to_owned(), Some(left), Some(right))
}

fn diff_at(path: String, left: Option<&Value>, right: Option<&Value>) -> Option<JsonDifference> {
    match (left, right) {
        (Some(Value::Object(l)), Some(Value::Object(r))) => {
            let names: BTreeSet<&String> = l.keys().chain(r.keys()).collect();
            names
                .into_iter()
                .find_map(|name| diff_at(format!("{path}.{name}"), l.get(name), r.get(name)))
        }
        (Some(Value::Array(l)), Some(Value::Array(r))) => (0..l.len().max(r.len()))
            .find_map(|i| diff_at(format!("{path}[{i}]"), l.get(i), r.get(i))),
        (l, r) if l == r => None,
        (l, r) => Some(JsonDifference {
            path,
            left: l.cloned(),
            right: r.cloned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_values_have_no_difference() {
        let v = json!({"a": [1, {"b": null}], "c": "x"});
        assert_eq!(first_difference(&v, &v.clone()), None);
    }

    #[test]
    fn names_the_path_and_both_values() {
        let l = json!({"a": [1, {"b": 2}], "z": 1});
        let r = json!({"a": [1, {"b": 3}], "z": 2});
        let d = first_difference(&l, &r).unwrap();
        assert_eq!(d.path, "$.a[1].b");
        assert_eq!((d.left, d.right), (Some(json!(2)), Some(json!(3))));
        assert_eq!(
            first_difference(&l, &r).unwrap().to_string(),
            "at $.a[1].b: left = 2, right = 3"
        );
    }

    #[test]
    fn a_missing_member_or_element_is_absent_not_null() {
        let d = first_difference(&json!({"a": null}), &json!({})).unwrap();
        assert_eq!(
            (d.path.as_str(), d.left, d.right),
            ("$.a", Some(Value::Null), None)
        );
        let d = first_difference(&json!([1]), &json!([1, 2])).unwrap();
        assert_eq!(
            (d.path.as_str(), d.left, d.right),
            ("$[1]", None, Some(json!(2)))
        );
    }

    #[test]
    fn different_kinds_differ_at_their_own_path() {
        let d = first_difference(&json!({"a": [1]}), &json!({"a": {"0": 1}})).unwrap();
        assert_eq!(d.path, "$.a");
    }
}
