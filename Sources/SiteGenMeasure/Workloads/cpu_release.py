"""CPU work in C that releases the GIL: SHA-256 of large buffers and zlib compression.

hashlib lets go of the GIL while it hashes a buffer of 2048 bytes or more, and zlib lets go
while it compresses, so threads running these calls use several CPUs at once even on a build
with a GIL, up to the number of CPUs the process may use. The control variant hashes the same
data through update() calls of 1 KiB: each call is too small to release the GIL and the Python
loop around the calls needs the GIL anyway, so threads take turns again.
"""

import contextlib
import hashlib
import threading
import zlib

KIND = "cpu"
HASH_BYTES = 8 * 1024 * 1024  # one buffer to hash: 8 MiB
COMPRESS_BYTES = 2 * 1024 * 1024  # one buffer to compress: about 2 MiB of text
CHUNK_BYTES = 1024  # below hashlib's 2048-byte threshold, so each update() keeps the GIL

VARIANTS = {
    "sha256_large": {
        "description": "N SHA-256 digests of an 8 MiB buffer, one call each (releases the GIL)",
        "unit": "s",
        "sizes": {"quick": 48, "standard": 120, "full": 480},
        "workers": {"sequential": None, "threads": [2, 4]},
    },
    "zlib": {
        "description": "N zlib.compress calls on 2 MiB of text, level 6 (releases the GIL)",
        "unit": "s",
        "sizes": {"quick": 16, "standard": 40, "full": 160},
        "workers": {"sequential": None, "threads": [2]},
    },
    "sha256_small_chunks": {
        "description": "control: the same SHA-256, fed to update() 1 KiB at a time (keeps the GIL)",
        "unit": "s",
        "sizes": {"quick": 32, "standard": 80, "full": 320},
        "workers": {"sequential": None, "threads": [2]},
    },
}


def sha256_large(data):
    """Hash the whole buffer in one call: hashlib releases the GIL for all of it."""
    return hashlib.sha256(data).hexdigest()


def sha256_small_chunks(data):
    """Hash the same bytes 1 KiB at a time: every call is too small to release the GIL."""
    digest = hashlib.sha256()
    view = memoryview(data)  # slices of a memoryview don't copy the bytes
    for start in range(0, len(data), CHUNK_BYTES):
        digest.update(view[start:start + CHUNK_BYTES])
    return digest.hexdigest()


def compress(data):
    """Compress the buffer; the answer is the compressed size, the same on every run."""
    return len(zlib.compress(data, 6))


JOBS = {"sha256_large": sha256_large, "zlib": compress, "sha256_small_chunks": sha256_small_chunks}


def text_bytes(size):
    """Compressible text, like a log file: numbered lines that repeat a sentence."""
    line_count = size // 50 + 1  # each line is 50 bytes long
    lines = (b"%08d the quick brown fox jumps over the lazy dog\n" % i for i in range(line_count))
    return b"".join(lines)[:size]


@contextlib.contextmanager
def setup(variant, size):
    """Build the input buffer once, before the clock starts; every job reads the same one."""
    if variant == "zlib":
        yield text_bytes(COMPRESS_BYTES)
    else:
        yield bytes(range(256)) * (HASH_BYTES // 256)


def run_sequential(job, data, size):
    return [job(data) for _ in range(size)]


def run_threads(job, data, size, workers):
    results = [None] * size

    def worker(first):
        # Worker k runs jobs k, k + workers, k + 2 * workers, ... on the shared buffer.
        for job_id in range(first, size, workers):
            results[job_id] = job(data)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def main(model, workers, size, variant, start_method=None, prepared=None):
    """Run N jobs of the variant with one model; return each job's answer, in order."""
    job, data = JOBS[variant], prepared
    if model == "sequential":
        return run_sequential(job, data, size)
    if model == "threads":
        return run_threads(job, data, size, workers)
    raise ValueError(f"cpu_release has no model {model!r}")


def check(variant, size, results, prepared):
    """Every job must give the answer that one job gives here."""
    expected = JOBS[variant](prepared)
    wrong = sum(1 for result in results if result != expected)
    if len(results) != size or wrong:
        raise AssertionError(f"{wrong} of {len(results)} jobs went wrong ({size} expected)")
    if variant == "sha256_small_chunks" and expected != sha256_large(prepared):
        raise AssertionError("hashing in chunks gave a different digest than hashing in one call")
    return {"mib_per_job": len(prepared) / 2**20}
