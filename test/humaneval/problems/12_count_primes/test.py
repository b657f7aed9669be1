def check(candidate):
    assert candidate(10) == 4
    assert candidate(2) == 0
    assert candidate(3) == 1
    assert candidate(0) == 0
    assert candidate(100) == 25
    assert candidate(10000) == 1229
