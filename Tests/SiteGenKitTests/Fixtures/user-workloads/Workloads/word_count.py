"""Counting the words of N generated documents: pure-Python work, split across workers.

An example of a workload of your own, for `sitegen bench|build|check --workloads DIR`: one module
per workload, standard library only, named after its file (word_count). The harness imports it once,
then runs each cell (a variant, a model and a worker count) in a fresh process forked from there.
"""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

# What limits the job: "cpu" (Python work), "wait" (I/O) or "mixed". For these three kinds the
# harness times main() as a whole and the metric is its wall time in seconds.
KIND = "cpu"

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]

VARIANTS = {
    # A variant is one way to size or shape the job; pages select it with variant=short.
    "short": {
        "description": "N documents of 2,000 words each",
        "unit": "s",
        # The number of documents (main's `size`) for each profile: fixed, so machines compare.
        "sizes": {"quick": 8, "standard": 20, "full": 80},
        # The models to measure and the worker counts to sweep for each; None where a model takes
        # no worker count. "per_task" means one worker per document.
        "workers": {
            "sequential": None,
            "threads": [2],
            "process_pool": [2],
        },
    },
}


def make_document(seed):
    """A document of 2,000 words, the same for the same seed."""
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(2000))


def count_words(seed):
    """One task: count each word of one document. Returns the counts, which check() verifies."""
    counts = {}
    for word in make_document(seed).split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def main(model, workers, size, variant="short", start_method=None, prepared=None):
    """Runs `size` tasks with one model and returns their results in order.

    `workers` is the worker count (an int), or None for a pool's default size; `start_method` is
    multiprocessing's for process models. Whatever main() starts it also stops: pools are shut
    down before it returns, so their CPU time is counted.
    """
    if model == "sequential":
        return [count_words(seed) for seed in range(size)]
    if model == "threads":
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(count_words, range(size)))
    if model == "process_pool":
        import multiprocessing

        context = multiprocessing.get_context(start_method)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(count_words, range(size)))
    raise ValueError(f"word_count has no model {model!r}")


def check(variant, size, results, prepared=None):
    """Raises if the work was not done; runs outside the clock. Returns extra figures to record."""
    if len(results) != size or any(sum(counts.values()) != 2000 for counts in results):
        raise AssertionError(f"expected {size} documents of 2,000 words")
    return {"words": 2000.0 * size}
