"""What one unit of concurrency costs: start time and memory of a task, thread, process, pool task.

A unit here does nothing, so all that is measured is the cost of the unit itself. An asyncio
task is a Python object scheduled on a loop that already runs; a thread needs an operating
system thread with its own stack; a process needs a whole interpreter: fork copies this one
(copy-on-write), forkserver forks a small server process started once, and spawn starts a new
interpreter that imports the modules it needs. A process pool's worker is such a process, ready
once it has answered a first call. A pool task pays for pickling the call and its result and
sending both through pipes, unless many calls travel in one chunk.

Start cost is the time to start N units and wait for all of them, divided by N. Memory is
the growth in resident memory with N idle units alive, divided by N; for processes it is read
from each child (PSS on Linux, which shares copy-on-write pages out fairly, and RSS beside it).
"""

import asyncio
import gc
import multiprocessing
import os
import socket
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from memory_probe import peak_rss_kib, read_smaps_rollup_kib, read_status_kib, resident_kib

KIND = "overhead"
SUPPORT_FILES = ["memory_probe.py"]
POOL_WORKERS = 2  # the pools for the per-task figures: two workers on every machine
LARGE_CHUNKSIZE = 500

VARIANTS = {
    "start_task": {
        "description": "start N asyncio tasks that return at once, then await them all",
        "unit": "us_per_unit",
        "sizes": {"quick": 20000, "standard": 50000, "full": 200000},
        "workers": {"asyncio": None},
    },
    "start_thread": {
        "description": "start N threads that return at once, then join them all",
        "unit": "us_per_unit",
        "sizes": {"quick": 800, "standard": 2000, "full": 8000},
        "workers": {"threads": None},
    },
    "start_process": {
        "description": "start N processes that exit at once, then join them all",
        "unit": "us_per_unit",
        "sizes": {"quick": 6, "standard": 15, "full": 60},
        "workers": {"processes": None},
        "all_start_methods": ["processes"],  # start-up is where the start methods differ most
    },
    "start_pool": {
        "description": "start a ProcessPoolExecutor of N workers, until each has answered a call",
        "unit": "us_per_unit",
        "sizes": {"quick": 2, "standard": 6, "full": 16},  # N processes alive at once
        "workers": {"process_pool": None},
        "all_start_methods": ["process_pool"],
    },
    "thread_pool_task": {
        "description": "N trivial calls through a running 2-thread ThreadPoolExecutor",
        "unit": "us_per_unit",
        "sizes": {"quick": 8000, "standard": 20000, "full": 80000},
        "workers": {"thread_pool": None},
    },
    "process_pool_task_chunksize_1": {
        "description": "N trivial calls through a running 2-process pool, map(chunksize=1)",
        "unit": "us_per_unit",
        "sizes": {"quick": 1000, "standard": 2500, "full": 10000},
        "workers": {"process_pool": None},
    },
    "process_pool_task_chunksize_500": {
        "description": "N trivial calls through a running 2-process pool, map(chunksize=500)",
        "unit": "us_per_unit",
        "sizes": {"quick": 40000, "standard": 100000, "full": 400000},
        "workers": {"process_pool": None},
    },
    "memory_task": {
        "description": "resident memory added by each of N idle asyncio tasks",
        "unit": "KiB_per_unit",
        "sizes": {"quick": 10000, "standard": 50000, "full": 200000},
        "workers": {"asyncio": None},
        "warmup_size": 1,  # a large warm-up would leave freed memory for the real run to reuse
    },
    "memory_thread": {
        "description": "resident memory added by each of N idle threads (and address space)",
        "unit": "KiB_per_unit",
        "sizes": {"quick": 200, "standard": 500, "full": 1000},
        "workers": {"threads": None},
        "warmup_size": 1,
    },
    "memory_process": {
        "description": "memory of each of N idle worker processes: PSS where available, else RSS",
        "unit": "KiB_per_unit",
        "sizes": {"quick": 4, "standard": 12, "full": 32},
        "workers": {"processes": None},
        "warmup_size": 1,
    },
}


def return_at_once(unit_id):
    """The work of every unit: none. Returns its id, so we can check each unit ran."""
    return unit_id


async def return_at_once_async(unit_id):
    return unit_id


# --- start cost -------------------------------------------------------------------------------


def start_tasks(size):
    return asyncio.run(start_tasks_on_loop(size))


async def start_tasks_on_loop(size):
    start = time.perf_counter()
    tasks = [asyncio.create_task(return_at_once_async(i)) for i in range(size)]
    results = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    return elapsed, results


