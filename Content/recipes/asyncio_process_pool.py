"""asyncio for the waiting, a process pool for the CPU-heavy part.

The event loop overlaps the downloads (asyncio.sleep stands in for the network
here) and hands the parsing of each reply, pure-Python work that would hold the
GIL and stall the loop, to a ProcessPoolExecutor with loop.run_in_executor. The
pool is created once, before the loop starts, and shut down after it ends.
"""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

DOCUMENTS = 12
NUMBERS = 20_000  # per document


def parse(text: str) -> tuple[int, int]:
    # The CPU-heavy part, at module level so the pool can send it by name.
    # Returns the worker's pid only so the recipe can check where the work ran.
    total = sum(int(field) ** 2 % 1_000_003 for field in text.split(","))
    return os.getpid(), total


async def download(doc: int) -> str:
    # A network request: meanwhile the loop serves the other tasks.
    await asyncio.sleep(0.1)
    return ",".join(map(str, range(doc * NUMBERS, (doc + 1) * NUMBERS)))


async def process(doc: int, pool: ProcessPoolExecutor) -> tuple[int, int]:
    text = await download(doc)
    loop = asyncio.get_running_loop()
    # The loop awaits the worker's answer like any other wait. The text is
    # pickled to the worker and the result pickled back: send no more than the
    # work needs. With spawn or forkserver, each of the first calls that finds
    # no idle worker starts one, in the loop's thread: the loop stalls for a
    # process start each time until the pool is full: main() starts them first.
    return await loop.run_in_executor(pool, parse, text)


async def crawl(pool: ProcessPoolExecutor) -> list[tuple[int, int]]:
    jobs = [process(doc, pool) for doc in range(DOCUMENTS)]
    return await asyncio.gather(*jobs)


def usable_cpus() -> int:
    """The CPUs this process may run on (affinity), not the machine's count."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main() -> None:
    # One pool for the whole program: starting worker processes is far dearer
    # than one call, so never create a pool per request. forkserver (or spawn)
    # rather than fork: forking copies this process mid-flight, the event
    # loop's state and any locks its threads hold.
    methods = mp.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    workers = usable_cpus()  # the parsing needs CPUs; the loop only waits
    context = mp.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # Start every worker before the loop runs, so that no call made from
        # the loop has to wait for a process to start.
        list(pool.map(abs, range(workers)))
        results = asyncio.run(crawl(pool))
    # asyncio.run has closed the loop, and the `with` block has waited for the
    # workers to exit. gather returned the results in the order of its jobs.
    for doc, (_, total) in enumerate(results):
        numbers = range(doc * NUMBERS, (doc + 1) * NUMBERS)
        assert total == sum(n ** 2 % 1_000_003 for n in numbers)
    # Every parse ran in a worker process, none on the loop.
    assert os.getpid() not in {pid for pid, _ in results}
    print(f"ok: {DOCUMENTS} documents, parsed by {workers} {method} workers")


if __name__ == "__main__":
    main()
