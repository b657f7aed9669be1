def check(candidate):
    assert candidate("Hello, World!", 3) == "Khoor, Zruog!"
    assert candidate("xyz", 3) == "abc"
    assert candidate("abc", -1) == "zab"
    assert candidate("", 5) == ""
    assert candidate("Zebra 123", 26) == "Zebra 123"
    assert candidate("Zebra", 27) == "Afcsb"