def start_threads(size):
    results = [None] * size

    def unit(unit_id):
        results[unit_id] = return_at_once(unit_id)

    start = time.perf_counter()
    threads = []
    for unit_id in range(size):
        thread = threading.Thread(target=unit, args=(unit_id,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return elapsed, results


def start_processes(size, start_method):
    mp_context = multiprocessing.get_context(start_method)
    # The target is a built-in function, so a spawned child has no module of ours to import:
    # this is the cost of the start method itself. Importing your own modules comes on top.
    target = os.getpid
    # One process first, untimed: the first start also pays one-off costs (starting the fork
    # server, importing multiprocessing's internals) that a program pays once, not per process.
    first = mp_context.Process(target=target)
    first.start()
    first.join()

    start = time.perf_counter()
    processes = []
    for _ in range(size):
        process = mp_context.Process(target=target)
        process.start()
        processes.append(process)
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    return elapsed, [process.exitcode for process in processes]


def report_in(address):
    """A pool worker's first call: connect to the parent and wait there until it lets go, which
    it does once every worker has connected. Returns the worker's pid."""
    with socket.create_connection(address) as connection:
        connection.recv(1)  # returns (empty) when the parent closes the connection
    return os.getpid()


def start_every_worker(pool, workers, first_call=report_in, args=()):
    """Make each of a process pool's `workers` workers start and answer one call; return the
    answers. first_call(address, *args) must do what report_in does.

    A pool starts its workers when calls arrive, not when it is made: with fork all of them at
    the first call, with spawn and forkserver (Python 3.9 and later) one per call that finds no
    worker idle. So send one call per worker and hold each call, connected to us, until all of
    them have connected. A worker runs one call at a time, so `workers` calls held at once are
    that many different workers, every one started; and as no call returns before the last one
    has arrived, no worker falls idle early and takes a second call in another's place.
    """
    with socket.create_server(("127.0.0.1", 0), backlog=workers) as listener:
        listener.settimeout(0.1)  # while no worker connects, look now and then for a failed call
        calls = [pool.submit(first_call, listener.getsockname(), *args) for _ in range(workers)]
        connected = []
        try:
            while len(connected) < workers:
                try:
                    connected.append(listener.accept()[0])
                except socket.timeout:
                    for call in calls:
                        if call.done():
                            call.result()  # raises what the call raised, e.g. BrokenProcessPool
                            raise RuntimeError("a first call returned before all workers started")
        finally:
            for connection in connected:
                connection.close()  # every worker is up: let all the calls return
    return [call.result() for call in calls]


def start_pool(size, start_method):
    """Start a pool of `size` workers; the time until each of them has answered a first call."""
    mp_context = multiprocessing.get_context(start_method)
    # One process first, untimed, as in start_processes: what a program starts once, with its first
    # process (the resource tracker for spawn and forkserver, the fork server), is no pool's cost.
    first = mp_context.Process(target=os.getpid)
    first.start()
    first.join()

    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=size, mp_context=mp_context) as pool:
        pids = start_every_worker(pool, size)
        elapsed = time.perf_counter() - start
    # Shutting the pool down (leaving the with-block) is not timed: a pool is started to be used.
    return elapsed, pids


def thread_pool_tasks(size):
    with ThreadPoolExecutor(max_workers=POOL_WORKERS) as pool:
        list(pool.map(time.sleep, [0.01] * POOL_WORKERS))  # start every thread before timing
        start = time.perf_counter()
        results = list(pool.map(return_at_once, range(size)))
        elapsed = time.perf_counter() - start
    return elapsed, results


def process_pool_tasks(size, start_method, chunksize):
    mp_context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=POOL_WORKERS, mp_context=mp_context) as pool:
        start_every_worker(pool, POOL_WORKERS)  # time the calls, not the workers' start-up
        start = time.perf_counter()
        results = list(pool.map(return_at_once, range(size), chunksize=chunksize))
        elapsed = time.perf_counter() - start
    return elapsed, results


# --- memory ---------------------------------------------------------------------------------------


def per_unit(before, after, size):
    if before is None or after is None:
        return None
    return (after - before) / size


def memory_of_tasks(size):
    return asyncio.run(idle_tasks(size))


async def idle_tasks(size):
    release = asyncio.Event()
    gc.collect()
    before, measure = resident_kib()
    tasks = [asyncio.create_task(release.wait()) for _ in range(size)]
    await asyncio.sleep(0)  # let every task run up to its first await: now all of them are idle
    after, _ = resident_kib()
    release.set()
    await asyncio.gather(*tasks)
    return per_unit(before, after, size), {"memory_measure": measure}


