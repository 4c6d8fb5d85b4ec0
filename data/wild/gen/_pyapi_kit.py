"""Helpers for gen/pyapi.py (on top of ``_pyweb_helpers``).

- ``serve_cookies``: like ``_pyweb_helpers.serve`` but the client keeps and returns cookies (a
  browser-like session), for situations where the state lives in a cookie session.
- ``JSON_LOG``: a python-json-logger setup snippet for programs whose log lines are JSON.
"""

from __future__ import annotations

import http.cookiejar
import json
import subprocess
import time
import urllib.error
import urllib.request
from typing import Any

from capture import Context, _stop, _wait_port, status_lines


def _fetch(opener, port: int, spec: dict[str, Any]) -> dict[str, Any]:
    method = spec.get("method", "GET")
    data = None
    headers = dict(spec.get("headers") or {})
    if "json" in spec:
        data = json.dumps(spec["json"]).encode()
        headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(f"http://127.0.0.1:{port}{spec['path']}", data=data, method=method, headers=headers)
    try:
        with opener.open(req, timeout=10) as resp:
            return {"method": method, "path": spec["path"], "status": resp.status, "reason": resp.reason,
                    "body": resp.read(4000).decode(errors="replace")}
    except urllib.error.HTTPError as exc:
        return {"method": method, "path": spec["path"], "status": exc.code, "reason": exc.reason,
                "body": exc.read(4000).decode(errors="replace")}
    except (urllib.error.URLError, OSError) as exc:
        return {"method": method, "path": spec["path"], "status": None, "reason": str(getattr(exc, "reason", exc)), "body": ""}


def serve_cookies(files: dict[str, str], cmd: str, requests: list[dict[str, Any]], *, startup: float = 20):
    """Start ``cmd``, send ``requests`` with a cookie-keeping client, stop it; log + status lines."""

    def make(ctx: Context) -> dict[str, str]:
        ctx.write(files)
        port = ctx.port
        out_path = ctx.dir / ".server.out"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with out_path.open("wb") as out:
            proc = subprocess.Popen(cmd, cwd=ctx.dir, env=ctx._env({"PORT": str(port)}), stdout=out,
                                    stderr=subprocess.STDOUT, shell=True, start_new_session=True)
            try:
                up = _wait_port(port, proc, startup)
                responses = [_fetch(opener, port, r) for r in requests] if up else []
                time.sleep(0.3)
            finally:
                _stop(proc)
        return {"log": ctx.clean(out_path.read_text(errors="replace")), "test_output": status_lines(responses)}

    return make


JSON_LOG = '''
import logging, sys
from pythonjsonlogger.json import JsonFormatter

_handler = logging.StreamHandler(sys.stdout)
_handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
logging.basicConfig(level=logging.INFO, handlers=[_handler], force=True)
'''
