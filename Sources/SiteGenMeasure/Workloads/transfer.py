"""Moving data to processes: pickling, shared memory, fork, shared arrays, Manager proxies.

A process has memory of its own, so data reaches it one of these ways. As an argument or a
result of a pool call, it is pickled, written to a pipe, read and unpickled: every byte is
copied several times. In a multiprocessing.shared_memory block or a multiprocessing.Array, the
parent copies it in once and the worker reads the same physical pages, with only a name or a
handle sent along. With fork, a child sees everything its parent had, copy-on-write, without
any copying at all, but only what existed when it was started. A Manager keeps objects in a
server process and every access through a proxy is a round trip to it.

Each delivery variant hands a payload of PAYLOAD_MIB MiB to a worker, which reads one byte of
every page (so every page really reaches it) and returns their sum, which is checked; the figure
is the median time of one delivery, from the start of the copy until the answer is back, and the
same per MiB. The Manager variant times single accesses instead. The last variant asks
when a process pool stops paying off: items that each carry a payload and need a fixed amount
of CPU work, run sequentially and in a pool of two, at payloads of 64 KiB, 1 MiB and 4 MiB.
"""

import ctypes
import math
import multiprocessing
import pickle
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import shared_memory

KIND = "overhead"
WARMUP_SIZE = 0  # each function sends one payload untimed first
PAYLOAD_MIB = 2
PAGE = 4096
BREAK_EVEN_KIB = [64, 1024, 4096]  # payload per item, for pool_break_even
WORK_LOOPS = 40000  # the CPU work of each item there: about 2 ms of pure Python

VARIANTS = {
    "pickle": {
        "description": f"median of N deliveries of {PAYLOAD_MIB} MiB as the argument of a call to a "
                       "1-process pool; as its result, as an extra",
        "unit": "us_per_unit",
        "sizes": {"quick": 5, "standard": 12, "full": 50},
        "workers": {"process_pool": None},
    },
    "shared_memory": {
        "description": f"median of N deliveries of {PAYLOAD_MIB} MiB copied into a SharedMemory block "
                       "that a 1-process pool reads",
        "unit": "us_per_unit",
        "sizes": {"quick": 5, "standard": 12, "full": 50},
        "workers": {"process_pool": None},
    },
    "shared_array": {
        "description": f"median of N deliveries of {PAYLOAD_MIB} MiB copied into a multiprocessing.Array "
                       "that a 1-process pool reads",
        "unit": "us_per_unit",
        "sizes": {"quick": 5, "standard": 12, "full": 50},
        "workers": {"process_pool": None},
    },
    "fork_inherit": {
        "description": f"median of N forked processes, each reading a {PAYLOAD_MIB} MiB payload it inherited",
        "unit": "us_per_unit",
        "sizes": {"quick": 5, "standard": 12, "full": 50},
        "workers": {"processes": None},
    },
    "proxy_access": {
        "description": "N reads of one item through a Manager list proxy (metric); Value, Array and "
                       "other proxies as extras",
        "unit": "us_per_unit",
        "sizes": {"quick": 200, "standard": 500, "full": 2000},
        "workers": {"sequential": None},
    },
    "pool_break_even": {
        "description": "N items of about 2 ms CPU work each, sequential and in a 2-process pool, per "
                       "payload size: the payload where the pool stops paying off",
        "unit": "KiB_per_unit",
        "sizes": {"quick": 4, "standard": 10, "full": 40},
        "workers": {"process_pool": None},
    },
}


def make_payload(mib):
    return bytes(range(256)) * (4 * 1024 * mib)


def page_sum(buffer):
    """Read one byte of every page: each page must really be there for the worker."""
    with memoryview(buffer).cast("B") as whole, whole[::PAGE] as one_per_page:
        return sum(one_per_page)


def timed(deliver, count):
    """Call deliver() `count` times; return the median time of one call in µs, and the answers.
    The median, because on a shared machine a stray pause of several milliseconds can land on any
    one call, and with few calls it would move a mean far more than the thing measured."""
    times, answers = [], []
    for _ in range(count):
        start = time.perf_counter()
        answers.append(deliver())
        times.append((time.perf_counter() - start) * 1e6)
    return statistics.median_high(times), answers


def delivered(median_us, extra=None):
    """The figures of a delivery variant: µs per payload (the metric) and per MiB."""
    extra = dict(extra or {})
    extra["per_mib_us"] = median_us / PAYLOAD_MIB
    return median_us, extra


# --- pickling: arguments and results --------------------------------------------------------------


_RESULT = []


