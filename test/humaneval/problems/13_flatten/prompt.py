def flatten(nested: list) -> list:
    """Flatten arbitrarily nested lists into one list, keeping the order of the elements.
    >>> flatten([1, [2, [3, 4]], [], 5])
    [1, 2, 3, 4, 5]
    """
