def check(candidate):
    assert candidate("aaabcc") == "a3b1c2"
    assert candidate("") == ""
    assert candidate("z") == "z1"
    assert candidate("aabbaa") == "a2b2a2"
    assert candidate("abc") == "a1b1c1"
    assert candidate("xxxxxxxxxxxx") == "x12"
