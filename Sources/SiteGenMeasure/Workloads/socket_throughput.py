"""Throughput-bound sockets: N round trips on persistent connections to a server that answers at once.

io_socket's server waits 10 ms before each reply, so its clients spend their time waiting and
every concurrent model overlaps the waits. Here the server answers at once, and the client keeps
its connections open: a round trip is a send, a receive and a little parsing, a few tens of microseconds of
system calls and Python on each side. What decides the rate is the work per message, not the
waiting, and concurrency can only spread that work over the CPUs:

- sequential: one connection, one blocking request after another.
- asyncio: asyncio streams (StreamReader and StreamWriter), one connection per worker; with one
  worker the same sequence of requests as sequential code, through the event loop's machinery.
- threads: blocking sockets, one connection per thread; the threads take turns with the GIL
  between system calls.

The server is started by setup() in a process of its own (forked where the platform can), so it
never competes with the client for a GIL, and its CPU time is not counted. It is one asyncio
Protocol on one event loop, with no stream machinery and no thread per connection, lighter per
message than the threaded loopback server the other socket workloads use. Each request is a
decimal id on a line; the reply is one line of JSON that carries the id, which every client checks. The metric is the wall time of all N round trips; the harness's
`ms_per_task` is that time per round trip.
"""

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import threading

KIND = "mixed"
HOST = "127.0.0.1"

VARIANTS = {
    "round_trips": {
        "description": "N round trips on persistent connections to a loopback server that answers at once",
        "unit": "s",
        "sizes": {"quick": 600, "standard": 1500, "full": 6000},
        "workers": {
            "sequential": None,
            "asyncio": [1, 4],
            "threads": [4],
        },
    },
}


# --- the server ---------------------------------------------------------------------------------


class Echo(asyncio.Protocol):
    """Answers each request line at once with {"id": <the line>}, all of one read in one write."""

    def connection_made(self, transport):
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.transport = transport
        self.partial = b""

    def data_received(self, data):
        lines = (self.partial + data).split(b"\n")
        self.partial = lines.pop()  # the start of a line still on its way, or b""
        self.transport.write(b"".join(b'{"id": %s}\n' % line for line in lines))


async def serve(port_output, stop_input):
    """Serve until stop_input (a file descriptor) reaches its end, having written the port."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Echo, HOST, 0)
    port_output.write(f"{server.sockets[0].getsockname()[1]}\n")
    port_output.flush()
    stopped = loop.create_future()

    def stop():  # stop_input is readable: its end has come (the parent closed it, or died)
        loop.remove_reader(stop_input)
        stopped.set_result(None)

    loop.add_reader(stop_input, stop)
    await stopped
    server.close()


@contextlib.contextmanager
def running_server():
    """Start the server in a child process, yield its (host, port), and always stop it."""
    if hasattr(os, "fork"):
        port_read, port_write = os.pipe()
        stop_read, stop_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(port_read)
            os.close(stop_write)
            try:
                asyncio.run(serve(open(port_write, "w"), stop_read))
            finally:
                os._exit(0)  # never return into the cell's code
        os.close(port_write)
        os.close(stop_read)
        try:
            with open(port_read) as port_lines:
                yield (HOST, int(port_lines.readline()))
        finally:
            os.close(stop_write)  # end of input is the server's signal to stop
            os.waitpid(pid, 0)
        return
    command = [sys.executable, "-I", "-S", "-B", __file__]
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        yield (HOST, int(server.stdout.readline()))
    finally:
        server.stdin.close()
        server.wait()
        server.stdout.close()


def setup(variant, size):
    """One server for the whole cell (warm-up and timed run), answering at once; always stopped."""
    return running_server()


def shares(size, workers):
    """Split request ids 0..size-1 into `workers` runs of consecutive ids, one per connection."""
    bounds = [size * w // workers for w in range(workers + 1)]
    return [range(bounds[w], bounds[w + 1]) for w in range(workers)]


def reply_id(line):
    return json.loads(line)["id"]


# --- blocking sockets ---------------------------------------------------------------------------


def round_trips(address, request_ids):
    """One connection, one request after another: send a line, wait for the reply line."""
    answers = []
    with socket.create_connection(address) as connection:
        # Without TCP_NODELAY a small request may wait for the previous one's acknowledgement.
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with connection.makefile("rb") as replies:
            for request_id in request_ids:
                connection.sendall(b"%d\n" % request_id)
                answers.append(reply_id(replies.readline()))
    return answers


def run_sequential(address, size):
    return round_trips(address, range(size))


def run_threads(address, size, workers):
    results = [None] * size

    def connection_worker(request_ids):
        for request_id, answer in zip(request_ids, round_trips(address, request_ids)):
            results[request_id] = answer

    threads = [threading.Thread(target=connection_worker, args=(ids,)) for ids in shares(size, workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- asyncio streams ----------------------------------------------------------------------------


async def round_trips_async(address, request_ids):
    """The same loop as round_trips, on asyncio streams: every await is a pass of the event loop."""
    reader, writer = await asyncio.open_connection(*address)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    answers = []
    try:
        for request_id in request_ids:
            writer.write(b"%d\n" % request_id)
            await writer.drain()  # returns at once unless the send buffer is full
            answers.append(reply_id(await reader.readline()))
    finally:
        writer.close()
        await writer.wait_closed()
    return answers


async def all_connections(address, size, workers):
    per_connection = await asyncio.gather(*(round_trips_async(address, ids) for ids in shares(size, workers)))
    return [answer for answers in per_connection for answer in answers]


def run_asyncio(address, size, workers):
    return asyncio.run(all_connections(address, size, workers))


# --- entry point --------------------------------------------------------------------------------


def main(model, workers, size, variant, start_method=None, prepared=None):
    address = prepared
    if model == "sequential":
        return run_sequential(address, size)
    if model == "asyncio":
        return run_asyncio(address, size, workers)
    if model == "threads":
        return run_threads(address, size, workers)
    raise ValueError(f"socket_throughput does not support model {model!r}")


def check(variant, size, results, prepared):
    """Every reply must have come back, to the request that asked for it."""
    if list(results) != list(range(size)):
        raise AssertionError("a reply was missing or answered another request")
    return {}


if __name__ == "__main__":
    asyncio.run(serve(sys.stdout, sys.stdin.fileno()))
