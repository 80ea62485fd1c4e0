//! Emits a service's reading of a `Decision`: by its type alone.
//!
//! `Decision::attributes` is the strict reading, for a decision as the service records it: a
//! decision is a variant only when it sets exactly the member its type names. A service reading a
//! decider's answer is lenient instead: it takes the member the type names and ignores the others,
//! and a missing member is empty attributes, which is a valid decision only when the type's
//! attribute structure requires nothing (the closing decisions: `CompleteWorkflowExecution`,
//! `FailWorkflowExecution`, `CancelWorkflowExecution`, `ContinueAsNewWorkflowExecution`).
//!
//! That rule is emitted twice, borrowed (`attributes_of_type`, which names the missing member in
//! its error) and owned (`into_attributes_or_default`, which keeps such a decision whole in
//! `Unknown`), both from [`emit_match`], so the two cannot read a decision differently.

use crate::attributes::{Family, Variant};
use crate::emit::Out;
use crate::naming::snake_case;

/// The error `attributes_of_type` returns.
const MISSING: &str = "MissingDecisionAttributes";

/// Emits the error type, the empty attributes and both readings.
pub(crate) fn emit(o: &mut Out, f: &Family, vs: &[Variant]) {
    emit_error(o, f);
    emit_empty_statics(o, vs);
    let (wire, owned, tag_enum) = (f.wire, f.owned, f.tag_enum);
    o.line("");
    o.line(&format!("impl {wire} {{"));
    o.line("    /// The attributes the decision's type names, borrowed, read as a service reads a decision:");
    o.line("    /// by its type alone, other attribute members ignored. A missing member reads as empty");
    o.line("    /// attributes when their structure requires nothing (the closing decisions'), and is an");
    o.line("    /// error naming the member otherwise. A type this version does not know gives");
    o.line(&format!("    /// [`{owned}Ref::Unknown`]."));
    o.line("    ///");
    o.line(&format!(
        "    /// [`{wire}::attributes`] is the strict reading, for decisions as a history records them."
    ));
    o.line("    ///");
    o.line("    /// ```");
    o.line(&format!(
        "    /// use swf_core::types::{{{owned}Ref, {wire}, {tag_enum}}};"
    ));
    o.line(&format!(
        "    /// let complete = {wire} {{ {}: {tag_enum}::CompleteWorkflowExecution, ..Default::default() }};",
        f.tag_field
    ));
    o.line(&format!(
        "    /// assert!(matches!(complete.attributes_of_type(), Ok({owned}Ref::CompleteWorkflowExecution(a)) if a.result.is_none()));"
    ));
    o.line(&format!(
        "    /// let timer = {wire} {{ {}: {tag_enum}::StartTimer, ..Default::default() }};",
        f.tag_field
    ));
    o.line("    /// let missing = timer.attributes_of_type().unwrap_err();");
    o.line("    /// assert_eq!(missing.member, \"startTimerDecisionAttributes\");");
    o.line("    /// ```");
    o.line(&format!(
        "    pub fn attributes_of_type(&self) -> Result<{owned}Ref<'_>, {MISSING}> {{"
    ));
    emit_match(
        o,
        f,
        vs,
        &Reading {
            wrap_ok: true,
            borrow: "&",
            read: "as_deref()",
            target: format!("{owned}Ref"),
            or_empty: &|v| format!("unwrap_or(&{})", empty_static(v)),
            missing: &|v| {
                format!(
                    "return Err({MISSING} {{ {}: {tag_enum}::{}, member: \"{}\" }})",
                    f.tag_field, v.name, v.member
                )
            },
            unknown: format!("{owned}Ref::Unknown(self)"),
        },
    );
    o.line("    }");
    o.line("");
    o.line(&format!(
        "    /// [`{wire}::attributes_of_type`], owned: the attributes the decision's type names, other"
    ));
    o.line("    /// members dropped. A missing member reads as default attributes when their structure");
    o.line("    /// requires nothing (the closing decisions'); otherwise, and for a type this version does");
    o.line(&format!(
        "    /// not know, the decision is kept whole in [`{owned}::Unknown`]."
    ));
    o.line(&format!(
        "    pub fn into_attributes_or_default(mut self) -> {owned} {{"
    ));
    emit_match(
        o,
        f,
        vs,
        &Reading {
            wrap_ok: false,
            borrow: "",
            read: "take()",
            target: owned.to_owned(),
            or_empty: &|_| "unwrap_or_default()".to_owned(),
            missing: &|_| format!("{owned}::Unknown(Box::new(self))"),
            unknown: format!("{owned}::Unknown(Box::new(self))"),
        },
    );
    o.line("    }");
    o.line("}");
}

