from typing import List


def chunk(items: list, size: int) -> List[list]:
    """Split items into consecutive lists of length size; the last one may be shorter.
    >>> chunk([1, 2, 3, 4, 5], 2)
    [[1, 2], [3, 4], [5]]
    """
