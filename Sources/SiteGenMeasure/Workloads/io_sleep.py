"""Pure waiting: N timer waits of 10 ms each, spread over the workers of each model.

A waiting thread holds no GIL (time.sleep releases it) and a waiting coroutine holds no event
loop (await asyncio.sleep hands the loop back), so the waits overlap in every model and the CPU
stays idle. What sets the wall time is how many waits are in flight at once: N waits of 10 ms
with K in flight take about ceil(N / K) x 10 ms, whatever the model. asyncio.to_thread and a
ThreadPoolExecutor without a size run at most min(32, CPUs + 4) blocking waits at once; a process
pool overlaps no more waits than it has workers, and pays for pickling every call and its result
(its start-up, a figure of its own, is paid before the clock starts: see make_pool).
"""

import asyncio
import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

KIND = "wait"
WAIT_S = 0.010  # one wait: 10 ms

VARIANTS = {
    "sleep": {
        "description": "N waits of 10 ms: time.sleep, or asyncio.sleep in coroutines",
        "unit": "s",
        "sizes": {"quick": 40, "standard": 100, "full": 400},
        "workers": {
            "sequential": None,
            "asyncio": ["per_task"],
            "asyncio_to_thread": ["default"],
            "threads": ["per_task"],
            "thread_pool": [2, "default"],
            "process_pool": [2],
        },
    },
}


def wait_once(task_id):
    """One blocking wait. Returns its task id, so the harness can check every wait happened."""
    time.sleep(WAIT_S)
    return task_id


async def wait_once_async(task_id):
    """One wait as a coroutine: the event loop runs other tasks meanwhile."""
    await asyncio.sleep(WAIT_S)
    return task_id


def run_sequential(size):
    return [wait_once(task_id) for task_id in range(size)]


def run_asyncio(size, workers):
    return asyncio.run(gather_waits(size, workers))


async def gather_waits(size, workers):
    # The semaphore lets at most `workers` waits be in flight; with workers == size it never
    # holds anyone back, which is what plain asyncio.gather does.
    in_flight = asyncio.Semaphore(workers)

    async def limited_wait(task_id):
        async with in_flight:
            return await wait_once_async(task_id)

    return await asyncio.gather(*(limited_wait(task_id) for task_id in range(size)))


def run_asyncio_to_thread(size, workers):
    return asyncio.run(gather_waits_in_threads(size, workers))


async def gather_waits_in_threads(size, workers):
    # asyncio.to_thread runs the blocking wait in the loop's default executor. Unless we give
    # the loop an executor of our own, that is ThreadPoolExecutor() with its default size.
    if workers is not None:
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=workers))
    return await asyncio.gather(*(asyncio.to_thread(wait_once, task_id) for task_id in range(size)))


def run_threads(size, workers):
    results = [None] * size

    def worker(first):
        # Worker k takes tasks k, k + workers, k + 2 * workers, ... one after another.
        for task_id in range(first, size, workers):
            results[task_id] = wait_once(task_id)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def run_thread_pool(size, workers):
    # workers=None means the default size, min(32, CPUs + 4).
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(wait_once, range(size)))


def make_pool(model, workers, start_method):
    """The process pool for model process_pool, not yet started (it starts workers as calls come).

    The harness starts it before the timed region and waits until every worker has answered a
    first call, so the region times the waits on a warm pool; the start-up is reported on its own
    (pool_start_s). It is shut down inside the region.
    """
    mp_context = multiprocessing.get_context(start_method)
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)


def run_process_pool(size, pool):
    # Every worker of the pool is already running. Whoever made the pool shuts it down.
    return list(pool.map(wait_once, range(size)))


def main(model, workers, size, variant="sleep", start_method=None, prepared=None, pool=None):
    """Run the N waits with one model; return the task ids in order.

    `pool`: for process_pool, a running pool from make_pool(); without one, a pool is made,
    started and shut down for this call alone.
    """
    if model == "sequential":
        return run_sequential(size)
    if model == "asyncio":
        return run_asyncio(size, workers)
    if model == "asyncio_to_thread":
        return run_asyncio_to_thread(size, workers)
    if model == "threads":
        return run_threads(size, workers)
    if model == "thread_pool":
        return run_thread_pool(size, workers)
    if model == "process_pool":
        if pool is None:
            # Leaving the with-block shuts the pool down and waits for its processes to exit.
            with make_pool(model, workers, start_method) as pool:
                return run_process_pool(size, pool)
        return run_process_pool(size, pool)
    raise ValueError(f"io_sleep has no model {model!r}")


def check(variant, size, results, prepared=None):
    """Every wait must have run exactly once."""
    if list(results) != list(range(size)):
        raise AssertionError(f"expected task ids 0..{size - 1} in order, got {len(results)} ids")
    return {}
