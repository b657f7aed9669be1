def check(candidate):
    assert candidate([(5, 7), (1, 3), (2, 4)]) == [(1, 4), (5, 7)]
    assert candidate([(1, 2), (2, 3)]) == [(1, 3)]
    assert candidate([]) == []
    assert candidate([(1, 10), (2, 3)]) == [(1, 10)]
    assert candidate([(4, 5), (1, 2)]) == [(1, 2), (4, 5)]
