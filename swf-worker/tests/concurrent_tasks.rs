//! Many tasks at once on one worker: they really run concurrently, a slow one blocks nobody,
//! and a poll starts only when a task slot is free.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::*;
use swf_core::types::{EventType, HistoryEvent};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration, Timeout,
};
use tokio::sync::{Barrier, Notify};

/// Returns twice its input once `parties` tasks are inside it at the same time.
struct Rendezvous {
    barrier: Arc<Barrier>,
}

impl ActivityDeclaration for Rendezvous {
    const NAME: &'static str = "Rendezvous";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;
}

impl Activity for Rendezvous {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, n: u32) -> Result<u32, ActivityError> {
        self.barrier.wait().await;
        Ok(2 * n)
    }
}

#[tokio::test]
async fn fifty_tasks_run_at_once_on_one_worker() {
    within(60, async {
        const TASKS: u32 = 50;
        let env = Env::start().await;
        let mut builder = env.worker();
        builder
            .activity(Rendezvous {
                barrier: Arc::new(Barrier::new(TASKS as usize)),
            })
            .pollers(4)
            .max_concurrent_tasks(TASKS as usize);
        let worker = env.run(&mut builder).await;

        let decisions = (0..TASKS)
            .map(|n| schedule("Rendezvous", &format!("a{n}"), Some(&n.to_string())))
            .collect();
        env.start_workflow("many", decisions).await;
        // The barrier opens only when all fifty are running: completing at all proves it.
        let events = env
            .wait_for(|events| count(events, EventType::ActivityTaskCompleted) == 50)
            .await;
        for event in of_type(&events, EventType::ActivityTaskCompleted) {
            let attrs = event
                .activity_task_completed_event_attributes
                .as_ref()
                .unwrap();
            let id = activity_id(&events, attrs.scheduled_event_id);
            let n: u32 = id[1..].parse().unwrap();
            assert_eq!(attrs.result, Some((2 * n).to_string()));
        }
        assert_no_timeouts(&events);

        let m = worker.stop().await;
        assert_eq!(m.tasks_started, 50, "{m:?}");
        assert_eq!(
            Ends::from(m),
            Ends {
                completed: 50,
                ..Ends::default()
            }
        );
    })
    .await
}

/// Waits for the test to release it when its id is `slow`; others return at once.
struct MaybeSlow {
    release: Arc<Notify>,
}

impl ActivityDeclaration for MaybeSlow {
    const NAME: &'static str = "MaybeSlow";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;
}

impl Activity for MaybeSlow {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, ctx: &ActivityContext, input: String) -> Result<String, ActivityError> {
        if ctx.activity_id() == "slow" {
            self.release.notified().await;
        }
        Ok(input)
    }
}

#[tokio::test]
async fn a_slow_task_does_not_block_the_others() {
    within(60, async {
        let env = Env::start().await;
        let release = Arc::new(Notify::new());
        let mut builder = env.worker();
        builder
            .activity(MaybeSlow {
                release: release.clone(),
            })
            .max_concurrent_tasks(5);
        let worker = env.run(&mut builder).await;

        let mut decisions = vec![schedule("MaybeSlow", "slow", Some("\"slow\""))];
        decisions.extend((0..20).map(|n| schedule("MaybeSlow", &format!("q{n}"), Some("\"q\""))));
        env.start_workflow("slow-and-quick", decisions).await;
        // Twenty quick tasks go through four free slots while the slow one holds the fifth.
        let events = env
            .wait_for(|events| count(events, EventType::ActivityTaskCompleted) == 20)
            .await;
        let completed = of_type(&events, EventType::ActivityTaskCompleted);
        assert!(completed.iter().all(|e| {
            let attrs = e.activity_task_completed_event_attributes.as_ref().unwrap();
            activity_id(&events, attrs.scheduled_event_id) != "slow"
        }));

        release.notify_one();
        let events = env
            .wait_for(|events| count(events, EventType::ActivityTaskCompleted) == 21)
            .await;
        assert_no_timeouts(&events);
        worker.stop().await;
    })
    .await
}

/// Counts how many tasks are inside it at once, and holds each task until a full group of
/// `group` tasks is inside together.
struct Counted {
    inside: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
    group: Arc<Barrier>,
}

impl ActivityDeclaration for Counted {
    const NAME: &'static str = "Counted";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

impl Activity for Counted {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        let now = self.inside.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        // Every slot is taken while the tasks wait here: the other pollers want a slot meanwhile.
        self.group.wait().await;
        self.inside.fetch_sub(1, Ordering::SeqCst);
        Ok(())
    }
}

/// The most activity tasks started and not yet closed at any point of the history.
fn most_open(events: &[HistoryEvent]) -> usize {
    let (mut open, mut most) = (0usize, 0usize);
    for event in events {
        match event.event_type {
            EventType::ActivityTaskStarted => open += 1,
            EventType::ActivityTaskCompleted
            | EventType::ActivityTaskFailed
            | EventType::ActivityTaskCanceled
            | EventType::ActivityTaskTimedOut => open -= 1,
            _ => {}
        }
        most = most.max(open);
    }
    most
}

#[tokio::test]
async fn the_worker_never_holds_more_tasks_than_it_has_slots() {
    within(60, async {
        let env = Env::start().await;
        let inside = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut builder = env.worker();
        builder
            .activity(Counted {
                inside: inside.clone(),
                most: most.clone(),
                group: Arc::new(Barrier::new(3)),
            })
            .pollers(8)
            .max_concurrent_tasks(3);
        let worker = env.run(&mut builder).await;

        let decisions = (0..15)
            .map(|n| schedule("Counted", &format!("c{n}"), None))
            .collect();
        env.start_workflow("slots", decisions).await;
        let events = env
            .wait_for(|events| count(events, EventType::ActivityTaskCompleted) == 15)
            .await;
        // Eight pollers, three slots: the slots were full five times over (the barrier opens
        // only for three tasks at once), and SWF never handed out a fourth task while three
        // were open, so no task ever waited inside the worker for a slot.
        assert_eq!(most_open(&events), 3);
        assert_eq!(most.load(Ordering::SeqCst), 3);
        worker.stop().await;
    })
    .await
}
