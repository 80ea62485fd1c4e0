"""The same scenarios on moto_server and on swf-local give the same histories, event for event.

Each scenario runs step by step on both services (in two threads, one per service); then the
two histories are compared WHOLE: event ids, types and every attribute, including the
scheduled/started/decisionTaskCompleted id links, causes and timeout types. Only what cannot
agree is stripped: timestamps (any key ending in `Timestamp`). What the calls answered on the
way is compared too (each polled task, DescribeWorkflowExecution's answers, pending task counts),
without task tokens and run ids; so are the answers of registering, describing, listing,
deprecating and undeprecating a domain and its types (without their dates and the ARN's account).

Where moto and SWF's documentation disagree, the difference is a row of `MOTO_DEVIATIONS`: the
scenario, the event, the attribute, what moto writes and what SWF documents. A row is asserted
exactly (moto must still write that value there), then replaced by SWF's value, so a fix in moto
fails the test until the row goes, and any difference not in the table fails it too. Rows were
decided against the SWF API reference; where swf-local was the one that was wrong, swf-local was
fixed instead (each fix has a scenario here that failed before it).

The fault codes of refused calls are compared the same way (`FAULTS`, `FAULT_DEVIATIONS`), each
against the code SWF documents as well as against the other service.

What moto 5 implements, and so what is compared here: domain and type registration,
deprecation, undeprecation and description; starting, describing, signalling and terminating
executions; decision tasks with ScheduleActivityTask (and its failures: unknown or deprecated
type, id in use, no default task list or timeout), CompleteWorkflowExecution,
FailWorkflowExecution, CancelWorkflowExecution (and its UNHANDLED_DECISION failure), RecordMarker,
StartTimer (and TIMER_ID_ALREADY_IN_USE), CancelTimer (and TIMER_ID_UNKNOWN); activity tasks
completed, failed and heartbeated; timer firing; the heartbeat timeout of activities, the
start-to-close timeout of decision tasks and of executions.

What moto does NOT implement, and so what this module cannot cross-check (swf-local's own Rust
suite covers these):
- child workflows (StartChildWorkflowExecution and every Child* event), and child policies;
- ContinueAsNewWorkflowExecution;
- SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution decisions;
- RequestCancelActivityTask, RespondActivityTaskCanceled, and `cancelRequested` on heartbeats;
- RequestCancelWorkflowExecution (no WorkflowExecutionCancelRequested event);
- CompleteWorkflowExecutionFailed / FailWorkflowExecutionFailed (moto closes the execution
  even when events arrived during the decision);
- activity schedule-to-start, schedule-to-close and start-to-close timeouts, and the
  schedule-to-start timeout of decision tasks;
- long polls (moto answers an empty poll after a fixed 1 s sleep; a task that arrives meanwhile
  is not handed to the waiting poll), so test_boto3.py checks parking on swf-local alone;
- CountOpen/ClosedWorkflowExecutions, history paging, task priorities, Lambda functions,
  Delete*Type, and OPERATION_NOT_PERMITTED / rate and limit failures.
"""

import copy
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from conftest import ACT, WF, client_for, register, schedule
# Activity types each registered without one default, for the *_UNDEFINED causes of
# ScheduleActivityTaskFailed (which one SWF checks first, when several are missing, is not
# documented, so each lacks exactly one), and one that is deprecated.
ACT_DEFAULT_ARGS = {
    "defaultTaskList": {"name": "activities"},
    "defaultTaskScheduleToStartTimeout": "10",
    "defaultTaskScheduleToCloseTimeout": "20",
    "defaultTaskStartToCloseTimeout": "10",
    "defaultTaskHeartbeatTimeout": "NONE",
}
LACKING = {
    "no_list": "defaultTaskList",
    "no_s2s": "defaultTaskScheduleToStartTimeout",
    "no_s2c": "defaultTaskScheduleToCloseTimeout",
    "no_st2c": "defaultTaskStartToCloseTimeout",
    "no_hb": "defaultTaskHeartbeatTimeout",
}
OLD = {"name": "old", "version": "1"}
# The defaults `register` gives `act`, which SWF writes into ActivityTaskScheduled.
ACT_DEFAULTS = {
    "scheduleToStartTimeout": "10",
    "scheduleToCloseTimeout": "20",
    "startToCloseTimeout": "10",
    "heartbeatTimeout": "NONE",
}
# An empty poll parks for about 1 s on both services (swf-local's --poll-timeout 1, moto's fixed
# sleep), so this many polls bound every wait below at well under a minute.
POLLS = 30


# ---- decisions -------------------------------------------------------------------------------


def complete(result=None):
    attributes = {} if result is None else {"result": result}
    return {"decisionType": "CompleteWorkflowExecution", "completeWorkflowExecutionDecisionAttributes": attributes}


def fail(reason="r", details="d"):
    return {
        "decisionType": "FailWorkflowExecution",
        "failWorkflowExecutionDecisionAttributes": {"reason": reason, "details": details},
    }


