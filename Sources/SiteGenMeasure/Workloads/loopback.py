"""A loopback TCP server for the socket workloads: it answers each request after a fixed delay.

It runs in a process of its own (forked where the platform can, else a new interpreter) and stands
in for a remote service: it never competes with the client for a GIL, and its CPU time is not
counted in a cell's figures (it is started before the timed region and stopped after it). It
listens on 127.0.0.1 only, on a free port that the system picks (bind to port 0), writes that
port on a line to its parent, and stops when the pipe from its parent closes, so it cannot
outlive the process that started it.

Protocol, one request per line: the client sends a decimal request id; DELAY seconds later the
server answers with one line of JSON, {"id": <id>, "items": [{"k": 0, "v": ...}, ...]}. A
connection may carry one request or many, one after another.

One thread per connection keeps the server short and starts it quickly; its threads spend their
time asleep or in system calls, so they hardly contend for the server's own GIL.
"""

import contextlib
import json
import os
import socketserver
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"


def item_value(k):
    """The value of item k in every reply, so clients can check what they computed."""
    return (k * 7919) % 1000


def items_json(items):
    """The JSON list of items every reply carries, as bytes."""
    return json.dumps([{"k": k, "v": item_value(k)} for k in range(items)]).encode()


@contextlib.contextmanager
def running_server(delay_s, items=0):
    """Start the server in a child process, yield its (host, port), and always stop it."""
    if hasattr(os, "fork"):
        # A forked copy of this process serves within milliseconds; a new interpreter would take
        # ten times as long to start and import, and that would be paid in every cell.
        port_read, port_write = os.pipe()
        stop_read, stop_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(port_read)
            os.close(stop_write)
            try:
                serve(delay_s, items, open(port_write, "w"), open(stop_read, "rb"))
            finally:
                os._exit(0)  # never return into the cell's code
        os.close(port_write)
        os.close(stop_read)
        with open(port_read) as port_lines, open(stop_write, "wb") as stop:
            try:
                yield (HOST, read_port(port_lines))
            finally:
                stop.close()  # end of input is the server's signal to stop
                os.waitpid(pid, 0)
        return

    # -S: the server needs only the standard library, and skipping site-packages keeps its
    # start quick. Same interpreter as the client, so nothing else needs to be installed.
    command = [sys.executable, "-I", "-S", "-B", __file__, str(delay_s), str(items)]
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        yield (HOST, read_port(server.stdout))
    finally:
        server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()


def read_port(lines):
    line = lines.readline()
    if not line:
        raise RuntimeError("the loopback server exited before it printed its port")
    return int(line)


class DelayedReply(socketserver.StreamRequestHandler):
    disable_nagle_algorithm = True  # send each small reply at once

    def handle(self):
        try:
            for line in self.rfile:  # ends when the client closes the connection
                time.sleep(self.server.delay_s)
                reply = b'{"id": %d, "items": %s}\n' % (int(line), self.server.items_json)
                self.wfile.write(reply)
        except ConnectionError:
            pass  # a client that goes away early is not the server's problem


class LoopbackServer(socketserver.ThreadingTCPServer):
    daemon_threads = True  # don't wait for open connections when stopping
    request_queue_size = 1024  # hundreds of clients may connect at the same moment

    def __init__(self, delay_s, items):
        super().__init__((HOST, 0), DelayedReply)
        self.delay_s = delay_s
        # The items are the same in every reply: encode them once, not once per request.
        self.items_json = items_json(items)


def serve(delay_s, items, port_output, stop_input):
    """Serve until stop_input ends, having written the port to port_output."""
    with LoopbackServer(delay_s, items) as server:
        # A short poll interval lets shutdown() return quickly.
        threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
        port_output.write(f"{server.server_address[1]}\n")
        port_output.flush()
        stop_input.read()  # returns when the client closes its end, or dies
        server.shutdown()


if __name__ == "__main__":
    serve(float(sys.argv[1]), int(sys.argv[2]), sys.stdout, sys.stdin.buffer)
