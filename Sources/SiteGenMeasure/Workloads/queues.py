"""Queues and pipes: items per second, MiB per second, and how long one item takes to arrive.

A producer sends to a consumer over one channel and the consumer answers over a second one of the
same kind. Between threads (queue.Queue, queue.SimpleQueue) and between coroutines (asyncio.Queue)
an item is a reference to an object: nothing is copied, so a 1 MiB payload costs what a small
integer costs. Between processes every item is pickled, written to a pipe, read and unpickled: a
multiprocessing.Pipe does just that; a multiprocessing.SimpleQueue adds a lock around each end; a
multiprocessing.Queue hands each item to a feeder thread that pickles and writes it, so put()
returns at once; a Manager's queue lives in the manager's process, so each put() and get() is a
round trip to that process, which pickles the item a second time.

Each cell measures one channel three ways: N small items (integers) sent as fast as the producer
can, µs per item (the cell's metric); one item at a time, the producer waiting for the answer
before it sends the next, the time from put() until the consumer has it (the median, from
time.perf_counter(), which every process of a machine reads from the same clock); and payloads of
1 MiB, MiB per second.
"""

import asyncio
import multiprocessing
import queue
import threading
import time

KIND = "overhead"
WARMUP_SIZE = 0  # each cell warms its channel up with a few items, untimed
PAYLOAD = bytes(range(256)) * 4096  # 1 MiB
STOP = "stop"

# Per cell: N (the size) small items, N / 10 items one at a time, N / per_payload payloads of 1 MiB.
THREADS = {"quick": 5000, "standard": 12500, "full": 50000}
PROCESSES = {"quick": 1000, "standard": 2500, "full": 10000}
VARIANTS = {
    "queue": {"kind": "thread", "per_payload": 500, "sizes": THREADS},
    "simple_queue": {"kind": "thread", "per_payload": 500, "sizes": THREADS},
    "asyncio_queue": {"kind": "asyncio", "per_payload": 500, "sizes": THREADS},
    "mp_queue": {"kind": "process", "per_payload": 250, "sizes": PROCESSES},
    "mp_simple_queue": {"kind": "process", "per_payload": 250, "sizes": PROCESSES},
    "mp_pipe": {"kind": "process", "per_payload": 250, "sizes": PROCESSES},
    # Each item is a round trip to the manager's process: fewer items.
    "manager_queue": {"kind": "process", "per_payload": 75,
                      "sizes": {"quick": 300, "standard": 750, "full": 3000}},
}
DESCRIPTIONS = {
    "queue": "queue.Queue between two threads",
    "simple_queue": "queue.SimpleQueue between two threads",
    "asyncio_queue": "asyncio.Queue between two tasks",
    "mp_queue": "multiprocessing.Queue between two processes",
    "mp_simple_queue": "multiprocessing.SimpleQueue between two processes",
    "mp_pipe": "multiprocessing.Pipe (one duplex connection) between two processes",
    "manager_queue": "a multiprocessing Manager's queue between two processes",
}
MODEL_OF_KIND = {"thread": "threads", "asyncio": "asyncio", "process": "processes"}
for _name, _spec in VARIANTS.items():
    _spec["description"] = f"N small items through {DESCRIPTIONS[_name]}, µs per item"
    _spec["unit"] = "us_per_unit"
    _spec["workers"] = {MODEL_OF_KIND[_spec["kind"]]: None}
    _spec["sizes"] = dict(_spec["sizes"])


# --- the consumer: the same loop for every channel ------------------------------------------------


def consume(get, reply):
    """Receive until STOP. A small integer is counted, a float is a send time, whose delay we
    note and acknowledge at once, bytes are a payload, and None asks for what came so far."""
    count = total = received_bytes = 0
    delays = []
    while True:
        item = get()
        if isinstance(item, int):
            count += 1
            total += item
        elif isinstance(item, float):
            delays.append(time.perf_counter() - item)
            reply(True)
        elif isinstance(item, bytes):
            received_bytes += len(item)
        elif item is None:
            reply((count, total, received_bytes, delays))
            count = total = received_bytes = 0
            delays = []
        elif item == STOP:
            return


async def consume_async(channel, answers):
    """consume() for asyncio: the same loop, awaiting the queue instead of blocking on it."""
    count = total = received_bytes = 0
    delays = []
    while True:
        item = await channel.get()
        if isinstance(item, int):
            count += 1
            total += item
        elif isinstance(item, float):
            delays.append(time.perf_counter() - item)
            answers.put_nowait(True)
        elif isinstance(item, bytes):
            received_bytes += len(item)
        elif item is None:
            answers.put_nowait((count, total, received_bytes, delays))
            count = total = received_bytes = 0
            delays = []
        elif item == STOP:
            return


# --- the producer: the same three measurements for every channel ----------------------------------


