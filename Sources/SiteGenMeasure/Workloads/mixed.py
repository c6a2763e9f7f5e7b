"""Waiting and Python work together: fetch a small JSON reply over loopback TCP, then work on it.

Each task sends a request to a loopback server, waits for the reply, parses it with json and
runs a pure-Python loop over its items. The wait overlaps in every concurrent model; the Python
work needs the GIL and runs one task at a time in threads and in asyncio alike. Only processes,
or a free-threaded build, run that part on several CPUs at once.

What a model gains here depends on the share of a task's time that is Python work, so the
variants set the work by duration, not by a loop count whose duration would depend on the CPU:
the two variants swap the same two durations. wait_heavy: the server waits 10 ms, then the work
on the reply lasts 0.5 ms. compute_heavy: the server waits 0.5 ms, then the work lasts 10 ms.
Before the run, the harness's server times one pass over a reply's items on this machine
(prepare()) and picks the number of passes that makes the work last that long; every cell of
the run then does that same work. Replies stay small (100 items, about 2 KB), so moving them
costs little.

Each cell also reports what setup() measured: `wait_ms` (one request on its own: connecting,
the server's delay, the reply), `work_ms` (the Python work on one reply) and `compute_share` =
work / (wait + work), about 0.05 for wait_heavy and 0.9 for compute_heavy. Sequential code
takes about N * (wait + work). asyncio, and threads on a build with the GIL, can hide the waits
but not the work, which runs on one CPU at a time: their speed-up cannot exceed
1 / compute_share, and they keep at most one CPU busy, where two processes come close to two.

asyncio_process_pool is the pattern that combines them: the event loop does the waiting, and
hands each reply to a process pool with loop.run_in_executor, so the Python work runs on
several CPUs while the loop goes on waiting for the next replies.
"""

import asyncio
import contextlib
import dataclasses
import json
import multiprocessing
import socket
import statistics
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import loopback

KIND = "mixed"
SUPPORT_FILES = ["loopback.py"]
ITEMS = 100  # items per reply

MIXED_MODELS = {
    "sequential": None,
    "asyncio": ["per_task"],
    "threads": ["per_task"],
}

VARIANTS = {
    "wait_heavy": {
        "description": "N requests: 10 ms server delay, then 0.5 ms of Python work on each reply",
        "unit": "s",
        "sizes": {"quick": 24, "standard": 60, "full": 240},
        "workers": dict(MIXED_MODELS, asyncio_process_pool=[2]),
        "delay_s": 0.010,
        "work_s": 0.0005,
    },
    "compute_heavy": {
        "description": "N requests: 0.5 ms server delay, then 10 ms of Python work on each reply",
        "unit": "s",
        "sizes": {"quick": 24, "standard": 60, "full": 240},
        "workers": dict(MIXED_MODELS, process_pool=[2], asyncio_process_pool=[2]),
        "delay_s": 0.0005,
        "work_s": 0.010,
    },
}


# --- one task: fetch a reply (the wait), then digest it (the Python work) -----------------------


def fetch(address, request_id):
    """Ask the server for one reply and wait for it, with blocking calls."""
    with socket.create_connection(address) as connection:
        connection.sendall(b"%d\n" % request_id)
        with connection.makefile("rb") as replies:
            return replies.readline()


def digest(reply, passes):
    """The Python work on one reply: parse it, then add up a function of every item, `passes` times.

    The passes stand in for whatever work a real reply needs (validating, transforming,
    scoring); setup() chooses their number so that the work lasts as long as the variant asks.
    """
    document = json.loads(reply)
    total = 0
    for _ in range(passes):
        for item in document["items"]:
            total += item["v"] * item["v"] % 97
    return document["id"], total


def fetch_and_digest(address, request_id, passes):
    return digest(fetch(address, request_id), passes)


async def fetch_async(address, request_id):
    """fetch() as a coroutine: the loop serves other tasks while this one waits for its reply."""
    reader, writer = await asyncio.open_connection(*address)
    writer.write(b"%d\n" % request_id)
    reply = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return reply


async def fetch_and_digest_async(address, request_id, passes):
    """The same task as a coroutine. digest() runs on the event loop, which waits meanwhile."""
    return digest(await fetch_async(address, request_id), passes)


# --- one function per model ---------------------------------------------------------------------


def run_sequential(address, size, passes):
    return [fetch_and_digest(address, request_id, passes) for request_id in range(size)]


def run_asyncio(address, size, workers, passes):
    return asyncio.run(gather_tasks(address, size, workers, passes))


async def gather_tasks(address, size, workers, passes):
    # At most `workers` tasks in flight; with workers == size, all of them at once.
    in_flight = asyncio.Semaphore(workers)

    async def limited_task(request_id):
        async with in_flight:
            return await fetch_and_digest_async(address, request_id, passes)

    return await asyncio.gather(*(limited_task(request_id) for request_id in range(size)))


def run_threads(address, size, workers, passes):
    results = [None] * size

    def worker(first):
        # Worker k runs tasks k, k + workers, k + 2 * workers, ... one after another.
        for request_id in range(first, size, workers):
            results[request_id] = fetch_and_digest(address, request_id, passes)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


