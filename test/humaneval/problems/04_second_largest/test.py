def check(candidate):
    assert candidate([4, 1, 4, 3]) == 3
    assert candidate([7, 7]) is None
    assert candidate([]) is None
    assert candidate([-1, -2, -3]) == -2
    assert candidate([1, 2]) == 1
    assert candidate([10, 10, 9, 9, 8]) == 9
