"""A stand-in for the real harness that answers the same protocol instantly, for hermetic tests.

Every `run` appends one line to runs.log beside this file, so tests can count what was measured.
Timings are made up but consistent: sequential 0.2 s of CPU; threads share one CPU (the GIL);
process pools divide the work among their workers with 5 % overhead.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

FACTS = {
    "executable": sys.executable,
    "version": "3.12.1",
    "implementation": "CPython",
    "build_flags": "--fake",
    "free_threaded_build": False,
    "gil_enabled": True,
    "default_start_method": "fork",
    "start_methods": ["fork", "spawn"],
    "switch_interval_s": 0.005,
    "cpu_count": 2,
    "process_cpu_count": 2,
    "has_interpreter_pool": False,
    "thread_pool_default_workers": 6,
    "platform": "linux",
}

CATALOGUE = {
    "protocol": 1,
    "workloads": [
        {
            "name": "alpha",
            "summary": "Made-up CPU work.",
            "kind": "cpu",
            "file": "alpha.py",
            "support_files": [],
            "hidden": False,
            "variants": [
                {
                    "name": "loop",
                    "description": "a loop",
                    "unit": "s",
                    "models": ["sequential", "threads", "process_pool", "interpreter_pool"],
                    "sizes": {"quick": 4, "standard": 8, "full": 16},
                    "workers": [1, 2],
                    "workers_by_model": {
                        "sequential": None,
                        "threads": [1, 2],
                        "process_pool": [2],
                        "interpreter_pool": [2],
                    },
                }
            ],
        },
        {
            "name": "beta",
            "summary": "Made-up waiting.",
            "kind": "wait",
            "file": "beta.py",
            "support_files": ["alpha.py"],
            "hidden": False,
            "variants": [
                {
                    "name": "sleep",
                    "description": "waits",
                    "unit": "s",
                    "models": ["sequential", "asyncio"],
                    "sizes": {"quick": 10, "standard": 20, "full": 40},
                    "workers": ["per_task"],
                    "workers_by_model": {"sequential": None, "asyncio": ["per_task"]},
                }
            ],
        },
        {
            "name": "broken",
            "summary": "Always raises.",
            "kind": "cpu",
            "file": "beta.py",
            "hidden": True,
            "variants": [
                {
                    "name": "raise",
                    "description": "raises",
                    "unit": "s",
                    "models": ["sequential"],
                    "sizes": {"quick": 1, "standard": 1, "full": 1},
                    "workers": None,
                    "workers_by_model": {"sequential": None},
                }
            ],
        },
    ],
    "models": [
        {"id": "sequential", "description": "one after another", "needs": None},
        {"id": "asyncio", "description": "coroutines", "needs": None},
        {"id": "threads", "description": "threads", "needs": None},
        {"id": "process_pool", "description": "processes", "needs": "start_method"},
        {"id": "interpreter_pool", "description": "subinterpreters", "needs": None},
    ],
    "unavailable": [{"model": "interpreter_pool", "reason": "needs Python 3.14"}],
}


def option(args, name, default=None):
    return args[args.index(name) + 1] if name in args else default


def run(args):
    workload, model = option(args, "--workload"), option(args, "--model")
    workers, size = option(args, "--workers"), int(option(args, "--size"))
    with open(os.path.join(HERE, "runs.log"), "a") as log:
        log.write(" ".join(args) + "\n")
    if workload == "broken":
        print("Traceback (most recent call last):\nRuntimeError: broken on purpose", file=sys.stderr)
        print(json.dumps({"ok": False, "error": "RuntimeError: broken on purpose"}))
        return 1
    count = size if workers == "per_task" else int(workers) if workers and workers.isdigit() else 1
    if workload == "alpha":
        if model == "process_pool":
            wall, cpu = 0.2 / count * 1.05, 0.21
        else:
            wall, cpu = 0.2, 0.2
    else:
        wall, cpu = 0.01 * size / count, 0.001
    # A file `contaminate` holding N makes the next N runs report that other processes took most of
    # the CPUs during their timed region (the contamination tests).
    contamination = {"other_cpu_s": 0.0, "steal_s": 0.0, "involuntary_switches": 1, "cpu_mhz": None, "tick_s": 0.01}
    counter = os.path.join(HERE, "contaminate")
    if os.path.exists(counter):
        with open(counter) as left:
            remaining = int(left.read() or 0)
        if remaining > 0:
            contamination["other_cpu_s"] = 2 * wall + 0.1
            with open(counter, "w") as left:
                left.write(str(remaining - 1))
    print("a line a workload printed")
    print(json.dumps({
        "contamination": contamination,
        "ok": True, "workers": count if model != "sequential" else 1, "wall_s": wall, "cpu_s": cpu, "metric": wall,
        "extra": {"tasks": size, "workers_spec": workers}, "gil_enabled_at_end": True,
        "start_method": option(args, "--start-method"), "python": "3.12.1",
    }))
    return 0


def main(args):
    if args[:1] == ["interpreter"]:
        print(json.dumps(FACTS))
    elif args[:1] == ["catalogue"]:
        print(json.dumps(CATALOGUE))
    elif args[:1] == ["run"]:
        return run(args[1:])
    else:
        print("harness.py: unknown command", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
