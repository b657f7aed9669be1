def is_anagram(first: str, second: str) -> bool:
    """Return True if the two phrases use the same letters the same number of times,
    ignoring spaces and letter case.
    >>> is_anagram("Dormitory", "dirty room")
    True
    >>> is_anagram("abc", "abd")
    False
    """
