//! Emits `swf-core/src/generated/operations.rs`: the `Operation` enum, one `Client` method per
//! operation, and a page stream and an item stream per paginated operation.

use crate::emit::Out;
use crate::model::{Model, Shape};
use crate::naming::snake_case;
use crate::shapes::rust_type;

/// What a retry of each operation can cause, for its docs. Every operation must be listed: the
/// generator refuses to run otherwise, so a new operation cannot ship without this thought through.
fn retry_note(op: &str) -> &'static str {
    match op {
        "CountClosedWorkflowExecutions"
        | "CountOpenWorkflowExecutions"
        | "CountPendingActivityTasks"
        | "CountPendingDecisionTasks"
        | "DescribeActivityType"
        | "DescribeDomain"
        | "DescribeWorkflowExecution"
        | "DescribeWorkflowType"
        | "GetWorkflowExecutionHistory"
        | "ListActivityTypes"
        | "ListClosedWorkflowExecutions"
        | "ListDomains"
        | "ListOpenWorkflowExecutions"
        | "ListTagsForResource"
        | "ListWorkflowTypes" => "Reads only: a retry has no effect on the service.",
        "PollForActivityTask" | "PollForDecisionTask" => {
            "A poll whose response is lost (a timeout after the service answered) leaves the task it \
             carried started: the service hands it out again only after its start-to-close timeout. \
             Long polls therefore use the long-poll read timeout (at least 70 s), so that an ordinary \
             60 s poll is never cut short."
        }
        "RegisterDomain" => {
            "A retry after an ambiguous failure (timeout or 5xx) may meet `DomainAlreadyExistsFault` \
             for the domain the first attempt created; the error then reports \
             [`Error::after_ambiguous_attempt`] as `true`."
        }
        "RegisterActivityType" | "RegisterWorkflowType" => {
            "A retry after an ambiguous failure (timeout or 5xx) may meet `TypeAlreadyExistsFault` for \
             the type the first attempt registered; the error then reports \
             [`Error::after_ambiguous_attempt`] as `true`."
        }
        "DeprecateDomain" | "DeprecateActivityType" | "DeprecateWorkflowType" => {
            "A retry after an ambiguous failure may meet `DomainDeprecatedFault` or `TypeDeprecatedFault` \
             because the first attempt succeeded; the error then reports \
             [`Error::after_ambiguous_attempt`] as `true`."
        }
        "UndeprecateDomain" | "UndeprecateActivityType" | "UndeprecateWorkflowType" => {
            "A retry after an ambiguous failure may meet `DomainAlreadyExistsFault` or \
             `TypeAlreadyExistsFault` because the first attempt succeeded; the error then reports \
             [`Error::after_ambiguous_attempt`] as `true`."
        }
        "DeleteActivityType" | "DeleteWorkflowType" => {
            "A retry after an ambiguous failure may meet `UnknownResourceFault` because the first \
             attempt deleted the type; the error then reports [`Error::after_ambiguous_attempt`] as `true`."
        }
        "RecordActivityTaskHeartbeat" => {
            "Idempotent: a repeated heartbeat only resets the heartbeat clock again."
        }
        "RespondActivityTaskCanceled"
        | "RespondActivityTaskCompleted"
        | "RespondActivityTaskFailed"
        | "RespondDecisionTaskCompleted" => {
            "A retry after an ambiguous failure may meet `UnknownResourceFault` because the first \
             attempt was accepted and closed the task. The error then reports \
             [`Error::after_ambiguous_attempt`] as `true`: the task is closed either way, but whether \
             by this answer or by a timeout cannot be known from here."
        }
        "SignalWorkflowExecution" => {
            "A retry after an ambiguous failure may deliver the signal twice: SWF has no \
             deduplication for signals, so make signal handling idempotent in the workflow."
        }
        "RequestCancelWorkflowExecution" => {
            "Idempotent while the execution is open; a retry after an ambiguous failure may meet \
             `UnknownResourceFault` if the first request let the execution close, and the error then \
             reports [`Error::after_ambiguous_attempt`] as `true`."
        }
        "TerminateWorkflowExecution" => {
            "A retry after an ambiguous failure may meet `UnknownResourceFault` because the first \
             attempt already terminated the execution; the error then reports \
             [`Error::after_ambiguous_attempt`] as `true`."
        }
        "StartWorkflowExecution" => {
            "A retry after an ambiguous failure may meet `WorkflowExecutionAlreadyStartedFault` for \
             the execution the first attempt started. The client then looks up the open execution \
             with this workflow id and, when its type and task list are the ones requested, returns \
             its run id as the answer; otherwise the fault is returned with \
             [`Error::after_ambiguous_attempt`] set."
        }
        "TagResource" | "UntagResource" => {
            "Idempotent: a retry sets or removes the same tags again."
        }
        other => panic!("no retry note for operation {other}: add one to swf-codegen"),
    }
}

