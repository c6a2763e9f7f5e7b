"""Runs the workloads, one measured cell per interpreter process, and reports JSON on stdout.

    harness.py interpreter   facts about this Python (one JSON object)
    harness.py catalogue     workloads, variants, models, sizes and worker sweeps (one JSON object)
    harness.py run --workload W --variant V --model M [--workers K] --size N [--start-method S]
                             one cell: an untimed warm-up, then the timed region; the result is
                             the last line of stdout
    harness.py serve         imports every workload once, then runs each cell asked for on stdin
                             in a fresh process forked from this pristine one (see serve())

Standard library only, Python 3.9 and later. See README.md for the full protocol.
"""

import argparse
import contextlib
import gc
import importlib
import json
import os
import platform
import shlex
import signal
import socket
import sys
import tempfile
import sysconfig
import time
import traceback

try:
    import resource  # not on Windows
except ImportError:
    resource = None

# The workloads live beside this file. Under `python -I` the script's folder is not on sys.path,
# so put it there; spawned worker processes inherit sys.path from us and find the modules too.
HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

PROTOCOL = 1

# Set by the cell server once it has started multiprocessing's resource tracker, which every cell
# it forks then shares (as any forked child shares its parent's).
RESOURCE_TRACKER_STARTED = False

WORKLOADS = [
    "io_sleep",
    "io_socket",
    "io_files",
    "cpu_python",
    "cpu_release",
    "mixed",
    "overhead",
    "latency",
    "selftest",
]

# (id, description, what else it needs)
MODELS = [
    ("sequential", "one task after another, in the main thread", None),
    ("asyncio", "coroutines on one event loop: asyncio.run and asyncio.gather", None),
    ("asyncio_to_thread", "asyncio handing blocking calls to threads: asyncio.to_thread", None),
    ("threads", "threading.Thread: each thread takes its share of the tasks", None),
    ("thread_pool", "concurrent.futures.ThreadPoolExecutor", None),
    ("processes", "multiprocessing.Process: each takes its share of the tasks", "start_method"),
    ("process_pool", "concurrent.futures.ProcessPoolExecutor", "start_method"),
    ("interpreter_pool", "concurrent.futures.InterpreterPoolExecutor (3.14+): a GIL each", None),
]
MODEL_IDS = [model_id for model_id, _, _ in MODELS]
PROCESS_MODELS = {"processes", "process_pool"}
MODELS_WITH_DEFAULT_SIZE = {"asyncio_to_thread", "thread_pool", "process_pool", "interpreter_pool"}
THROUGHPUT_KINDS = {"wait", "cpu", "mixed"}


class UsageError(Exception):
    """Bad arguments: reported on one line of stderr, exit status 2."""


# --- facts about this interpreter --------------------------------------------------------------


def gil_enabled():
    # sys._is_gil_enabled() exists from 3.13; every build before that has a GIL.
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return bool(is_enabled()) if is_enabled is not None else True


