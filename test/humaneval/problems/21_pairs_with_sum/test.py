def check(candidate):
    assert candidate([1, 5, 3, 3, 4, 2], 6) == [(1, 5), (2, 4), (3, 3)]
    assert candidate([], 3) == []
    assert candidate([3], 6) == []
    assert candidate([2, 2, 2], 4) == [(2, 2)]
    assert candidate([-1, 7, 0, 6], 6) == [(-1, 7), (0, 6)]
