"""asyncio for many waits: a fetcher that keeps at most LIMIT requests in
flight with a Semaphore.

Self-contained: it starts its own slow TCP server on 127.0.0.1, which counts
the requests it is serving at once, so the recipe proves that the cap holds.
asyncio.wait_for bounds every request, so a server that never answers costs one
timeout instead of a hung program.
"""
from __future__ import annotations

import asyncio

ITEMS = 40
LIMIT = 5      # what the server, a rate limit or your file descriptors allow
DELAY = 0.05   # the server's thinking time per request
TIMEOUT = 2.0  # per request: connect, send, receive


async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                load: dict[str, int]) -> None:
    line = await reader.readline()
    # One thread runs the loop and no await sits between these lines, so they
    # need no lock.
    load["now"] += 1
    load["peak"] = max(load["peak"], load["now"])
    await asyncio.sleep(DELAY)
    # Before replying, so a client that has its answer has left the count.
    load["now"] -= 1
    writer.write(b"reply " + line)
    await writer.drain()
    writer.close()


async def fetch(item: int, port: int, limit: asyncio.Semaphore) -> str | None:
    # Take a slot before opening the connection, so sockets are capped as well
    # as requests.
    async with limit:
        try:
            return await asyncio.wait_for(exchange(item, port), TIMEOUT)
        except (asyncio.TimeoutError, OSError):
            # wait_for has cancelled the exchange; a real client might retry.
            return None


async def exchange(item: int, port: int) -> str:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"{item}\n".encode())
        return (await reader.readline()).decode().strip()
    finally:
        # Also when cancelled by the timeout: no socket is left open.
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    load = {"now": 0, "peak": 0}
    server = await asyncio.start_server(
        lambda reader, writer: serve(reader, writer, load), "127.0.0.1", 0)
    # Port 0 let the system pick a free port; ask the socket which.
    port = server.sockets[0].getsockname()[1]
    # Created inside the running loop: before Python 3.10, a Semaphore made
    # outside it binds to another loop and fails as soon as a task has to wait
    # for it.
    limit = asyncio.Semaphore(LIMIT)
    async with server:  # closes the listening socket on the way out
        jobs = [fetch(item, port, limit) for item in range(ITEMS)]
        replies = await asyncio.gather(*jobs)
    assert replies == [f"reply {item}" for item in range(ITEMS)], replies
    # The requests overlapped, and never beyond the cap.
    assert 1 < load["peak"] <= LIMIT, load
    print(f"ok: {ITEMS} requests, at most {load['peak']} in flight at once")


if __name__ == "__main__":
    asyncio.run(main())
