def check(candidate):
    assert candidate(942) == 6
    assert candidate(0) == 0
    assert candidate(7) == 7
    assert candidate(10) == 1
    assert candidate(999999999999) == 9