def produce(put, get_answer, items, one_at_a_time, payloads):
    """Run the three measurements over a channel whose consumer is running; return the figures."""
    for warm in range(20):  # warm-up, untimed: the channel's buffers, a feeder thread, caches
        put(warm)
        put(float(time.perf_counter()))
        get_answer()
    put(PAYLOAD)
    put(None)
    get_answer()

    start = time.perf_counter()
    for number in range(items):
        put(number)
    put(None)  # the answer comes once the consumer has taken every item before it
    count, total, _, _ = get_answer()
    per_item = time.perf_counter() - start
    if (count, total) != (items, items * (items - 1) // 2):
        raise AssertionError(f"the consumer got {count} of {items} items")

    for _ in range(one_at_a_time):
        put(time.perf_counter())
        get_answer()  # wait for the acknowledgement: one item in flight at a time
    put(None)
    _, _, _, delays = get_answer()

    start = time.perf_counter()
    for _ in range(payloads):
        put(PAYLOAD)
    put(None)
    _, _, received, _ = get_answer()
    payload_s = time.perf_counter() - start
    if received != payloads * len(PAYLOAD) or len(delays) != one_at_a_time:
        raise AssertionError("the consumer did not receive every payload and timed item")
    put(STOP)

    return per_item / items * 1e6, figures(delays, payloads, payload_s)


def figures(delays, payloads, payload_s):
    """The extra figures: the median and 90th percentile delay of one item, and MiB per second."""
    delays = sorted(delays)
    return {
        "latency_us": delays[len(delays) // 2] * 1e6,
        "latency_p90_us": delays[int(0.9 * len(delays))] * 1e6,
        "latency_samples": len(delays),
        "mib_per_second": payloads * len(PAYLOAD) / 1048576 / payload_s,
        "payloads": payloads,
    }


# --- the channels ---------------------------------------------------------------------------------


def between_threads(channel_type, counts):
    channel, answers = channel_type(), channel_type()
    consumer = threading.Thread(target=consume, args=(channel.get, answers.put))
    consumer.start()
    try:
        return produce(channel.put, answers.get, *counts)
    finally:
        consumer.join()


async def produce_async(channel, answers, items, one_at_a_time, payloads):
    """produce() for asyncio: each put() is put_nowait() on an unbounded queue, and waiting for an
    answer lets the consumer task run."""

    def put(item):
        channel.put_nowait(item)

    # The consumer runs only while the producer awaits, so it answers into a queue of its own,
    # which the producer awaits. Timing the same three measurements needs the same loop as
    # produce(), with `await` where that one blocks.
    consumer = asyncio.create_task(consume_async(channel, answers))
    for warm in range(20):
        put(warm)
        put(float(time.perf_counter()))
        await answers.get()
    put(PAYLOAD)
    put(None)
    await answers.get()

    start = time.perf_counter()
    for number in range(items):
        put(number)
    put(None)
    count, total, _, _ = await answers.get()
    per_item = time.perf_counter() - start
    if (count, total) != (items, items * (items - 1) // 2):
        raise AssertionError(f"the consumer got {count} of {items} items")

    for _ in range(one_at_a_time):
        put(time.perf_counter())
        await answers.get()
    put(None)
    _, _, _, delays = await answers.get()

    start = time.perf_counter()
    for _ in range(payloads):
        put(PAYLOAD)
    put(None)
    _, _, received, _ = await answers.get()
    payload_s = time.perf_counter() - start
    put(STOP)
    await consumer
    if received != payloads * len(PAYLOAD) or len(delays) != one_at_a_time:
        raise AssertionError("the consumer did not receive every payload and timed item")
    return per_item / items * 1e6, figures(delays, payloads, payload_s)


def between_tasks(counts):
    async def run():
        return await produce_async(asyncio.Queue(), asyncio.Queue(), *counts)

    return asyncio.run(run())


def consume_from_queue(channel, answers):
    consume(channel.get, answers.put)


def consume_from_connection(connection):
    consume(connection.recv, connection.send)


def between_processes(variant, start_method, counts):
    mp_context = multiprocessing.get_context(start_method)
    if variant == "mp_pipe":
        ours, theirs = mp_context.Pipe()  # duplex: each end sends and receives
        consumer = mp_context.Process(target=consume_from_connection, args=(theirs,))
        consumer.start()
        try:
            return produce(ours.send, ours.recv, *counts)
        finally:
            consumer.join()
    manager = None
    if variant == "mp_queue":
        channel, answers = mp_context.Queue(), mp_context.Queue()
    elif variant == "mp_simple_queue":
        channel, answers = mp_context.SimpleQueue(), mp_context.SimpleQueue()
    else:
        manager = mp_context.Manager()  # starts the manager's own process
        channel, answers = manager.Queue(), manager.Queue()
    consumer = mp_context.Process(target=consume_from_queue, args=(channel, answers))
    consumer.start()
    try:
        return produce(channel.put, answers.get, *counts)
    finally:
        consumer.join()
        if manager is not None:
            manager.shutdown()


# --- entry point ----------------------------------------------------------------------------------


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Measure one channel; return {"metric": µs per small item, "extra": {...}}."""
    spec = VARIANTS[variant]
    counts = (size, max(20, size // 10), max(4, size // spec["per_payload"]))
    if variant == "queue":
        metric, extra = between_threads(queue.Queue, counts)
    elif variant == "simple_queue":
        metric, extra = between_threads(queue.SimpleQueue, counts)
    elif variant == "asyncio_queue":
        metric, extra = between_tasks(counts)
    elif spec["kind"] == "process":
        metric, extra = between_processes(variant, start_method, counts)
    else:
        raise ValueError(f"queues has no variant {variant!r}")
    extra["units"] = size
    return {"metric": metric, "extra": extra}
