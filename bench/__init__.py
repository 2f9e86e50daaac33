"""The performance benchmark: a generated data set and timed requests (run.py)."""
