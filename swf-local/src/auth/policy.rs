//! IAM's policy language, the part SWF's access control uses: statements that allow or deny
//! actions on resources, under string conditions on the call's parameters.
//!
//! Evaluation is IAM's: a call is allowed when some statement allows it and none denies it
//! (an explicit deny wins; nothing allowed is denied). Action names match case-insensitively,
//! resources and condition values case-sensitively; `*` and `?` are wildcards in actions,
//! resources and the `...Like` operators' values.

use serde_json::Value;

/// What a statement does when it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Allow,
    Deny,
}

/// A string condition operator, with IAM's `...IfExists` form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    /// `StringEquals`
    Equals,
    /// `StringNotEquals`
    NotEquals,
    /// `StringLike`
    Like,
    /// `StringNotLike`
    NotLike,
}

/// One `Condition` entry: `operator: { key: [values] }`.
#[derive(Debug, Clone)]
struct Condition {
    operator: Operator,
    if_exists: bool,
    /// Lowercase: IAM's condition keys are case-insensitive.
    key: String,
    values: Vec<String>,
}

/// One statement of a policy.
#[derive(Debug, Clone)]
struct Statement {
    effect: Effect,
    /// Lowercase patterns such as `swf:start*`.
    actions: Vec<String>,
    resources: Vec<String>,
    conditions: Vec<Condition>,
}

/// A policy: the statements of one access key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Policy {
    statements: Vec<Statement>,
}

/// One call (or decision) to decide on: its action (`swf:StartWorkflowExecution`), its resource
/// (a domain's ARN, or `*` for the actions that name no domain) and its condition keys.
#[derive(Debug, Clone, Default)]
pub(crate) struct Request {
    pub(crate) action: String,
    pub(crate) resource: String,
    /// `(key, value)` pairs, keys as SWF's reference spells them (`swf:taskList.name`).
    pub(crate) context: Vec<(String, String)>,
}

impl Policy {
    /// Reads an IAM policy document (`{"Version": ..., "Statement": [...]}`) at `path` (the
    /// field path errors name).
    pub(crate) fn parse(doc: &Value, path: &str) -> Result<Policy, String> {
        let obj = doc
            .as_object()
            .ok_or_else(|| format!("{path}: a policy must be an object"))?;
        for member in obj.keys() {
            if !matches!(member.as_str(), "Version" | "Id" | "Statement") {
                return Err(format!(
                    "{path}.{member}: not a policy member (Version, Id, Statement)"
                ));
            }
        }
        let statements = match obj.get("Statement") {
            Some(Value::Array(items)) => items.iter().collect::<Vec<_>>(),
            Some(one @ Value::Object(_)) => vec![one],
            Some(_) => {
                return Err(format!(
                    "{path}.Statement: must be a statement or an array of statements"
                ));
            }
            None => return Err(format!("{path}.Statement: missing")),
        };
        let statements = statements
            .into_iter()
            .enumerate()
            .map(|(i, s)| Statement::parse(s, &format!("{path}.Statement[{i}]")))
            .collect::<Result<_, _>>()?;
        Ok(Policy { statements })
    }

    /// Whether the policy allows `request`: some statement allows it and none denies it.
    pub(crate) fn allows(&self, request: &Request) -> bool {
        let mut allowed = false;
        for s in self.statements.iter().filter(|s| s.matches(request)) {
            match s.effect {
                Effect::Deny => return false,
                Effect::Allow => allowed = true,
            }
        }
        allowed
    }

    /// How many statements the policy has (for a redacted description).
    pub(crate) fn len(&self) -> usize {
        self.statements.len()
    }
}

