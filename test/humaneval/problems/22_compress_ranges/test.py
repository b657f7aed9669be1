def check(candidate):
    assert candidate([1, 2, 3, 5, 7, 8]) == "1-3,5,7-8"
    assert candidate([]) == ""
    assert candidate([4]) == "4"
    assert candidate([-2, -1, 0, 2]) == "-2-0,2"
    assert candidate([1, 3, 5]) == "1,3,5"
