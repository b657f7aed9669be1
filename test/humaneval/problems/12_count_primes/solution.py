    if limit < 3:
        return 0
    is_prime = [True] * limit
    is_prime[0] = is_prime[1] = False
    for candidate in range(2, int(limit ** 0.5) + 1):
        if is_prime[candidate]:
            for multiple in range(candidate * candidate, limit, candidate):
                is_prime[multiple] = False
    return sum(is_prime)
