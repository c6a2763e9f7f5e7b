"""A module whose quick size is not a count."""

KIND = "cpu"

VARIANTS = {
    "one": {
        "description": "one",
        "unit": "s",
        "sizes": {"quick": 0, "standard": 2, "full": 4},
        "workers": {"sequential": None},
    },
}


def main(model, workers, size, variant=None, start_method=None, prepared=None):
    return []


def check(variant, size, results, prepared=None):
    return {}
