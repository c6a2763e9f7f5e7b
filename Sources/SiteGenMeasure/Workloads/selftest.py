"""Fault drills for the measuring side: a cell that succeeds, one that raises, one that hangs.

Not part of the guide. `hang` starts a child process that hangs too and then never returns,
so a runner's timeout has to kill the whole process group, not just this process; it prints
both process ids on a line of its own first, so a test can check that both are gone (the
child's command line ends with "hang" and the cell's size, so a test can also find it by that). Both
give up by themselves after ten minutes, so a runner that fails to kill them leaves nothing
behind for long.
"""

import contextlib
import json
import os
import subprocess
import sys
import time

KIND = "overhead"
HIDDEN = True
HANG_S = 600

VARIANTS = {
    "ok": {
        "description": "sleep 10 ms per unit of size, then succeed",
        "unit": "s",
        "sizes": {"quick": 1, "standard": 1, "full": 1},
        "workers": {"sequential": None},
    },
    "raise": {
        "description": "raise RuntimeError",
        "unit": "s",
        "sizes": {"quick": 1, "standard": 1, "full": 1},
        "workers": {"sequential": None},
    },
    "hang": {
        "description": "start a child process that hangs, then hang too",
        "unit": "s",
        "sizes": {"quick": 1, "standard": 1, "full": 1},
        "workers": {"sequential": None},
    },
}


def setup(variant, size):
    """The cell's own size, which labels the hang's child (the warm-up runs with a smaller size)."""
    return contextlib.nullcontext(size)


def main(model, workers, size, variant, start_method=None, prepared=None):
    if variant == "ok":
        start = time.perf_counter()
        time.sleep(0.010 * size)
        return {"metric": time.perf_counter() - start, "extra": {}}
    if variant == "raise":
        raise RuntimeError("selftest: raised on purpose")
    if variant == "hang":
        # The trailing arguments only label the process, so a test can find it by its command line.
        sleep = "import sys, time; time.sleep(float(sys.argv[1]))"
        command = [sys.executable, "-I", "-S", "-c", sleep, str(HANG_S), "hang", str(prepared)]
        child = subprocess.Popen(command)
        print(json.dumps({"hang_pid": os.getpid(), "hang_child_pid": child.pid}), flush=True)
        time.sleep(HANG_S)
        child.kill()
        raise RuntimeError("selftest: hung for ten minutes and was not killed")
    raise ValueError(f"selftest has no variant {variant!r}")
