    def normalise(phrase: str) -> list:
        return sorted(phrase.replace(" ", "").lower())

    return normalise(first) == normalise(second)
