//! Client-side validation against the bounds the service model declares.
//!
//! Every input shape implements [`Validate`] (the impls are generated from the model), so a request
//! that the service would reject with a `ValidationException` is refused before anything is sent,
//! with an error that names the field by its wire path (`decisions[2].timerId`) and the bound.

use std::fmt;

/// A value that can be checked against the model's bounds before it is sent.
pub trait Validate {
    /// Checks `self`, reporting problems to `v` under the path `v` currently points at.
    fn validate_into(&self, v: &mut Validator);

    /// Checks `self` and returns the first problem found.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut v = Validator::default();
        self.validate_into(&mut v);
        v.finish()
    }
}

/// Boxed members (the attribute structures of `HistoryEvent` and `Decision`) validate as what
/// they hold.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, v: &mut Validator) {
        (**self).validate_into(v);
    }
}

/// A request that breaks one of the model's bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The field's wire path, for example `decisions[2].scheduleActivityTaskDecisionAttributes.activityId`.
    pub field: String,
    /// What is wrong with it, for example `must be at most 256 characters long, got 300`.
    pub problem: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}`: {}", self.field, self.problem)
    }
}

impl std::error::Error for ValidationError {}

/// Walks a value, keeping the current wire path and the first problem found.
#[derive(Debug, Default)]
pub struct Validator {
    path: Vec<String>,
    first_error: Option<ValidationError>,
}

/// The inclusive bound a value breaks.
enum Bound<T> {
    Min(T),
    Max(T),
}

fn out_of_bounds<T: PartialOrd + Copy>(
    value: T,
    min: Option<T>,
    max: Option<T>,
) -> Option<Bound<T>> {
    match (min, max) {
        (Some(min), _) if value < min => Some(Bound::Min(min)),
        (_, Some(max)) if value > max => Some(Bound::Max(max)),
        _ => None,
    }
}

impl Validator {
    fn field_path(&self, name: &str) -> String {
        let mut out = String::new();
        for seg in &self.path {
            if !out.is_empty() && !seg.starts_with('[') {
                out.push('.');
            }
            out.push_str(seg);
        }
        if !name.is_empty() {
            if !out.is_empty() && !name.starts_with('[') {
                out.push('.');
            }
            out.push_str(name);
        }
        out
    }

    /// Records a problem with the field `name` under the current path (the first one wins).
    pub fn fail(&mut self, name: &str, problem: impl Into<String>) {
        if self.first_error.is_none() {
            self.first_error = Some(ValidationError {
                field: self.field_path(name),
                problem: problem.into(),
            });
        }
    }

    /// Checks a string's length in characters against optional bounds.
    pub fn string(&mut self, name: &str, value: &str, min: Option<usize>, max: Option<usize>) {
        if min.is_none() && max.is_none() {
            return;
        }
        let len = value.chars().count();
        match out_of_bounds(len, min, max) {
            Some(Bound::Min(min)) if len == 0 => self.fail(
                name,
                format!("must not be empty (at least {min} characters)"),
            ),
            Some(Bound::Min(min)) => self.fail(
                name,
                format!("must be at least {min} characters long, got {len}"),
            ),
            Some(Bound::Max(max)) => self.fail(
                name,
                format!("must be at most {max} characters long, got {len}"),
            ),
            None => {}
        }
    }

    /// Checks every string of a list against optional length bounds, each under `name[i]`.
    pub fn string_items(
        &mut self,
        name: &str,
        values: &[String],
        min: Option<usize>,
        max: Option<usize>,
    ) {
        for (i, value) in values.iter().enumerate() {
            self.string(&format!("{name}[{i}]"), value, min, max);
        }
    }

    /// Checks that an enum member has a value (an empty one is what `Default` gives).
    pub fn enum_value(&mut self, name: &str, value: &str) {
        if value.is_empty() {
            self.fail(name, "is required: set one of the values the model defines");
        }
    }

    /// Checks a number against optional inclusive bounds.
    pub fn number(&mut self, name: &str, value: i64, min: Option<i64>, max: Option<i64>) {
        match out_of_bounds(value, min, max) {
            Some(Bound::Min(min)) => {
                self.fail(name, format!("must be at least {min}, got {value}"))
            }
            Some(Bound::Max(max)) => self.fail(name, format!("must be at most {max}, got {value}")),
            None => {}
        }
    }

    /// Checks a list's length against optional bounds.
    pub fn list_len(&mut self, name: &str, len: usize, min: Option<usize>, max: Option<usize>) {
        match out_of_bounds(len, min, max) {
            Some(Bound::Min(min)) => {
                self.fail(name, format!("must have at least {min} items, got {len}"))
            }
            Some(Bound::Max(max)) => {
                self.fail(name, format!("must have at most {max} items, got {len}"))
            }
            None => {}
        }
    }

    /// Validates a nested value with `name` pushed onto the path.
    pub fn nested<T: Validate + ?Sized>(&mut self, name: &str, value: &T) {
        if self.first_error.is_some() {
            return;
        }
        self.path.push(name.to_owned());
        value.validate_into(self);
        self.path.pop();
    }

    /// Validates every item of a list, each under `name[i]`.
    pub fn items<T: Validate>(&mut self, name: &str, values: &[T]) {
        for (i, value) in values.iter().enumerate() {
            if self.first_error.is_some() {
                return;
            }
            self.path.push(name.to_owned());
            self.path.push(format!("[{i}]"));
            value.validate_into(self);
            self.path.pop();
            self.path.pop();
        }
    }

    /// The first problem found, if any.
    pub fn finish(self) -> Result<(), ValidationError> {
        match self.first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Inner(String);
    impl Validate for Inner {
        fn validate_into(&self, v: &mut Validator) {
            v.string("name", &self.0, Some(1), Some(3));
        }
    }
    struct Outer(Vec<Inner>);
    impl Validate for Outer {
        fn validate_into(&self, v: &mut Validator) {
            v.list_len("items", self.0.len(), None, Some(5));
            v.items("items", &self.0);
        }
    }

    #[test]
    fn names_the_nested_field_and_the_bound() {
        let err = Outer(vec![Inner("ok".into()), Inner("toolong".into())])
            .validate()
            .unwrap_err();
        assert_eq!(err.field, "items[1].name");
        assert_eq!(err.problem, "must be at most 3 characters long, got 7");
        assert_eq!(
            err.to_string(),
            "invalid `items[1].name`: must be at most 3 characters long, got 7"
        );
    }

    #[test]
    fn empty_required_string_says_required() {
        let err = Inner(String::new()).validate().unwrap_err();
        assert_eq!(err.field, "name");
        assert!(err.problem.contains("must not be empty"), "{}", err.problem);
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(Inner("äöü".into()).validate().is_ok());
    }
}
