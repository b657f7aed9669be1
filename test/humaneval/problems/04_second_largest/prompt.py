from typing import List, Optional


def second_largest(numbers: List[int]) -> Optional[int]:
    """Return the second largest distinct value in numbers, or None if there is none.
    >>> second_largest([4, 1, 4, 3])
    3
    >>> second_largest([7, 7])
    """
