//! The order application's side of the service: its types registered, answers delayed, orders
//! started, histories read.

use examples::order::{self, Order, OrderOutcome, OrderStatus, PackAndShip};
use futures::future::join_all;
use swf_core::types::{
    EventAttributesRef, ExecutionTimeFilter, GetWorkflowExecutionHistoryInput, HistoryEvent,
    ListOpenWorkflowExecutionsInput, Timestamp, WorkflowExecution,
};
use swf_decider::{Decider, StartOptions, WorkflowClient, WorkflowHandle};
use swf_testkit::local::LocalService;
use swf_worker::Worker;

/// Every tenth order pays with the card whose first charge fails: a retried activity, in flight
/// like the others.
pub(crate) const FLAKY_EVERY: usize = 10;

/// Registers the domain and the types as the binaries would with `--register`, with the
/// application's own code, so that the processes start without racing to do it.
pub(crate) fn register(service: &LocalService) {
    service.block_on(async {
        let mut worker = Worker::builder(service.client.clone());
        worker.domain(order::DOMAIN).task_list(order::ORDERS);
        order::orders_activities(&mut worker);
        order::shipping_activities(&mut worker, PackAndShip::default());
        let worker = worker.build().expect("the worker builds");
        worker
            .register()
            .await
            .expect("the activity types register");
        let mut decider = Decider::builder(service.client.clone());
        decider.domain(order::DOMAIN).task_list(order::DECISIONS);
        order::workflows(&mut decider, order::OrderWorkflow::default())
            .build()
            .expect("the decider builds")
            .register()
            .await
            .expect("the workflow types register");
    });
}

/// Delays every answer to a task by 100 to 300 ms before the service applies it, so that each
/// task stays held, its answer in flight, for that long after the process decided or ran it.
pub(crate) fn delay_answers(service: &LocalService) {
    let mut faults = swf_local::FaultConfig::default();
    faults.seed = Some(14);
    faults.latency_ms = 100;
    faults.latency_jitter_ms = 200;
    faults.operations = vec![
        "RespondDecisionTaskCompleted".into(),
        "RespondActivityTaskCompleted".into(),
        "RespondActivityTaskFailed".into(),
    ];
    service
        .server()
        .set_faults(faults)
        .expect("the latency applies");
}

/// Starts orders `range`: three parcels each, under the approval threshold, every
/// [`FLAKY_EVERY`]th with the flaky card.
pub(crate) fn start_orders(
    service: &LocalService,
    workflows: &WorkflowClient,
    range: std::ops::Range<usize>,
) -> Vec<WorkflowHandle<OrderOutcome>> {
    service.block_on(async {
        let starts = range.map(|n| {
            let id = format!("o-{n}");
            let card = if n % FLAKY_EVERY == 0 {
                "flaky"
            } else {
                "visa"
            };
            let order = Order::new(&id, "mug", 3, 1_000, card);
            async move {
                workflows
                    .start::<order::OrderWorkflow>(&id, &order, &StartOptions::new())
                    .await
                    .unwrap_or_else(|e| panic!("order {id} does not start: {e}"))
            }
        });
        join_all(starts).await
    })
}

/// What order `id` completes with.
pub(crate) fn expected(id: &str) -> OrderOutcome {
    OrderOutcome {
        order_id: id.to_owned(),
        status: OrderStatus::Shipped,
        charge_id: Some(format!("ch-{id}")),
        tracking: Some(format!("TRACK-{id}")),
        reason: None,
    }
}

/// The histories of every open execution of the application's domain.
pub(crate) fn open_histories(service: &LocalService) -> Vec<Vec<HistoryEvent>> {
    let client = &service.client;
    service.block_on(async {
        let mut executions = Vec::new();
        let mut next_page_token = None;
        // Two pages of 1,000 hold every execution the test starts.
        for _ in 0..2 {
            let input = ListOpenWorkflowExecutionsInput {
                domain: order::DOMAIN.into(),
                start_time_filter: ExecutionTimeFilter {
                    oldest_date: Timestamp::from_millis(0),
                    latest_date: None,
                },
                maximum_page_size: Some(1000),
                next_page_token,
                ..Default::default()
            };
            let page = client
                .list_open_workflow_executions(input)
                .await
                .expect("the open executions");
            executions.extend(page.execution_infos.into_iter().map(|i| i.execution));
            next_page_token = page.next_page_token;
            if next_page_token.is_none() {
                break;
            }
        }
        // An execution that closed since the listing has nothing in flight: skipped.
        let histories = executions.iter().map(|e| whole_history(service, e));
        join_all(histories).await.into_iter().flatten().collect()
    })
}

/// `execution`'s whole history, `None` if it cannot be read.
pub(crate) async fn whole_history(
    service: &LocalService,
    execution: &WorkflowExecution,
) -> Option<Vec<HistoryEvent>> {
    let input = GetWorkflowExecutionHistoryInput {
        domain: order::DOMAIN.into(),
        execution: execution.clone(),
        ..Default::default()
    };
    let whole = service.client.get_whole_workflow_execution_history(input);
    whole.await.ok().map(|w| w.events)
}

pub(crate) fn history_of(
    service: &LocalService,
    execution: &WorkflowExecution,
) -> Vec<HistoryEvent> {
    service
        .block_on(whole_history(service, execution))
        .unwrap_or_else(|| panic!("the history of {execution:?}"))
}

/// The shipment child an order's history records as completed.
pub(crate) fn shipment_of(history: &[HistoryEvent]) -> Option<WorkflowExecution> {
    history.iter().find_map(|e| match e.attributes() {
        EventAttributesRef::ChildWorkflowExecutionCompleted(a) => {
            Some(a.workflow_execution.clone())
        }
        _ => None,
    })
}