/// Operations whose generated method calls a hand-written reconciliation instead of `call`.
fn reconciled(op: &str) -> Option<&'static str> {
    match op {
        "StartWorkflowExecution" => Some("crate::reconcile::start_workflow_execution"),
        _ => None,
    }
}

/// Emits the whole file.
pub(crate) fn emit(model: &Model) -> String {
    let mut o = Out::new();
    o.line(
        "// @generated by swf-codegen from model/swf-2012-01-25.model.json. Do not edit by hand.",
    );
    o.line("");
    o.line("//! The operations of the SWF API: the `Operation` enum and one `Client` method each.");
    o.line("");
    o.line("use super::shapes::*;");
    o.line("use crate::client::Client;");
    o.line("use crate::error::Error;");
    o.line("use futures::Stream;");
    emit_operation_enum(&mut o, model);
    emit_client_methods(&mut o, model);
    o.finish()
}

fn emit_operation_enum(o: &mut Out, model: &Model) {
    let ops = &model.operations;
    o.line("");
    o.line("/// An operation of the SWF API 2012-01-25.");
    o.line("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]");
    o.line("#[non_exhaustive]");
    o.line("pub enum Operation {");
    for op in ops {
        o.line(&format!("    /// `{}`", op.name));
        o.line(&format!("    {},", op.name));
    }
    o.line("}");
    o.line("");
    o.line("impl Operation {");
    o.line("    /// Every operation, in alphabetical order.");
    o.line(&format!(
        "    pub const ALL: [Operation; {}] = [",
        ops.len()
    ));
    for op in ops {
        o.line(&format!("        Operation::{},", op.name));
    }
    o.line("    ];");
    o.line("");
    o.line("    /// The operation's name as the service spells it (the `X-Amz-Target` suffix).");
    o.line("    pub fn name(self) -> &'static str {");
    o.line("        match self {");
    for op in ops {
        o.line(&format!("            Operation::{0} => \"{0}\",", op.name));
    }
    o.line("        }");
    o.line("    }");
    o.line("");
    o.line("    /// The operation with this name, if there is one.");
    o.line("    pub fn from_name(name: &str) -> Option<Operation> {");
    o.line("        Operation::ALL.into_iter().find(|op| op.name() == name)");
    o.line("    }");
    o.line("");
    o.line(
        "    /// Whether the service may hold this call open for up to 60 s waiting for a task.",
    );
    o.line("    pub fn is_long_poll(self) -> bool {");
    o.line(
        "        matches!(self, Operation::PollForActivityTask | Operation::PollForDecisionTask)",
    );
    o.line("    }");
    o.line("");
    o.line("    /// The model's name of the operation's input shape.");
    o.line("    pub fn input_shape(self) -> &'static str {");
    o.line("        match self {");
    for op in ops {
        o.line(&format!(
            "            Operation::{} => \"{}\",",
            op.name,
            op.input.as_deref().unwrap_or("")
        ));
    }
    o.line("        }");
    o.line("    }");
    o.line("");
    o.line("    /// The model's name of the operation's output shape, if it has one.");
    o.line("    pub fn output_shape(self) -> Option<&'static str> {");
    o.line("        match self {");
    for op in ops {
        match &op.output {
            Some(s) => o.line(&format!(
                "            Operation::{} => Some(\"{s}\"),",
                op.name
            )),
            None => o.line(&format!("            Operation::{} => None,", op.name)),
        }
    }
    o.line("        }");
    o.line("    }");
    o.line("");
    o.line("    /// The faults the model says this operation can return.");
    o.line("    pub fn faults(self) -> &'static [&'static str] {");
    o.line("        match self {");
    for op in ops {
        let faults: Vec<String> = op.errors.iter().map(|e| format!("\"{e}\"")).collect();
        o.line(&format!(
            "            Operation::{} => &[{}],",
            op.name,
            faults.join(", ")
        ));
    }
    o.line("        }");
    o.line("    }");
    o.line("}");
}

