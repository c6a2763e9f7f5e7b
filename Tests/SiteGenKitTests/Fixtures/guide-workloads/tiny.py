"""A tiny workload for tests: <angle brackets> & "quotes" stay verbatim."""

KIND = "cpu"


def run_sequential(size):
    return [i * i for i in range(size)]
