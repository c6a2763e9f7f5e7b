"""asyncio control flow: starting and awaiting tasks, cancellation, timeouts, shield, semaphores.

Every variant times one mechanism on one event loop, with units of work that are as small as
they can be, so that what is measured is the mechanism itself:

- gather, TaskGroup (3.11+) and eager tasks (3.12+): N tasks that return at once, started and
  awaited; µs per task. An eager task runs its coroutine at once, inside create_task(), up to its
  first await: one that never waits finishes without ever being scheduled on the loop.
- cancel: N tasks waiting on an Event, all cancelled, then awaited; µs per task. Beside it, how
  long one cancelled task takes to finish: from cancel() until the task is done, one at a time.
- timeouts: how much later than asked a timeout fires, on an idle loop and on a loop where two
  other tasks each run a CPU burst of 2 ms between their awaits. A timeout is a callback on the
  loop: it runs between other callbacks, never in the middle of one, so every burst that is
  running or queued when it is due delays it, and after it fires the cancelled code needs more
  passes of the loop (each one running the bursts again) before the awaiting code goes on.
- shield: awaiting a coroutine through asyncio.shield() against awaiting it directly.
- as_completed against gather: how soon the first result of ten jobs of 2 to 20 ms is in hand.
- a semaphore around the body of N tasks: the peak number running at once, with and without it.
- N short child processes: asyncio.create_subprocess_exec against subprocess.run, one after
  another and in four threads.
"""

import asyncio
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

KIND = "overhead"
TIMEOUT_S = 0.002  # every timeout asks to fire 2 ms after it starts
BURST_S = 0.002  # a busy task's CPU burst between two awaits
BUSY_TASKS = 2
SEMAPHORE_LIMIT = 4
SUBPROCESS_THREADS = 4
FIRST_RESULT_JOBS_MS = [2 * (i + 1) for i in range(10)]  # ten jobs of 2, 4, ... 20 ms
# The short child: `true` where there is one, else an interpreter that does nothing (far slower).
CHILD = [shutil.which("true")] if shutil.which("true") else [sys.executable, "-c", "pass"]

TASK_SIZES = {"quick": 2000, "standard": 5000, "full": 20000}
TIMEOUT_SIZES = {"quick": 8, "standard": 20, "full": 80}
CHILD_SIZES = {"quick": 24, "standard": 60, "full": 240}
# One child after another is only the baseline the two concurrent ways are compared with: fewer.
SEQUENTIAL_CHILD_SIZES = {"quick": 12, "standard": 30, "full": 120}
ROUND_SIZES = {"quick": 6, "standard": 15, "full": 60}  # rounds of ten jobs, about 20 ms each


def probe(description, unit, sizes, model="asyncio"):
    return {"description": description, "unit": unit, "sizes": sizes, "workers": {model: None}}


VARIANTS = {
    "gather": probe("start N tasks that return at once, await them with gather", "us_per_unit", TASK_SIZES),
    "cancel": probe("N tasks waiting on an Event: cancel each, await them all", "us_per_unit", TASK_SIZES),
    "timeout_idle": probe("how late wait_for's 2 ms timeout fires on an idle loop (median of N)", "ms",
                          TIMEOUT_SIZES),
    "timeout_busy": probe("how late wait_for's 2 ms timeout fires beside 2 tasks running 2 ms CPU bursts",
                          "ms", TIMEOUT_SIZES),
    "shield": probe("await N coroutines through asyncio.shield()", "us_per_unit", TASK_SIZES),
    "await_direct": probe("await N coroutines directly", "us_per_unit", TASK_SIZES),
    "first_result_gather": probe("ms until the first of 10 jobs of 2-20 ms is in hand, with gather (N rounds)",
                                 "ms", ROUND_SIZES),
    "first_result_as_completed": probe("ms until the first of 10 jobs of 2-20 ms is in hand, with as_completed",
                                       "ms", ROUND_SIZES),
    "semaphore": probe(f"N tasks, body under asyncio.Semaphore({SEMAPHORE_LIMIT}); reports the peak running",
                       "us_per_unit", TASK_SIZES),
    "no_semaphore": probe("N tasks, no semaphore; reports the peak running", "us_per_unit", TASK_SIZES),
    "subprocess_asyncio": probe("N short children with asyncio.create_subprocess_exec, all at once",
                                "us_per_unit", CHILD_SIZES),
    "subprocess_threads": probe(f"N short children with subprocess.run in {SUBPROCESS_THREADS} threads",
                                "us_per_unit", CHILD_SIZES, model="thread_pool"),
    "subprocess_sequential": probe("N short children with subprocess.run, one after another", "us_per_unit",
                                   SEQUENTIAL_CHILD_SIZES, model="sequential"),
}
# Newer APIs are measured where the interpreter has them; an older one does not offer the variant.
if sys.version_info >= (3, 11):
    VARIANTS["task_group"] = probe("start N tasks that return at once in an asyncio.TaskGroup (3.11+)",
                                   "us_per_unit", TASK_SIZES)
    VARIANTS["timeout_cm_busy"] = probe("as timeout_busy, with async with asyncio.timeout() (3.11+)", "ms",
                                        TIMEOUT_SIZES)
