def is_valid_ipv4(address: str) -> bool:
    """Return True if address is four decimal numbers from 0 to 255 separated by dots, without
    leading zeros (a lone "0" is fine) and without any other characters.
    >>> is_valid_ipv4("192.168.0.1")
    True
    >>> is_valid_ipv4("256.1.1.1")
    False
    """
