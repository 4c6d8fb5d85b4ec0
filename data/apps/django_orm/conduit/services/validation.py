"""Input validation helpers shared by the services (raise ValidationError -> 422)."""
from __future__ import annotations

import re
from typing import Any

from ..errors import ValidationError

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")


def require_object(payload: Any, key: str) -> dict:
    if not isinstance(payload, dict):
        raise ValidationError("request body must be a JSON object")
    inner = payload.get(key)
    if not isinstance(inner, dict):
        raise ValidationError(f"{key} must be an object")
    return inner


def required_string(data: dict, field: str, *, strip: bool = True) -> str:
    value = data.get(field)
    if value is None:
        raise ValidationError(f"{field} can't be blank")
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string")
    if (value.strip() if strip else value) == "":
        raise ValidationError(f"{field} can't be blank")
    return value.strip() if strip else value


def optional_string(data: dict, field: str) -> str | None:
    """None when absent; '' when explicitly null; error when not a string."""
    if field not in data:
        return None
    value = data[field]
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string")
    return value


def email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise ValidationError("email is invalid")
    return value


def tag_list(value: Any) -> list[str]:
    """Validate a tagList: array of non-empty strings; trimmed, de-duplicated, order kept."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError("tagList must be an array of strings")
    seen: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ValidationError("tagList must be an array of strings")
        name = item.strip()
        if name == "":
            raise ValidationError("tagList entries can't be blank")
        if name not in seen:
            seen.append(name)
    return seen


def pagination(limit: Any, offset: Any, default_limit: int = 20) -> tuple[int, int]:
    def to_int(raw: Any, name: str, default: int, minimum: int) -> int:
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(f"{name} must be an integer") from None
        if value < minimum:
            raise ValidationError(f"{name} must be >= {minimum}")
        return value

    return to_int(limit, "limit", default_limit, 1), to_int(offset, "offset", 0, 0)
