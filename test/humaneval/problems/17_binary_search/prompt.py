from typing import List


def binary_search(items: List[int], target: int) -> int:
    """Return the index of target in the ascending list items, or -1 if it is absent.
    >>> binary_search([1, 3, 5, 7], 5)
    2
    >>> binary_search([1, 3, 5, 7], 4)
    -1
    """
