from typing import List, Tuple


def pairs_with_sum(numbers: List[int], target: int) -> List[Tuple[int, int]]:
    """Return the distinct pairs (a, b) with a <= b, taken from different positions of numbers,
    such that a + b == target, sorted ascending.
    >>> pairs_with_sum([1, 5, 3, 3, 4, 2], 6)
    [(1, 5), (2, 4), (3, 3)]
    """
