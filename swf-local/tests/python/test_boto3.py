"""boto3, a client nobody here wrote, against the built swf-local binary."""

import http.client
import json
import select
import uuid
from urllib.parse import urlsplit

import pytest

from conftest import ACT, WF, client_for, register, schedule


def poll_decision(swf, domain, task_list="decisions", **kw):
    for _ in range(10):
        task = swf.poll_for_decision_task(domain=domain, taskList={"name": task_list}, **kw)
        if task.get("taskToken"):
            return task
    pytest.fail("no decision task")


def poll_activity(swf, domain):
    for _ in range(10):
        task = swf.poll_for_activity_task(domain=domain, taskList={"name": "activities"})
        if task.get("taskToken"):
            return task
    pytest.fail("no activity task")


def event_types(events):
    return [e["eventType"] for e in events]


def test_registration_faults(swf, domain):
    with pytest.raises(swf.exceptions.DomainAlreadyExistsFault):
        swf.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="1")
    with pytest.raises(swf.exceptions.TypeAlreadyExistsFault):
        swf.register_activity_type(domain=domain, name="act", version="1")
    with pytest.raises(swf.exceptions.UnknownResourceFault):
        swf.describe_domain(name="no-such-domain")
    swf.deprecate_activity_type(domain=domain, activityType=ACT)
    with pytest.raises(swf.exceptions.TypeDeprecatedFault):
        swf.deprecate_activity_type(domain=domain, activityType=ACT)
    deprecated = swf.list_activity_types(domain=domain, registrationStatus="DEPRECATED")
    assert [t["activityType"] for t in deprecated["typeInfos"]] == [ACT]
    detail = swf.describe_workflow_type(domain=domain, workflowType=WF)
    assert detail["configuration"]["defaultTaskList"] == {"name": "decisions"}
    with pytest.raises(swf.exceptions.ClientError) as err:
        swf.list_domains(registrationStatus="NEITHER")
    assert err.value.response["Error"]["Code"] == "ValidationException"


def test_one_activity_workflow(swf, domain):
    run = swf.start_workflow_execution(domain=domain, workflowId="w", workflowType=WF, input="in")
    with pytest.raises(swf.exceptions.WorkflowExecutionAlreadyStartedFault):
        swf.start_workflow_execution(domain=domain, workflowId="w", workflowType=WF)
    task = poll_decision(swf, domain)
    assert task["previousStartedEventId"] == 0
    swf.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[schedule("a1", input="x")],
    )
    assert swf.count_pending_activity_tasks(domain=domain, taskList={"name": "activities"})["count"] == 1
    activity = poll_activity(swf, domain)
    assert activity["activityId"] == "a1" and activity["input"] == "x"
    assert swf.record_activity_task_heartbeat(taskToken=activity["taskToken"])["cancelRequested"] is False
    swf.respond_activity_task_completed(taskToken=activity["taskToken"], result="42")
    with pytest.raises(swf.exceptions.UnknownResourceFault):
        swf.respond_activity_task_completed(taskToken=activity["taskToken"])
    task = poll_decision(swf, domain)
    assert task["previousStartedEventId"] == 3
    swf.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "CompleteWorkflowExecution",
                "completeWorkflowExecutionDecisionAttributes": {"result": "done"},
            }
        ],
    )
    execution = {"workflowId": "w", "runId": run["runId"]}
    info = swf.describe_workflow_execution(domain=domain, execution=execution)["executionInfo"]
    assert info["executionStatus"] == "CLOSED" and info["closeStatus"] == "COMPLETED"
    history = swf.get_workflow_execution_history(domain=domain, execution=execution)["events"]
    assert event_types(history)[-1] == "WorkflowExecutionCompleted"
    closed = swf.list_closed_workflow_executions(
        domain=domain, startTimeFilter={"oldestDate": 0}, closeStatusFilter={"status": "COMPLETED"}
    )
    assert [i["execution"] for i in closed["executionInfos"]] == [execution]


