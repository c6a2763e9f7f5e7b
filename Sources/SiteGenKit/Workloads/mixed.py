"""Waiting and Python work together: fetch a JSON reply over loopback TCP, then parse and sum it.

Each task sends a request to a loopback server, waits for the reply, parses it with json and
loops over its items in Python. The wait overlaps in every concurrent model; the parsing and
the loop need the GIL and run one at a time in threads and in asyncio alike. So when waiting
dominates (wait_heavy) asyncio and threads both finish in about one wait, and when the Python
work dominates (compute_heavy) neither beats sequential by much: only processes, or a
free-threaded build, run that part in parallel.
"""

import asyncio
import json
import multiprocessing
import socket
import threading
from concurrent.futures import ProcessPoolExecutor

import loopback

KIND = "mixed"
SUPPORT_FILES = ["loopback.py"]
REPLY_LIMIT = 16 * 1024 * 1024  # asyncio reads lines of up to 64 KiB by default; replies are larger

MIXED_MODELS = {
    "sequential": None,
    "asyncio": ["per_task"],
    "threads": ["per_task"],
}

VARIANTS = {
    "wait_heavy": {
        "description": "N requests: 10 ms server delay, then parse and sum a reply of 100 items",
        "unit": "s",
        "sizes": {"quick": 32, "standard": 80, "full": 320},
        "workers": MIXED_MODELS,
        "server": {"delay_s": 0.010, "items": 100},
    },
    "compute_heavy": {
        "description": "N requests: 1 ms server delay, then parse and sum a reply of 10,000 items",
        "unit": "s",
        "sizes": {"quick": 32, "standard": 80, "full": 320},
        "workers": dict(MIXED_MODELS, process_pool=[2]),
        "server": {"delay_s": 0.001, "items": 10_000},
    },
}


def setup(variant, size):
    """One server for the whole cell (warm-up and timed run); always stopped afterwards."""
    return loopback.running_server(**VARIANTS[variant]["server"])


def digest(reply):
    """The Python work on one reply: parse it and add up a function of every item."""
    document = json.loads(reply)
    total = 0
    for item in document["items"]:
        total += item["v"] * item["v"] % 97
    return document["id"], total


def fetch_and_digest(address, request_id):
    """One task with blocking calls: request, wait for the reply, then work on it."""
    with socket.create_connection(address) as connection:
        connection.sendall(b"%d\n" % request_id)
        with connection.makefile("rb") as replies:
            reply = replies.readline()
    return digest(reply)


async def fetch_and_digest_async(address, request_id):
    """The same task as a coroutine. digest() runs on the event loop, which waits meanwhile."""
    reader, writer = await asyncio.open_connection(*address, limit=REPLY_LIMIT)
    writer.write(b"%d\n" % request_id)
    reply = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return digest(reply)


def run_sequential(address, size):
    return [fetch_and_digest(address, request_id) for request_id in range(size)]


def run_asyncio(address, size, workers):
    return asyncio.run(gather_tasks(address, size, workers))


async def gather_tasks(address, size, workers):
    # At most `workers` tasks in flight; with workers == size, all of them at once.
    in_flight = asyncio.Semaphore(workers)

    async def limited_task(request_id):
        async with in_flight:
            return await fetch_and_digest_async(address, request_id)

    return await asyncio.gather(*(limited_task(request_id) for request_id in range(size)))


def run_threads(address, size, workers):
    results = [None] * size

    def worker(first):
        # Worker k runs tasks k, k + workers, k + 2 * workers, ... one after another.
        for request_id in range(first, size, workers):
            results[request_id] = fetch_and_digest(address, request_id)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def run_process_pool(address, size, workers, start_method):
    mp_context = multiprocessing.get_context(start_method)
    # Leaving the with-block shuts the pool down and waits for its processes to exit.
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) as pool:
        return list(pool.map(fetch_and_digest, [address] * size, range(size)))


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Run the N tasks with one model; return (id, total) for each, in order."""
    address = prepared
    if model == "sequential":
        return run_sequential(address, size)
    if model == "asyncio":
        return run_asyncio(address, size, workers)
    if model == "threads":
        return run_threads(address, size, workers)
    if model == "process_pool":
        return run_process_pool(address, size, workers, start_method)
    raise ValueError(f"mixed has no model {model!r}")


def check(variant, size, results, prepared=None):
    """Every reply must have come back for its own request and been summed correctly."""
    items = VARIANTS[variant]["server"]["items"]
    expected_total = sum(loopback.item_value(k) ** 2 % 97 for k in range(items))
    expected = [(request_id, expected_total) for request_id in range(size)]
    if [tuple(result) for result in results] != expected:
        raise AssertionError(f"expected {size}, each summing to {expected_total}")
    delay_ms = VARIANTS[variant]["server"]["delay_s"] * 1000
    return {"items_per_reply": items, "server_delay_ms": delay_ms}
