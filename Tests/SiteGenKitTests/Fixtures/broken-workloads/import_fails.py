"""A module that raises while it is imported."""

KIND = "cpu"
LIMIT = int("not a number")