def process_cpu_count():
    """CPUs this process may run on (affinity), as os.process_cpu_count() does from 3.13."""
    if hasattr(os, "process_cpu_count"):
        return os.process_cpu_count()
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def thread_pool_default_workers():
    """What ThreadPoolExecutor() picks here: min(32, CPUs + 4) (CPUs by affinity from 3.13)."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor()  # starts no thread until the first submit
    return getattr(pool, "_max_workers", min(32, (process_cpu_count() or 1) + 4))


def process_pool_default_workers():
    """What ProcessPoolExecutor() picks here: the CPU count (by affinity from 3.13)."""
    count = os.process_cpu_count() if hasattr(os, "process_cpu_count") else os.cpu_count()
    count = count or 1
    return min(count, 61) if sys.platform == "win32" else count


def start_methods():
    try:
        import multiprocessing

        return list(multiprocessing.get_all_start_methods())
    except ImportError:
        return []


def default_start_method():
    try:
        import multiprocessing

        return multiprocessing.get_start_method()
    except (ImportError, RuntimeError):
        return None


def build_flags():
    """A short account of how this Python was built: the configure options and the compiler."""
    args = sysconfig.get_config_var("CONFIG_ARGS") or ""
    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
    # Keep the options that change behaviour; drop install paths and compiler search paths.
    options = [w for w in words if w.startswith("--") and "/" not in w.partition("=")[2]]
    return " ".join(options + [f"[{platform.python_compiler()}]"]).strip()


def has_interpreter_pool():
    try:
        from concurrent.futures import InterpreterPoolExecutor  # noqa: F401  (Python 3.14+)
    except ImportError:
        return False
    return True


def unavailable_models():
    """Models this interpreter cannot run, each with the reason."""
    reasons = {}
    if sys.version_info < (3, 14):
        reasons["interpreter_pool"] = (
            f"InterpreterPoolExecutor needs Python 3.14; this is {platform.python_version()}"
        )
    elif not has_interpreter_pool():
        reasons["interpreter_pool"] = "this build has no InterpreterPoolExecutor (no _interpreters)"
    try:
        import multiprocessing.synchronize  # noqa: F401  (fails where there is no sem_open)
    except ImportError as error:
        for model in sorted(PROCESS_MODELS):
            reasons[model] = f"multiprocessing cannot run here: {error}"
    return reasons


def interpreter_facts():
    return {
        "executable": sys.executable,
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "build_flags": build_flags(),
        "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gil_enabled": gil_enabled(),
        "default_start_method": default_start_method(),
        "start_methods": start_methods(),
        "switch_interval_s": sys.getswitchinterval(),
        "cpu_count": os.cpu_count(),
        "process_cpu_count": process_cpu_count(),
        "has_interpreter_pool": has_interpreter_pool(),
        "thread_pool_default_workers": thread_pool_default_workers(),
        "platform": sys.platform,
    }


# --- the catalogue -------------------------------------------------------------------------------


def load_workload(name):
    if name not in WORKLOADS:
        raise UsageError(f"unknown workload {name!r} (known: {', '.join(WORKLOADS)})")
    return importlib.import_module(name)


def worker_sort_key(worker):
    return (0, worker, "") if isinstance(worker, int) else (1, 0, worker)


def variant_cells(spec, unavailable):
    """The cells to measure for one variant on this interpreter, in a stable order.

    Each model runs with each of its worker counts. Process models run with the interpreter's
    default start method, or with every start method where the variant lists the model in
    "all_start_methods" (where start-up cost is what the variant is about). Cells of models this
    interpreter lacks are listed with the reason, so they are reported, not silently skipped.
    """
    every_method = start_methods()
    cells = []
    for model, workers in spec["workers"].items():
        if model in unavailable:
            reason = unavailable[model]
            cells.append({"model": model, "workers": None, "start_method": None, "unavailable": reason})
            continue
        if model not in PROCESS_MODELS:
            methods = [None]
        elif model in spec.get("all_start_methods", []):
            methods = every_method
        else:
            methods = [default_start_method()]
        for count in workers if workers is not None else [None]:
            for method in methods:
                cells.append({"model": model, "workers": count, "start_method": method})
    return cells


def describe_variant(name, spec, unavailable):
    workers_by_model = spec["workers"]
    sweep = set()
    for workers in workers_by_model.values():
        sweep.update(workers or [])
    return {
        "name": name,
        "description": spec["description"],
        "unit": spec["unit"],
        "models": list(workers_by_model),
        "sizes": dict(spec["sizes"]),
        "workers": sorted(sweep, key=worker_sort_key) if sweep else None,
        "workers_by_model": {m: (list(w) if w is not None else None) for m, w in workers_by_model.items()},
        "cells": variant_cells(spec, unavailable),
    }


def catalogue():
    unavailable = unavailable_models()
    workloads = []
    for name in WORKLOADS:
        module = load_workload(name)
        workloads.append({
            "name": name,
            "summary": module.__doc__.strip().splitlines()[0],
            "kind": module.KIND,
            "file": os.path.basename(module.__file__),
            "support_files": list(getattr(module, "SUPPORT_FILES", [])),
            "hidden": bool(getattr(module, "HIDDEN", False)),
            "variants": [describe_variant(v, s, unavailable) for v, s in module.VARIANTS.items()],
        })
    return {
        "protocol": PROTOCOL,
        "workloads": workloads,
        "models": [{"id": i, "description": d, "needs": n} for i, d, n in MODELS],
        "unavailable": [{"model": m, "reason": r} for m, r in sorted(unavailable.items())],
    }


# --- one cell -------------------------------------------------------------------------------


def cpu_seconds():
    """CPU time of this process and of every child it has waited for, user + system."""
    if resource is None:
        return time.process_time()  # this process only: the best Windows offers without extras
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class MachineCounters:
    """What else the machine did while a timed region ran, read before and after it.

    On a shared or virtual machine the same loop can take 30 % longer from one run to the next
    while nothing on this machine looks busy: the hypervisor ran another guest on our CPU (steal
    time), or a neighbour shared its core. The driver flags a run measured under such
    contamination and measures it again. Linux only for steal and the CPU time of other
    processes (/proc/stat, in clock ticks of usually 10 ms); involuntary context switches
    (another process preempted ours) come from getrusage everywhere but Windows.
    """

    def __init__(self, busy_ticks, steal_ticks, group_ticks, switches, cpus):
        self.busy_ticks = busy_ticks
        self.steal_ticks = steal_ticks
        self.group_ticks = group_ticks
        self.switches = switches
        self.cpus = cpus

    @classmethod
    def read(cls):
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        busy = steal = None
        try:
            with open("/proc/stat") as stat:
                lines = stat.read().splitlines()
            wanted = {f"cpu{n}" for n in cpus} if cpus else None
            busy = steal = 0
            for line in lines:
                fields = line.split()
                if not fields or not fields[0].startswith("cpu") or fields[0] == "cpu":
                    continue
                if wanted is not None and fields[0] not in wanted:
                    continue
                ticks = [int(value) for value in fields[1:9]] + [0] * max(0, 9 - len(fields))
                user, nice, system, _idle, _iowait, irq, softirq, stolen = ticks[:8]
                busy += user + nice + system + irq + softirq
                steal += stolen
        except (OSError, ValueError):
            busy = steal = None
        switches = None
        if resource is not None:
            own = resource.getrusage(resource.RUSAGE_SELF)
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            switches = own.ru_nivcsw + children.ru_nivcsw
        return cls(busy, steal, cls.group_ticks_now(), switches, cpus)

    @staticmethod
    def group_ticks_now():
        """CPU ticks of the other live processes of this run's process group (a loopback server
        stands in for a remote machine: its time is neither ours nor contamination), by pid."""
        ticks = {}
        if not os.path.isdir("/proc/self"):
            return ticks
        me, group = os.getpid(), os.getpgid(0)
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == me:
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            # After the command: state, ppid, pgrp, …; utime and stime are the 12th and 13th.
            if len(fields) > 12 and int(fields[2]) == group:
                ticks[int(entry)] = int(fields[11]) + int(fields[12])
        return ticks

    def since(self, before, own_cpu_s):
        """The contamination of the region between `before` and now, as the results report it."""
        tick_s = 1 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01
        report = {"other_cpu_s": None, "steal_s": None, "involuntary_switches": None,
                  "cpu_mhz": cpu_frequency_mhz(self.cpus), "tick_s": tick_s}
        if self.busy_ticks is not None and before.busy_ticks is not None:
            group_ticks = sum(now - before.group_ticks[pid] for pid, now in self.group_ticks.items()
                              if pid in before.group_ticks)
            busy_s = (self.busy_ticks - before.busy_ticks - group_ticks) * tick_s
            report["other_cpu_s"] = max(0.0, busy_s - own_cpu_s)
            report["steal_s"] = (self.steal_ticks - before.steal_ticks) * tick_s
        if self.switches is not None and before.switches is not None:
            report["involuntary_switches"] = self.switches - before.switches
        return report


def cpu_frequency_mhz(cpus):
    """The mean current frequency of our CPUs where the kernel tells it (cpufreq), else None;
    virtual machines usually don't."""
    readings = []
    for n in cpus or []:
        try:
            with open(f"/sys/devices/system/cpu/cpu{n}/cpufreq/scaling_cur_freq") as current:
                readings.append(int(current.read()) / 1000)
        except (OSError, ValueError):
            return None
    return sum(readings) / len(readings) if readings else None


