"""Runs the workloads, one measured cell per interpreter process, and reports JSON on stdout.

    harness.py [--workloads DIR]... COMMAND
                             DIR: a folder of the user's own workload modules, beside the bundled
                             ones (harness_user.py)
    harness.py interpreter   facts about this Python (one JSON object)
    harness.py catalogue     workloads, variants, models, sizes and worker sweeps (one JSON object)
    harness.py run --workload W --variant V --model M [--workers K] --size N [--start-method S]
                             one cell: an untimed warm-up, then the timed region; the result is
                             the last line of stdout
    harness.py serve         imports every workload once, then runs each cell asked for on stdin
                             in a fresh process forked from this pristine one (see serve())

This file is the entry point: the command line, measuring a cell (run_cell) and the cell server.
Its support modules lie beside it: harness_facts.py (the models, the interpreter's facts, the
catalogue), harness_cell.py (checking and resolving a cell's options), harness_counters.py (CPU
time and the machine's counters) and harness_processes.py (multiprocessing's helpers, warm pools).

Standard library only, Python 3.9 and later. See README.md for the full protocol.
"""

import argparse
import collections
import contextlib
import gc
import json
import os
import platform
import signal
import sys
import tempfile
import time
import traceback

# The workloads live beside this file. Under `python -I` the script's folder is not on sys.path,
# so put it there; spawned worker processes inherit sys.path from us and find the modules too.
# The harness's own support modules are found the same way, so they are imported only after it.
HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# Support modules never import this one: run as a script it is __main__, and `import harness`
# would load a second copy. PROTOCOL is imported for readers of `harness.PROTOCOL`.
from harness_cell import plan_cell  # noqa: E402
from harness_counters import MachineCounters, cpu_seconds  # noqa: E402
from harness_facts import (  # noqa: E402, F401
    PROTOCOL,
    THROUGHPUT_KINDS,
    USER_WORKLOADS,
    WORKLOADS,
    UsageError,
    catalogue,
    gil_enabled,
    interpreter_facts,
    load_workload,
    unavailable_models,
)
from harness_user import add_folders, extend_catalogue, failure_location, import_user_module  # noqa: E402
from harness_processes import (  # noqa: E402
    WarmPool,
    import_process_machinery,
    start_resource_tracker,
    stop_forkserver,
)


# --- one cell -------------------------------------------------------------------------------

# What the timed region measured (time_region).
Region = collections.namedtuple("Region", "outcome wall_s cpu_s pool_cpu_before contamination")


def run_cell(args):
    """Measures one cell: inside the workload's setup, the untimed warm-up, the warm pool where
    the workload has one, then the timed region; returns the result `run` prints."""
    cell = plan_cell(args)
    module = cell.module
    setup = getattr(module, "setup", None)
    with setup(args.variant, cell.size) if setup else contextlib.nullcontext() as prepared, \
            contextlib.ExitStack() as pool_lifetime:
        warmup_s = warm_up(cell, prepared)
        warm_pool = None
        if cell.make_pool is not None:
            warm_pool = WarmPool.start(cell.make_pool, module.__name__, args.model, cell.workers,
                                       cell.reported_workers, cell.start_method, pool_lifetime)
        pool = {"pool": warm_pool.executor} if warm_pool is not None else {}
        gc.collect()
        region = time_region(cell, prepared, pool, warm_pool, pool_lifetime)
        metric, extra = cell_figures(cell, prepared, warmup_s, warm_pool, region)

    return {
        "ok": True,
        "workers": cell.reported_workers,
        "wall_s": region.wall_s,
        "cpu_s": region.cpu_s,
        "metric": metric,
        "extra": extra,
        "contamination": region.contamination,
        "gil_enabled_at_end": gil_enabled(),
        "start_method": cell.start_method,
        "python": platform.python_version(),
    }


def warm_up(cell, prepared):
    """The warm-up: a small share of the same work (a fiftieth, at least one unit) with the same
    model, untimed, so that caches, specialised bytecode and lazily built objects (an event loop,
    a resource tracker) are ready before the clock starts. Imports are done already. Returns how
    long it took."""
    warm_start = time.perf_counter()
    if cell.warmup_size > 0:  # 0: none needed (latency's WARMUP_SIZE; fork, see choose_start_method)
        cell.run(cell.warmup_size, cell.warm_workers, prepared)
    warmup_s = time.perf_counter() - warm_start
    stop_forkserver()  # so the warm-up's workers are counted before the region, not in it
    return warmup_s


