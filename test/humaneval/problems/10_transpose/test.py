def check(candidate):
    assert candidate([[1, 2, 3], [4, 5, 6]]) == [[1, 4], [2, 5], [3, 6]]
    assert candidate([]) == []
    assert candidate([[1]]) == [[1]]
    assert candidate([[1, 2]]) == [[1], [2]]
    assert candidate([[1], [2], [3]]) == [[1, 2, 3]]
