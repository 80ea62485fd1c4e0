"""The same scenarios on moto_server and on swf-local give the same event-type sequences.

Only features moto implements are compared: activities, markers, timers, signals, termination,
completion and failure. Scenarios run step by step on both services; a step is skipped on
neither, so the two histories must agree event for event.
"""

import time
import uuid

import pytest

from conftest import client_for, register

WF = {"name": "wf", "version": "1"}
ACT = {"name": "act", "version": "1"}


def schedule(activity_id, activity_type=ACT):
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {"activityId": activity_id, "activityType": activity_type},
    }


def schedule_with_heartbeat(activity_id, seconds):
    decision = schedule(activity_id)
    decision["scheduleActivityTaskDecisionAttributes"]["heartbeatTimeout"] = seconds
    return decision


def complete():
    return {"decisionType": "CompleteWorkflowExecution", "completeWorkflowExecutionDecisionAttributes": {}}


def fail():
    return {
        "decisionType": "FailWorkflowExecution",
        "failWorkflowExecutionDecisionAttributes": {"reason": "r"},
    }


def marker(name):
    return {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": {"markerName": name}}


def timer(timer_id, seconds):
    return {
        "decisionType": "StartTimer",
        "startTimerDecisionAttributes": {"timerId": timer_id, "startToFireTimeout": str(seconds)},
    }


def cancel_timer(timer_id):
    return {"decisionType": "CancelTimer", "cancelTimerDecisionAttributes": {"timerId": timer_id}}


class Driver:
    """Runs scenario steps against one service."""

    def __init__(self, url):
        self.swf = client_for(url)
        self.domain = f"diff-{uuid.uuid4().hex[:10]}"
        register(self.swf, self.domain)
        self.run = None

    def start(self):
        self.run = self.swf.start_workflow_execution(domain=self.domain, workflowId="w", workflowType=WF)["runId"]

    def decide(self, decisions):
        # moto answers an empty poll at once, swf-local after its 1 s poll timeout: wait up to
        # about 5 s either way for timers and timeouts to produce the task.
        for _ in range(20):
            task = self.swf.poll_for_decision_task(domain=self.domain, taskList={"name": "decisions"})
            if task.get("taskToken"):
                break
            time.sleep(0.25)
        else:
            pytest.fail("no decision task")
        self.swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=decisions)

    def work(self, outcome="complete"):
        for _ in range(5):
            task = self.swf.poll_for_activity_task(domain=self.domain, taskList={"name": "activities"})
            if task.get("taskToken"):
                break
        else:
            pytest.fail("no activity task")
        if outcome == "complete":
            self.swf.respond_activity_task_completed(taskToken=task["taskToken"], result="ok")
        else:
            self.swf.respond_activity_task_failed(taskToken=task["taskToken"], reason="boom")

    def take(self):
        """Starts an activity task and never answers it."""
        for _ in range(5):
            task = self.swf.poll_for_activity_task(domain=self.domain, taskList={"name": "activities"})
            if task.get("taskToken"):
                return
        pytest.fail("no activity task")

    def signal(self):
        # moto requires `input` (SWF does not).
        self.swf.signal_workflow_execution(domain=self.domain, workflowId="w", signalName="s", input="x")

    def terminate(self):
        self.swf.terminate_workflow_execution(domain=self.domain, workflowId="w", reason="stop")

    def history(self):
        events = self.swf.get_workflow_execution_history(
            domain=self.domain, execution={"workflowId": "w", "runId": self.run}
        )["events"]
        return [e["eventType"] for e in events]


def normalize_moto(events):
    """Undoes two known moto deviations from SWF, so the comparison checks everything else.

    - moto spells `TimerCancelled`; the service model's event type is `TimerCanceled`.
    - moto schedules a second decision task while one is already scheduled and not started;
      SWF keeps at most one scheduled (the pending one sees the new events).
    """
    out = []
    scheduled = False
    for event in events:
        event = {"TimerCancelled": "TimerCanceled"}.get(event, event)
        if event == "DecisionTaskScheduled":
            if scheduled:
                continue
            scheduled = True
        elif event == "DecisionTaskStarted":
            scheduled = False
        out.append(event)
    return out


SCENARIOS = {
    "activity_then_complete": [
        ("start",),
        ("decide", [schedule("a")]),
        ("work", "complete"),
        ("decide", [complete()]),
    ],
    "activity_fails_then_workflow_fails": [
        ("start",),
        ("decide", [schedule("a")]),
        ("work", "fail"),
        ("decide", [fail()]),
    ],
    "two_activities": [
        ("start",),
        ("decide", [schedule("a"), schedule("b")]),
        ("work", "complete"),
        ("decide", []),
        ("work", "complete"),
        ("decide", [complete()]),
    ],
    "signal_before_first_decision": [
        ("start",),
        ("signal",),
        ("decide", [marker("m"), complete()]),
    ],
    "markers_and_timer_canceled": [
        ("start",),
        ("decide", [marker("a"), timer("t", 100)]),
        ("signal",),
        ("decide", [cancel_timer("t"), complete()]),
    ],
    "unknown_activity_type": [
        ("start",),
        ("decide", [schedule("a", {"name": "nope", "version": "1"})]),
        ("decide", [complete()]),
    ],
    "timer_fires": [
        ("start",),
        ("decide", [timer("t", 1)]),
        ("decide", [complete()]),
    ],
    "heartbeat_timeout": [
        ("start",),
        ("decide", [schedule_with_heartbeat("a", "1")]),
        ("take",),
        ("decide", [complete()]),
    ],
    "terminated": [
        ("start",),
        ("decide", [schedule("a")]),
        ("terminate",),
    ],
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_same_event_types_as_moto(name, swf_local_url, moto_url):
    histories = []
    for url in (moto_url, swf_local_url):
        driver = Driver(url)
        for step in SCENARIOS[name]:
            getattr(driver, step[0])(*step[1:])
        histories.append(driver.history())
    moto, local = histories
    moto = normalize_moto(moto)
    assert local == moto, f"\nmoto:      {moto}\nswf-local: {local}"
