    seen = set()
    pairs = set()
    for number in numbers:
        if target - number in seen:
            pairs.add((min(number, target - number), max(number, target - number)))
        seen.add(number)
    return sorted(pairs)
