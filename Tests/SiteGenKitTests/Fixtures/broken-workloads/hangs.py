"""A module whose main() never returns."""

import time

from _shared import SIZES, SWEEP

KIND = "wait"
VARIANTS = {"one": {"description": "one", "unit": "s", "sizes": SIZES, "workers": SWEEP}}


def main(model, workers, size, variant=None, start_method=None, prepared=None):
    while True:
        time.sleep(1)


def check(variant, size, results, prepared=None):
    return {}
