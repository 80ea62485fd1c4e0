#!/usr/bin/env python3
"""Writes the seeds that are not copies of recorded files (run from anywhere; rewrites them all).

- history/: each distinct event of the recorded histories alone (a `HistoryEvent`), and one
  `PollForDecisionTask` answer, compact, so that the fuzzer mutates small inputs.
- local_requests/: scripts of calls in `swf_fuzz::local_requests`'s format (NUL between calls,
  the X-Amz-Target on the first line, `$TOKEN`/`$RUN`/`$PAGE`/`$ARN` for names the service
  makes up), following the calls SWF's clients make: registration, a run decided and worked
  to its end, children and continue-as-new, listings and tags, and broken requests.
"""
import glob, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def write(folder, name, data):
    path = os.path.join(HERE, folder)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), "wb") as f:
        f.write(data)


def compact(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


# history/: single events, one of each type, from the API answers the decider tests recorded.
seen = set()
for path in sorted(glob.glob(os.path.join(ROOT, "swf-decider/tests/histories/*[a-z].json"))):
    if path.endswith((".aws-cli.json", ".pages.json")):
        continue
    events = json.load(open(path))["events"]
    for event in events:
        if event["eventType"] not in seen:
            seen.add(event["eventType"])
            write("history", "event-" + event["eventType"], compact(event))
    if os.path.basename(path) == "order_standard.json":
        task = {
            "events": events[:3],
            "nextPageToken": "page-2",
            "previousStartedEventId": 0,
            "startedEventId": 3,
            "taskToken": "token",
            "workflowExecution": {"workflowId": "o-1", "runId": "r-1"},
            "workflowType": {"name": "order", "version": "1"},
        }
        write("history", "decision-task-page", compact(task))


def script(name, calls):
    parts = []
    for target, body in calls:
        head = ("SimpleWorkflowService." + target) if target else ""
        text = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"))
        parts.append((head + "\n" + text).encode())
    write("local_requests", name, b"\0".join(parts))


D = "d"
REGISTER = [
    ("RegisterDomain", {"name": D, "workflowExecutionRetentionPeriodInDays": "1"}),
    ("RegisterWorkflowType", {
        "domain": D, "name": "order", "version": "1",
        "defaultTaskList": {"name": "orders"}, "defaultTaskStartToCloseTimeout": "30",
        "defaultExecutionStartToCloseTimeout": "600", "defaultChildPolicy": "TERMINATE"}),
    ("RegisterActivityType", {
        "domain": D, "name": "charge", "version": "1", "defaultTaskList": {"name": "acts"},
        "defaultTaskStartToCloseTimeout": "30", "defaultTaskScheduleToStartTimeout": "30",
        "defaultTaskScheduleToCloseTimeout": "60", "defaultTaskHeartbeatTimeout": "NONE"}),
]
START = ("StartWorkflowExecution", {
    "domain": D, "workflowId": "o-1", "workflowType": {"name": "order", "version": "1"},
    "input": "{\"cents\":1250}", "tagList": ["t1"]})
POLL_DECISION = ("PollForDecisionTask", {"domain": D, "taskList": {"name": "orders"},
                                         "identity": "fuzz", "maximumPageSize": 2})
POLL_ACTIVITY = ("PollForActivityTask", {"domain": D, "taskList": {"name": "acts"}})


def decide(*decisions):
    return ("RespondDecisionTaskCompleted", {"taskToken": "$TOKEN", "decisions": list(decisions)})


def decision(kind, **attributes):
    key = kind[0].lower() + kind[1:] + "DecisionAttributes"
    return {"decisionType": kind, key: attributes}


SCHEDULE = decision("ScheduleActivityTask", activityId="a1",
                    activityType={"name": "charge", "version": "1"}, input="x")
EXECUTION = {"workflowId": "o-1", "runId": "$RUN"}

script("order-to-completion", REGISTER + [
    START,
    POLL_DECISION,
    ("PollForDecisionTask", {"domain": D, "taskList": {"name": "orders"},
                             "nextPageToken": "$PAGE", "maximumPageSize": 2}),
    decide(SCHEDULE,
           decision("StartTimer", timerId="t1", startToFireTimeout="5"),
           decision("RecordMarker", markerName="m", details="d")),
    ("CountPendingActivityTasks", {"domain": D, "taskList": {"name": "acts"}}),
    POLL_ACTIVITY,
    ("RecordActivityTaskHeartbeat", {"taskToken": "$TOKEN", "details": "half"}),
    ("RespondActivityTaskCompleted", {"taskToken": "$TOKEN", "result": "ok"}),
    ("SignalWorkflowExecution", {"domain": D, "workflowId": "o-1", "signalName": "express",
                                 "input": "1"}),
    POLL_DECISION,
    decide(decision("CancelTimer", timerId="t1"),
           decision("CompleteWorkflowExecution", result="done")),
    ("GetWorkflowExecutionHistory", {"domain": D, "execution": EXECUTION,
                                     "maximumPageSize": 3}),
    ("GetWorkflowExecutionHistory", {"domain": D, "execution": EXECUTION,
                                     "maximumPageSize": 3, "nextPageToken": "$PAGE",
                                     "reverseOrder": False}),
    ("DescribeWorkflowExecution", {"domain": D, "execution": EXECUTION}),
    ("ListClosedWorkflowExecutions", {"domain": D, "startTimeFilter": {"oldestDate": 0},
                                      "maximumPageSize": 1}),
    ("CountClosedWorkflowExecutions", {"domain": D, "startTimeFilter": {"oldestDate": 0},
                                       "closeStatusFilter": {"status": "COMPLETED"}}),
])

script("activity-failures-and-cancels", REGISTER + [
    START,
    POLL_DECISION,
    decide(SCHEDULE, decision("ScheduleActivityTask", activityId="a2",
                              activityType={"name": "charge", "version": "1"},
                              taskList={"name": "acts"}, heartbeatTimeout="10")),
    POLL_ACTIVITY,
    ("RespondActivityTaskFailed", {"taskToken": "$TOKEN", "reason": "GatewayTimeout",
                                   "details": "slow"}),
    POLL_ACTIVITY,
    ("RequestCancelWorkflowExecution", {"domain": D, "workflowId": "o-1"}),
    ("RespondActivityTaskCanceled", {"taskToken": "$TOKEN", "details": "stopped"}),
    POLL_DECISION,
    decide(decision("RequestCancelActivityTask", activityId="a2"),
           decision("FailWorkflowExecution", reason="r", details="d")),
    POLL_DECISION,
    decide(decision("CancelWorkflowExecution", details="bye")),
    ("GetWorkflowExecutionHistory", {"domain": D, "execution": EXECUTION,
                                     "reverseOrder": True}),
])

script("children-signals-continue", REGISTER + [
    START,
    ("StartWorkflowExecution", {"domain": D, "workflowId": "other",
                                "workflowType": {"name": "order", "version": "1"},
                                "childPolicy": "ABANDON", "taskPriority": "5"}),
    POLL_DECISION,
    decide(decision("StartChildWorkflowExecution", workflowId="child-1",
                    workflowType={"name": "order", "version": "1"}, input="c",
                    childPolicy="REQUEST_CANCEL"),
           decision("SignalExternalWorkflowExecution", workflowId="other", signalName="s",
                    input="i", control="c"),
           decision("RequestCancelExternalWorkflowExecution", workflowId="other")),
    POLL_DECISION,
    decide(decision("ContinueAsNewWorkflowExecution", input="again",
                    taskStartToCloseTimeout="20", childPolicy="TERMINATE")),
    ("ListOpenWorkflowExecutions", {"domain": D, "startTimeFilter": {"oldestDate": 0},
                                    "executionFilter": {"workflowId": "o-1"}}),
    ("CountOpenWorkflowExecutions", {"domain": D, "startTimeFilter": {"oldestDate": 0},
                                     "typeFilter": {"name": "order"}}),
    ("TerminateWorkflowExecution", {"domain": D, "workflowId": "child-1", "reason": "r",
                                    "childPolicy": "TERMINATE"}),
    ("CountPendingDecisionTasks", {"domain": D, "taskList": {"name": "orders"}}),
])

script("domains-types-tags", REGISTER + [
    ("DescribeDomain", {"name": D}),
    ("TagResource", {"resourceArn": "$ARN", "tags": [{"key": "k", "value": "v"}]}),
    ("ListTagsForResource", {"resourceArn": "$ARN"}),
    ("UntagResource", {"resourceArn": "$ARN", "tagKeys": ["k"]}),
    ("ListDomains", {"registrationStatus": "REGISTERED", "maximumPageSize": 1}),
    ("ListDomains", {"registrationStatus": "REGISTERED", "nextPageToken": "$PAGE"}),
    ("ListActivityTypes", {"domain": D, "registrationStatus": "REGISTERED"}),
    ("ListWorkflowTypes", {"domain": D, "registrationStatus": "REGISTERED", "name": "order"}),
    ("DescribeActivityType", {"domain": D, "activityType": {"name": "charge", "version": "1"}}),
    ("DescribeWorkflowType", {"domain": D, "workflowType": {"name": "order", "version": "1"}}),
    ("DeprecateActivityType", {"domain": D, "activityType": {"name": "charge", "version": "1"}}),
    ("UndeprecateActivityType", {"domain": D,
                                 "activityType": {"name": "charge", "version": "1"}}),
    ("DeprecateWorkflowType", {"domain": D, "workflowType": {"name": "order", "version": "1"}}),
    ("DeleteWorkflowType", {"domain": D, "workflowType": {"name": "order", "version": "1"}}),
    ("DeprecateActivityType", {"domain": D, "activityType": {"name": "charge", "version": "1"}}),
    ("DeleteActivityType", {"domain": D, "activityType": {"name": "charge", "version": "1"}}),
    ("DeprecateDomain", {"name": D}),
    ("UndeprecateDomain", {"name": D}),
])

script("broken-requests", REGISTER + [
    ("", "{}"),
    ("NoSuchOperation", "{}"),
    ("StartWorkflowExecution", "[]"),
    ("StartWorkflowExecution", '{"domain": 5}'),
    ("StartWorkflowExecution", '{"domain":"d","workflowId":"x","workflowType":[]}'),
    ("PollForDecisionTask", '{"domain":"d","taskList":{"name":"orders"},"nextPageToken":"1.2.3"}'),
    ("RespondDecisionTaskCompleted", '{"taskToken":"AA.r.D.1.2","decisions":[{}]}'),
    ("GetWorkflowExecutionHistory",
     '{"domain":"d","execution":{"workflowId":"o-1","runId":"x"},"nextPageToken":"zz"}'),
    ("RespondActivityTaskCompleted", '{"taskToken":""}'),
    ("ListOpenWorkflowExecutions", '{"domain":"d"}'),
    ("RegisterDomain", '{"name":"arn","workflowExecutionRetentionPeriodInDays":"91"}'),
])
