"""A module with a syntax error."""

KIND = "cpu"
VARIANTS = {
