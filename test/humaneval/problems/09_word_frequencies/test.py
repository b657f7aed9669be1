def check(candidate):
    assert candidate("The cat and the hat.") == {"the": 2, "cat": 1, "and": 1, "hat": 1}
    assert candidate("") == {}
    assert candidate("it's IT") == {"it": 2, "s": 1}
    assert candidate("a1b2 a") == {"a": 2, "b": 1}