fn emit_client_methods(o: &mut Out, model: &Model) {
    o.line("");
    o.line("impl Client {");
    for op in &model.operations {
        let method = snake_case(&op.name);
        let input = op
            .input
            .as_deref()
            .expect("every SWF operation has an input");
        let output = op
            .output
            .as_deref()
            .map(|s| rust_type(model, s))
            .unwrap_or_else(|| "()".to_owned());
        o.line(&format!("    /// Calls `{}`.", op.name));
        o.line("    ///");
        let faults: Vec<String> = op.errors.iter().map(|e| format!("`{e}`")).collect();
        o.line(&format!(
            "    /// Faults the service may return: {}.",
            faults.join(", ")
        ));
        o.line("    ///");
        o.line(&format!("    /// Retries: {}", retry_note(&op.name)));
        o.line(&format!(
            "    pub async fn {method}(&self, input: {input}) -> Result<{output}, Error> {{"
        ));
        if let Some(f) = reconciled(&op.name) {
            o.line(&format!("        {f}(self, input).await"));
        } else if op.output.is_some() {
            o.line(&format!(
                "        self.call(Operation::{}, &input).await",
                op.name
            ));
        } else {
            o.line(&format!(
                "        let _: serde::de::IgnoredAny = self.call(Operation::{}, &input).await?;",
                op.name
            ));
            o.line("        Ok(())");
        }
        o.line("    }");
        o.line("");
    }
    for p in &model.paginators {
        let op = model
            .operations
            .iter()
            .find(|o| o.name == p.operation)
            .expect("paginator names an operation");
        let method = snake_case(&op.name);
        let input = op.input.as_deref().expect("input");
        let output = op
            .output
            .as_deref()
            .expect("a paginated operation has an output");
        let Shape::Structure { members, .. } = model.shape(output) else {
            panic!("{output} is not a structure")
        };
        let result = members
            .iter()
            .find(|m| m.wire_name == p.result_key)
            .expect("result key is a member");
        let item = match model.shape(&result.shape) {
            Shape::List { member, .. } => rust_type(model, member),
            _ => panic!("result key {} is not a list", p.result_key),
        };
        let field = snake_case(&p.result_key);
        let take = if result.required {
            format!("page.{field}")
        } else {
            format!("page.{field}.unwrap_or_default()")
        };
        o.line(&format!(
            "    /// Calls `{}` page after page, following `nextPageToken` to the end.",
            op.name
        ));
        o.line("    ///");
        o.line("    /// The stream ends after the page with no `nextPageToken`, or after the first error.");
        o.line(&format!(
            "    pub fn {method}_pages(&self, input: {input}) -> impl Stream<Item = Result<{output}, Error>> + Send + 'static {{"
        ));
        o.line(&format!(
            "        crate::paginate::pages(self.clone(), input, |client, input| async move {{ client.{method}(input).await }}, |input, token| input.next_page_token = token, |page| page.next_page_token.clone())"
        ));
        o.line("    }");
        o.line("");
        o.line(&format!(
            "    /// Every `{}` item of `{}`, across all pages.",
            p.result_key, op.name
        ));
        o.line(&format!(
            "    pub fn {method}_stream(&self, input: {input}) -> impl Stream<Item = Result<{item}, Error>> + Send + 'static {{"
        ));
        o.line(&format!(
            "        crate::paginate::items(self.{method}_pages(input), |page: {output}| {take})"
        ));
        o.line("    }");
        o.line("");
    }
    o.line("}");
}
