"""Threads for blocking I/O: a ThreadPoolExecutor whose workers take jobs from
a queue.Queue.

Shows the two safe ways for threads to share data: a queue.Queue, which does
its own locking, hands the jobs out, and a threading.Lock guards the counters
every worker updates. One sentinel per worker ends the workers cleanly, and
leaving the `with` block waits for all of them.
"""
from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

WORKERS = 8
JOBS = 64
STOP = object()  # the sentinel: a unique object no real job can be equal to


def fetch(job: int) -> int:
    # Stands in for a blocking call (a socket read, a database query). Like
    # real blocking I/O, time.sleep releases the GIL, so the other workers run
    # while this one waits.
    time.sleep(0.01)
    return job * job


def worker(jobs: queue.Queue, stats: dict[str, int],
           lock: threading.Lock) -> int:
    done = 0
    while True:
        # Blocks until there is a job; the queue needs no lock of ours.
        job = jobs.get()
        if job is STOP:
            return done
        # `stats["in_flight"] += 1` is a read, an add and a write: another
        # thread can run between them and an update is lost. The lock makes
        # each read-modify-write whole.
        with lock:
            stats["in_flight"] += 1
            stats["peak"] = max(stats["peak"], stats["in_flight"])
        # Never hold a lock while waiting: the others would wait too.
        value = fetch(job)
        with lock:
            stats["in_flight"] -= 1
            stats["total"] += value
        done += 1


def main() -> None:
    jobs: queue.Queue = queue.Queue()
    stats = {"in_flight": 0, "peak": 0, "total": 0}
    lock = threading.Lock()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(worker, jobs, stats, lock)
                   for _ in range(WORKERS)]
        try:
            for job in range(JOBS):
                jobs.put(job)
        finally:
            # One sentinel each, even if producing failed: a worker that takes
            # one stops, so leaving the `with` block can't wait forever.
            for _ in range(WORKERS):
                jobs.put(STOP)
        # result() re-raises an exception a worker died of: none is lost.
        done = [future.result() for future in futures]
    # The `with` block has waited for every thread: none is left running.
    assert sum(done) == JOBS, done
    assert stats["total"] == sum(job * job for job in range(JOBS)), stats
    assert stats["in_flight"] == 0 and 1 < stats["peak"] <= WORKERS, stats
    print(f"ok: {JOBS} jobs, {WORKERS} threads, "
          f"at most {stats['peak']} waiting at once")


if __name__ == "__main__":
    main()
