def digital_root(n: int) -> int:
    """Repeatedly sum the decimal digits of the non-negative integer n until one digit is left.
    >>> digital_root(942)
    6
    """
