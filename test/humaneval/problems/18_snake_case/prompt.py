def to_snake_case(name: str) -> str:
    """Convert a camelCase or PascalCase identifier to snake_case: put an underscore before each
    upper-case letter that follows a lower-case letter or a digit, then lower-case everything.
    >>> to_snake_case("parseHttpResponse2Json")
    'parse_http_response2_json'
    >>> to_snake_case("UserID")
    'user_id'
    """
