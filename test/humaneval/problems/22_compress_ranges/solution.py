    if not numbers:
        return ""
    runs = []
    start = previous = numbers[0]
    for number in numbers[1:]:
        if number != previous + 1:
            runs.append(format_range(start, previous))
            start = number
        previous = number
    runs.append(format_range(start, previous))
    return ",".join(runs)
