    result = []
    rows = [list(row) for row in matrix]
    while rows:
        result.extend(rows.pop(0))
        rows = [list(row) for row in zip(*rows)][::-1]
    return result
