"""How long other work is kept waiting: loop lag beside CPU work, round trips beside busy threads.

Event-loop lag: a ticker task asks asyncio to wake it every millisecond and records how late
each wake-up comes while pure-Python jobs run one after another. Each job is set by duration,
not by a loop count whose duration would depend on the CPU: before the run, the harness's
server measures this machine (prepare()) and picks the loop count that makes a job last JOB_S,
50 ms, ten default switch intervals; every cell of the run then times that same job. Every job also measures its own CPU time, reported as `job_ms`, so the lag can be
compared with what the jobs really took in this run. Run inside a coroutine, a job holds the
loop for its whole duration, so the ticker is late by about a whole job. Handed to a thread
with asyncio.to_thread, the job holds only the GIL, and the loop's thread gets it back after
about one switch interval (5 ms by default). In a process pool the job holds neither, and the
loop is about as punctual as when it is idle.

Round trips beside busy threads: when the reply to a loopback request arrives, the thread that
asked needs the GIL back to go on, and a thread spinning in pure Python holds it. The asker
waits until the switch interval runs out and the interpreter forces a switch, so a busy thread
adds one or two intervals (5 ms each by default) to every round trip: the "convoy effect".
Beside two busy threads, the asker can also lose the lock to the other one and wait again, so
the slowest round trips get slower still. A shorter switch interval shrinks the delay; a
free-threaded build removes it.
"""

import asyncio
import contextlib
import json
import multiprocessing
import socket
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import loopback

KIND = "latency"
SUPPORT_FILES = ["loopback.py"]
TICK_S = 0.001  # the ticker asks to be woken every 1 ms
IDLE_S = 0.020  # ticks before the jobs start: the lag of an idle loop, for comparison
JOB_S = 0.050  # how long one CPU job lasts, on any machine: ten default switch intervals
# No warm-up: each figure is the median of many samples taken in one run (ticks, round trips),
# which a slow first sample cannot move, while a warm-up of even one job or one round trip beside
# busy threads would cost as much as a tenth of the run.
WARMUP_SIZE = 0

VARIANTS = {
    "lag_inline": {
        "description": "event-loop lag while N pure-Python CPU jobs of 50 ms run inside a coroutine",
        "unit": "ms",
        "sizes": {"quick": 6, "standard": 15, "full": 60},
        "workers": {"asyncio": None},
    },
    "lag_to_thread": {
        "description": "event-loop lag while N pure-Python CPU jobs of 50 ms run via asyncio.to_thread",
        "unit": "ms",
        "sizes": {"quick": 6, "standard": 15, "full": 60},
        "workers": {"asyncio_to_thread": None},
    },
    "lag_process_pool": {
        "description": "event-loop lag while N pure-Python CPU jobs of 50 ms run in a 1-process pool",
        "unit": "ms",
        "sizes": {"quick": 6, "standard": 15, "full": 60},
        "workers": {"process_pool": None},
    },
    "rtt_spinners_0": {
        "description": "loopback round trip of N requests, no busy thread beside them",
        "unit": "ms",
        "sizes": {"quick": 800, "standard": 2000, "full": 8000},
        "workers": {"threads": None},
        "spinners": 0,
    },
    "rtt_spinners_1": {
        "description": "loopback round trip of N requests beside 1 thread spinning in Python",
        "unit": "ms",
        "sizes": {"quick": 40, "standard": 100, "full": 400},
        "workers": {"threads": None},
        "spinners": 1,
    },
    "rtt_spinners_2": {
        "description": "loopback round trip of N requests beside 2 threads spinning in Python",
        "unit": "ms",
        "sizes": {"quick": 24, "standard": 60, "full": 240},
        "workers": {"threads": None},
        "spinners": 2,
    },
    "rtt_spinners_1_short_switch": {
        "description": "as rtt_spinners_1, with the switch interval cut from 5 ms to 0.5 ms",
        "unit": "ms",
        "sizes": {"quick": 200, "standard": 500, "full": 2000},
        "workers": {"threads": None},
        "spinners": 1,
        "switch_interval_s": 0.0005,
    },
}


