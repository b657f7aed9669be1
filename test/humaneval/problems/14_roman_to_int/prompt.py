def roman_to_int(numeral: str) -> int:
    """Convert a valid Roman numeral (I, V, X, L, C, D, M with subtractive pairs) to an integer.
    >>> roman_to_int("MCMXCIV")
    1994
    """