/// What differs between the borrowed and the owned reading; the rule itself is in [`emit_match`].
struct Reading<'a> {
    /// Whether the match's value is wrapped in `Ok`.
    wrap_ok: bool,
    /// How the tag is reached: `&` (borrowed) or `` (a place of `self`, which arms may move).
    borrow: &'static str,
    /// How the member is read out of its `Option<Box<_>>`: `as_deref()` or `take()`.
    read: &'static str,
    /// The enum the variants belong to.
    target: String,
    /// The call that reads a missing member as empty attributes, for a structure that requires
    /// nothing.
    or_empty: &'a dyn Fn(&Variant) -> String,
    /// The arm's value when the member is missing and the structure requires something.
    missing: &'a dyn Fn(&Variant) -> String,
    /// The value for a type this version does not know.
    unknown: String,
}

/// The match over the decision's type: the member its type names, read as `r` says.
fn emit_match(o: &mut Out, f: &Family, vs: &[Variant], r: &Reading<'_>) {
    let (tag_enum, target) = (f.tag_enum, &r.target);
    let (open, close) = if r.wrap_ok { ("Ok(", ")") } else { ("", "") };
    o.line(&format!(
        "        {open}match {}self.{} {{",
        r.borrow, f.tag_field
    ));
    for v in vs {
        let member = format!("self.{}.{}", v.field, r.read);
        if v.optional_fields.is_some() {
            o.line(&format!(
                "            {tag_enum}::{} => {target}::{}({member}.{}),",
                v.name,
                v.name,
                (r.or_empty)(v)
            ));
        } else {
            o.line(&format!(
                "            {tag_enum}::{} => match {member} {{",
                v.name
            ));
            o.line(&format!(
                "                Some(a) => {target}::{}(a),",
                v.name
            ));
            o.line(&format!("                None => {},", (r.missing)(v)));
            o.line("            },");
        }
    }
    o.line(&format!(
        "            {tag_enum}::Unknown(_) => {},",
        r.unknown
    ));
    o.line(&format!("        }}{close}"));
}

/// The name of the static that holds `v`'s empty attributes.
fn empty_static(v: &Variant) -> String {
    format!("EMPTY_{}", snake_case(&v.shape).to_uppercase())
}

/// A static of empty attributes for each structure that requires nothing, so that the borrowed
/// reading can lend one for a missing member.
fn emit_empty_statics(o: &mut Out, vs: &[Variant]) {
    for v in vs {
        let Some(fields) = &v.optional_fields else {
            continue;
        };
        let nones: Vec<String> = fields.iter().map(|x| format!("{x}: None")).collect();
        o.line("");
        o.line(&format!(
            "/// Empty `{}`: what a missing member reads as.",
            v.shape
        ));
        o.line(&format!(
            "static {}: {} = {} {{ {} }};",
            empty_static(v),
            v.shape,
            v.shape,
            nones.join(", ")
        ));
    }
}

fn emit_error(o: &mut Out, f: &Family) {
    let (wire, tag, tag_enum) = (f.wire, f.tag_field, f.tag_enum);
    o.line("");
    o.line(
        "/// A decision without the attribute member its type names, where the attributes of that type",
    );
    o.line(&format!(
        "/// cannot be empty (their structure has a required member): see [`{wire}::attributes_of_type`]."
    ));
    o.line("#[derive(Debug, Clone, PartialEq, Eq)]");
    o.line(&format!("pub struct {MISSING} {{"));
    o.line("    /// The decision's type.");
    o.line(&format!("    pub {tag}: {tag_enum},"));
    o.line("    /// The wire name of the member the type names: `scheduleActivityTaskDecisionAttributes`.");
    o.line("    pub member: &'static str,");
    o.line("}");
    o.line("");
    o.line(&format!("impl fmt::Display for {MISSING} {{"));
    o.line("    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {");
    o.line(&format!(
        "        write!(f, \"{{}} must be set for decision type {{}}\", self.member, self.{tag})"
    ));
    o.line("    }");
    o.line("}");
    o.line("");
    o.line(&format!("impl std::error::Error for {MISSING} {{}}"));
}
