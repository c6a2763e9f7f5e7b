"""How long other work is kept waiting: loop lag beside CPU work, round trips beside busy threads.

Event-loop lag: a ticker task asks asyncio to wake it every millisecond and records how late
each wake-up comes while pure-Python jobs of a few tens of milliseconds run. Run inside a
coroutine, a job holds the loop for its whole duration, so the ticker is late by a whole job.
Handed to a thread with asyncio.to_thread, the job holds only the GIL, and the loop's thread
gets it back after about one switch interval (5 ms by default). In a process pool the job
holds neither, and the loop is on time.

Round trips beside busy threads: when the reply to a loopback request arrives, the thread that
asked needs the GIL back to go on, and a thread spinning in pure Python holds it. The asker
waits until the switch interval runs out and the interpreter forces a switch, so each busy
thread adds about one interval, 5 ms, to every round trip (the "convoy effect"). A shorter
switch interval shrinks the delay; a free-threaded build removes it.
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
JOB_LOOPS = 100_000  # steps per CPU job: a few tens of milliseconds of pure Python
# No warm-up: each figure is the median of many samples taken in one run (ticks, round trips),
# which a slow first sample cannot move, while a warm-up of even one job or one round trip beside
# busy threads would cost as much as a tenth of the run.
WARMUP_SIZE = 0

VARIANTS = {
    "lag_inline": {
        "description": "event-loop lag while N pure-Python CPU jobs run inside a coroutine",
        "unit": "ms",
        "sizes": {"quick": 6, "standard": 15, "full": 60},
        "workers": {"asyncio": None},
    },
    "lag_to_thread": {
        "description": "event-loop lag while N pure-Python CPU jobs run via asyncio.to_thread",
        "unit": "ms",
        "sizes": {"quick": 6, "standard": 15, "full": 60},
        "workers": {"asyncio_to_thread": None},
    },
    "lag_process_pool": {
        "description": "event-loop lag while N pure-Python CPU jobs run in a 1-process pool",
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


def python_job(job_id):
    """Pure-Python arithmetic that never waits. Every job returns the same total."""
    x = 12345
    total = 0
    for _ in range(JOB_LOOPS):
        x = (x * 1103515245 + 12345) % 2147483648
        total += x >> 16
    return total


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


async def jobs_inline(size):
    results = []
    for job_id in range(size):
        await asyncio.sleep(TICK_S)  # the next job arrives; meanwhile the loop runs what is due
        results.append(python_job(job_id))  # runs on the loop's thread: the loop stands still
    return results


async def jobs_to_thread(size):
    results = []
    for job_id in range(size):
        await asyncio.sleep(TICK_S)
        # The job runs in a worker thread; the loop's thread only waits for the result.
        results.append(await asyncio.to_thread(python_job, job_id))
    return results


async def jobs_in_process_pool(size, pool):
    loop = asyncio.get_running_loop()
    results = []
    for job_id in range(size):
        await asyncio.sleep(TICK_S)
        # The job runs in the pool's worker process, with its own GIL.
        results.append(await loop.run_in_executor(pool, python_job, job_id))
    return results


def lag_inline(size):
    return asyncio.run(lag_beside(jobs_inline(size)))


def lag_to_thread(size):
    return asyncio.run(lag_beside(jobs_to_thread(size)))


def lag_process_pool(size, start_method):
    mp_context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=1, mp_context=mp_context) as pool:
        pool.submit(python_job, -1).result()  # start the worker process before measuring
        return asyncio.run(lag_beside(jobs_in_process_pool(size, pool)))


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
    """The round-trip variants need a loopback server that answers at once; always stopped."""
    if variant.startswith("rtt_"):
        return loopback.running_server(delay_s=0)
    return contextlib.nullcontext()


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

    if variant == "lag_inline":
        results, idle, busy = lag_inline(size)
    elif variant == "lag_to_thread":
        results, idle, busy = lag_to_thread(size)
    elif variant == "lag_process_pool":
        results, idle, busy = lag_process_pool(size, start_method)
    else:
        raise ValueError(f"latency has no variant {variant!r}")
    # Check every job's answer against one job run here, which also shows how long a job takes.
    start = time.perf_counter()
    expected = python_job(0)
    job_s = time.perf_counter() - start
    if len(results) != size or any(result != expected for result in results):
        raise AssertionError(f"not all of the {size} CPU jobs ran and returned the right total")
    extra = summary_ms(busy)
    extra["idle_p50_ms"] = percentile(idle, 0.5) * 1000 if idle else None
    extra["job_ms"] = job_s * 1000
    extra["switch_interval_ms"] = sys.getswitchinterval() * 1000
    return {"metric": extra["p50_ms"], "extra": extra}
