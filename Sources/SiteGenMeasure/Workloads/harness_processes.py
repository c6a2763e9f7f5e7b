"""The process machinery around a cell: multiprocessing's helpers and warm process pools.

A program's first process of a start method starts helpers once (the resource tracker, the fork
server) and imports the code that starts processes; the harness does that before the timed
region, stops the fork server so its children's CPU time is counted, and starts a workload's
process pool warm (WarmPool). check_in and send_cpu_seconds run in the worker processes. A
support module of harness.py (see there): standard library only, Python 3.9+.

RESOURCE_TRACKER_STARTED is state of this module that start_resource_tracker() sets: read it as
harness_processes.RESOURCE_TRACKER_STARTED, not through a copy made by `from ... import`.
"""

import contextlib
import importlib
import os
import signal
import socket
import sys
import time

try:
    import resource  # not on Windows
except ImportError:
    resource = None

from harness_counters import cpu_seconds
from harness_facts import load_workload


# --- multiprocessing's helpers ----------------------------------------------------------------

# Set by the cell server once it has started multiprocessing's resource tracker, which every cell
# it forks then shares (as any forked child shares its parent's).
RESOURCE_TRACKER_STARTED = False


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
