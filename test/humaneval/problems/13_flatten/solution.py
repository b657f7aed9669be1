    flat = []
    for element in nested:
        if isinstance(element, list):
            flat.extend(flatten(element))
        else:
            flat.append(element)
    return flat
