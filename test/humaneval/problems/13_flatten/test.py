def check(candidate):
    assert candidate([1, [2, [3, 4]], [], 5]) == [1, 2, 3, 4, 5]
    assert candidate([]) == []
    assert candidate([[[]]]) == []
    assert candidate(["a", ["b"]]) == ["a", "b"]
    assert candidate([[1, [2]], 3]) == [1, 2, 3]
