"""Pure-Python CPU work: N independent jobs of integer arithmetic, spread over workers.

Each job is a loop of Python bytecode that never waits and never calls C code that releases
the GIL. On a build with a GIL only one thread runs Python bytecode at a time: threads take
turns (the waiting thread asks for the GIL after the switch interval, 5 ms by default), so 2 or
4 threads finish no sooner than 1 and the process uses at most one CPU second per wall second.
Processes each have their own interpreter and GIL, and so do subinterpreters (3.14+), so they
run in parallel, up to the number of CPUs the process may use; a worker count above that only
adds start-up cost. On a free-threaded build, threads run in parallel too.
"""

import multiprocessing
import os
import site
import threading
from concurrent.futures import ProcessPoolExecutor

KIND = "cpu"
HERE = os.path.dirname(os.path.abspath(__file__))
LOOPS = 60_000  # steps per job: tens of milliseconds of pure Python on a current CPU

VARIANTS = {
    "loop": {
        "description": "N jobs of 60,000 steps of integer arithmetic in a Python loop",
        "unit": "s",
        "sizes": {"quick": 16, "standard": 40, "full": 160},
        "workers": {
            "sequential": None,
            "threads": [1, 2, 4],
            "processes": [2],
            "process_pool": [2, 4],
            "interpreter_pool": [1, 2, 4],
        },
    },
}


def python_job(job_id):
    """One job: LOOPS steps of a linear congruential generator, summed, in plain Python.

    Every job does the same arithmetic, so every job must return the same total: that is how
    check() knows each job really ran. (job_id only names the job.)
    """
    x = 12345
    total = 0
    for _ in range(LOOPS):
        x = (x * 1103515245 + 12345) % 2147483648
        total += x >> 16
    return total


# What every job must return, computed once when the module is imported (by the harness's cell
# server before any cell runs), so that checking a run's answers costs no job of its own.
EXPECTED_TOTAL = python_job(0)


def run_sequential(size):
    return [python_job(job_id) for job_id in range(size)]


def run_threads(size, workers):
    results = [None] * size

    def worker(first):
        # Worker k runs jobs k, k + workers, k + 2 * workers, ...
        for job_id in range(first, size, workers):
            results[job_id] = python_job(job_id)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def process_worker(first, step, size, results):
    """The body of one multiprocessing.Process: run its share of the jobs, send the totals back."""
    for job_id in range(first, size, step):
        results.put((job_id, python_job(job_id)))


def run_processes(size, workers, start_method):
    mp_context = multiprocessing.get_context(start_method)
    results = mp_context.Queue()
    processes = [
        mp_context.Process(target=process_worker, args=(k, workers, size, results))
        for k in range(workers)
    ]
    for process in processes:
        process.start()
    totals = [None] * size
    # Read every result before join(): a process that has put data on a queue does not exit
    # until that data has been taken, so joining first can wait forever.
    for _ in range(size):
        job_id, total = results.get()
        totals[job_id] = total
    for process in processes:
        process.join()
    return totals


def make_pool(model, workers, start_method):
    """The process pool for model process_pool, not yet started (it starts workers as calls come).

    The harness starts it before the timed region and waits until every worker has answered a
    first call, so the region times the jobs on a warm pool, as in a program that keeps its pool;
    the start-up is reported on its own (pool_start_s). It is shut down inside the region.
    """
    mp_context = multiprocessing.get_context(start_method)
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)


def run_process_pool(size, pool):
    # Every worker of the pool is already running. Whoever made the pool shuts it down.
    return list(pool.map(python_job, range(size)))


def run_interpreter_pool(size, workers):
    from concurrent.futures import InterpreterPoolExecutor  # Python 3.14 and later only

    # A new interpreter starts with the sys.path Python was started with, which does not hold
    # this folder: add it, so that the interpreter can import this module to find python_job.
    with InterpreterPoolExecutor(
        max_workers=workers, initializer=site.addsitedir, initargs=(HERE,)
    ) as pool:
        return list(pool.map(python_job, range(size)))


def main(model, workers, size, variant="loop", start_method=None, prepared=None, pool=None):
    """Run the N jobs with one model; return each job's total, in order.

    `pool`: for process_pool, a running pool from make_pool(); without one, a pool is made,
    started and shut down for this call alone.
    """
    if model == "sequential":
        return run_sequential(size)
    if model == "threads":
        return run_threads(size, workers)
    if model == "processes":
        return run_processes(size, workers, start_method)
    if model == "process_pool":
        if pool is None:
            # Leaving the with-block shuts the pool down and waits for its processes to exit.
            with make_pool(model, workers, start_method) as pool:
                return run_process_pool(size, pool)
        return run_process_pool(size, pool)
    if model == "interpreter_pool":
        return run_interpreter_pool(size, workers)
    raise ValueError(f"cpu_python has no model {model!r}")


def check(variant, size, results, prepared=None):
    """Every job must have returned the total that one job computes here."""
    wrong = sum(1 for total in results if total != EXPECTED_TOTAL)
    if len(results) != size or wrong:
        raise AssertionError(f"{wrong} of {len(results)} jobs gave a wrong total ({size} expected)")
    return {}