def python_job(loops):
    """Pure-Python arithmetic that never waits. Returns its total and the CPU time it took.

    time.thread_time() counts this thread's CPU time only, so a job run in a thread does not
    count the time it spent waiting for the GIL: job_ms is the work itself, wherever it ran.
    """
    started = time.thread_time()
    x = 12345
    total = 0
    for _ in range(loops):
        x = (x * 1103515245 + 12345) % 2147483648
        total += x >> 16
    return total, time.thread_time() - started


class Job:
    """The CPU job of the lag variants, sized for this machine by calibrate_job()."""

    def __init__(self, loops, expected_total):
        self.loops = loops
        self.expected_total = expected_total  # what every job of `loops` steps must return


def calibrate_job(duration_s=JOB_S):
    """Find the loop count that makes python_job last `duration_s` on this machine, now.

    The count is scaled from a short job, then from one a fifth of the full length, because a CPU
    that was idle a moment ago may run the first milliseconds slower and the interpreter
    specialises the loop's bytecode as it runs; then once more from the median of three
    full-length jobs, so that one job slowed by a neighbour on the CPU can't set the size.
    A last, whole job gives the total that every job must return.
    """
    loops = 10_000
    for target_s in (duration_s / 5, duration_s):
        _, took = python_job(loops)
        loops = max(1, round(loops * target_s / max(took, 1e-6)))
    took = sorted(python_job(loops)[1] for _ in range(3))[1]
    loops = max(1, round(loops * duration_s / max(took, 1e-6)))
    total, _ = python_job(loops)
    return Job(loops, total)


# The job, sized once per process. The harness's cell server calls prepare() before it forks any
# cell, so the three lag variants of a run all time the same job.
_JOB = []


def the_job():
    """The CPU job of this run: calibrated on first use, then kept."""
    if not _JOB:
        _JOB.append(calibrate_job())
    return _JOB[0]


def prepare():
    """Size the CPU job once, before the harness forks the cells of a run."""
    the_job()


