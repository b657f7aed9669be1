def count_primes_below(limit: int) -> int:
    """Return how many prime numbers are strictly smaller than limit.
    >>> count_primes_below(10)
    4
    >>> count_primes_below(2)
    0
    """