def test_paginators_follow_next_page_token(swf, domain):
    run = swf.start_workflow_execution(domain=domain, workflowId="w", workflowType=WF)
    task = poll_decision(swf, domain)
    markers = [
        {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": {"markerName": f"m{i}"}}
        for i in range(1200)
    ]
    swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=markers)
    paginator = swf.get_paginator("get_workflow_execution_history")
    pages = list(
        paginator.paginate(
            domain=domain,
            execution={"workflowId": "w", "runId": run["runId"]},
            reverseOrder=True,
        )
    )
    ids = [e["eventId"] for page in pages for e in page["events"]]
    assert len(pages) == 2
    assert ids == list(range(1204, 0, -1))


def _answered(conn) -> bool:
    """Whether the server has written anything back on this connection yet (without waiting)."""
    readable, _, _ = select.select([conn.sock], [], [], 0)
    return bool(readable)


def test_long_poll_parks_until_the_task_arrives(patient_swf_local_url):
    """One poll, sent before the workflow exists, is answered by the task scheduled later.

    The poll is sent by hand on its own connection (the one place this module does not use
    boto3), so the test knows its request is on the server's socket before the workflow starts,
    and can check, without waiting, that no answer has come back when the task is scheduled. The
    server's poll timeout is 120 s: a poll that does not park comes back empty before that check
    and fails it; a poll that parks but is not woken never gets the task and fails below. The
    ActivityTaskStarted event names the poll's identity, so the task went to this very poll.
    """
    swf = client_for(patient_swf_local_url)
    domain = f"py-{uuid.uuid4().hex[:12]}"
    register(swf, domain)
    url = urlsplit(patient_swf_local_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        conn.request(
            "POST",
            "/",
            body=json.dumps({"domain": domain, "taskList": {"name": "parked"}, "identity": "the-parked-poll"}),
            headers={
                "Content-Type": "application/x-amz-json-1.0",
                "X-Amz-Target": "SimpleWorkflowService.PollForActivityTask",
            },
        )
        run = swf.start_workflow_execution(domain=domain, workflowId="w", workflowType=WF)["runId"]
        task = poll_decision(swf, domain)
        assert not _answered(conn), "the poll came back before its task was scheduled"
        swf.respond_decision_task_completed(
            taskToken=task["taskToken"],
            decisions=[schedule("a", taskList={"name": "parked"})],
        )
        response = conn.getresponse()
        answer = json.loads(response.read())
    finally:
        conn.close()
    assert response.status == 200, answer
    assert answer["activityId"] == "a" and answer["taskToken"], answer
    history = swf.get_workflow_execution_history(domain=domain, execution={"workflowId": "w", "runId": run})["events"]
    started = [e["activityTaskStartedEventAttributes"] for e in history if e["eventType"] == "ActivityTaskStarted"]
    assert [s["identity"] for s in started] == ["the-parked-poll"]
    assert answer["startedEventId"] == next(e["eventId"] for e in history if e["eventType"] == "ActivityTaskStarted")


def test_timer_and_signal(swf, domain):
    swf.start_workflow_execution(domain=domain, workflowId="w", workflowType=WF)
    task = poll_decision(swf, domain)
    swf.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "StartTimer",
                "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "1"},
            }
        ],
    )
    swf.signal_workflow_execution(domain=domain, workflowId="w", signalName="hello", input="hi")
    seen = []
    for _ in range(5):
        task = poll_decision(swf, domain)
        seen += event_types(task["events"])
        swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=[])
        if "TimerFired" in seen:
            break
    assert "WorkflowExecutionSignaled" in seen and "TimerFired" in seen


def test_terminate_and_errors(swf, domain):
    swf.start_workflow_execution(domain=domain, workflowId="w", workflowType=WF)
    swf.terminate_workflow_execution(domain=domain, workflowId="w", reason="r", childPolicy="ABANDON")
    with pytest.raises(swf.exceptions.UnknownResourceFault):
        swf.terminate_workflow_execution(domain=domain, workflowId="w")
    counts = swf.count_closed_workflow_executions(
        domain=domain, startTimeFilter={"oldestDate": 0}, closeStatusFilter={"status": "TERMINATED"}
    )
    assert counts["count"] == 1
    with pytest.raises(swf.exceptions.ClientError) as err:
        swf.respond_decision_task_completed(taskToken="bogus")
    assert err.value.response["Error"]["Code"] == "UnknownResourceFault"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
