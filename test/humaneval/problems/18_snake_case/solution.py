    result = []
    for i, char in enumerate(name):
        if char.isupper() and i > 0 and (name[i - 1].islower() or name[i - 1].isdigit()):
            result.append("_")
        result.append(char.lower())
    return "".join(result)
