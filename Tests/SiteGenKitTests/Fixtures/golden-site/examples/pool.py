"""A thread pool that squares numbers."""

from concurrent.futures import ThreadPoolExecutor

with ThreadPoolExecutor(max_workers=4) as pool:
    print(list(pool.map(lambda n: n * n, range(8))))