def import_process_machinery():
    """Import what multiprocessing would otherwise import the first time it starts a process (the
    starter of each start method, the resource tracker), so that no timed region pays for it. In
    the cell server this is done once, before any run."""
    for name in ("multiprocessing.popen_fork", "multiprocessing.popen_spawn_posix",
                 "multiprocessing.popen_forkserver", "multiprocessing.resource_tracker",
                 "multiprocessing.forkserver", "multiprocessing.queues", "multiprocessing.pool",
                 "multiprocessing.synchronize", "concurrent.futures.process"):
        with contextlib.suppress(ImportError):  # a platform without one of them (Windows: no fork)
            importlib.import_module(name)


def start_resource_tracker():
    """Start multiprocessing's resource tracker (a process, no thread) and wait until it runs.

    spawn and forkserver start it the first time a program starts a process; started here, in
    the server, it serves every cell, so no cell pays for it or has to warm up to avoid paying.
    """
    global RESOURCE_TRACKER_STARTED
    try:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    except (ImportError, OSError):
        return
    # ensure_running returns once the tracker is started; it is ready once it reads its pipe. A
    # probe written before then waits in the pipe, so give it the moment an interpreter needs.
    deadline = time.monotonic() + 5
    pid = getattr(resource_tracker._resource_tracker, "_pid", None)
    while pid is not None and time.monotonic() < deadline and not tracker_is_reading(pid):
        time.sleep(0.01)
    RESOURCE_TRACKER_STARTED = True