def make_result(mib):
    """A pool call whose result is a payload (made once per worker: only its sending is timed)."""
    if not _RESULT:
        _RESULT.append(make_payload(mib))
    return _RESULT[0]


def pickled(size, start_method):
    payload = make_payload(PAYLOAD_MIB)
    expected = page_sum(payload)
    mp_context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=1, mp_context=mp_context) as pool:
        pool.submit(page_sum, payload).result()  # warm-up, untimed: the worker starts
        pool.submit(make_result, PAYLOAD_MIB).result()
        # The payload goes as the argument (pickled here, unpickled there), a small sum comes back.
        arguments_us, sums = timed(lambda: pool.submit(page_sum, payload).result(), size)
        # A small argument goes, the payload comes back as the result.
        results_us, results = timed(lambda: pool.submit(make_result, PAYLOAD_MIB).result(), size)
    if sums != [expected] * size or any(page_sum(result) != expected for result in results):
        raise AssertionError("a payload did not arrive whole")
    # Pickling alone, in this process: how much of the cost is the copy into and out of a pickle.
    dumps_us, pickles = timed(lambda: pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), size)
    loads_us, _ = timed(lambda: pickle.loads(pickles[0]), size)
    return delivered(arguments_us, {
        "results_us": results_us,
        "dumps_us": dumps_us,
        "loads_us": loads_us,
        "arguments_mib_per_second": PAYLOAD_MIB / arguments_us * 1e6,
    })


# --- shared memory and shared arrays --------------------------------------------------------------


_ATTACHED = {}


def page_sum_of_block(name):
    """Attach to the parent's block by its name (once per worker) and read it. The block stays
    registered with the resource tracker the parent's processes share, which unlinks it if the
    parent dies without doing so; the parent unlinks it when it is done."""
    if name not in _ATTACHED:
        _ATTACHED[name] = shared_memory.SharedMemory(name=name)
    return page_sum(_ATTACHED[name].buf)


def through_shared_memory(size, start_method):
    payload = make_payload(PAYLOAD_MIB)
    expected = page_sum(payload)
    mp_context = multiprocessing.get_context(start_method)
    block = shared_memory.SharedMemory(create=True, size=len(payload))
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=mp_context) as pool:

            def deliver():
                block.buf[:] = payload  # the one copy: into the shared pages
                return pool.submit(page_sum_of_block, block.name).result()  # only the name travels

            deliver()  # warm-up, untimed: the worker starts and attaches
            median_us, sums = timed(deliver, size)
    finally:
        block.close()
        block.unlink()
    if sums != [expected] * size:
        raise AssertionError("the worker read something else than the payload")
    return delivered(median_us)


_ARRAY = []


def keep_array(array):
    """The pool's initializer: each worker keeps the shared array it was started with."""
    _ARRAY.append(array)


def page_sum_of_array(_):
    return page_sum(_ARRAY[0])


def through_shared_array(size, start_method):
    payload = make_payload(PAYLOAD_MIB)
    expected = page_sum(payload)
    mp_context = multiprocessing.get_context(start_method)
    # lock=False: a plain shared buffer; the pool call's return tells us the worker is done.
    array = mp_context.Array("B", len(payload), lock=False)
    with ProcessPoolExecutor(max_workers=1, mp_context=mp_context,
                             initializer=keep_array, initargs=(array,)) as pool:

        def deliver():
            ctypes.memmove(array, payload, len(payload))  # the one copy: into the shared pages
            return pool.submit(page_sum_of_array, 0).result()  # the worker has the array already

        deliver()  # warm-up, untimed: the worker starts
        median_us, sums = timed(deliver, size)
    if sums != [expected] * size:
        raise AssertionError("the worker read something else than the payload")
    return delivered(median_us)


# --- fork: inherited, not sent --------------------------------------------------------------------


_INHERITED = []


def page_sum_of_inherited(connection):
    connection.send(page_sum(_INHERITED[0]))  # the parent's payload, never sent to us


def forked(size):
    """Fork a child per payload; the child reads the payload it inherited. Always the fork start
    method, whatever the default: with spawn or forkserver nothing is inherited."""
    if "fork" not in multiprocessing.get_all_start_methods():
        raise RuntimeError("fork_inherit needs the fork start method, which this platform lacks")
    mp_context = multiprocessing.get_context("fork")
    _INHERITED[:] = [make_payload(PAYLOAD_MIB)]
    expected = page_sum(_INHERITED[0])

    def one_child():
        receiving, sending = mp_context.Pipe(duplex=False)
        child = mp_context.Process(target=page_sum_of_inherited, args=(sending,))
        child.start()
        answer = receiving.recv()
        child.join()
        return answer

    one_child()  # warm-up, untimed
    median_us, sums = timed(one_child, size)
    if sums != [expected] * size:
        raise AssertionError("a child read something else than the payload")
    # Nothing is copied: a child costs the same whatever the size of what it inherits.
    return delivered(median_us)


