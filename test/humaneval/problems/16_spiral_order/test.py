def check(candidate):
    assert candidate([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) == [1, 2, 3, 6, 9, 8, 7, 4, 5]
    assert candidate([]) == []
    assert candidate([[1]]) == [1]
    assert candidate([[1, 2], [3, 4], [5, 6]]) == [1, 2, 4, 6, 5, 3]
    assert candidate([[1, 2, 3, 4]]) == [1, 2, 3, 4]
