"""Network waiting: N requests over real TCP to a loopback server that answers after 10 ms.

Each request opens a connection to 127.0.0.1, sends one line and reads one line back, as a
small HTTP/1.0 client would. Nearly all of a request's time is spent waiting for the reply, and
a thread blocked in recv() holds no GIL while an asyncio task awaiting a reply holds no event
loop, so the waits overlap in every concurrent model. Unlike io_sleep there is real work
between the waits too (connecting, system calls, a little JSON), and that part runs one at a
time under the GIL: the more requests in flight, the more it shows.
"""

import asyncio
import json
import socket
import threading

import loopback

KIND = "wait"
SUPPORT_FILES = ["loopback.py"]
SERVER_DELAY_S = 0.010  # the server answers each request 10 ms after it arrives

VARIANTS = {
    "request": {
        "description": "N requests, one TCP connection each, to a server that answers after 10 ms",
        "unit": "s",
        "sizes": {"quick": 40, "standard": 100, "full": 400},
        "workers": {
            "sequential": None,
            "asyncio": ["per_task"],
            "threads": ["per_task"],
        },
    },
}


def setup(variant, size):
    """One server for the whole cell (warm-up and timed run); always stopped afterwards."""
    return loopback.running_server(SERVER_DELAY_S)


def request(address, request_id):
    """One blocking request: connect, send the id, read the reply line, close."""
    with socket.create_connection(address) as connection:
        connection.sendall(b"%d\n" % request_id)
        with connection.makefile("rb") as replies:
            reply = replies.readline()
    return json.loads(reply)["id"]


async def request_async(address, request_id):
    """The same request as a coroutine: the loop serves other tasks while this one waits."""
    reader, writer = await asyncio.open_connection(*address)
    writer.write(b"%d\n" % request_id)
    reply = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return json.loads(reply)["id"]


def run_sequential(address, size):
    return [request(address, request_id) for request_id in range(size)]


def run_asyncio(address, size, workers):
    return asyncio.run(gather_requests(address, size, workers))


async def gather_requests(address, size, workers):
    # At most `workers` requests in flight; with workers == size, all of them at once.
    in_flight = asyncio.Semaphore(workers)

    async def limited_request(request_id):
        async with in_flight:
            return await request_async(address, request_id)

    return await asyncio.gather(*(limited_request(request_id) for request_id in range(size)))


def run_threads(address, size, workers):
    results = [None] * size

    def worker(first):
        # Worker k sends requests k, k + workers, k + 2 * workers, ... one after another.
        for request_id in range(first, size, workers):
            results[request_id] = request(address, request_id)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main(model, workers, size, variant="request", start_method=None, prepared=None):
    """Send the N requests with one model; return the ids the server echoed, in order."""
    address = prepared
    if model == "sequential":
        return run_sequential(address, size)
    if model == "asyncio":
        return run_asyncio(address, size, workers)
    if model == "threads":
        return run_threads(address, size, workers)
    raise ValueError(f"io_socket has no model {model!r}")


def check(variant, size, results, prepared=None):
    """Every request must have been answered, each with its own id."""
    if list(results) != list(range(size)):
        raise AssertionError(f"expected replies to requests 0..{size - 1}, got {len(results)}")
    return {"server_delay_ms": SERVER_DELAY_S * 1000}
