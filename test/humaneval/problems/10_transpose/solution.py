    if not matrix:
        return []
    return [[row[column] for row in matrix] for column in range(len(matrix[0]))]