def cancel(details="c"):
    return {"decisionType": "CancelWorkflowExecution", "cancelWorkflowExecutionDecisionAttributes": {"details": details}}


def marker(name, details=None):
    attributes = {"markerName": name}
    if details is not None:
        attributes["details"] = details
    return {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": attributes}


def timer(timer_id, seconds, control=None):
    attributes = {"timerId": timer_id, "startToFireTimeout": str(seconds)}
    if control is not None:
        attributes["control"] = control
    return {"decisionType": "StartTimer", "startTimerDecisionAttributes": attributes}


def cancel_timer(timer_id):
    return {"decisionType": "CancelTimer", "cancelTimerDecisionAttributes": {"timerId": timer_id}}


# ---- driving one service ---------------------------------------------------------------------


def _observed(answer):
    """An answer without what differs by construction: timestamps, task tokens, run ids, the
    HTTP metadata, and a decision task's events (the history is compared whole instead)."""
    if not isinstance(answer, dict):
        return answer
    return {
        key: _observed(value)
        for key, value in answer.items()
        if not key.endswith("Timestamp") and key not in ("taskToken", "runId", "events", "ResponseMetadata")
    }


class Driver:
    """Runs scenario steps against one service, in its own fresh domain, and keeps a transcript."""

    def __init__(self, swf, domain):
        self.swf = swf
        self.domain = domain
        self.run = None
        self.decision = None
        self.activity = None
        self.transcript = []

    # Steps. Each name is the first item of a scenario step.

    def start(self, **overrides):
        self.run = self.swf.start_workflow_execution(
            domain=self.domain, workflowId="w", workflowType=WF, **overrides
        )["runId"]

    def poll(self):
        """Takes the next decision task and holds it (`respond` answers it)."""
        for _ in range(POLLS):
            task = self.swf.poll_for_decision_task(domain=self.domain, taskList={"name": "decisions"})
            if task.get("taskToken"):
                self.decision = task
                self.transcript.append(("decision task", _observed(task)))
                return
        pytest.fail("no decision task")

    def respond(self, decisions, **extra):
        self.swf.respond_decision_task_completed(taskToken=self.decision["taskToken"], decisions=decisions, **extra)

    def decide(self, decisions, **extra):
        self.poll()
        self.respond(decisions, **extra)

    def take(self):
        """Starts the next activity task and holds it."""
        for _ in range(POLLS):
            task = self.swf.poll_for_activity_task(domain=self.domain, taskList={"name": "activities"})
            if task.get("taskToken"):
                self.activity = task
                self.transcript.append(("activity task", _observed(task)))
                return
        pytest.fail("no activity task")

    def work(self, outcome="complete"):
        self.take()
        if outcome == "complete":
            self.swf.respond_activity_task_completed(taskToken=self.activity["taskToken"], result="ok")
        else:
            self.swf.respond_activity_task_failed(taskToken=self.activity["taskToken"], reason="boom", details="why")

    def heartbeat(self, details):
        answer = self.swf.record_activity_task_heartbeat(taskToken=self.activity["taskToken"], details=details)
        self.transcript.append(("heartbeat", answer["cancelRequested"]))

    def signal(self, name="s", data="x"):
        # moto requires `input` (SWF does not).
        self.swf.signal_workflow_execution(domain=self.domain, workflowId="w", signalName=name, input=data)

    def terminate(self):
        self.swf.terminate_workflow_execution(
            domain=self.domain, workflowId="w", reason="stop", details="by test", childPolicy="ABANDON"
        )

    def wait_closed(self):
        """Waits for the execution to close by itself (a timeout). moto only applies timeouts when
        called, so this asks; an empty activity poll on an unused list paces the asking."""
        for _ in range(POLLS):
            info = self.describe()["executionInfo"]
            if info["executionStatus"] == "CLOSED":
                return
            self.swf.poll_for_activity_task(domain=self.domain, taskList={"name": "pacer"})
        pytest.fail("the execution did not close")

    def look(self):
        """Keeps what DescribeWorkflowExecution answers now."""
        self.transcript.append(("description", _observed(self.describe())))

    def count(self):
        """Keeps the pending task counts of both task lists now."""
        activities = self.swf.count_pending_activity_tasks(domain=self.domain, taskList={"name": "activities"})
        decisions = self.swf.count_pending_decision_tasks(domain=self.domain, taskList={"name": "decisions"})
        self.transcript.append(("pending", {"activities": activities["count"], "decisions": decisions["count"]}))

    # Observations.

    def describe(self):
        return self.swf.describe_workflow_execution(
            domain=self.domain, execution={"workflowId": "w", "runId": self.run}
        )

    def history(self):
        events = self.swf.get_workflow_execution_history(
            domain=self.domain, execution={"workflowId": "w", "runId": self.run}
        )["events"]
        return [{k: v for k, v in e.items() if not k.endswith("Timestamp")} for e in events]


def fresh_domain(url, prefix):
    """A client for `url` and a new domain with `wf`, `act`, the LACKING types and OLD."""
    swf = client_for(url)
    domain = f"{prefix}-{uuid.uuid4().hex[:10]}"
    register(swf, domain)
    for name, lacking in LACKING.items():
        defaults = {k: v for k, v in ACT_DEFAULT_ARGS.items() if k != lacking}
        swf.register_activity_type(domain=domain, name=name, version="1", **defaults)
    swf.register_activity_type(domain=domain, name=OLD["name"], version="1", **ACT_DEFAULT_ARGS)
    swf.deprecate_activity_type(domain=domain, activityType=OLD)
    return swf, domain


def run_scenario(url, steps):
    driver = Driver(*fresh_domain(url, "diff"))
    for step in steps:
        name, *args = step
        # A trailing dict holds keyword arguments (no step takes a dict positionally).
        kwargs = args.pop() if args and isinstance(args[-1], dict) else {}
        getattr(driver, name)(*args, **kwargs)
    return driver


# ---- scenarios -------------------------------------------------------------------------------

SCENARIOS = {
    "activity_then_complete": [
        ("start", {"input": "in", "tagList": ["t1", "t2"]}),
        ("decide", [schedule("a", input="ai", control="ac")], {"executionContext": "ctx1"}),
        ("look",),
        ("count",),
        ("work", "complete"),
        ("count",),
        ("decide", [complete("done")], {"executionContext": "ctx"}),
        ("look",),
    ],
    "activity_with_explicit_timeouts": [
        ("start",),
        (
            "decide",
            [
                schedule(
                    "a",
                    taskList={"name": "activities"},
                    scheduleToStartTimeout="5",
                    scheduleToCloseTimeout="15",
                    startToCloseTimeout="7",
                    heartbeatTimeout="6",
                )
            ],
        ),
        ("work", "complete"),
        ("decide", [complete()]),
    ],
    "activity_fails_then_workflow_fails": [
        ("start",),
        ("decide", [schedule("a")]),
        ("work", "fail"),
        ("decide", [fail("r", "d")]),
    ],
    "two_activities": [
        ("start",),
        ("decide", [schedule("a"), schedule("b")]),
        ("work", "complete"),
        ("decide", []),
        ("work", "complete"),
        ("decide", [complete()]),
    ],
    "schedule_failures": [
        ("start",),
        (
            "decide",
            [
                schedule("a"),
                schedule("a"),
                schedule("u", {"name": "nope", "version": "1"}),
                schedule("o", OLD),
                *[schedule(name, {"name": name, "version": "1"}) for name in LACKING],
            ],
        ),
        ("decide", [complete()]),
    ],
    "signal_before_first_decision": [
        ("start",),
        ("signal", "s", "x"),
        ("decide", [marker("m"), complete()]),
    ],
    "signal_during_decision": [
        ("start",),
        ("poll",),
        ("signal", "s", "x"),
        ("look",),
        ("respond", [marker("m")]),
        ("decide", [complete()]),
    ],
    "cancel_fails_on_unhandled_signal": [
        ("start",),
        ("poll",),
        ("signal", "s", "x"),
        ("respond", [cancel("c")]),
        ("decide", [cancel("c2")]),
    ],
    "canceled_by_decision": [
        ("start",),
        ("decide", [cancel("bye")]),
        ("look",),
    ],
    "markers_and_timer_canceled": [
        ("start",),
        ("decide", [marker("a", "md"), timer("t", 100, "tc")]),
        ("look",),
        ("signal", "s", "x"),
        ("decide", [cancel_timer("t"), complete()]),
    ],
    "timer_failures": [
        ("start",),
        ("decide", [timer("t", 100), timer("t", 100), cancel_timer("nope")]),
        ("signal", "s", "x"),
        ("decide", [cancel_timer("t"), complete()]),
    ],
    "timer_fires": [
        ("start",),
        ("decide", [timer("t", 1, "tc")]),
        ("decide", [complete()]),
    ],
    "heartbeat_timeout": [
        ("start",),
        ("decide", [schedule("a", heartbeatTimeout="1")]),
        ("take",),
        ("count",),
        ("heartbeat", "beat"),
        ("decide", [complete()]),
    ],
    "decision_task_timeout": [
        ("start", {"taskStartToCloseTimeout": "1"}),
        ("poll",),
        ("decide", [complete()]),
    ],
    "execution_timeout": [
        ("start", {"executionStartToCloseTimeout": "2"}),
        ("decide", [marker("m")]),
        ("wait_closed",),
    ],
    "terminated": [
        ("start",),
        ("decide", [schedule("a")]),
        ("terminate",),
    ],
}


# ---- moto's known deviations from SWF ---------------------------------------------------------

ABSENT = "<absent>"


@dataclass(frozen=True)
class Event:
    """The event with this id in moto's history."""

    id: int


@dataclass(frozen=True)
class Answer:
    """The n-th task a poll answered in the scenario (0 first), as kept in the transcript."""

    n: int


@dataclass(frozen=True)
class MovedAfter:
    """SWF writes the event later: just after what is moto's event `id`."""

    id: int


@dataclass(frozen=True)
class MotoDeviation:
    """At `at`, moto writes `moto` where SWF's documentation says `swf`.

    `attribute` is a dotted path inside the event or answer. An empty path means the whole
    event: `moto` is all of it, and `swf` is ABSENT (SWF writes no such event) or MovedAfter
    (SWF writes it later); the ids in between, and every id that points at them, follow.
    Ids inside `swf` count in moto's history too, and are renumbered with it.
    """

    scenario: str
    at: Event | Answer
    attribute: str
    moto: object
    swf: object
    why: str


WHY_DEFAULT_TIMEOUTS = (
    "moto records only the timeouts the decision names; SWF records the timeouts the task runs "
    "under, the decision's or else the type's registered default (ScheduleActivityTaskDecisionAttributes: "
    "each 'must be specified either as a default for the activity type or through this field')"
)
WHY_ONE_DECISION_TASK = (
    "moto schedules a second decision task while one is already open (scheduled or started); SWF "
    "documents 'A workflow execution can have at most one open decision task' "
    "(WorkflowExecutionOpenCounts.openDecisionTasks): the scheduled one sees the new event, and "
    "a started one is followed by a new one once it completes, after the events of its decisions"
)
WHY_TIMER_CANCELLED = (
    "moto spells the event TimerCancelled and puts its attributes under timerCancelledEventAttributes; "
    "SWF's EventType is TimerCanceled, with timerCanceledEventAttributes (timerId, "
    "startedEventId, decisionTaskCompletedEventId: all required)"
)
WHY_CANCEL_TIMER_FAILED = "moto leaves out timerId, a required member of CancelTimerFailedEventAttributes"
WHY_FAILURES_CALL_FOR_A_DECISION = (
    "moto schedules no decision task after StartTimerFailed or CancelTimerFailed (it does after "
    "ScheduleActivityTaskFailed), so the next one waits for an unrelated event; SWF records the "
    "failed decisions for the decider to handle (Decision, 'Decision Failure': 'The cause field "
    "... indicates the cause of the error'), which takes a decision task, scheduled at once"
)
WHY_CANCEL_REQUESTED = (
    "moto sets cancelRequested when the decider closes the execution with CancelWorkflowExecution; "
    "SWF's cancelRequested is 'Set to true if a cancellation is requested for this workflow "
    "execution', which is RequestCancelWorkflowExecution (WorkflowExecutionCancelRequested), not the decision"
)
WHY_OPEN_TIMERS = (
    "moto never counts timers in openCounts.openTimers; SWF: 'The count of timers started by "
    "this workflow execution that have not fired yet'"
)
WHY_PENDING_STARTED = (
    "moto counts a started activity task as pending; SWF's CountPendingActivityTasks is 'the "
    "estimated number of activity tasks in the specified task list', and a started task has left it"
)
WHY_TAG_LIST = (
    "moto leaves the execution's tags out of WorkflowExecutionStarted; SWF documents "
    "WorkflowExecutionStartedEventAttributes.tagList, 'The list of tags associated with this workflow execution'"
)
WHY_FIRST_PREVIOUS_STARTED = (
    "moto leaves previousStartedEventId out of the first decision task; SWF answers 0 when no "
    "decision task was processed before (the reference does not spell the value out; 0 is what "
    "the service answers and the AWS Flow framework reads as 'none')"
)
WHY_TIMED_OUT_NOT_PROCESSED = (
    "moto counts a decision task that timed out as the previous one; SWF's previousStartedEventId "
    "is 'the DecisionTaskStarted event of the previous decision task ... that was processed by "
    "the decider', and a timed-out task's decisions were never processed"
)


def _defaulted_timeouts(scenario, event_id, given=()):
    return [
        MotoDeviation(
            scenario, Event(event_id), f"activityTaskScheduledEventAttributes.{name}", ABSENT, value, WHY_DEFAULT_TIMEOUTS
        )
        for name, value in ACT_DEFAULTS.items()
        if name not in given
    ]


def _decision_scheduled(event_id):
    """moto's DecisionTaskScheduled event, with the task list and timeout `register` gives."""
    return {
        "eventId": event_id,
        "eventType": "DecisionTaskScheduled",
        "decisionTaskScheduledEventAttributes": {"taskList": {"name": "decisions"}, "startToCloseTimeout": "10"},
    }


MOTO_DEVIATIONS = [
    *[MotoDeviation(s, Answer(0), "previousStartedEventId", ABSENT, 0, WHY_FIRST_PREVIOUS_STARTED) for s in SCENARIOS],
    MotoDeviation(
        "activity_then_complete",
        Event(1),
        "workflowExecutionStartedEventAttributes.tagList",
        ABSENT,
        ["t1", "t2"],
        WHY_TAG_LIST,
    ),
    *_defaulted_timeouts("activity_then_complete", 5),
    *_defaulted_timeouts("activity_fails_then_workflow_fails", 5),
    *_defaulted_timeouts("two_activities", 5),
    *_defaulted_timeouts("two_activities", 6),
    *_defaulted_timeouts("schedule_failures", 5),
    *_defaulted_timeouts("heartbeat_timeout", 5, given=("heartbeatTimeout",)),
    *_defaulted_timeouts("terminated", 5),
    MotoDeviation("signal_before_first_decision", Event(4), "", _decision_scheduled(4), ABSENT, WHY_ONE_DECISION_TASK),
    MotoDeviation("signal_during_decision", Event(5), "", _decision_scheduled(5), MovedAfter(7), WHY_ONE_DECISION_TASK),
    MotoDeviation(
        "cancel_fails_on_unhandled_signal", Event(5), "", _decision_scheduled(5), MovedAfter(7), WHY_ONE_DECISION_TASK
    ),
    MotoDeviation(
        "signal_during_decision", Answer(1), "openCounts.openDecisionTasks", 2, 1, WHY_ONE_DECISION_TASK
    ),
    MotoDeviation("canceled_by_decision", Answer(1), "executionInfo.cancelRequested", True, False, WHY_CANCEL_REQUESTED),
    MotoDeviation("markers_and_timer_canceled", Answer(1), "openCounts.openTimers", 0, 1, WHY_OPEN_TIMERS),
    MotoDeviation("heartbeat_timeout", Answer(2), "activities", 1, 0, WHY_PENDING_STARTED),
    MotoDeviation("decision_task_timeout", Answer(1), "previousStartedEventId", 3, 0, WHY_TIMED_OUT_NOT_PROCESSED),
    MotoDeviation("markers_and_timer_canceled", Event(11), "eventType", "TimerCancelled", "TimerCanceled", WHY_TIMER_CANCELLED),
    MotoDeviation(
        "markers_and_timer_canceled",
        Event(11),
        "timerCanceledEventAttributes",
        ABSENT,
        {"timerId": "t", "startedEventId": 6, "decisionTaskCompletedEventId": 10},
        WHY_TIMER_CANCELLED,
    ),
    MotoDeviation(
        "timer_failures", Event(7), "cancelTimerFailedEventAttributes.timerId", ABSENT, "nope", WHY_CANCEL_TIMER_FAILED
    ),
    MotoDeviation("timer_failures", Event(9), "", _decision_scheduled(9), MovedAfter(7), WHY_FAILURES_CALL_FOR_A_DECISION),
    MotoDeviation("timer_failures", Event(12), "eventType", "TimerCancelled", "TimerCanceled", WHY_TIMER_CANCELLED),
    MotoDeviation(
        "timer_failures",
        Event(12),
        "timerCanceledEventAttributes",
        ABSENT,
        {"timerId": "t", "startedEventId": 5, "decisionTaskCompletedEventId": 11},
        WHY_TIMER_CANCELLED,
    ),
]


def _lookup(record, path):
    value = record
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return ABSENT
        value = value[key]
    return value


def _assign(record, path, value):
    *parents, last = path.split(".")
    for key in parents:
        record = record.setdefault(key, {})
    if value == ABSENT:
        record.pop(last, None)
    else:
        record[last] = value


def _renumber(record, new_id):
    """Rewrites every `...EventId` in an event or answer (and eventId itself) through `new_id`."""
    for key, value in list(record.items()):
        if isinstance(value, dict):
            _renumber(value, new_id)
        elif (key.endswith("EventId") or key == "eventId") and isinstance(value, int) and value in new_id:
            record[key] = new_id[value]


def as_swf_documents(scenario, moto_history, moto_answers):
    """moto's history and poll answers with this scenario's known deviations replaced by SWF's
    documented values.

    Each deviation must still be there, exactly: a moto that changed fails here, by name.
    """
    history = copy.deepcopy(moto_history)
    answers = copy.deepcopy(moto_answers)
    events = {event["eventId"]: event for event in history}
    order = [event["eventId"] for event in history]
    for row in (row for row in MOTO_DEVIATIONS if row.scenario == scenario):
        if isinstance(row.at, Event):
            record = events.get(row.at.id)
        else:
            record = answers[row.at.n][1] if row.at.n < len(answers) else None
            assert isinstance(record, dict), f"{row.at} is not a task: {record!r}"
        assert record is not None, f"moto's scenario has no {row.at} for {row}"
        actual = _lookup(record, row.attribute) if row.attribute else record
        assert actual == row.moto, f"moto no longer deviates as recorded: {row}\nmoto now writes {actual!r}"
        if row.attribute:
            _assign(record, row.attribute, row.swf)
            continue
        order.remove(row.at.id)
        if isinstance(row.swf, MovedAfter):
            order.insert(order.index(row.swf.id) + 1, row.at.id)
    new_id = {old: new for new, old in enumerate(order, start=1)}
    history = [events[old] for old in order]
    for record in history + [answer for _, answer in answers if isinstance(answer, dict)]:
        _renumber(record, new_id)
    return history, answers


def test_every_deviation_names_a_scenario():
    assert {row.scenario for row in MOTO_DEVIATIONS} <= set(SCENARIOS)


def _both(swf_local_url, moto_url, work):
    """Runs `work(url)` on both services at once; returns (moto's result, swf-local's)."""
    with ThreadPoolExecutor(2) as pool:
        on_moto = pool.submit(work, moto_url)
        on_local = pool.submit(work, swf_local_url)
        return on_moto.result(), on_local.result()


def _differences(expected, actual):
    lines = []
    for i in range(max(len(expected), len(actual))):
        a = expected[i] if i < len(expected) else ABSENT
        b = actual[i] if i < len(actual) else ABSENT
        if a != b:
            lines.append(f"  SWF (from moto): {a}\n  swf-local:       {b}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_same_history_as_moto(name, swf_local_url, moto_url):
    moto, local = _both(swf_local_url, moto_url, lambda url: run_scenario(url, SCENARIOS[name]))
    history, answers = as_swf_documents(name, moto.history(), moto.transcript)
    assert local.history() == history, f"{name}: the histories differ at\n{_differences(history, local.history())}"
    assert local.transcript == answers, f"{name}: the answers differ at\n{_differences(answers, local.transcript)}"


# ---- fault codes -----------------------------------------------------------------------------


def _started(swf, domain):
    swf.start_workflow_execution(domain=domain, workflowId="w", workflowType=WF)


def _completed_activity_token(swf, domain):
    """Runs a workflow to a completed activity; returns the activity's (spent) task token."""
    driver = Driver(swf, domain)
    driver.start()
    driver.decide([schedule("a")])
    driver.work("complete")
    return driver.activity["taskToken"]


def _closed_with_activity_open(swf, domain):
    driver = Driver(swf, domain)
    driver.start()
    driver.decide([schedule("a")])
    driver.take()
    driver.terminate()
    return driver.activity["taskToken"]


def _deprecated_domain(swf, domain):
    swf.deprecate_domain(name=domain)


def _deprecated_workflow_type(swf, domain):
    swf.deprecate_workflow_type(domain=domain, workflowType=WF)


def _deprecated_activity_type(swf, domain):
    swf.deprecate_activity_type(domain=domain, activityType=ACT)


def _bare_workflow_type(swf, domain):
    swf.register_workflow_type(domain=domain, name="bare", version="1")


# name -> (setup(swf, domain) -> value, the call(swf, domain, value), SWF's fault code or None
# where SWF documents that the call succeeds)
FAULTS = {
    "register_domain_twice": (
        None,
        lambda s, d, _: s.register_domain(name=d, workflowExecutionRetentionPeriodInDays="1"),
        "DomainAlreadyExistsFault",
    ),
    "register_deprecated_domain_again": (
        _deprecated_domain,
        lambda s, d, _: s.register_domain(name=d, workflowExecutionRetentionPeriodInDays="1"),
        "DomainAlreadyExistsFault",
    ),
    "describe_unknown_domain": (None, lambda s, d, _: s.describe_domain(name=d + "-no"), "UnknownResourceFault"),
    "deprecate_unknown_domain": (None, lambda s, d, _: s.deprecate_domain(name=d + "-no"), "UnknownResourceFault"),
    "deprecate_domain_twice": (_deprecated_domain, lambda s, d, _: s.deprecate_domain(name=d), "DomainDeprecatedFault"),
    "undeprecate_registered_domain": (None, lambda s, d, _: s.undeprecate_domain(name=d), "DomainAlreadyExistsFault"),
    "register_activity_type_twice": (
        None,
        lambda s, d, _: s.register_activity_type(domain=d, name="act", version="1"),
        "TypeAlreadyExistsFault",
    ),
    "register_workflow_type_twice": (
        None,
        lambda s, d, _: s.register_workflow_type(domain=d, name="wf", version="1"),
        "TypeAlreadyExistsFault",
    ),
    "register_type_in_unknown_domain": (
        None,
        lambda s, d, _: s.register_activity_type(domain=d + "-no", name="act", version="1"),
        "UnknownResourceFault",
    ),
    "describe_unknown_activity_type": (
        None,
        lambda s, d, _: s.describe_activity_type(domain=d, activityType={"name": "no", "version": "1"}),
        "UnknownResourceFault",
    ),
    "describe_unknown_workflow_type": (
        None,
        lambda s, d, _: s.describe_workflow_type(domain=d, workflowType={"name": "no", "version": "1"}),
        "UnknownResourceFault",
    ),
    "deprecate_activity_type_twice": (
        _deprecated_activity_type,
        lambda s, d, _: s.deprecate_activity_type(domain=d, activityType=ACT),
        "TypeDeprecatedFault",
    ),
    "deprecate_workflow_type_twice": (
        _deprecated_workflow_type,
        lambda s, d, _: s.deprecate_workflow_type(domain=d, workflowType=WF),
        "TypeDeprecatedFault",
    ),
    "undeprecate_registered_activity_type": (
        None,
        lambda s, d, _: s.undeprecate_activity_type(domain=d, activityType=ACT),
        "TypeAlreadyExistsFault",
    ),
    "undeprecate_registered_workflow_type": (
        None,
        lambda s, d, _: s.undeprecate_workflow_type(domain=d, workflowType=WF),
        "TypeAlreadyExistsFault",
    ),
    "list_types_in_unknown_domain": (
        None,
        lambda s, d, _: s.list_activity_types(domain=d + "-no", registrationStatus="REGISTERED"),
        "UnknownResourceFault",
    ),
    "start_unknown_workflow_type": (
        None,
        lambda s, d, _: s.start_workflow_execution(domain=d, workflowId="w", workflowType={"name": "no", "version": "1"}),
        "UnknownResourceFault",
    ),
    "start_in_unknown_domain": (
        None,
        lambda s, d, _: s.start_workflow_execution(domain=d + "-no", workflowId="w", workflowType=WF),
        "UnknownResourceFault",
    ),
    "start_deprecated_workflow_type": (
        _deprecated_workflow_type,
        lambda s, d, _: s.start_workflow_execution(domain=d, workflowId="w", workflowType=WF),
        "TypeDeprecatedFault",
    ),
    "start_without_defaults": (
        _bare_workflow_type,
        lambda s, d, _: s.start_workflow_execution(domain=d, workflowId="w", workflowType={"name": "bare", "version": "1"}),
        "DefaultUndefinedFault",
    ),
    "start_twice": (
        _started,
        lambda s, d, _: s.start_workflow_execution(domain=d, workflowId="w", workflowType=WF),
        "WorkflowExecutionAlreadyStartedFault",
    ),
    "describe_unknown_execution": (
        None,
        lambda s, d, _: s.describe_workflow_execution(domain=d, execution={"workflowId": "no", "runId": "0" * 32}),
        "UnknownResourceFault",
    ),
    "signal_unknown_execution": (
        None,
        lambda s, d, _: s.signal_workflow_execution(domain=d, workflowId="no", signalName="s", input="x"),
        "UnknownResourceFault",
    ),
    "terminate_unknown_execution": (
        None,
        lambda s, d, _: s.terminate_workflow_execution(domain=d, workflowId="no"),
        "UnknownResourceFault",
    ),
    "poll_in_unknown_domain": (
        None,
        lambda s, d, _: s.poll_for_activity_task(domain=d + "-no", taskList={"name": "activities"}),
        "UnknownResourceFault",
    ),
    "complete_activity_twice": (
        _completed_activity_token,
        lambda s, d, token: s.respond_activity_task_completed(taskToken=token),
        "UnknownResourceFault",
    ),
    "heartbeat_after_completion": (
        _completed_activity_token,
        lambda s, d, token: s.record_activity_task_heartbeat(taskToken=token),
        "UnknownResourceFault",
    ),
    "fail_activity_of_closed_execution": (
        _closed_with_activity_open,
        lambda s, d, token: s.respond_activity_task_failed(taskToken=token),
        "UnknownResourceFault",
    ),

    "start_in_deprecated_domain": (
        _deprecated_domain,
        lambda s, d, _: s.start_workflow_execution(domain=d, workflowId="w", workflowType=WF),
        "UnknownResourceFault",
    ),
    "register_type_in_deprecated_domain": (
        _deprecated_domain,
        lambda s, d, _: s.register_activity_type(domain=d, name="new", version="1"),
        "UnknownResourceFault",
    ),
    "list_executions_in_deprecated_domain": (
        _deprecated_domain,
        lambda s, d, _: s.list_open_workflow_executions(domain=d, startTimeFilter={"oldestDate": 0}),
        None,
    ),
}

# name -> (moto's fault code, SWF's documented fault code, why); None: the call succeeds.
# Asserted exactly, like the rows of MOTO_DEVIATIONS: when moto changes, the test says so.
WHY_DEPRECATED_DOMAIN_REFUSES = (
    "moto lets a deprecated domain start executions and register types; SWF (DeprecateDomain): "
    "'After a domain has been deprecated it cannot be used to create new workflow executions or "
    "register new types'. DomainDeprecatedFault is not among the documented faults of "
    "StartWorkflowExecution or RegisterActivityType; UnknownResourceFault is"
)
FAULT_DEVIATIONS = {
    "start_in_deprecated_domain": (None, "UnknownResourceFault", WHY_DEPRECATED_DOMAIN_REFUSES),
    "register_type_in_deprecated_domain": (None, "UnknownResourceFault", WHY_DEPRECATED_DOMAIN_REFUSES),
    "list_executions_in_deprecated_domain": (
        "DomainDeprecatedFault",
        None,
        "moto refuses to list the executions of a deprecated domain; SWF (DeprecateDomain): 'you can "
        "still use visibility actions on this domain', and DomainDeprecatedFault is not among "
        "ListOpenWorkflowExecutions' documented faults",
    ),
}


def _fault_code(url, name):
    setup, call, _ = FAULTS[name]
    swf, domain = fresh_domain(url, "fault")
    value = setup(swf, domain) if setup else None
    try:
        call(swf, domain, value)
    except swf.exceptions.ClientError as refused:
        return refused.response["Error"]["Code"]
    return None


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_same_fault_as_moto(name, swf_local_url, moto_url):
    moto, local = _both(swf_local_url, moto_url, lambda url: _fault_code(url, name))
    documented = FAULTS[name][2]
    if name in FAULT_DEVIATIONS:
        moto_code, swf_code, why = FAULT_DEVIATIONS[name]
        assert moto == moto_code, f"moto no longer answers {moto_code} ({why}); it answers {moto}"
        assert swf_code == documented
        moto = swf_code
    assert (moto, local) == (documented, documented)


# ---- registrations ---------------------------------------------------------------------------


def _registration_answers(url, domain):
    """Registers, describes, lists, deprecates and undeprecates `domain` and its types; returns
    every answer, seen through `_registration_view`."""
    swf = client_for(url)
    answers = []

    def keep(label, answer):
        answers.append((label, _registration_view(answer, domain)))

    swf.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="3", description="about")
    keep("domain", swf.describe_domain(name=domain))
    keep("domains", swf.list_domains(registrationStatus="REGISTERED"))
    swf.register_workflow_type(
        domain=domain,
        name="wf",
        version="1",
        description="a workflow",
        defaultTaskList={"name": "decisions"},
        defaultExecutionStartToCloseTimeout="60",
        defaultTaskStartToCloseTimeout="10",
        defaultChildPolicy="ABANDON",
    )
    swf.register_workflow_type(domain=domain, name="bare", version="1")
    swf.register_activity_type(domain=domain, name="act", version="1", description="an activity", **ACT_DEFAULT_ARGS)
    swf.register_activity_type(domain=domain, name="act", version="2")
    keep("workflow type", swf.describe_workflow_type(domain=domain, workflowType=WF))
    keep("bare workflow type", swf.describe_workflow_type(domain=domain, workflowType={"name": "bare", "version": "1"}))
    keep("activity type", swf.describe_activity_type(domain=domain, activityType=ACT))
    keep("bare activity type", swf.describe_activity_type(domain=domain, activityType={"name": "act", "version": "2"}))
    swf.deprecate_activity_type(domain=domain, activityType=ACT)
    swf.deprecate_workflow_type(domain=domain, workflowType=WF)
    for status in ("REGISTERED", "DEPRECATED"):
        keep(f"{status} activity types", swf.list_activity_types(domain=domain, registrationStatus=status))
        keep(f"{status} workflow types", swf.list_workflow_types(domain=domain, registrationStatus=status))
    keep("deprecated activity type", swf.describe_activity_type(domain=domain, activityType=ACT))
    swf.undeprecate_activity_type(domain=domain, activityType=ACT)
    swf.undeprecate_workflow_type(domain=domain, workflowType=WF)
    keep("undeprecated activity types", swf.list_activity_types(domain=domain, registrationStatus="REGISTERED"))
    swf.deprecate_domain(name=domain)
    keep("deprecated domain", swf.describe_domain(name=domain))
    keep("deprecated domains", swf.list_domains(registrationStatus="DEPRECATED"))
    keep("types in the deprecated domain", swf.list_workflow_types(domain=domain, registrationStatus="REGISTERED"))
    swf.undeprecate_domain(name=domain)
    keep("undeprecated domain", swf.describe_domain(name=domain))
    return answers


def _registration_view(answer, domain):
    """Drops dates (each service's clock) and HTTP metadata, masks the account in ARNs, and
    keeps only `domain` out of domain lists (both services are shared with the other tests)."""
    if isinstance(answer, list):
        return [_registration_view(item, domain) for item in answer]
    if not isinstance(answer, dict):
        return answer
    view = {}
    for key, value in answer.items():
        if key.endswith("Date") or key == "ResponseMetadata":
            continue
        if key == "arn":
            value = re.sub(r":\d{12}:", ":<account>:", value)
        if key == "domainInfos":
            value = [info for info in value if info["name"] == domain]
        view[key] = _registration_view(value, domain)
    return view


# Where moto's registration answers disagree with SWF's documentation: the answer's label, SWF's
# answer, and why. As with `MOTO_DEVIATIONS`, moto must still answer otherwise, and its answer is
# replaced by SWF's before the comparison.
REGISTRATION_DEVIATIONS = {
    "types in the deprecated domain": (
        {"typeInfos": []},
        "moto leaves a deprecated domain's types REGISTERED; SWF's DeprecateDomain 'also deprecates "
        "all activity and workflow types registered in the domain'",
    ),
}


def test_same_registrations_as_moto(swf_local_url, moto_url):
    # The same new name on both services, as it shows in ARNs and lists.
    domain = f"reg-{uuid.uuid4().hex[:10]}"
    moto, local = _both(swf_local_url, moto_url, lambda url: _registration_answers(url, domain))
    for i, (label, answer) in enumerate(moto):
        if label in REGISTRATION_DEVIATIONS:
            swf, why = REGISTRATION_DEVIATIONS[label]
            assert answer != swf, f"moto now answers {label} as SWF does ({why}): drop the row"
            moto[i] = (label, swf)
    assert local == moto, f"the answers differ at\n{_differences(moto, local)}"