# --- single accesses: shared Value and Array against Manager proxies ------------------------------


def access_us(read, count, blocks=10):
    """µs per read(), timed in blocks; the median block counts, so that a pause of the whole
    machine moves one block, not the figure. The first block is a warm-up."""
    per_block = max(1, count // blocks)
    times = []
    for _ in range(blocks + 1):
        start = time.perf_counter()
        for _ in range(per_block):
            read()
        times.append(time.perf_counter() - start)
    return statistics.median_high(times[1:]) / per_block * 1e6


def proxy_access(size):
    ctypes_count = size * 20  # a local read is far cheaper: read it more often
    value = multiprocessing.Value("q", 7)  # with a lock, the default
    array = multiprocessing.Array("q", range(100))
    extra = {
        "value_us": access_us(lambda: value.value, ctypes_count),
        "array_item_us": access_us(lambda: array[42], ctypes_count),
    }
    with multiprocessing.Manager() as manager:  # the manager's server process
        shared_list = manager.list(range(100))
        shared_dict = manager.dict({"key": 7})
        shared_value = manager.Value("q", 7)
        metric = access_us(lambda: shared_list[42], size)
        extra["manager_value_us"] = access_us(lambda: shared_value.value, size)
        extra["manager_dict_us"] = access_us(lambda: shared_dict["key"], size)
        if shared_list[42] != 42 or shared_dict["key"] != 7:
            raise AssertionError("a proxy read the wrong item")
    return metric, extra


# --- when a pool stops paying off -----------------------------------------------------------------


def work(data, loops=WORK_LOOPS):
    """An item's job: fixed CPU work in pure Python, then read the payload it came with."""
    total = 0
    for number in range(loops):
        total += number % 7
    return total + page_sum(data)


def break_even(size, start_method):
    mp_context = multiprocessing.get_context(start_method)
    extra = {}
    speedups = []
    with ProcessPoolExecutor(max_workers=2, mp_context=mp_context) as pool:
        list(pool.map(work, [b"x"] * 2))  # warm-up, untimed: both workers start
        for kib in BREAK_EVEN_KIB:
            payload = make_payload(4)[: kib * 1024]
            # Sequentially: each item timed on its own; the median item, times the number of items.
            item_us, expected = timed(lambda: work(payload), size)
            sequential_s = item_us * 1e-6 * size
            start = time.perf_counter()
            answers = list(pool.map(work, [payload] * size))
            pool_s = time.perf_counter() - start
            if answers != expected:
                raise AssertionError(f"the pool's answers for {kib} KiB payloads are wrong")
            speedups.append(sequential_s / pool_s)
            extra[f"speedup_{kib}kib"] = speedups[-1]
            extra.setdefault("work_ms", item_us / 1e3)  # at the smallest payload
    return crossing(speedups), extra


def crossing(speedups):
    """The payload (KiB) where the speed-up falls through 1, interpolated between the measured sizes
    on a log scale; the smallest or largest size where it never crosses."""
    measured = list(zip(BREAK_EVEN_KIB, speedups))
    for (low_kib, low), (high_kib, high) in zip(measured, measured[1:]):
        if low >= 1 > high:
            share = (low - 1) / (low - high)
            return math.exp(math.log(low_kib) + share * (math.log(high_kib) - math.log(low_kib)))
    return BREAK_EVEN_KIB[0] if speedups[0] < 1 else BREAK_EVEN_KIB[-1]


# --- entry point ----------------------------------------------------------------------------------


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Measure one variant; return {"metric": µs per delivery, per access, or KiB; "extra": {...}}."""
    if variant == "pickle":
        metric, extra = pickled(size, start_method)
    elif variant == "shared_memory":
        metric, extra = through_shared_memory(size, start_method)
    elif variant == "shared_array":
        metric, extra = through_shared_array(size, start_method)
    elif variant == "fork_inherit":
        metric, extra = forked(size)
    elif variant == "proxy_access":
        metric, extra = proxy_access(size)
    elif variant == "pool_break_even":
        metric, extra = break_even(size, start_method)
    else:
        raise ValueError(f"transfer has no variant {variant!r}")
    extra["units"] = size
    return {"metric": metric, "extra": extra}
