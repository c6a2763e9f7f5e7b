"""A module whose main() raises."""

from _shared import SIZES, SWEEP

KIND = "cpu"
VARIANTS = {"one": {"description": "one", "unit": "s", "sizes": SIZES, "workers": SWEEP}}


def main(model, workers, size, variant=None, start_method=None, prepared=None):
    raise RuntimeError("main raised on purpose")


def check(variant, size, results, prepared=None):
    return {}
