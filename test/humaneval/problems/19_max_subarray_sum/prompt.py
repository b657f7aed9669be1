from typing import List


def max_subarray_sum(numbers: List[int]) -> int:
    """Return the largest sum of a non-empty contiguous slice of the non-empty list numbers.
    >>> max_subarray_sum([-2, 1, -3, 4, -1, 2, 1, -5, 4])
    6
    """
