import re
from typing import Dict


def word_frequencies(text: str) -> Dict[str, int]:
    """Count words in text. Words are maximal runs of ASCII letters, compared case-insensitively
    and returned in lower case.
    >>> word_frequencies("The cat and the hat.")
    {'the': 2, 'cat': 1, 'and': 1, 'hat': 1}
    """