def tracker_is_reading(pid):
    """Whether a process is blocked reading (Linux: its state in /proc is sleeping); elsewhere, yes."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "S"
    except (OSError, IndexError):
        return True


def stop_forkserver():
    """Stop multiprocessing's fork server, if this process started one.

    With the forkserver start method, worker processes are children of the fork server, not of
    this process. Their CPU time reaches our RUSAGE_CHILDREN only once the fork server has
    reaped them and has itself been reaped by us. Tools that read rusage while the fork server
    is still running silently leave out all the work done in the workers (a known pitfall of
    other benchmark tools). The stop function is private, so look it up with care.

    Called once every process of the cell has been joined, so the server has reaped them all. It
    is killed first: asked to stop, it would finalize its interpreter, some 20 ms of CPU time that
    would count in the cell's CPU time but not in its wall time, for a helper that a program
    stops once, at its end, not for the work.
    """
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)
    if stop is None:
        return
    pid = getattr(server, "_forkserver_pid", None)
    if pid is not None:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    stop()  # closes our end of its "alive" pipe and reaps it


# --- warm process pools -----------------------------------------------------------------------


class WarmPool:
    """A process pool started before the timed region, each of whose workers has answered a call.

    A workload opts in with a module-level make_pool(model, workers, start_method) (see README.md):
    for model process_pool the harness then starts the pool the workload makes, waits until every
    worker is up, hands the pool to main() as `pool=`, and shuts it down inside the region. So the
    region times the work on a warm pool, the same way whatever the start method and the Python
    version, and the pool's start-up is reported as a figure of its own (pool_start_s).

    The pool is shut down inside the region so that its workers are joined and their CPU time has
    reached RUSAGE_CHILDREN when the region ends. That time includes what the workers spent
    starting up, before the region (a whole interpreter each with spawn); cpu_used_so_far() is
    what the region's CPU time must leave out.
    """

    def __init__(self, executor, start_s, worker_cpu_s, helper_cpu_s):
        self.executor = executor
        self.start_s = start_s
        self.worker_cpu_s = worker_cpu_s  # {pid: CPU seconds it had used when it answered}
        self.helper_cpu_s = helper_cpu_s  # the fork server's first process (forkserver)

    @classmethod
    def start(cls, make_pool, module_name, model, workers, count, start_method, lifetime):
        """Start the pool (None if make_pool gives none for this model); `count` is its resolved
        worker count, `lifetime` the ExitStack whose closing shuts it down."""
        # overhead.start_every_worker is what the `overhead` variant `start_pool` times, so that
        # figure and this pool's pool_start_s measure the same thing. The first call each worker
        # answers is check_in, below: it imports the workload's module there and then.
        start_every_worker = load_workload("overhead").start_every_worker
        helper_cpu_s = start_process_helpers(start_method)
        started = time.perf_counter()
        pool = make_pool(model, workers, start_method)
        if pool is None:
            return None
        executor = lifetime.enter_context(pool)
        answers = start_every_worker(executor, count, check_in, (module_name,))
        start_s = time.perf_counter() - started
        worker_cpu_s = dict(answers)
        if len(worker_cpu_s) != count:
            raise AssertionError(f"{count} workers expected, {len(worker_cpu_s)} answered")
        return cls(executor, start_s, worker_cpu_s, helper_cpu_s)

    def cpu_used_so_far(self):
        """CPU time used so far by the processes that are reaped inside the region, bringing their
        whole CPU time into RUSAGE_CHILDREN: the workers (as each measured itself when it
        answered; they have been idle since) and, with forkserver, the fork server, whose
        children the workers are, and the first process it forked (start_process_helpers)."""
        if resource is None:
            return 0.0  # cpu_seconds() counts this process only here: none of the pool's time
        server_s = forkserver_cpu_seconds()
        # Where the fork server's own CPU time can't be read (not Linux), its start-up, an
        # interpreter started the spawn way, tens of milliseconds of CPU time, stays in cpu_s.
        return sum(self.worker_cpu_s.values()) + self.helper_cpu_s + (server_s or 0.0)

    def figures(self, cpu_left_out_s):
        return {"pool_start_s": self.start_s, "pool_start_cpu_s": cpu_left_out_s}


def check_in(address, *module_names):
    """The first call each worker of a warm pool answers (sent by overhead.start_every_worker).

    It imports the workload's module, as the worker's first real job would (with spawn and
    forkserver, where the worker is not a copy of a process that has imported it), reports in
    and waits for the other workers, as overhead.report_in does, then returns the worker's pid
    and the CPU time it has used so far, user + system, its children's included: all of it is
    start-up, and all of it reaches our RUSAGE_CHILDREN once the worker is reaped.
    """
    for name in module_names:
        importlib.import_module(name)
    with socket.create_connection(address) as connection:
        connection.recv(1)  # returns (empty) when the harness closes the connection
    return os.getpid(), cpu_seconds()


def start_process_helpers(start_method):
    """Start what a program's first process started with `start_method` starts, once per program,
    and wait until it is ready, so that neither a pool's start-up nor its timed region pays for it:
    the resource tracker (spawn, forkserver; the cell server has started it already) and the fork
    server (forkserver), ready once it has forked a first process, one that exits at once.

    Returns the CPU time of that first process, which reaches RUSAGE_CHILDREN only when the fork
    server does, after the region: the process measures itself, as check_in does.
    """
    if start_method in ("spawn", "forkserver"):
        start_resource_tracker()
    if start_method != "forkserver":
        return 0.0
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    reader, writer = context.Pipe(duplex=False)
    first = context.Process(target=send_cpu_seconds, args=(writer,))
    first.start()
    writer.close()
    cpu_s = reader.recv()
    reader.close()
    first.join()
    return cpu_s


def send_cpu_seconds(connection):
    """The body of start_process_helpers' first process: it sends the CPU time it has used."""
    connection.send(cpu_seconds())
    connection.close()


