from typing import List


def spiral_order(matrix: List[List[int]]) -> List[int]:
    """Return the elements of a rectangular matrix in clockwise spiral order, starting top-left.
    >>> spiral_order([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    [1, 2, 3, 6, 9, 8, 7, 4, 5]
    """