if sys.version_info >= (3, 12):
    VARIANTS["eager_gather"] = probe("as gather, with asyncio.eager_task_factory (3.12+)", "us_per_unit",
                                     TASK_SIZES)


async def return_at_once(i):
    return i


# --- starting and awaiting tasks ----------------------------------------------------------------


async def with_gather(size):
    tasks = [asyncio.create_task(return_at_once(i)) for i in range(size)]
    return await asyncio.gather(*tasks)


async def with_task_group(size):
    # A TaskGroup awaits every task when the block ends, and cancels the rest if one fails.
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(return_at_once(i)) for i in range(size)]
    return [task.result() for task in tasks]


async def with_eager_tasks(size):
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    # Each task runs to its end inside create_task(): there is nothing left for the loop to do.
    tasks = [asyncio.create_task(return_at_once(i)) for i in range(size)]
    return await asyncio.gather(*tasks)


# --- cancellation -------------------------------------------------------------------------------


async def cancel_waiting_tasks(size):
    never = asyncio.Event()
    tasks = [asyncio.create_task(never.wait()) for _ in range(size)]
    await asyncio.sleep(0)  # let every task run to its await
    start = time.perf_counter()
    for task in tasks:
        task.cancel()  # only asks: the task ends when it next runs and gets CancelledError
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = time.perf_counter() - start
    cancelled = sum(isinstance(o, asyncio.CancelledError) for o in outcomes)
    return elapsed, cancelled, await cancel_to_done(min(size, 200))


async def cancel_to_done(samples):
    """One waiting task at a time: seconds from cancel() until the task is done."""
    never = asyncio.Event()
    times = []
    for _ in range(samples):
        task = asyncio.create_task(never.wait())
        await asyncio.sleep(0)
        start = time.perf_counter()
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            times.append(time.perf_counter() - start)
    return times


# --- timeouts -----------------------------------------------------------------------------------


async def busy(stop):
    """A task that runs CPU bursts of BURST_S, letting the loop run others between them."""
    while not stop:
        end = time.perf_counter() + BURST_S
        while time.perf_counter() < end:
            pass
        await asyncio.sleep(0)


async def wait_for_overshoot():
    start = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.sleep(3600), TIMEOUT_S)
    except asyncio.TimeoutError:
        return time.perf_counter() - start - TIMEOUT_S
    raise AssertionError("wait_for returned before its timeout")


async def timeout_cm_overshoot():
    start = time.perf_counter()
    try:
        async with asyncio.timeout(TIMEOUT_S):
            await asyncio.sleep(3600)
    except TimeoutError:
        return time.perf_counter() - start - TIMEOUT_S
    raise AssertionError("asyncio.timeout let the sleep finish")


async def overshoots(size, one_timeout, busy_tasks):
    stop = []
    burners = [asyncio.create_task(busy(stop)) for _ in range(busy_tasks)]
    times = [await one_timeout() for _ in range(size)]
    stop.append(True)
    await asyncio.gather(*burners)
    return times


# --- shield -------------------------------------------------------------------------------------


async def small_job(i):
    await asyncio.sleep(0)  # one pass of the loop, as a short I/O step would take
    return i


async def await_each(size, shielded):
    if shielded:
        # shield() wraps the coroutine in a task, and the await in a future of its own: cancelling
        # the awaiting code cancels that outer future, not the task doing the job.
        return [await asyncio.shield(small_job(i)) for i in range(size)]
    return [await small_job(i) for i in range(size)]


async def shielded_job_survives_timeout():
    """The point of shield: a timeout abandons the wait, but the job runs on to its end."""
    job = asyncio.ensure_future(asyncio.sleep(TIMEOUT_S * 2, result="done"))
    try:
        await asyncio.wait_for(asyncio.shield(job), TIMEOUT_S / 2)
    except asyncio.TimeoutError:
        pass
    return await job == "done"


# --- first result -------------------------------------------------------------------------------


async def first_result_times(size, use_as_completed):
    times = []
    for _ in range(size):
        start = time.perf_counter()
        jobs = [asyncio.create_task(asyncio.sleep(ms / 1000, result=ms)) for ms in FIRST_RESULT_JOBS_MS]
        if use_as_completed:
            for next_done in asyncio.as_completed(jobs):
                first = await next_done  # the fastest job, as soon as it is done
                times.append(time.perf_counter() - start)
                break
            await asyncio.gather(*jobs)
        else:
            first = (await asyncio.gather(*jobs))[0]  # all of them, once the slowest is done
            times.append(time.perf_counter() - start)
        if first != FIRST_RESULT_JOBS_MS[0]:
            raise AssertionError("the first result was not the fastest job's")
    return times


