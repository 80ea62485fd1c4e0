"""boto3's side of swf-bench: the same calls as the Rust peers, against the same swf-local.

Run by swf-bench (src/boto3.rs) as `python3 boto3_calls.py '<json>'`, where the JSON names the
mode, the endpoint and the workload's sizes. Prints one JSON line with the figures: wall-clock
seconds and this process's own CPU seconds (getrusage), both taken around the calls only, so
Python's start-up and imports are not counted.

Modes:
  describe_domain, start_workflow_execution: `calls` calls from `callers` threads sharing one
      client (botocore clients are thread-safe), the usual way to call SWF concurrently from
      Python.
  activity_loop: `callers` threads polling `task_list` and answering each task at once, until
      `calls` tasks are answered; the seconds run to the last answer.
  history: read the whole history of one execution page by page, `runs` times; the seconds are
      the fastest run's, the CPU seconds those of every run together.
"""

import itertools
import json
import resource
import sys
import threading
import time

import boto3
import botocore.config


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def client(args):
    return boto3.client(
        "swf",
        endpoint_url=args["endpoint"],
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=botocore.config.Config(
            retries={"max_attempts": 1, "mode": "standard"},
            max_pool_connections=args.get("callers", 10),
        ),
    )


def concurrent_calls(args, call):
    counter = itertools.count()
    failures = []

    def caller():
        while not failures:
            i = next(counter)
            if i >= args["calls"]:
                return
            try:
                call(i)
            except Exception as e:  # reported to the bench, which names the call
                failures.append(f"call {i}: {e}")

    threads = [threading.Thread(target=caller) for _ in range(args["callers"])]
    cpu, started = cpu_seconds(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if failures:
        raise SystemExit(failures[0])
    return {"calls": args["calls"], "seconds": seconds, "cpu_seconds": cpu}


def history(args, swf):
    best, events, cpu = None, 0, cpu_seconds()
    for _ in range(args["runs"]):
        started = time.perf_counter()
        events, token = 0, None
        while True:
            page_args = {
                "domain": args["domain"],
                "execution": {"workflowId": args["workflow_id"], "runId": args["run_id"]},
                "maximumPageSize": 1000,
            }
            if token:
                page_args["nextPageToken"] = token
            page = swf.get_workflow_execution_history(**page_args)
            events += len(page["events"])
            token = page.get("nextPageToken")
            if not token:
                break
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    # CPU over every run: the caller asks for it per run (calls).
    return {"calls": args["runs"], "seconds": best, "cpu_seconds": cpu_seconds() - cpu,
            "events": events}


def activity_loop(args, swf):
    answered = itertools.count(1)
    state = {"done": 0, "finished": None, "failure": None}
    lock = threading.Lock()

    def poller():
        while state["done"] < args["calls"] and not state["failure"]:
            try:
                task = swf.poll_for_activity_task(
                    domain=args["domain"], taskList={"name": args["task_list"]}
                )
                if not task.get("taskToken"):
                    continue
                swf.respond_activity_task_completed(
                    taskToken=task["taskToken"], result=task.get("input", "")
                )
            except Exception as e:  # reported to the bench
                state["failure"] = f"activity loop: {e}"
                return
            with lock:
                n = next(answered)
                state["done"] = n
                if n == args["calls"]:
                    state["finished"] = time.perf_counter()

    threads = [threading.Thread(target=poller) for _ in range(args["callers"])]
    cpu, started = cpu_seconds(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if state["failure"]:
        raise SystemExit(state["failure"])
    return {
        "calls": args["calls"],
        "seconds": state["finished"] - started,
        "cpu_seconds": cpu_seconds() - cpu,
    }


def main():
    args = json.loads(sys.argv[1])
    swf = client(args)
    mode = args["mode"]
    if mode == "describe_domain":
        out = concurrent_calls(args, lambda i: swf.describe_domain(name=args["domain"]))
    elif mode == "start_workflow_execution":
        out = concurrent_calls(
            args,
            lambda i: swf.start_workflow_execution(
                domain=args["domain"],
                workflowId=f"{args['prefix']}{i}",
                workflowType={"name": args["workflow"][0], "version": args["workflow"][1]},
            ),
        )
    elif mode == "history":
        out = history(args, swf)
    elif mode == "activity_loop":
        out = activity_loop(args, swf)
    else:
        raise SystemExit(f"mode: {mode!r} is not describe_domain, start_workflow_execution or history")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
