from typing import List


def format_range(start: int, end: int) -> str:
    """Format a run of consecutive integers: "5" for a single number, "1-3" otherwise."""
    return str(start) if start == end else f"{start}-{end}"


def compress_ranges(numbers: List[int]) -> str:
    """Describe a sorted list of distinct integers as comma-separated runs, using format_range.
    >>> compress_ranges([1, 2, 3, 5, 7, 8])
    '1-3,5,7-8'
    """