# --- semaphore ----------------------------------------------------------------------------------


async def peak_running(size, limit):
    """Start N tasks; each holds the semaphore (if any) for a few passes of the loop. Returns the
    results and the most tasks that were inside the body at the same moment."""
    semaphore = asyncio.Semaphore(limit) if limit else None
    running = [0, 0]  # now, peak

    async def body(i):
        running[0] += 1
        running[1] = max(running[1], running[0])
        for _ in range(3):
            await asyncio.sleep(0)
        running[0] -= 1
        return i

    async def task(i):
        if semaphore is None:
            return await body(i)
        async with semaphore:  # around the body: all tasks exist, at most `limit` run it
            return await body(i)

    results = await asyncio.gather(*(task(i) for i in range(size)))
    return results, running[1]


# --- child processes ----------------------------------------------------------------------------


async def children_asyncio(size):
    async def child():
        process = await asyncio.create_subprocess_exec(*CHILD)
        return await process.wait()

    return await asyncio.gather(*(child() for _ in range(size)))


def child_blocking(_):
    return subprocess.run(CHILD).returncode


def children_threads(size):
    with ThreadPoolExecutor(max_workers=SUBPROCESS_THREADS) as pool:
        return list(pool.map(child_blocking, range(size)))


# --- entry point --------------------------------------------------------------------------------


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


async def clocked(coroutine):
    """Await `coroutine` on a loop that already runs: the loop's own start and end are not timed."""
    start = time.perf_counter()
    result = await coroutine
    return time.perf_counter() - start, result


def per_unit(elapsed, size, extra=None):
    return {"metric": elapsed / size * 1e6, "extra": dict(extra or {}, units=size, elapsed_s=elapsed)}


def in_ms(samples, extra=None):
    extra = dict(extra or {})
    extra.update(p50_ms=statistics.median_high(samples) * 1000, max_ms=max(samples) * 1000, samples=len(samples))
    return {"metric": extra["p50_ms"], "extra": extra}


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Measure one variant; return {"metric": ..., "extra": {...}}."""
    run = asyncio.run
    starts = {"gather": with_gather, "task_group": with_task_group, "eager_gather": with_eager_tasks}
    if variant in starts:
        elapsed, results = run(clocked(starts[variant](size)))
        expect(results == list(range(size)), f"{variant}: not every task returned")
        return per_unit(elapsed, size)
    if variant == "cancel":
        elapsed, cancelled, to_done = run(cancel_waiting_tasks(size))
        expect(cancelled == size and len(to_done) == min(size, 200), "cancel: a task was not cancelled")
        return per_unit(elapsed, size, {"cancel_to_done_us": statistics.median_high(to_done) * 1e6})
    if variant.startswith("timeout_"):
        one = timeout_cm_overshoot if variant == "timeout_cm_busy" else wait_for_overshoot
        burners = 0 if variant == "timeout_idle" else BUSY_TASKS
        times = run(overshoots(size, one, burners))
        return in_ms(times, {"timeout_ms": TIMEOUT_S * 1000, "burst_ms": BURST_S * 1000, "busy_tasks": burners})
    if variant in ("shield", "await_direct"):
        elapsed, results = run(clocked(await_each(size, variant == "shield")))
        expect(results == list(range(size)), f"{variant}: not every coroutine returned")
        if variant == "shield":
            expect(run(shielded_job_survives_timeout()), "shield: the shielded job did not outlive the timeout")
        return per_unit(elapsed, size)
    if variant.startswith("first_result_"):
        times = run(first_result_times(size, variant.endswith("as_completed")))
        return in_ms(times, {"fastest_job_ms": FIRST_RESULT_JOBS_MS[0], "slowest_job_ms": FIRST_RESULT_JOBS_MS[-1]})
    if variant in ("semaphore", "no_semaphore"):
        limit = SEMAPHORE_LIMIT if variant == "semaphore" else None
        elapsed, (results, peak) = run(clocked(peak_running(size, limit)))
        expect(results == list(range(size)), f"{variant}: not every task returned")
        expect(peak <= (limit or size), f"{variant}: {peak} tasks ran at once")
        return per_unit(elapsed, size, {"peak_running": peak, "limit": limit or size})
    if variant.startswith("subprocess_"):
        how = {"subprocess_asyncio": lambda n: run(children_asyncio(n)), "subprocess_threads": children_threads,
               "subprocess_sequential": lambda n: [child_blocking(i) for i in range(n)]}[variant]
        elapsed, codes = timed(how, size)
        expect(codes == [0] * size, f"{variant}: a child failed: {codes}")
        return per_unit(elapsed, size, {"threads": SUBPROCESS_THREADS if variant.endswith("threads") else 0})
    raise ValueError(f"asyncio_control has no variant {variant!r}")
