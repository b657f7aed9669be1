def check(candidate):
    assert candidate([1, 3, 5, 7], 5) == 2
    assert candidate([1, 3, 5, 7], 4) == -1
    assert candidate([], 1) == -1
    assert candidate([2], 2) == 0
    assert candidate(list(range(0, 1000, 2)), 998) == 499
    assert candidate([1, 3, 5, 7], 1) == 0
