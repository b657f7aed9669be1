def check(candidate):
    assert candidate("parseHttpResponse2Json") == "parse_http_response2_json"
    assert candidate("UserID") == "user_id"
    assert candidate("simple") == "simple"
    assert candidate("") == ""
    assert candidate("MyClass") == "my_class"
