//! Child workflows started by their Rust type (`ChildOptions::of::<W, _>()`): the decision names
//! `W`'s workflow type and carries the input encoded, the handle reads the result as `W::Output`,
//! a typed child decides exactly what the same child by name does, and a result that is not a
//! `W::Output` is a workflow error naming the child. What must not compile (a wrong input or
//! result type) is checked by the `compile_fail` examples on `ChildOptions::of`.

use serde::{Deserialize, Serialize};
use swf_core::types::{DecisionAttributesRef, StartChildWorkflowExecutionDecisionAttributes};
use swf_decider::testing::{Decisions, HistoryBuilder, Replay};
use swf_decider::{ChildOptions, DecideError, Workflow, WorkflowContext, WorkflowResult};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Parcel {
    order: String,
    grams: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Tracking {
    carrier: String,
    number: u64,
}

/// The child: ships a parcel, completes with its tracking. Its `run` never runs here; the parent
/// only names it.
struct Ship;

impl Workflow for Ship {
    const NAME: &'static str = "ship";
    const VERSION: &'static str = "4";
    type Input = Parcel;
    type Output = Tracking;

    fn run(&self, _: &mut WorkflowContext<'_>, parcel: Parcel) -> WorkflowResult<Tracking> {
        Ok(Tracking {
            carrier: parcel.order,
            number: 1,
        })
    }
}

/// Ships order `o-7` as a child and completes with `carrier:number` from the child's tracking.
/// `typed` says whether it names the child by type or by strings.
struct Shop {
    typed: bool,
}

impl Workflow for Shop {
    const NAME: &'static str = "shop";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, order: String) -> WorkflowResult<String> {
        let parcel = Parcel { order, grams: 750 };
        let tracking = if self.typed {
            let ship = ChildOptions::of::<Ship, _>().task_list("shipping");
            ctx.child("ship-o-7", &ship, &parcel).result()? // a `Tracking`
        } else {
            let ship = ChildOptions::new("ship", "4").task_list("shipping");
            ctx.child("ship-o-7", &ship, &parcel).result::<Tracking>()?
        };
        Ok(format!("{}:{}", tracking.carrier, tracking.number))
    }
}

fn started() -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<Shop>(&"o-7");
    h.decision_task_started();
    h
}

/// The child's start decision.
fn start_child(decisions: &Decisions) -> &StartChildWorkflowExecutionDecisionAttributes {
    decisions
        .iter()
        .find_map(|d| match d.attributes() {
            DecisionAttributesRef::StartChildWorkflowExecution(a) => Some(a),
            _ => None,
        })
        .expect("a StartChildWorkflowExecution decision")
}

/// The history after the typed parent's first decision was recorded (so the initiated event holds
/// what the typed decision carried) and the child completed with `result`.
fn shipped(result: &str) -> HistoryBuilder {
    let mut h = started();
    let first = Replay::new(Shop { typed: true }).run(h.events()).unwrap();
    h.decision_task_completed_with(first.decisions());
    h.child_completed("ship-o-7", Some(result));
    h.decision_task_started();
    h
}

#[test]
fn the_decision_names_the_workflows_type_and_carries_the_encoded_input() {
    let replay = Replay::new(Shop { typed: true })
        .run(started().events())
        .unwrap();
    assert_eq!(replay.decisions().child_ids(), ["ship-o-7"]);
    let start = start_child(replay.decisions());
    assert_eq!(start.workflow_type.name, "ship");
    assert_eq!(start.workflow_type.version, "4");
    let input: Parcel = serde_json::from_str(start.input.as_deref().unwrap()).unwrap();
    assert_eq!(
        input,
        Parcel {
            order: "o-7".to_owned(),
            grams: 750
        }
    );
    assert_eq!(start.task_list.as_ref().unwrap().name, "shipping");
}

#[test]
fn the_result_is_read_as_the_workflows_output() {
    let tracking = serde_json::to_string(&Tracking {
        carrier: "acme".to_owned(),
        number: 42,
    })
    .unwrap();
    // Inputs compared too: the recorded start carries the typed input byte for byte.
    let replay = Replay::new(Shop { typed: true })
        .compare_inputs(true)
        .run(shipped(&tracking).events())
        .unwrap();
    assert_eq!(
        replay.decisions().completed_with::<String>().as_deref(),
        Some("acme:42")
    );
}

#[test]
fn typed_and_by_name_decide_the_same() {
    let tracking = r#"{"carrier":"acme","number":42}"#;
    for history in [started(), shipped(tracking)] {
        let typed = Replay::new(Shop { typed: true })
            .compare_inputs(true)
            .run(history.events())
            .unwrap();
        let by_name = Replay::new(Shop { typed: false })
            .compare_inputs(true)
            .run(history.events())
            .unwrap();
        assert_eq!(
            typed.decisions().clone().into_vec(),
            by_name.decisions().clone().into_vec()
        );
    }
}

#[test]
fn a_result_that_is_not_the_workflows_output_is_a_workflow_error_naming_the_child() {
    let err = Replay::new(Shop { typed: true })
        .run(shipped(r#""a string, not a tracking""#).events())
        .unwrap_err();
    assert!(matches!(err, DecideError::Workflow(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("cannot decode the result of child workflow `ship-o-7`"),
        "{err}"
    );
}