def percentile(values, fraction):
    """The value below which `fraction` of the values lie (nearest rank), or None if none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary_ms(samples_s):
    return {
        "p50_ms": percentile(samples_s, 0.5) * 1000,
        "p90_ms": percentile(samples_s, 0.9) * 1000,
        "p99_ms": percentile(samples_s, 0.99) * 1000,
        "max_ms": max(samples_s) * 1000,
        "samples": len(samples_s),
    }


# --- event-loop lag -----------------------------------------------------------------------------


async def ticker(lags, stop):
    """Sleep TICK_S again and again, recording how much later than asked each wake-up came."""
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(TICK_S)
        lags.append(time.perf_counter() - start - TICK_S)


async def lag_beside(jobs):
    """Run the `jobs` coroutine beside the ticker; return (results, idle lags, busy lags)."""
    lags = []
    stop = asyncio.Event()
    ticking = asyncio.create_task(ticker(lags, stop))
    await asyncio.sleep(IDLE_S)
    idle_count = len(lags)
    results = await jobs
    stop.set()
    await ticking
    return results, lags[:idle_count], lags[idle_count:]


# In all three, the jobs come one after another, each 1 ms after the previous one finished (as
# requests reach a server), and the coroutine that runs them waits for each job to finish.


async def jobs_inline(size, loops):
    results = []
    for _ in range(size):
        await asyncio.sleep(TICK_S)  # the next job arrives; meanwhile the loop runs what is due
        results.append(python_job(loops))  # runs on the loop's thread: the loop stands still
    return results


async def jobs_to_thread(size, loops):
    results = []
    for _ in range(size):
        await asyncio.sleep(TICK_S)
        # The job runs in a worker thread; the loop's thread only waits for the result.
        results.append(await asyncio.to_thread(python_job, loops))
    return results


async def jobs_in_process_pool(size, loops, pool):
    loop = asyncio.get_running_loop()
    results = []
    for _ in range(size):
        await asyncio.sleep(TICK_S)
        # The job runs in the pool's worker process, with its own GIL.
        results.append(await loop.run_in_executor(pool, python_job, loops))
    return results


def lag_inline(size, loops):
    return asyncio.run(lag_beside(jobs_inline(size, loops)))


def lag_to_thread(size, loops):
    return asyncio.run(lag_beside(jobs_to_thread(size, loops)))


def lag_process_pool(size, loops, start_method):
    mp_context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=1, mp_context=mp_context) as pool:
        pool.submit(python_job, 1).result()  # start the worker process before measuring
        return asyncio.run(lag_beside(jobs_in_process_pool(size, loops, pool)))


# --- round trips beside busy threads ------------------------------------------------------------


def spin(stop):
    """A busy thread: pure Python that never waits, so it lets go of the GIL only when made to."""
    while not stop.is_set():
        pass


def round_trip_times(address, count):
    """Send `count` requests one after another on one connection; return each round trip (s)."""
    times, replies = [], []
    with socket.create_connection(address) as connection:
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with connection.makefile("rb") as reader:
            for request_id in range(count):
                start = time.perf_counter()
                connection.sendall(b"%d\n" % request_id)
                replies.append(reader.readline())
                times.append(time.perf_counter() - start)
    if [json.loads(reply)["id"] for reply in replies] != list(range(count)):
        raise AssertionError("a reply came back for the wrong request")
    return times


def round_trips_beside_spinners(address, count, spinners, switch_interval_s=None):
    stop = threading.Event()
    threads = [threading.Thread(target=spin, args=(stop,)) for _ in range(spinners)]
    default_interval = sys.getswitchinterval()
    if switch_interval_s is not None:
        sys.setswitchinterval(switch_interval_s)
    try:
        for thread in threads:
            thread.start()
        return round_trip_times(address, count)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        sys.setswitchinterval(default_interval)


# --- entry point --------------------------------------------------------------------------------


def setup(variant, size):
    """The round-trip variants need a loopback server that answers at once (always stopped); the
    lag variants, a CPU job sized for this machine."""
    if variant.startswith("rtt_"):
        return loopback.running_server(delay_s=0)
    return contextlib.nullcontext(the_job())


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Measure one variant; return {"metric": median in ms, "extra": {...}}."""
    spec = VARIANTS[variant]
    if variant.startswith("rtt_"):
        interval = spec.get("switch_interval_s")
        times = round_trips_beside_spinners(prepared, size, spec["spinners"], interval)
        extra = summary_ms(times)
        extra.update({
            "spinners": spec["spinners"],
            "switch_interval_ms": (interval or sys.getswitchinterval()) * 1000,
        })
        return {"metric": extra["p50_ms"], "extra": extra}

    job = prepared
    if variant == "lag_inline":
        results, idle, busy = lag_inline(size, job.loops)
    elif variant == "lag_to_thread":
        results, idle, busy = lag_to_thread(size, job.loops)
    elif variant == "lag_process_pool":
        results, idle, busy = lag_process_pool(size, job.loops, start_method)
    else:
        raise ValueError(f"latency has no variant {variant!r}")
    # Every job must have run and returned the total that the calibration's job returned.
    if len(results) != size or any(total != job.expected_total for total, _ in results):
        raise AssertionError(f"not all of the {size} CPU jobs ran and returned the right total")
    extra = summary_ms(busy)
    extra["idle_p50_ms"] = percentile(idle, 0.5) * 1000 if idle else None
    extra["job_ms"] = percentile([cpu_s for _, cpu_s in results], 0.5) * 1000  # the median job
    extra["job_loops"] = job.loops
    extra["work_size"] = job.loops  # sized on each run: runs that differ here did different work
    extra["target_job_ms"] = JOB_S * 1000  # what calibrate_job() sized each job to last
    extra["switch_interval_ms"] = sys.getswitchinterval() * 1000
    return {"metric": extra["p50_ms"], "extra": extra}
