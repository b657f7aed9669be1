def caesar_shift(text: str, shift: int) -> str:
    """Shift every ASCII letter in text by shift positions in the alphabet, wrapping around and
    keeping its case. Other characters are unchanged. shift may be negative.
    >>> caesar_shift("Hello, World!", 3)
    'Khoor, Zruog!'
    """