impl Statement {
    fn parse(value: &Value, path: &str) -> Result<Statement, String> {
        let obj = value
            .as_object()
            .ok_or_else(|| format!("{path}: a statement must be an object"))?;
        for member in obj.keys() {
            match member.as_str() {
                "Sid" | "Effect" | "Action" | "Resource" | "Condition" => {}
                // Refused rather than ignored: ignoring them would grant more than was written.
                "NotAction" | "NotResource" | "Principal" | "NotPrincipal" => {
                    return Err(format!("{path}.{member}: not supported by swf-local"));
                }
                _ => return Err(format!("{path}.{member}: not a statement member")),
            }
        }
        let effect = match obj.get("Effect").and_then(Value::as_str) {
            Some("Allow") => Effect::Allow,
            Some("Deny") => Effect::Deny,
            Some(other) => {
                return Err(format!(
                    "{path}.Effect: `{other}` is neither `Allow` nor `Deny`"
                ));
            }
            None => return Err(format!("{path}.Effect: missing, or not a string")),
        };
        let actions = strings(obj.get("Action"), &format!("{path}.Action"))?
            .into_iter()
            .map(|a| a.to_ascii_lowercase())
            .collect();
        let resources = strings(obj.get("Resource"), &format!("{path}.Resource"))?;
        let conditions = match obj.get("Condition") {
            None => Vec::new(),
            Some(c) => Condition::parse_all(c, &format!("{path}.Condition"))?,
        };
        Ok(Statement {
            effect,
            actions,
            resources,
            conditions,
        })
    }

    fn matches(&self, request: &Request) -> bool {
        let action = request.action.to_ascii_lowercase();
        self.actions.iter().any(|a| glob(a, &action))
            && self.resources.iter().any(|r| glob(r, &request.resource))
            && self.conditions.iter().all(|c| c.holds(&request.context))
    }
}

impl Condition {
    fn parse_all(value: &Value, path: &str) -> Result<Vec<Condition>, String> {
        let obj = value
            .as_object()
            .ok_or_else(|| format!("{path}: must be an object of operators"))?;
        let mut conditions = Vec::new();
        for (name, keys) in obj {
            let (base, if_exists) = match name.strip_suffix("IfExists") {
                Some(base) => (base, true),
                None => (name.as_str(), false),
            };
            let operator = match base {
                "StringEquals" => Operator::Equals,
                "StringNotEquals" => Operator::NotEquals,
                "StringLike" => Operator::Like,
                "StringNotLike" => Operator::NotLike,
                _ => {
                    return Err(format!(
                        "{path}.{name}: not a supported operator (StringEquals, StringNotEquals, \
                         StringLike, StringNotLike, each with or without IfExists; SWF's keys \
                         are all strings)"
                    ));
                }
            };
            let keys = keys
                .as_object()
                .ok_or_else(|| format!("{path}.{name}: must be an object of condition keys"))?;
            for (key, values) in keys {
                conditions.push(Condition {
                    operator,
                    if_exists,
                    key: key.to_ascii_lowercase(),
                    values: strings(Some(values), &format!("{path}.{name}.{key}"))?,
                });
            }
        }
        Ok(conditions)
    }

    /// IAM's rule: a key the call does not have fails the positive operators and passes the
    /// negated ones, and passes any `...IfExists`.
    fn holds(&self, context: &[(String, String)]) -> bool {
        let value = context
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&self.key))
            .map(|(_, v)| v.as_str());
        let Some(value) = value else {
            return self.if_exists
                || matches!(self.operator, Operator::NotEquals | Operator::NotLike);
        };
        match self.operator {
            Operator::Equals => self.values.iter().any(|v| v == value),
            Operator::NotEquals => !self.values.iter().any(|v| v == value),
            Operator::Like => self.values.iter().any(|v| glob(v, value)),
            Operator::NotLike => !self.values.iter().any(|v| glob(v, value)),
        }
    }
}

