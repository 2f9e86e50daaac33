"""Skewed random choices shared by the data generators and the request mixes."""

import itertools
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Weights 1/rank**exponent: the first item is the most common."""
    return [1 / rank**exponent for rank in range(1, count + 1)]


class Pool(Generic[T]):
    """Values drawn with fixed weights; Zipf-like (by rank) unless weights given."""

    def __init__(
        self,
        values: Sequence[T],
        weights: Sequence[float] | None = None,
        exponent: float = 1.0,
    ):
        if not values:
            raise ValueError("a pool needs at least one value")
        self.values = list(values)
        weights = weights or zipf_weights(len(values), exponent)
        if len(weights) != len(values):
            raise ValueError("one weight per value")
        # Cumulative weights let random.choices skip summing on every draw.
        self.cum_weights = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]

    def sample(self, rng: random.Random, count: int) -> list[T]:
        """``count`` distinct values (fewer when the pool is smaller)."""
        chosen: list[T] = []
        for _attempt in range(count * 10):
            if len(chosen) == min(count, len(self.values)):
                break
            value = self.pick(rng)
            if value not in chosen:
                chosen.append(value)
        return chosen


def weighted_pools(queries: dict[str, str]) -> "dict[str, Pool]":
    """A pool per query of ``(value, count)`` rows, weighted by the counts."""
    from django.db import connection

    pools = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql)
            rows = sorted(cursor.fetchall(), key=lambda row: (-row[1], row[0]))
            pools[name] = Pool([value for value, _n in rows], [n for _v, n in rows])
    return pools
