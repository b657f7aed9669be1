def check(candidate):
    assert candidate([-2, 1, -3, 4, -1, 2, 1, -5, 4]) == 6
    assert candidate([1]) == 1
    assert candidate([-3, -1, -2]) == -1
    assert candidate([5, -1, 5]) == 9
    assert candidate([0, 0]) == 0
