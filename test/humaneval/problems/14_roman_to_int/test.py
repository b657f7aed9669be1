def check(candidate):
    assert candidate("MCMXCIV") == 1994
    assert candidate("III") == 3
    assert candidate("IV") == 4
    assert candidate("LVIII") == 58
    assert candidate("MMXXIV") == 2024
    assert candidate("CDXLIV") == 444