def time_region(cell, prepared, pool, warm_pool, pool_lifetime):
    """The timed region. Pools are shut down and processes joined inside it (by main(), or here
    for a warm pool), so the children's CPU time has reached RUSAGE_CHILDREN when the region ends.
    A warm pool's workers bring the CPU time they spent starting up with them: read it now, to
    leave it out."""
    machine_before = MachineCounters.read()
    pool_cpu_before = warm_pool.cpu_used_so_far() if warm_pool is not None else 0.0
    cpu_before = cpu_seconds()
    wall_start = time.perf_counter()
    outcome = cell.run(cell.size, cell.workers, prepared, **pool)
    pool_lifetime.close()  # a warm pool: shut it down, waiting for its workers to exit
    wall_s = time.perf_counter() - wall_start
    stop_forkserver()  # see its docstring: after this, forkserver workers are counted too
    cpu_s = cpu_seconds() - cpu_before - pool_cpu_before
    contamination = MachineCounters.read().since(machine_before, cpu_s)
    return Region(outcome, wall_s, cpu_s, pool_cpu_before, contamination)


def cell_figures(cell, prepared, warmup_s, warm_pool, region):
    """The result's metric and its "extra" figures. For throughput workloads the work must really
    have been done: this checks the jobs' answers (outside the clock)."""
    module, size = cell.module, cell.size
    extra = {"warmup_size": cell.warmup_size, "warmup_s": warmup_s}
    if warm_pool is not None:
        extra.update(warm_pool.figures(region.pool_cpu_before))
    if cell.spec is not None:
        extra["workers_spec"] = cell.spec
    if module.KIND in THROUGHPUT_KINDS:
        extra.update(module.check(cell.args.variant, size, region.outcome, prepared) or {})
        extra.update({"tasks": size, "ms_per_task": region.wall_s / size * 1000})
        metric = region.wall_s
    else:
        metric = region.outcome["metric"]
        extra.update(region.outcome.get("extra", {}))
    return metric, extra


# --- the cell server ------------------------------------------------------------------------------