def forkserver_cpu_seconds():
    """CPU time the running fork server has used so far itself (not its children), or None where
    the system does not tell; 0 if none runs.

    Linux tells in /proc: where the kernel keeps scheduler statistics, /proc/PID/sched has it in
    milliseconds to the nanosecond (the server has one thread, whose time that is); else
    /proc/PID/stat has it in clock ticks (usually 10 ms, truncated). The fork server's pid is
    private to multiprocessing: look it up with care, as stop_forkserver() does.
    """
    forkserver = sys.modules.get("multiprocessing.forkserver")
    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if pid is None:
        return 0.0
    tick_s = 1 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        # After the command: state, ppid, pgrp, …; utime and stime are the 12th and 13th.
        own_s = (int(fields[11]) + int(fields[12])) * tick_s
    except (OSError, ValueError, IndexError):
        return None
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open(f"/proc/{pid}/sched") as sched:
            for line in sched:
                if line.startswith("se.sum_exec_runtime"):
                    own_s = max(own_s, float(line.split(":")[1]) / 1000)
    return own_s


def parse_workers(text, model, allowed):
    if text is None:
        choices = ", ".join(str(w) for w in allowed)
        raise UsageError(f"--workers is required for model {model} (the catalogue has {choices})")
    if text == "per_task":
        return text
    if text == "default":
        if model not in MODELS_WITH_DEFAULT_SIZE:
            raise UsageError(f"--workers default does not apply to {model}: it has no default size")
        return text
    try:
        count = int(text)
    except ValueError:
        raise UsageError(f"--workers must be an integer, per_task or default, not {text!r}") from None
    if count < 1:
        raise UsageError(f"--workers must be at least 1, not {count}")
    return count


