"""A module whose check() finds the work undone."""

from _shared import SIZES, SWEEP, tasks

KIND = "cpu"
VARIANTS = {"one": {"description": "one", "unit": "s", "sizes": SIZES, "workers": SWEEP}}


def main(model, workers, size, variant=None, start_method=None, prepared=None):
    return tasks(size)[1:]


def check(variant, size, results, prepared=None):
    if len(results) != size:
        raise AssertionError(f"expected {size} results, got {len(results)}")
    return {}