def memory_of_threads(size):
    release = threading.Event()
    all_started = threading.Barrier(size + 1)

    def idle_thread():
        all_started.wait()
        release.wait()

    gc.collect()
    before, measure = resident_kib()
    virtual_before = read_status_kib("self", "VmSize")
    threads = [threading.Thread(target=idle_thread) for _ in range(size)]
    for thread in threads:
        thread.start()
    all_started.wait()  # every thread is alive and about to wait
    after, _ = resident_kib()
    virtual_after = read_status_kib("self", "VmSize")
    release.set()
    for thread in threads:
        thread.join()
    extra = {
        "memory_measure": measure,
        # Each thread reserves address space for its whole stack, but only touched pages count
        # as resident: the two figures differ by orders of magnitude.
        "virtual_kib_per_unit": per_unit(virtual_before, virtual_after, size),
    }
    return per_unit(before, after, size), extra


def idle_worker(ready, release):
    """The body of each idle process: report in, then wait to be released.

    A spawned or forkserver child imports this module to find this function, and with it
    asyncio and concurrent.futures: their memory is part of what such a worker costs.
    """
    ready.put((os.getpid(), peak_rss_kib()))
    release.wait()


def memory_of_processes(size, start_method):
    mp_context = multiprocessing.get_context(start_method)
    ready = mp_context.Queue()
    release = mp_context.Event()
    processes = [mp_context.Process(target=idle_worker, args=(ready, release)) for _ in range(size)]
    for process in processes:
        process.start()
    try:
        reports = [ready.get() for _ in range(size)]  # every process is now up and idle
        rss = [read_status_kib(pid, "VmRSS") for pid, _ in reports]
        rollups = [read_smaps_rollup_kib(pid) for pid, _ in reports]
        peaks = [peak for _, peak in reports]
    finally:
        release.set()
        for process in processes:
            process.join()

    def mean(values):
        return sum(values) / len(values) if values and None not in values else None

    pss = mean([r["pss"] if r else None for r in rollups])
    uss = mean([r["uss"] if r else None for r in rollups])
    rss_mean, peak_mean = mean(rss), mean(peaks)
    if pss is not None:
        metric, measure = pss, "Pss"
    elif rss_mean is not None:
        metric, measure = rss_mean, "VmRSS"
    else:
        metric, measure = peak_mean, "ru_maxrss"
    extra = {
        "memory_measure": measure,
        "pss_kib_per_unit": pss,
        "uss_kib_per_unit": uss,
        "rss_kib_per_unit": rss_mean,
        "peak_rss_kib_per_unit": peak_mean,
    }
    return metric, extra


# --- entry point --------------------------------------------------------------------------------


def start_cost(elapsed, size):
    return {"metric": elapsed / size * 1e6, "extra": {"units": size, "elapsed_s": elapsed}}


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Measure one variant; return {"metric": per-unit figure, "extra": {...}}."""
    if variant == "start_task":
        elapsed, results = start_tasks(size)
    elif variant == "start_thread":
        elapsed, results = start_threads(size)
    elif variant == "start_process":
        elapsed, exit_codes = start_processes(size, start_method)
        results = list(range(size)) if exit_codes == [0] * size else exit_codes
    elif variant == "start_pool":
        elapsed, pids = start_pool(size, start_method)
        results = list(range(size)) if len(set(pids)) == size else pids  # one answer per worker
    elif variant == "thread_pool_task":
        elapsed, results = thread_pool_tasks(size)
    elif variant == "process_pool_task_chunksize_1":
        elapsed, results = process_pool_tasks(size, start_method, chunksize=1)
    elif variant == "process_pool_task_chunksize_500":
        elapsed, results = process_pool_tasks(size, start_method, chunksize=LARGE_CHUNKSIZE)
    else:
        if variant == "memory_task":
            metric, extra = memory_of_tasks(size)
        elif variant == "memory_thread":
            metric, extra = memory_of_threads(size)
        elif variant == "memory_process":
            metric, extra = memory_of_processes(size, start_method)
        else:
            raise ValueError(f"overhead has no variant {variant!r}")
        extra["units"] = size
        return {"metric": metric, "extra": extra}
    # Every unit must really have run (for processes: exited cleanly).
    if list(results) != list(range(size)):
        raise AssertionError(f"{variant}: not every one of the {size} units ran and returned")
    return start_cost(elapsed, size)