def resolve_workers(spec, model, size):
    """(what the workload gets, what we report). per_task: the size; default: None, reported
    as the size the library will pick."""
    if spec == "per_task":
        return size, size
    if spec == "default":
        if model == "process_pool":
            return None, process_pool_default_workers()
        return None, thread_pool_default_workers()
    return spec, spec


def run_cell(args):
    module = load_workload(args.workload)
    variant = module.VARIANTS.get(args.variant)
    if variant is None:
        known = ", ".join(module.VARIANTS)
        raise UsageError(f"workload {args.workload} has no variant {args.variant!r} (it has: {known})")
    workers_by_model = variant["workers"]
    if args.model not in workers_by_model:
        if args.model not in MODEL_IDS:
            raise UsageError(f"unknown model {args.model!r} (known: {', '.join(MODEL_IDS)})")
        known = ", ".join(workers_by_model)
        raise UsageError(f"{args.workload}/{args.variant} does not run {args.model} (it runs: {known})")
    reason = unavailable_models().get(args.model)
    if reason is not None:
        print(json.dumps({"ok": False, "unavailable": True, "error": reason}))
        raise UsageError(f"model {args.model} is unavailable: {reason}")
    if args.size < 1:
        raise UsageError(f"--size must be at least 1, not {args.size}")

    size = args.size
    warmup_size = variant.get("warmup_size", getattr(module, "WARMUP_SIZE", None))
    if warmup_size is None:
        warmup_size = max(1, size // 50)
    import_process_machinery()
    allowed = workers_by_model[args.model]
    if allowed is None:  # the model takes no worker count here (sequential, probes)
        spec = None
        workers = warm_workers = None
        reported_workers = 1 if args.model == "sequential" else None
    else:
        spec = parse_workers(args.workers, args.model, allowed)
        workers, reported_workers = resolve_workers(spec, args.model, size)
        warm_workers, _ = resolve_workers(spec, args.model, warmup_size)
        if args.model in PROCESS_MODELS:
            warm_workers = 1  # one worker is enough: see below

    start_method = None
    if args.model in PROCESS_MODELS:
        available = start_methods()
        start_method = args.start_method or default_start_method()
        if start_method not in available:
            known = ", ".join(available)
            raise UsageError(f"start method {start_method!r} is not available here (only {known})")
        # What a warm-up can warm for processes lives in this process, once per program: every
        # run's workers, queues and pool threads are new anyway. The imports are done
        # (import_process_machinery), and fork needs nothing else, a worker being a copy of this
        # process. spawn and forkserver start a resource tracker the first time; in the cell
        # server it is running already. So the warm-up, which would add only its own pool's
        # start-up, is skipped, except for spawn and forkserver run on their own (`run`), which
        # warm up with one worker.
        if start_method == "fork" or RESOURCE_TRACKER_STARTED:
            warmup_size = 0

    # A workload with a make_pool hook gets its process pool warm (see WarmPool): the pool's
    # first calls, one per worker, are its warm-up, and there is no other.
    make_pool = getattr(module, "make_pool", None) if args.model == "process_pool" else None
    if make_pool is not None:
        warmup_size = 0

    def run(count, with_workers, prepared, **pool):
        return module.main(args.model, with_workers, count, args.variant, start_method, prepared,
                           **pool)

    setup = getattr(module, "setup", None)
    with setup(args.variant, size) if setup else contextlib.nullcontext() as prepared, \
            contextlib.ExitStack() as pool_lifetime:
        # Warm-up: a small share of the same work (a fiftieth, at least one unit) with the same
        # model, untimed, so that caches, specialised bytecode and lazily built objects (an event
        # loop, a resource tracker) are ready before the clock starts. Imports are done already.
        warm_start = time.perf_counter()
        if warmup_size > 0:  # 0: none needed (latency's WARMUP_SIZE; fork, see above)
            run(warmup_size, warm_workers, prepared)
        warmup_s = time.perf_counter() - warm_start
        stop_forkserver()  # so the warm-up's workers are counted before the region, not in it
        warm_pool = None
        if make_pool is not None:
            warm_pool = WarmPool.start(make_pool, module.__name__, args.model, workers,
                                       reported_workers, start_method, pool_lifetime)
        pool = {"pool": warm_pool.executor} if warm_pool is not None else {}
        gc.collect()

        # The timed region. Pools are shut down and processes joined inside it (by main(), or
        # here for a warm pool), so the children's CPU time has reached RUSAGE_CHILDREN when the
        # region ends. A warm pool's workers bring the CPU time they spent starting up with them:
        # read it now, to leave it out.
        machine_before = MachineCounters.read()
        pool_cpu_before = warm_pool.cpu_used_so_far() if warm_pool is not None else 0.0
        cpu_before = cpu_seconds()
        wall_start = time.perf_counter()
        outcome = run(size, workers, prepared, **pool)
        pool_lifetime.close()  # a warm pool: shut it down, waiting for its workers to exit
        wall_s = time.perf_counter() - wall_start
        stop_forkserver()  # see its docstring: after this, forkserver workers are counted too
        cpu_s = cpu_seconds() - cpu_before - pool_cpu_before
        contamination = MachineCounters.read().since(machine_before, cpu_s)

        extra = {"warmup_size": warmup_size, "warmup_s": warmup_s}
        if warm_pool is not None:
            extra.update(warm_pool.figures(pool_cpu_before))
        if spec is not None:
            extra["workers_spec"] = spec
        if module.KIND in THROUGHPUT_KINDS:
            # The work must really have been done: check the jobs' answers (outside the clock).
            extra.update(module.check(args.variant, size, outcome, prepared) or {})
            extra.update({"tasks": size, "ms_per_task": wall_s / size * 1000})
            metric = wall_s
        else:
            metric = outcome["metric"]
            extra.update(outcome.get("extra", {}))

    return {
        "ok": True,
        "workers": reported_workers,
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "metric": metric,
        "extra": extra,
        "contamination": contamination,
        "gil_enabled_at_end": gil_enabled(),
        "start_method": start_method,
        "python": platform.python_version(),
    }


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
        load_workload(name)
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
        if args.command == "interpreter":
            result = interpreter_facts()
        elif args.command == "catalogue":
            result = catalogue()
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
        result = {
            "ok": False,
            "error": f"{type(error).__name__}: {error}",
            "python": platform.python_version(),
        }
        print(json.dumps(result), flush=True)
        return 1
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
