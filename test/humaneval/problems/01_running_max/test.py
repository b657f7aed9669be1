def check(candidate):
    assert candidate([1, 3, 2, 5, 4]) == [1, 3, 3, 5, 5]
    assert candidate([]) == []
    assert candidate([-5, -7, -1]) == [-5, -5, -1]
    assert candidate([4, 4, 4]) == [4, 4, 4]
    assert candidate([9, 1, 2]) == [9, 9, 9]
