"""What synchronisation costs: locks, conditions, events, barriers, and a counter losing updates.

An uncontended lock is a few atomic instructions in C: `threading.Lock` and `RLock` are C types,
while `threading.Semaphore`, `Condition.wait`, `Event` and `Barrier` are Python code built on
locks, and a `multiprocessing.Lock` is a semaphore of the operating system. Under contention a
lock is only as fast as the hand-over between threads, and waking a thread that waits means the
kernel must schedule it and, on a build with the GIL, the waking thread must let go of the GIL.

The wake-up figures are round trips or one-way times measured with time.perf_counter() on both
sides, in one process; each is the median of many samples taken in one run. The last variant
shows why locks exist: two threads that read a counter, call something, and write it back lose
updates. A barrier between the read and the write makes the loss certain instead of likely, so
the demonstration gives the same answer on every run, on every build.
"""

import multiprocessing
import threading
import time

KIND = "overhead"
WARMUP_SIZE = 0  # each function warms up what it measures, untimed, before it starts the clock
BUSY_SAMPLES = 8  # wake-ups timed beside a busy setter: each costs about one switch interval

VARIANTS = {
    "primitives": {
        "description": "N uncontended acquire/release pairs each of Lock (metric), RLock, Semaphore, "
                       "Condition and multiprocessing.Lock",
        "unit": "us_per_unit",
        "sizes": {"quick": 10000, "standard": 25000, "full": 100000},
        "workers": {"sequential": None},
    },
    "lock_contended": {
        "description": "N acquire/release pairs of one Lock, shared out among the threads, each adding 1 to a counter",
        "unit": "us_per_unit",
        "sizes": {"quick": 40000, "standard": 100000, "full": 400000},
        "workers": {"threads": [1, 2, 4]},
    },
    "mp_lock_contended": {
        "description": "N acquire/release pairs of one multiprocessing.Lock, shared out among the processes",
        "unit": "us_per_unit",
        "sizes": {"quick": 10000, "standard": 25000, "full": 100000},
        "workers": {"processes": [2]},
    },
    "condition_round_trip": {
        "description": "N round trips between two threads that take turns through one Condition",
        "unit": "us_per_unit",
        "sizes": {"quick": 1000, "standard": 2500, "full": 10000},
        "workers": {"threads": None},
    },
    "event_wake": {
        "description": "median time from Event.set() until the waiting thread runs, over N wake-ups (setter waits)",
        "unit": "us_per_unit",
        "sizes": {"quick": 400, "standard": 1000, "full": 4000},
        "workers": {"threads": None},
    },
    "barrier_cycle": {
        "description": "N cycles of a Barrier of 2 threads (and, as an extra, of 4)",
        "unit": "us_per_unit",
        "sizes": {"quick": 1000, "standard": 2500, "full": 10000},
        "workers": {"threads": None},
    },
    "counter": {
        "description": "2 threads add 1 to a shared counter N times each: forced interleaving, "
                       "a call between read and write, a lock (metric), plain +=",
        "unit": "us_per_unit",
        "sizes": {"quick": 400, "standard": 1000, "full": 4000},
        "workers": {"threads": None},
    },
}


def per_pair_us(elapsed, count):
    return elapsed / count * 1e6


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


# --- uncontended primitives -----------------------------------------------------------------------


def with_blocks(primitive, count):
    """`count` times `with primitive: pass`: one acquire and one release each; the seconds taken."""
    start = time.perf_counter()
    for _ in range(count):
        with primitive:
            pass
    return time.perf_counter() - start


