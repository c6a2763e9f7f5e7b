"""A module named like a bundled workload."""
