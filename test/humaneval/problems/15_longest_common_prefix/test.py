def check(candidate):
    assert candidate(["flower", "flow", "flight"]) == "fl"
    assert candidate([]) == ""
    assert candidate(["dog", "racecar"]) == ""
    assert candidate(["same", "same"]) == "same"
    assert candidate(["a"]) == "a"
    assert candidate(["prefix", "pre", "prefixes"]) == "pre"