def reply(message):
    """One line of JSON to whoever drives the server (the server's stdout is nothing else's)."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def run_arguments(request):
    """`run`'s options from a serve request (the same keys). Built directly rather than parsed: an
    argument parser costs a few milliseconds per run, all of it outside the timed region."""
    def text(key, required=True):
        value = request.get(key)
        if value is None:
            if required:
                raise UsageError(f"the request has no {key!r}")
            return None
        return str(value)

    try:
        size = int(request.get("size"))
    except (TypeError, ValueError):
        raise UsageError(f"the request's size must be an integer, not {request.get('size')!r}") from None
    return argparse.Namespace(command="run", workload=text("workload"), variant=text("variant"),
                              model=text("model"), workers=text("workers", required=False), size=size,
                              start_method=text("start_method", required=False))


def run_forked(request):
    """Runs one cell in a child forked from this process; returns the child's pid at once and a
    function that waits for it and tells how it ended, with what it printed."""
    output = tempfile.TemporaryFile()
    errors = tempfile.TemporaryFile()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: a process of its own group, with its own stdout and stderr
        code = 1
        try:
            os.setpgid(0, 0)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.dup2(output.fileno(), 1)
            os.dup2(errors.fileno(), 2)
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            try:
                code = answer_run(run_arguments(request))
            except UsageError as error:
                code = report_usage_error(error)
        except BaseException:  # whatever happens, the child never returns into the server loop
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    # Both sides set the group, so it exists whichever runs first: the driver may kill it at once.
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)

    def finish():
        _, status = os.waitpid(pid, 0)
        ended = {"exit": None, "signal": None}
        if os.WIFSIGNALED(status):
            ended["signal"] = os.WTERMSIG(status)
        else:
            ended["exit"] = os.WEXITSTATUS(status)
        texts = []
        for stream, keep in ((output, 1 << 20), (errors, 1 << 14)):
            stream.seek(0, os.SEEK_END)
            stream.seek(max(0, stream.tell() - keep))
            texts.append(stream.read().decode("utf-8", "replace"))
            stream.close()
        return dict(ended, stdout=texts[0], stderr=texts[1])

    return pid, finish


def serve():
    """Runs cells on request, each in a fresh process forked from this one.

    Starting an interpreter and importing asyncio, multiprocessing and the rest costs 0.1 to 0.4 s
    per process on a small machine, often more than the cell itself takes. The server pays it once:
    it imports every workload, then forks a child for each run. The child is a new process that
    has seen nothing of any other cell (no threads, pools, event loops, heap or caches), exactly as
    if it had been started from scratch, but with its imports already done. The server itself never
    runs a workload and starts no thread (only multiprocessing's resource tracker, a process),
    which is what makes forking it safe. It also stays small: every forked worker shares its
    pages, so whatever it holds shows in the memory measured per worker process (a few megabytes
    of precomputed input buffers did).

    Protocol (one JSON object per line): the server says {"ready": true}; for each request
    {"workload", "variant", "model", "workers", "size", "start_method"} it answers
    {"started": pid} at once (the child leads process group pid; killing that group is how a
    driver stops a cell) and {"ended": pid, "exit", "signal", "stdout", "stderr"} when it is
    over. End of input ends the server.
    """
    for name in WORKLOADS:
        module = load_workload(name)
        # A workload that sizes its work by duration does it here, once, so that every cell of
        # the run inherits the same sizes and a speed-up compares equal amounts of work.
        prepare = getattr(module, "prepare", None)
        if prepare is not None:
            prepare()
    for name in USER_WORKLOADS:
        # A user's module that doesn't import (or exits, or hangs) fails its own cells, not the
        # server. Only bundled workloads get prepare(): a user's runs in each cell, where a hang
        # is the cell's timeout and not the whole run's.
        with contextlib.suppress(Exception, SystemExit):
            import_user_module(name)
    unavailable_models()  # imports what it probes, multiprocessing.synchronize among them
    import_process_machinery()
    start_resource_tracker()
    gc.collect()
    if hasattr(gc, "freeze"):
        gc.freeze()  # the children's collections then leave the shared pages alone
    reply({"ready": True, "pid": os.getpid()})
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("a request is a JSON object")
        except ValueError as error:
            reply({"error": f"unreadable request: {error}"})
            continue
        pid, finish = run_forked(request)
        reply({"started": pid})
        reply(dict(finish(), ended=pid))
    return 0


# --- command line ---------------------------------------------------------------------------


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parse_args(argv):
    parser = Parser(prog="harness.py", description="Measure the workloads, one cell per process.")
    parser.add_argument("--workloads", action="append", default=[], metavar="DIR",
                        help="a folder of workload modules to add to the bundled ones (repeatable)")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("interpreter", help="facts about this Python, as JSON")
    commands.add_parser("catalogue", help="the workloads and how to sweep them, as JSON")
    run = commands.add_parser("run", help="measure one cell; the result is the last stdout line")
    run.add_argument("--workload", required=True)
    run.add_argument("--variant", required=True)
    run.add_argument("--model", required=True)
    run.add_argument("--workers", help="a positive integer, per_task or default")
    run.add_argument("--size", required=True, type=int)
    run.add_argument("--start-method", dest="start_method")
    commands.add_parser("serve", help="run the cells asked for on stdin, each in a forked process")
    args = parser.parse_args(argv)
    if args.command is None:
        raise UsageError("a command is needed: interpreter, catalogue, run or serve")
    return args


def main(argv):
    try:
        args = parse_args(argv)
        problems = add_folders(args.workloads)
        if args.command == "interpreter":
            result = interpreter_facts()
        elif args.command == "catalogue":
            result = extend_catalogue(catalogue(), problems, unavailable_models())
        elif args.command == "serve":
            return serve()
        else:
            return answer_run(args)
    except UsageError as error:
        return report_usage_error(error)
    print(json.dumps(result), flush=True)
    return 0


def report_usage_error(error):
    """Bad arguments: one line on stderr; the exit status is 2."""
    print(f"harness.py: {error}", file=sys.stderr, flush=True)
    return 2


def answer_run(args):
    """Runs a cell and prints its answer as the last line; returns the exit status (`run`'s)."""
    try:
        result = run_cell(args)
    except UsageError as error:
        return report_usage_error(error)
    except Exception as error:
        traceback.print_exc()
        file, line = failure_location(error)
        result = {
            "ok": False,
            "error": f"{type(error).__name__}: {error}",
            "python": platform.python_version(),
            "file": file,
            "line": line,
        }
        print(json.dumps(result), flush=True)
        return 1
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