async def fetch_then_hand_off(address, request_id, passes, pool):
    """The task as a coroutine that waits on the loop and hands the Python work to a process.

    run_in_executor pickles the reply (about 2 KB) and the pass count to a worker, and the loop
    goes on serving other tasks' waits until the worker's result comes back.
    """
    reply = await fetch_async(address, request_id)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, digest, reply, passes)


def run_asyncio_process_pool(address, size, passes, pool):
    async def all_tasks():
        return await asyncio.gather(
            *(fetch_then_hand_off(address, request_id, passes, pool) for request_id in range(size))
        )

    return asyncio.run(all_tasks())


def make_pool(model, workers, start_method):
    """The process pool for models process_pool and asyncio_process_pool, not yet started (it starts workers as calls come).

    The harness starts it before the timed region and waits until every worker has answered a
    first call, so the region times the tasks on a warm pool, as in a program that keeps its pool;
    the start-up is reported on its own (pool_start_s). It is shut down inside the region.
    """
    mp_context = multiprocessing.get_context(start_method)
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)


def run_process_pool(address, size, passes, pool):
    # Every worker of the pool is already running. Whoever made the pool shuts it down.
    return list(pool.map(fetch_and_digest, [address] * size, range(size), [passes] * size))


# --- sizing the work for this machine, before the timed region ----------------------------------


@dataclasses.dataclass
class Calibrated:
    """What setup() hands to main() and check()."""

    address: tuple  # the loopback server's (host, port)
    passes: int  # passes over a reply's items: the Python work per reply
    wait_s: float  # measured: one fetch() on its own
    work_s: float  # measured: one digest() with `passes` passes


def median_time(function, *args, repeats=3):
    """The median of a few timings, so that one slow moment can't set the result."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Passes per reply by target duration, chosen once per process. The harness's cell server calls
# prepare() before it forks any cell, so every cell of a run inherits the same counts and does
# the same work: a speed-up divides the times of equal amounts of work, whatever each cell's
# own timing of it would have chosen.
_PASSES = {}


def passes_for(work_s):
    """The passes that make digest() last work_s here, chosen once per process and then kept."""
    if work_s not in _PASSES:
        reply = b'{"id": -1, "items": %s}\n' % loopback.items_json(ITEMS)
        # Scale twice: from short runs, then from a run of about the full length, since a CPU
        # that was idle a moment ago may run the first milliseconds slower.
        passes = 10
        for repeats in (3, 3):
            passes = max(1, round(passes * work_s / median_time(digest, reply, passes, repeats=repeats)))
        _PASSES[work_s] = passes
    return _PASSES[work_s]


def prepare():
    """Size the work of every variant once, before the harness forks the cells of a run."""
    for spec in VARIANTS.values():
        passes_for(spec["work_s"])


def calibrate(address, work_s):
    """The passes for work_s, and how long a fetch() and a digest() take in this cell."""
    reply = fetch(address, -1)
    passes = passes_for(work_s)
    return Calibrated(address, passes, median_time(fetch, address, -1), median_time(digest, reply, passes))


@contextlib.contextmanager
def setup(variant, size):
    """One server for the whole cell (calibration, warm-up and timed run); always stopped."""
    spec = VARIANTS[variant]
    with loopback.running_server(delay_s=spec["delay_s"], items=ITEMS) as address:
        yield calibrate(address, spec["work_s"])


# --- entry points -------------------------------------------------------------------------------


def main(model, workers, size, variant, start_method=None, prepared=None, pool=None):
    """Run the N tasks with one model; return (id, total) for each, in order.

    `pool`: for process_pool and asyncio_process_pool, a running pool from make_pool(); without one, a pool is made,
    started and shut down for this call alone.
    """
    address, passes = prepared.address, prepared.passes
    if model == "sequential":
        return run_sequential(address, size, passes)
    if model == "asyncio":
        return run_asyncio(address, size, workers, passes)
    if model == "threads":
        return run_threads(address, size, workers, passes)
    if model in ("process_pool", "asyncio_process_pool"):
        run = run_process_pool if model == "process_pool" else run_asyncio_process_pool
        if pool is None:
            # Leaving the with-block shuts the pool down and waits for its processes to exit.
            with make_pool(model, workers, start_method) as pool:
                return run(address, size, passes, pool)
        return run(address, size, passes, pool)
    raise ValueError(f"mixed has no model {model!r}")


def check(variant, size, results, prepared):
    """Every reply must have come back for its own request and been summed, pass by pass."""
    one_pass = sum(loopback.item_value(k) ** 2 % 97 for k in range(ITEMS))
    expected_total = one_pass * prepared.passes
    expected = [(request_id, expected_total) for request_id in range(size)]
    if [tuple(result) for result in results] != expected:
        raise AssertionError(f"expected {size} replies, each summing to {expected_total}")
    wait_ms, work_ms = prepared.wait_s * 1000, prepared.work_s * 1000
    return {
        "items_per_reply": ITEMS,
        "server_delay_ms": VARIANTS[variant]["delay_s"] * 1000,
        "passes_per_reply": prepared.passes,
        "work_size": prepared.passes,  # sized on each run: runs that differ here did different work
        "wait_ms": wait_ms,
        "work_ms": work_ms,
        "compute_share": work_ms / (wait_ms + work_ms),
    }