def primitives(size, blocks=10):
    """Time the primitives in turns, a block of each, again and again, and keep each one's median
    block: on a shared machine a pause can last milliseconds, and load comes and goes. Taking
    turns, every primitive sees the same conditions; the median, a pause moves one block only."""
    kinds = {
        "lock_us": threading.Lock(),
        "rlock_us": threading.RLock(),
        # A Semaphore is Python code: acquire() takes the Lock inside its Condition, checks the
        # count, and release() does the same again.
        "semaphore_us": threading.Semaphore(1),
        "condition_us": threading.Condition(),  # an RLock inside
        "mp_lock_us": multiprocessing.Lock(),
    }
    per_block = max(1, size // blocks)
    times = {name: [] for name in kinds}
    for block in range(blocks + 1):
        for name, primitive in kinds.items():
            elapsed = with_blocks(primitive, per_block)
            if block > 0:  # the first round is a warm-up
                times[name].append(elapsed)
    extra = {name: median(taken) / per_block * 1e6 for name, taken in times.items()}
    return extra["lock_us"], extra


# --- a lock under contention ----------------------------------------------------------------------


def add_under_lock(lock, counter, count):
    for _ in range(count):
        with lock:
            counter[0] += 1


def lock_contended(size, workers):
    lock, counter = threading.Lock(), [0]
    add_under_lock(lock, counter, size // 10)  # warm-up, untimed
    counter[0] = 0
    share = size // workers
    threads = [threading.Thread(target=add_under_lock, args=(lock, counter, share))
               for _ in range(workers)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if counter[0] != share * workers:
        raise AssertionError(f"the lock let {share * workers - counter[0]} updates get lost")
    return per_pair_us(elapsed, share * workers), {"threads": workers}


def add_under_mp_lock(lock, counter, count, ready):
    ready.wait()  # start together, once every process is up: their start-up is not timed
    for _ in range(count):
        with lock:
            counter.value += 1  # a multiprocessing.Value made with lock=False: our lock guards it


def mp_lock_contended(size, workers, start_method):
    mp_context = multiprocessing.get_context(start_method)
    lock = mp_context.Lock()
    counter = mp_context.Value("q", 0, lock=False)
    ready = mp_context.Barrier(workers + 1)
    share = size // workers
    processes = [mp_context.Process(target=add_under_mp_lock, args=(lock, counter, share, ready))
                 for _ in range(workers)]
    for process in processes:
        process.start()
    ready.wait()
    start = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    if counter.value != share * workers:
        raise AssertionError(f"the lock let {share * workers - counter.value} updates get lost")
    return per_pair_us(elapsed, share * workers), {"processes": workers}


# --- waking a thread ------------------------------------------------------------------------------


def condition_round_trip(size):
    """Two threads take turns: each waits on one Condition until it is its turn, then passes it."""
    condition = threading.Condition()
    turn = ["ping"]

    def play(mine, theirs, count):
        for _ in range(count):
            with condition:
                condition.wait_for(lambda: turn[0] == mine)
                turn[0] = theirs
                condition.notify()

    warm = size // 10
    other = threading.Thread(target=play, args=("pong", "ping", warm + size))
    other.start()
    play("ping", "pong", warm)  # warm-up, untimed
    start = time.perf_counter()
    play("ping", "pong", size)
    with condition:
        condition.wait_for(lambda: turn[0] == "ping")  # the last pong is back
    elapsed = time.perf_counter() - start
    other.join()
    return per_pair_us(elapsed, size), {}


def event_wake_times(count, busy):
    """Set an Event `count` times; each time, the waiting thread notes when it woke. The setter
    then waits for an acknowledgement, either blocked in Event.wait() or spinning in Python."""
    wake, ack = threading.Event(), threading.Event()
    set_at, woke_at = [], []

    def waiter():
        for _ in range(count):
            wake.wait()
            woke_at.append(time.perf_counter())
            wake.clear()
            ack.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    for _ in range(count):
        set_at.append(time.perf_counter())
        wake.set()
        if busy:
            while not ack.is_set():  # pure Python that never blocks: it holds on to the GIL
                pass
        else:
            ack.wait()  # blocks, and so lets go of the GIL at once
        ack.clear()
    thread.join()
    return [(woke - was_set) * 1e6 for was_set, woke in zip(set_at, woke_at)]


def event_wake(size):
    event_wake_times(size // 10, busy=False)  # warm-up, untimed
    idle = event_wake_times(size, busy=False)
    busy = event_wake_times(BUSY_SAMPLES, busy=True)
    extra = {
        "samples": len(idle),
        "p90_us": sorted(idle)[int(0.9 * len(idle))],
        "busy_setter_us": median(busy),  # the setter spins in Python instead of waiting
        "busy_samples": len(busy),
    }
    return median(idle), extra


def barrier_cycles(parties, count):
    barrier = threading.Barrier(parties)

    def party():
        for _ in range(count):
            barrier.wait()

    threads = [threading.Thread(target=party) for _ in range(parties - 1)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    party()  # this thread is the last party
    elapsed = time.perf_counter() - start
    for thread in threads:
        thread.join()
    return per_pair_us(elapsed, count)


def barrier_cycle(size):
    barrier_cycles(2, size // 10)  # warm-up, untimed
    two = barrier_cycles(2, size)
    return two, {"four_parties_us": barrier_cycles(4, max(1, size // 4))}


# --- a shared counter -----------------------------------------------------------------------------


class Counter:
    value = 0


def add_with_a_call_between(counter, count, between):
    """Read, call something, write back: the read-modify-write that locks exist for."""
    for _ in range(count):
        value = counter.value  # read
        between()  # any call: another thread may run here and change counter.value
        counter.value = value + 1  # write: anything written since the read is lost


def add_under_a_lock(counter, count, lock):
    for _ in range(count):
        with lock:  # nobody else can read or write between our read and our write
            value = counter.value
            time.sleep(0)
            counter.value = value + 1


def add_plainly(counter, count):
    for _ in range(count):
        counter.value += 1  # still a read and a write, with no call between


def run_two(target, *args):
    """Run target(counter, *args) in two threads at once; return the counter's final value."""
    counter = Counter()
    counter.value = 0
    threads = [threading.Thread(target=target, args=(counter,) + args) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counter.value


def counter(size):
    # Forced: a barrier between the read and the write makes both threads read the same value
    # before either writes, every time. Each pair of increments leaves the counter one higher:
    # exactly half of them are lost, on every run, with or without a GIL.
    barrier = threading.Barrier(2)
    forced = run_two(add_with_a_call_between, size, barrier.wait)
    # Invited: time.sleep(0) lets go of the GIL, so the other thread may run between read and write.
    invited = run_two(add_with_a_call_between, size, lambda: time.sleep(0))
    start = time.perf_counter()
    locked = run_two(add_under_a_lock, size, threading.Lock())
    locked_us = per_pair_us(time.perf_counter() - start, 2 * size)
    plain_count = 50 * size
    plain = run_two(add_plainly, plain_count)
    extra = {
        "forced_lost_fraction": 1 - forced / (2 * size),
        "sleep0_lost_fraction": 1 - invited / (2 * size),
        "locked_lost_updates": 2 * size - locked,
        "plain_lost_fraction": 1 - plain / (2 * plain_count),
        "increments": 2 * size,
    }
    return locked_us, extra


# --- entry point ----------------------------------------------------------------------------------


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Measure one variant; return {"metric": µs per operation, "extra": {...}}."""
    if variant == "primitives":
        metric, extra = primitives(size)
    elif variant == "lock_contended":
        metric, extra = lock_contended(size, workers)
    elif variant == "mp_lock_contended":
        metric, extra = mp_lock_contended(size, workers, start_method)
    elif variant == "condition_round_trip":
        metric, extra = condition_round_trip(size)
    elif variant == "event_wake":
        metric, extra = event_wake(size)
    elif variant == "barrier_cycle":
        metric, extra = barrier_cycle(size)
    elif variant == "counter":
        metric, extra = counter(size)
    else:
        raise ValueError(f"sync has no variant {variant!r}")
    extra["units"] = size
    return {"metric": metric, "extra": extra}
