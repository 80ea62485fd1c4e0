//! Wire names to Rust names.

/// `startToCloseTimeout` → `start_to_close_timeout`; `SCHEDULE_TO_START` → `schedule_to_start`.
pub(crate) fn snake_case(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `SCHEDULE_TO_START` → `ScheduleToStart`; `WorkflowExecutionStarted` stays as it is.
pub(crate) fn pascal_case(value: &str) -> String {
    if !value.contains('_')
        && value.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && value.chars().any(|c| c.is_ascii_lowercase())
    {
        return value.to_owned();
    }
    value
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let lower = p.to_ascii_lowercase();
            let mut cs = lower.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake() {
        assert_eq!(snake_case("startToCloseTimeout"), "start_to_close_timeout");
        assert_eq!(snake_case("taskList"), "task_list");
        assert_eq!(snake_case("lambdaRole"), "lambda_role");
        assert_eq!(snake_case("SCHEDULE_TO_START"), "schedule_to_start");
        assert_eq!(snake_case("RegisterDomain"), "register_domain");
        assert_eq!(snake_case("ListTagsForResource"), "list_tags_for_resource");
        assert_eq!(snake_case("resourceArn"), "resource_arn");
    }

    #[test]
    fn pascal() {
        assert_eq!(pascal_case("SCHEDULE_TO_START"), "ScheduleToStart");
        assert_eq!(
            pascal_case("WorkflowExecutionStarted"),
            "WorkflowExecutionStarted"
        );
        assert_eq!(pascal_case("REGISTERED"), "Registered");
    }
}
