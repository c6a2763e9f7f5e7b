"""Processes for pure-Python CPU work: ProcessPoolExecutor.map over many small
items, in chunks.

Each item is far too cheap to be worth a message to a worker of its own, so
`chunksize` sends them in batches. The pool asks for its start method
explicitly and sizes itself from the CPUs this process may use, and the
`__main__` guard keeps the workers from running the program again.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor

ITEMS = 20_000


def collatz_steps(n: int) -> int:
    # Pure Python holds the GIL all along: threads would take turns, processes
    # run in parallel. It lives at module level because the pool sends
    # functions by name, and workers import them.
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def usable_cpus() -> int:
    # os.cpu_count() counts the machine's CPUs; these two count the ones this
    # process may run on (CPU affinity, as taskset or a container's cpuset set
    # it; a container's CPU quota is not seen, so pass --workers there).
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main() -> None:
    items = range(1, ITEMS + 1)
    # `fork` copies this process, with any locks its threads held at that
    # moment, and is no longer the default on macOS (3.8) or Linux (3.14). A
    # forkserver forks workers from a clean server process; spawn (the only
    # method on Windows) starts fresh interpreters. Asking for one makes the
    # program behave the same everywhere.
    methods = mp.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    workers = usable_cpus()
    # A few chunks per worker: one message carries hundreds of items, yet no
    # worker is left running one huge last chunk alone while the others sit
    # idle.
    chunksize = max(1, len(items) // (workers * 4))
    context = mp.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        steps = list(pool.map(collatz_steps, items, chunksize=chunksize))
    # The `with` block shut the pool down and waited for its workers to exit.
    # map returns the results in the order of the input, chunks or not.
    assert len(steps) == len(items)
    assert steps[27 - 1] == 111 and steps[0] == 0
    sample = range(1, ITEMS + 1, 997)
    assert all(steps[n - 1] == collatz_steps(n) for n in sample)
    print(f"ok: {len(items)} items, {workers} {method} workers, "
          f"{chunksize} per chunk")


if __name__ == "__main__":
    main()