/// A string or an array of strings, as IAM writes `Action`, `Resource` and condition values.
fn strings(value: Option<&Value>, path: &str) -> Result<Vec<String>, String> {
    match value {
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{path}[{i}]: must be a string"))
            })
            .collect(),
        Some(Value::Array(_)) => Err(format!("{path}: must not be empty")),
        Some(_) => Err(format!("{path}: must be a string or an array of strings")),
        None => Err(format!("{path}: missing")),
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters and `?` any one.
/// Greedy with one backtrack point, so it takes time linear in the lengths' product at worst.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy(doc: Value) -> Policy {
        Policy::parse(&doc, "Policy").unwrap()
    }

    fn request(action: &str, domain: &str, context: &[(&str, &str)]) -> Request {
        Request {
            action: action.to_owned(),
            resource: format!("arn:aws:swf:us-east-1:000000000000:/domain/{domain}"),
            context: context
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn wildcards_match_as_iam_matches_them() {
        assert!(glob("swf:*", "swf:startworkflowexecution"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "ac"));
        assert!(glob("*/domain/o*s", "arn:x:/domain/orders"));
        assert!(!glob("*/domain/o*s", "arn:x:/domain/order"));
        assert!(glob("", ""));
        assert!(!glob("", "a"));
    }

    #[test]
    fn allow_needs_action_resource_and_every_condition_and_deny_wins() {
        let p = policy(json!({"Statement": [
            {"Effect": "Allow", "Action": "swf:Poll*",
             "Resource": "arn:aws:swf:*:*:/domain/orders",
             "Condition": {"StringEquals": {"swf:taskList.name": ["a", "b"]}}},
            {"Effect": "Deny", "Action": "swf:*", "Resource": "*",
             "Condition": {"StringLike": {"swf:taskList.name": "secret-*"}}},
            {"Effect": "Allow", "Action": "swf:*", "Resource": "*",
             "Condition": {"StringEquals": {"swf:taskList.name": "secret-1"}}}
        ]}));
        let poll = "swf:PollForActivityTask";
        assert!(p.allows(&request(poll, "orders", &[("swf:taskList.name", "a")])));
        assert!(p.allows(&request(
            "SWF:POLLFORACTIVITYTASK",
            "orders",
            &[("SWF:TASKLIST.NAME", "b")]
        )));
        assert!(!p.allows(&request(poll, "orders", &[("swf:taskList.name", "c")])));
        assert!(!p.allows(&request(poll, "other", &[("swf:taskList.name", "a")])));
        assert!(
            !p.allows(&request(poll, "orders", &[])),
            "a missing key fails"
        );
        assert!(!p.allows(&request(
            "swf:StartWorkflowExecution",
            "orders",
            &[("swf:taskList.name", "a")]
        )));
        assert!(
            !p.allows(&request(
                poll,
                "orders",
                &[("swf:taskList.name", "secret-1")]
            )),
            "the deny wins over the third statement's allow"
        );
    }

    #[test]
    fn negated_and_if_exists_operators_pass_on_a_missing_key() {
        let p = policy(
            json!({"Statement": [{"Effect": "Allow", "Action": "swf:*", "Resource": "*",
            "Condition": {"StringNotEquals": {"swf:taskList.name": "x"},
                          "StringLikeIfExists": {"swf:tagList.member.0": "team-*"}}}]}),
        );
        assert!(p.allows(&request("swf:A", "d", &[])));
        assert!(p.allows(&request(
            "swf:A",
            "d",
            &[("swf:tagList.member.0", "team-a")]
        )));
        assert!(!p.allows(&request("swf:A", "d", &[("swf:tagList.member.0", "ops")])));
        assert!(!p.allows(&request("swf:A", "d", &[("swf:taskList.name", "x")])));
    }

    #[test]
    fn nothing_allowed_is_denied() {
        assert!(!Policy::default().allows(&request("swf:ListDomains", "d", &[])));
    }

    #[test]
    fn a_bad_policy_is_refused_naming_the_field() {
        let cases = [
            (
                json!({"Statement": [{"Effect": "allow", "Action": "swf:*", "Resource": "*"}]}),
                "Policy.Statement[0].Effect: `allow` is neither",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Resource": "*"}]}),
                "Policy.Statement[0].Action: missing",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Action": [1], "Resource": "*"}]}),
                "Policy.Statement[0].Action[0]: must be a string",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Action": "swf:*", "Resource": "*",
                "Condition": {"NumericEquals": {"k": "1"}}}]}),
                "Policy.Statement[0].Condition.NumericEquals: not a supported operator",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "NotAction": "swf:*", "Resource": "*"}]}),
                "Policy.Statement[0].NotAction: not supported",
            ),
            (
                json!({"Statement": [{"Effect": "Allow", "Action": "swf:*", "Resource": "*",
                "Conditon": {}}]}),
                "Policy.Statement[0].Conditon: not a statement member",
            ),
            (
                json!({"Statment": []}),
                "Policy.Statment: not a policy member",
            ),
        ];
        for (doc, expected) in cases {
            let err = Policy::parse(&doc, "Policy").unwrap_err();
            assert!(err.starts_with(expected), "{err}");
        }
    }
}
