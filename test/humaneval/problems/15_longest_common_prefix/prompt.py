from typing import List


def longest_common_prefix(words: List[str]) -> str:
    """Return the longest string that every word starts with ("" for an empty list).
    >>> longest_common_prefix(["flower", "flow", "flight"])
    'fl'
    """
