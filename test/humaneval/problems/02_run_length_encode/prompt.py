def run_length_encode(text: str) -> str:
    """Encode runs of repeated characters as the character followed by the run length.
    >>> run_length_encode("aaabcc")
    'a3b1c2'
    >>> run_length_encode("")
    ''
    """
