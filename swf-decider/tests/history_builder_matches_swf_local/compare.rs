//! Both sides run, and their histories compared event by event (normalised as the crate docs
//! say).

use super::*;

/// Runs `steps` on both sides and fails on the first event that differs.
pub(super) async fn check(name: &str, steps: Vec<Step>) {
    // A step that comes due is awaited by the decision poll after it; without one, swf-local's
    // history could be fetched before the event is in it.
    for (i, step) in steps.iter().enumerate() {
        let next = steps.get(i + 1);
        assert!(
            !step.comes_due() || matches!(next, Some(Step::Decide(_) | Step::Refused(..))),
            "{name}: {step:?} must be followed by a decision, which waits for it"
        );
    }
    let mut builder = HistoryBuilder::with_input(WORKFLOW.0, WORKFLOW.1, Some(INPUT));
    for step in &steps {
        step.build(&mut builder);
    }
    let swf = local::within(60, async {
        let mut scenario = Scenario::start(name).await;
        for step in &steps {
            scenario.take(step).await;
        }
        scenario.local.history(&scenario.execution).await
    })
    .await;
    if let Some(mismatch) = first_mismatch(&builder.events(), &swf) {
        panic!("{name}: {mismatch}\n{}", listing(&builder.events(), &swf));
    }
}

/// Where the builder's history (left) and swf-local's (right) first differ, in words.
fn first_mismatch(builder: &[HistoryEvent], swf: &[HistoryEvent]) -> Option<String> {
    let (left, right) = (normalised(builder), normalised(swf));
    for i in 0..left.len().max(right.len()) {
        let (l, r) = (left.get(i), right.get(i));
        let at = format!(
            "event {} (HistoryBuilder: {}, swf-local: {})",
            i + 1,
            event_type(builder.get(i)),
            event_type(swf.get(i))
        );
        match (l, r) {
            (Some(l), Some(r)) => {
                if let Some(d) = first_difference(l, r) {
                    let show =
                        |v: Option<Value>| v.map_or("(absent)".to_owned(), |v| v.to_string());
                    return Some(format!(
                        "{at} differs at {}: HistoryBuilder = {}, swf-local = {}",
                        d.path,
                        show(d.left),
                        show(d.right)
                    ));
                }
            }
            _ => return Some(format!("{at}: only one history has it")),
        }
    }
    None
}

fn event_type(e: Option<&HistoryEvent>) -> &str {
    e.map_or("(none)", |e| e.event_type.as_str())
}

/// Both histories' event types side by side, for the failure message.
fn listing(builder: &[HistoryEvent], swf: &[HistoryEvent]) -> String {
    (0..builder.len().max(swf.len()))
        .map(|i| {
            let (b, s) = (event_type(builder.get(i)), event_type(swf.get(i)));
            format!("{:>3}  {b:<45} {s}\n", i + 1)
        })
        .collect()
}

/// The events as JSON, timestamps removed and run ids numbered (see the module docs).
fn normalised(events: &[HistoryEvent]) -> Vec<Value> {
    let mut runs = HashMap::new();
    events
        .iter()
        .map(|e| {
            let mut v = serde_json::to_value(e).expect("an event encodes");
            v.as_object_mut()
                .expect("an object")
                .remove("eventTimestamp");
            number_runs(&mut v, &mut runs);
            v
        })
        .collect()
}

fn number_runs(v: &mut Value, runs: &mut HashMap<String, usize>) {
    const RUN_IDS: [&str; 3] = ["runId", "newExecutionRunId", "continuedExecutionRunId"];
    match v {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                match member {
                    Value::String(id) if RUN_IDS.contains(&name.as_str()) && !id.is_empty() => {
                        let next = runs.len() + 1;
                        *id = format!("run#{}", runs.entry(id.clone()).or_insert(next));
                    }
                    _ => number_runs(member, runs),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| number_runs(i, runs)),
        _ => {}
    }
}
