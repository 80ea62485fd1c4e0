"""Fixtures: the built swf-local binary and moto_server, each on a free loopback port.

The binary is found in $SWF_LOCAL_BIN, else in the workspace's target directory
($CARGO_TARGET_DIR or target/, debug then release); build it first with
`cargo build -p swf-local`.

Also what both test files build on: the types `register` registers (WF, ACT) and `schedule`.
"""

import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[3]


def _binary() -> str:
    if os.environ.get("SWF_LOCAL_BIN"):
        return os.environ["SWF_LOCAL_BIN"]
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("debug", "release"):
        candidate = target / profile / "swf-local"
        if candidate.exists():
            return str(candidate)
    pytest.fail("swf-local is not built: run `cargo build -p swf-local` or set SWF_LOCAL_BIN")


def client_for(endpoint: str):
    return boto3.client(
        "swf",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}, read_timeout=90),
    )


def _serve(poll_timeout: int):
    """Runs the binary on a free port until the generator closes; yields its URL."""
    proc = subprocess.Popen(
        [_binary(), "--bind", "127.0.0.1:0", "--poll-timeout", str(poll_timeout)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("swf-local listening on http://"), line
        yield line.rsplit(" ", 1)[1]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def swf_local_url():
    """swf-local with a 1 s poll timeout, so an empty poll costs a second, like moto's."""
    yield from _serve(1)


@pytest.fixture(scope="session")
def patient_swf_local_url():
    """swf-local with a poll timeout far longer than any test waits, so a poll that comes back
    before its task arrived is a failure, not a timeout."""
    yield from _serve(120)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def required(variable: str) -> bool:
    """Whether a requirement variable is set, by the rule swf-testkit's `skip` module uses too.

    Unset or empty: not required; 1, true, yes: required; 0, false, no: not required; any other
    value is an error, so a typo cannot turn a requirement off.
    """
    value = os.environ.get(variable, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise pytest.UsageError(f"{variable}={os.environ[variable]!r} is not a flag: use 1, true or yes, or 0, false, no or empty")


@pytest.fixture(scope="session")
def moto_url():
    exe = shutil.which("moto_server")
    if exe is None:
        if required("SWF_TEST_REQUIRE_MOTO"):
            pytest.fail("moto_server is not installed, and SWF_TEST_REQUIRE_MOTO is set")
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = _free_port()
    proc = subprocess.Popen(
        [exe, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("moto_server did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def swf(swf_local_url):
    return client_for(swf_local_url)


@pytest.fixture
def domain(swf):
    """A fresh domain with the workflow type `wf` and the activity type `act`."""
    name = f"py-{uuid.uuid4().hex[:12]}"
    register(swf, name)
    return name


# The types `register` registers.
WF = {"name": "wf", "version": "1"}
ACT = {"name": "act", "version": "1"}


def schedule(activity_id, activity_type=ACT, **extra):
    """A ScheduleActivityTask decision; `extra` adds attributes (`input`, `taskList`, ...)."""
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {"activityId": activity_id, "activityType": activity_type, **extra},
    }


def register(client, name: str) -> None:
    client.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")
    client.register_workflow_type(
        domain=name,
        name="wf",
        version="1",
        defaultTaskList={"name": "decisions"},
        defaultExecutionStartToCloseTimeout="60",
        defaultTaskStartToCloseTimeout="10",
        defaultChildPolicy="TERMINATE",
    )
    client.register_activity_type(
        domain=name,
        name="act",
        version="1",
        defaultTaskList={"name": "activities"},
        defaultTaskScheduleToStartTimeout="10",
        defaultTaskScheduleToCloseTimeout="20",
        defaultTaskStartToCloseTimeout="10",
        defaultTaskHeartbeatTimeout="NONE",
    )
