"""File work: write many small files with fsync, or read many files back and hash them.

Writing with os.fsync waits for the storage device to confirm the data, and the file system
can fold the flushes of several threads into one journal commit, so waits overlap in threads
much as they do for sockets. Reading files that were just written comes from the page cache:
that measures the read system calls and SHA-256 (which releases the GIL for buffers of 2 KiB or
more), not the disk. asyncio has no asynchronous file API in the standard library: an asyncio
program hands file work to threads with asyncio.to_thread, so the thread-pool figures apply to
it too. Files live in a temporary folder that is always removed; the harness reports the file
system that folder is on with the interpreter's facts, because fsync on a RAM-backed tmpfs
returns at once.
"""

import contextlib
import hashlib
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor

KIND = "wait"
WRITE_BYTES = 64 * 1024  # each written file: 64 KiB
READ_BYTES = 256 * 1024  # each file read back: 256 KiB

VARIANTS = {
    "write_fsync": {
        "description": "write N files of 64 KiB, each flushed to the device with os.fsync",
        "unit": "s",
        "sizes": {"quick": 80, "standard": 200, "full": 800},
        "workers": {"sequential": None, "thread_pool": [4]},
    },
    "read_hash": {
        "description": "read N files of 256 KiB (from the page cache) and SHA-256 each",
        "unit": "s",
        "sizes": {"quick": 400, "standard": 1000, "full": 4000},
        "workers": {"sequential": None, "thread_pool": [4]},
    },
}


def file_bytes(size):
    """The content of every file: a repeating, easily checked pattern."""
    return bytes(range(256)) * (size // 256)


WRITE_DATA = file_bytes(WRITE_BYTES)


@contextlib.contextmanager
def setup(variant, size):
    """A temporary folder for the cell, removed however the cell ends; for reading, the files."""
    with tempfile.TemporaryDirectory(prefix="io_files-") as folder:
        prepared = {"folder": folder}
        if variant == "read_hash":
            data = file_bytes(READ_BYTES)
            paths = [os.path.join(folder, f"read-{i:05d}.bin") for i in range(size)]
            for path in paths:
                with open(path, "wb") as f:
                    f.write(data)
            prepared["paths"] = paths
            prepared["expected_digest"] = hashlib.sha256(data).hexdigest()
        yield prepared


def write_file(folder, file_id):
    """Write one file and wait until the device has it. Returns the bytes written."""
    path = os.path.join(folder, f"write-{file_id:05d}.bin")
    with open(path, "wb") as f:
        written = f.write(WRITE_DATA)
        f.flush()  # from Python's buffer to the operating system...
        os.fsync(f.fileno())  # ...and from the page cache to the device
    return written


def hash_file(path):
    """Read one whole file and return its SHA-256."""
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_sequential(job, arguments):
    return [job(*args) for args in arguments]


def run_thread_pool(job, arguments, workers):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(job, *zip(*arguments)))


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Do the N file jobs with one model; return each job's answer, in order."""
    if variant == "write_fsync":
        # A fresh folder for every run, so no run overwrites the files of an earlier one.
        folder = tempfile.mkdtemp(dir=prepared["folder"])
        job, arguments = write_file, [(folder, i) for i in range(size)]
    else:
        job, arguments = hash_file, [(path,) for path in prepared["paths"][:size]]
    if model == "sequential":
        return run_sequential(job, arguments)
    if model == "thread_pool":
        return run_thread_pool(job, arguments, workers)
    raise ValueError(f"io_files has no model {model!r}")


def check(variant, size, results, prepared):
    """Every file must have been written in full, or read back with the right digest."""
    expected = WRITE_BYTES if variant == "write_fsync" else prepared["expected_digest"]
    wrong = sum(1 for result in results if result != expected)
    if len(results) != size or wrong:
        raise AssertionError(f"{wrong} of {len(results)} file jobs went wrong ({size} expected)")
    return {}
