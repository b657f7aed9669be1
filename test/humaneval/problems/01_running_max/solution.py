    result = []
    for number in numbers:
        result.append(number if not result else max(result[-1], number))
    return result
