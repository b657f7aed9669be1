def is_balanced(text: str) -> bool:
    """Return True if every (, [ and { in text is closed by the matching bracket in the right order.
    Characters other than brackets are ignored.
    >>> is_balanced("f(a[1], {b: 2})")
    True
    >>> is_balanced("(]")
    False
    """
