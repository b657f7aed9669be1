def check(candidate):
    assert candidate("192.168.0.1") is True
    assert candidate("256.1.1.1") is False
    assert candidate("0.0.0.0") is True
    assert candidate("1.2.3") is False
    assert candidate("01.2.3.4") is False
    assert candidate("1.2.3.4.") is False
    assert candidate("a.b.c.d") is False
    assert candidate("1.2.-3.4") is False
