"""A module whose name is the standard library's."""
