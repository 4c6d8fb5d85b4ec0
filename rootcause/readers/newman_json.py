"""Newman JSON reports (``newman run ... -r json``): every request with its structured assertions.

The JSON reporter keeps what the CSV reporter flattens: each failed assertion's name *and* its
error (``expected response to have status code 200 but got 401``), and a request that got no
response (``requestError``, e.g. ``ECONNREFUSED``). A request's ``messages`` are its failed
assertion names (as the CSV gives them, so the same rules match) followed by their error
messages; ``failed`` counts the failed assertions.
"""

from __future__ import annotations

import os
from typing import Any

from rootcause.errors import InputError
from rootcause.parsing.io import parse_json, read_text_strict
from rootcause.readers.newman_csv import _EXPECTED_STATUS
from rootcause.records import RequestResult


def is_newman_report(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("run"), dict) and isinstance(data["run"].get("executions"), list)


def _url(request: Any) -> str | None:
    url = request.get("url") if isinstance(request, dict) else None
    if isinstance(url, str):
        return url or None
    if isinstance(url, dict):
        if isinstance(url.get("raw"), str):
            return url["raw"]
        host = url.get("host") or []
        path = url.get("path") or []
        host = ".".join(map(str, host)) if isinstance(host, list) else str(host)
        path = "/".join(map(str, path)) if isinstance(path, list) else str(path)
        return (f"{url.get('protocol')}://" if url.get("protocol") else "") + host + (f":{url['port']}" if url.get("port") else "") + "/" + path
    return None


def _object(value: Any) -> dict[str, Any]:
    """``value`` when it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def parse_newman_json(data: Any, path: str = "<json>") -> list[RequestResult]:
    """Every executed request of the report, in run order; failing ones have ``failed > 0``."""
    if not is_newman_report(data):
        raise InputError("not a Newman JSON report: no run.executions list", path=path)
    results: list[RequestResult] = []
    for execution in data["run"]["executions"]:
        if not isinstance(execution, dict):
            continue
        item = _object(execution.get("item"))
        request = _object(execution.get("request"))
        response = _object(execution.get("response"))
        assertions = [a for a in execution.get("assertions") or [] if isinstance(a, dict)]
        failed = [a for a in assertions if isinstance(a.get("error"), dict)]
        names = [str(a.get("assertion") or a["error"].get("test") or "") for a in failed]
        errors = [str(a["error"].get("message") or "") for a in failed]
        request_error = execution.get("requestError")
        if isinstance(request_error, dict):  # no response: the connection failed
            errors.insert(0, f"{request_error.get('code') or request_error.get('name') or 'request error'}: {request_error.get('message') or ''}".strip())
        expected = next((m for text in [*(str(a.get("assertion") or "") for a in assertions), *errors] if (m := _EXPECTED_STATUS.search(text))), None)
        code = response.get("code")
        results.append(
            RequestResult(
                name=str(item.get("name") or "").strip(),
                method=str(request.get("method") or "").strip() or None,
                status=code if isinstance(code, int) and not isinstance(code, bool) else None,
                failed=len(failed) or (1 if isinstance(request_error, dict) else 0),
                assertions=len(assertions),
                url=_url(request),
                expected_status=int(expected.group("status")) if expected else None,
                messages=tuple(dict.fromkeys(m for m in [*names, *errors] if m)),
                position=len(results),
            )
        )
    return results


def read_newman_json(path: str | os.PathLike[str]) -> list[RequestResult]:
    return parse_newman_json(parse_json(read_text_strict(path), path=path), str(path))
