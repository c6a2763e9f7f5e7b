"""A helper the modules below share (names starting with _ are not workloads)."""

SIZES = {"quick": 2, "standard": 2, "full": 2}
SWEEP = {"sequential": None}


def tasks(size):
    return list(range(size))
