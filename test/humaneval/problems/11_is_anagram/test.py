def check(candidate):
    assert candidate("Dormitory", "dirty room") is True
    assert candidate("abc", "abd") is False
    assert candidate("", "") is True
    assert candidate("aab", "abb") is False
    assert candidate("Listen", "Silent") is True
    assert candidate("a", "a ") is True
