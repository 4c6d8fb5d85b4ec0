"""Helpers for gen/tslogic.py: a live-server runner and the small HTTP harness our cases use.

``live`` starts a real server (dev server, uvicorn, gunicorn, node), waits until it listens,
runs a real test command against it (pytest, unittest, jest, mocha, our harness) with
``BASE_URL`` set, stops the server and returns both outputs.
"""

from __future__ import annotations

import json
import subprocess
import time

from capture import Context, _stop, _wait_port

# The minimal harness: reads checks.json, sends each request, prints one line per problem and a
# verdict per check. ``{name}`` in a path is replaced by a value saved from an earlier response.
HARNESS = r'''
import json, os, sys, socket, subprocess, time, urllib.request, urllib.error

EOL = "\r\n" if os.environ.get("HARNESS_CRLF") else "\n"
REPORT = os.environ.get("HARNESS_REPORT")
def say(line):
    sys.stdout.write(line + EOL)
    sys.stdout.flush()
    if REPORT:
        with open(REPORT, "ab") as fh:
            fh.write((line + EOL).encode())

def dig(obj, dotted):
    for part in dotted.split("."):
        if isinstance(obj, dict) and part in obj:
            obj = obj[part]
        elif isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        else:
            raise KeyError(dotted)
    return obj

TYPES = {"number": (int, float), "string": str, "boolean": bool, "array": list, "object": dict}

def main():
    spec = json.load(open("checks.json"))
    base = os.environ.get("BASE_URL")
    server = None
    if spec.get("start"):
        port = int(os.environ.get("PORT", "8000"))
        base = f"http://127.0.0.1:{port}"
        say(f"Starting server: {spec['start']}")
        log = open("server.log", "w")
        server = subprocess.Popen(spec["start"], shell=True, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + spec.get("startup", 8)
        up = False
        while time.time() < deadline and server.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                up = True
                break
            except OSError:
                time.sleep(0.2)
        if not up:
            say("Server did not start in time")
            say(f"Server exited with code {server.poll()}" if server.poll() is not None else "Server still not listening")
            say(f"0 passed, {len(spec['checks'])} failed")
            return 1
    saved, passed, failed = {}, 0, 0
    for check in spec["checks"]:
        name = check["name"]
        path = check["path"]
        for key, value in saved.items():
            path = path.replace("{" + key + "}", str(value))
        data = None
        headers = {}
        if "json" in check:
            data = json.dumps(check["json"]).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(base + path, data=data, method=check.get("method", "GET"), headers=headers)
        ok = True
        try:
            with urllib.request.urlopen(req, timeout=check.get("timeout", 5)) as resp:
                status, body = resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read().decode()
        except (TimeoutError, socket.timeout):
            say(f"Request timed out after {check.get('timeout', 5)}s for {name} ({check.get('method', 'GET')} {path})")
            say(f"test_{name} failed")
            failed += 1
            continue
        if status != check.get("status", 200):
            say(f"Expected {check.get('status', 200)} but got {status} for {name}")
            ok = False
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            payload = body
        for field in check.get("fields", []):
            try:
                dig(payload, field)
            except KeyError:
                say(f"Missing field '{field}' in response for {name}: {body[:300]}")
                ok = False
        for field, kind in check.get("types", {}).items():
            try:
                value = dig(payload, field)
            except KeyError:
                continue
            if not isinstance(value, TYPES[kind]) or (kind == "number" and isinstance(value, bool)):
                say(f"Field '{field}' should be {kind} but is {type(value).__name__} ({value!r}) for {name}")
                ok = False
        for field, want in check.get("equals", {}).items():
            try:
                value = dig(payload, field)
            except KeyError:
                value = "<missing>"
            if value != want:
                say(f"Field '{field}' expected {want!r} but got {value!r} for {name}")
                ok = False
        for key, field in check.get("save", {}).items():
            try:
                saved[key] = dig(payload, field)
            except KeyError:
                saved[key] = None
        if ok:
            passed += 1
            say(f"test_{name} passed")
        else:
            failed += 1
            say(f"test_{name} failed")
    say(f"{passed} passed, {failed} failed")
    if server is not None and server.poll() is None:
        os.killpg(server.pid, 15)
    return 1 if failed else 0

sys.exit(main())
'''


def harness_files(checks: list[dict], **extra) -> dict[str, str]:
    return {"harness.py": HARNESS, "checks.json": json.dumps({"checks": checks, **extra}, indent=1)}


def live(ctx: Context, server_cmd: str, test_cmd: str, *, env: dict | None = None, startup: float = 20,
         timeout: float = 60) -> tuple[str, str]:
    """Start the server, run the test command against it, stop the server; (server output, test output)."""
    port = ctx.port
    env = {"PORT": str(port), "BASE_URL": f"http://127.0.0.1:{port}", **(env or {})}
    out_path = ctx.dir / ".server.out"
    with out_path.open("wb") as out:
        proc = subprocess.Popen(server_cmd, cwd=ctx.dir, env=ctx._env(env), stdout=out, stderr=subprocess.STDOUT,
                                shell=True, start_new_session=True)
        try:
            _wait_port(port, proc, startup)
            test_out = ctx.run(test_cmd, env=env, timeout=timeout)
            time.sleep(0.3)
        finally:
            _stop(proc)
    return ctx.clean(out_path.read_text(errors="replace")), test_out
