"""Helpers for gen/client.py: failures seen mainly from the client / test side.

- ``harness_py`` / ``harness_js``: a tiny functional-test harness of our own (Python ``requests`` / Node
  ``fetch``) that drives the real server and prints lines like ``Expected 201 but got 400 for <action>``
  followed by ``<test name> failed``.
- ``with_server``: start the real server (uvicorn, flask run, aiohttp, Django runserver, node, ...), run a
  client command against it once it listens, stop it; keep the server log and the client output.
- ``run`` / ``serve``: run a test runner once (pytest, unittest, jest, mocha) or send fixed requests and keep
  the status lines.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from capture import Case, Context, _stop, _wait_port, status_lines  # noqa: E402


def d(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# --------------------------------------------------------------------------------------------------
# The functional-test harnesses (our own): one step per request, a line per mismatch, a verdict per test.
# --------------------------------------------------------------------------------------------------

HARNESS_PY = d('''
    """Functional API tests: each test drives the running server and reports mismatches."""
    import os
    import sys
    import traceback

    import requests

    BASE = f"http://127.0.0.1:{os.environ['PORT']}"
    _TESTS = []


    class Failed(Exception):
        pass


    def test(fn):
        _TESTS.append(fn)
        return fn


    def url(path):
        return BASE + path


    def expect_status(resp, status, action):
        if resp.status_code != status:
            print(f"Expected {status} but got {resp.status_code} for {action}")
            body = resp.text.strip().replace("\\n", " ")
            if body:
                print(f"  response: {body[:300]}")
            raise Failed(action)


    def expect_equal(actual, expected, what):
        if actual != expected:
            print(f"Expected {what} to be {expected!r} but got {actual!r}")
            raise Failed(what)


    def expect_header(resp, name, fragment, action):
        value = resp.headers.get(name, "")
        if fragment not in value:
            print(f"Expected header {name} to contain {fragment!r} but got {value!r} for {action}")
            raise Failed(action)


    def main():
        passed = failed = 0
        for fn in _TESTS:
            name = fn.__name__
            try:
                fn()
            except Failed:
                print(f"{name} failed")
                failed += 1
            except Exception as exc:  # a client-side crash is a failure too
                print(f"{name} failed: {type(exc).__name__}: {exc}")
                failed += 1
            else:
                print(f"{name} passed")
                passed += 1
        print(f"{passed} passed, {failed} failed")
        sys.exit(1 if failed else 0)
''')

HARNESS_JS = d('''
    // Functional API tests: each test drives the running server and reports mismatches.
    const BASE = `http://127.0.0.1:${process.env.PORT}`;
    const tests = [];
    class Failed extends Error {}

    function test(name, fn) { tests.push([name.trim().replace(/\\s+/g, '_'), fn]); }

    async function call(method, path, { json, body, headers = {}, cookie } = {}) {
      const h = { ...headers };
      let payload = body;
      if (json !== undefined) { h['content-type'] = 'application/json'; payload = JSON.stringify(json); }
      if (cookie) h.cookie = cookie;
      const res = await fetch(BASE + path, { method, headers: h, body: payload, redirect: 'manual',
                                            signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      let data = null;
      try { data = JSON.parse(text); } catch (e) { data = null; }
      return { status: res.status, headers: res.headers, text, body: data };
    }

    function expectStatus(res, status, action) {
      if (res.status !== status) {
        console.log(`Expected ${status} but got ${res.status} for ${action}`);
        const t = res.text.trim().replace(/\\n/g, ' ');
        if (t) console.log(`  response: ${t.slice(0, 300)}`);
        throw new Failed(action);
      }
    }

    function expectEqual(actual, expected, what) {
      const a = JSON.stringify(actual), e = JSON.stringify(expected);
      if (a !== e) {
        console.log(`Expected ${what} to be ${e} but got ${a}`);
        throw new Failed(what);
      }
    }

    function expectHeader(res, name, fragment, action) {
      const v = res.headers.get(name) || '';
      if (!v.includes(fragment)) {
        console.log(`Expected header ${name} to contain '${fragment}' but got '${v}' for ${action}`);
        throw new Failed(action);
      }
    }

    async function main() {
      let passed = 0, failed = 0;
      for (const [name, fn] of tests) {
        try { await fn(); console.log(`${name} passed`); passed++; }
        catch (err) {
          if (err instanceof Failed) console.log(`${name} failed`);
          else console.log(`${name} failed: ${err.name}: ${err.message}`);
          failed++;
        }
      }
      console.log(`${passed} passed, ${failed} failed`);
      process.exitCode = failed ? 1 : 0;
    }

    module.exports = { test, call, expectStatus, expectEqual, expectHeader, main };
''')


def with_server(files: dict[str, str], server_cmd: str, client_cmd: str, *, env: dict | None = None,
                startup: float = 25, node: bool = False, settle: float = 0.3, client_timeout: float = 40,
                setup=None, keep_log: bool = True):
    """A make(): start the real server, run a client (harness, requests script, curl-like) against it."""
    def make(ctx: Context) -> dict[str, str]:
        ctx.write(files)
        if node:
            ctx.link_node_modules()
        if setup:
            setup(ctx)
        port = ctx.port
        extra = {"PORT": str(port), **(env or {})}
        out_path = ctx.dir / ".server.out"
        with out_path.open("wb") as out:
            proc = subprocess.Popen(server_cmd, cwd=ctx.dir, env=ctx._env(extra), stdout=out, stderr=subprocess.STDOUT,
                                    shell=True, start_new_session=True)
            try:
                up = _wait_port(port, proc, startup)
                client = ctx.run(client_cmd, env=extra, timeout=client_timeout) if up else "server not listening"
                import time
                time.sleep(settle)
            finally:
                _stop(proc)
        result = {"test_output": client}
        if keep_log:
            result["log"] = ctx.clean(out_path.read_text(errors="replace"))
        return result
    return make


def run(files: dict[str, str], cmd: str, *, env: dict | None = None, key: str = "test_output", node: bool = False,
        timeout: float = 60):
    def make(ctx: Context) -> dict[str, str]:
        ctx.write(files)
        if node:
            ctx.link_node_modules()
        return {key: ctx.run(cmd, env=env, timeout=timeout)}
    return make


def serve(files: dict[str, str], cmd: str, requests: list[dict], *, env: dict | None = None, node: bool = False,
          startup: float = 25, settle: float = 0.3, log: bool = True):
    def make(ctx: Context) -> dict[str, str]:
        ctx.write(files)
        if node:
            ctx.link_node_modules()
        out, responses = ctx.serve(cmd, requests, env=env, startup=startup, settle=settle)
        res = {"test_output": ctx.clean(status_lines(responses))}
        if log:
            res["log"] = out
        return res
    return make


def pkg(*deps: str, jest: bool = False, module: bool = False) -> str:
    data: dict = {"name": "conduit-api", "version": "1.0.0", "private": True}
    if module:
        data["type"] = "module"
    data["dependencies"] = {name: "*" for name in deps}
    if jest:
        data["jest"] = {"testEnvironment": "node"}
    return json.dumps(data, indent=2) + "\n"


NEST_TSCONFIG = """{
  "compilerOptions": {
    "module": "commonjs", "target": "ES2021", "experimentalDecorators": true, "emitDecoratorMetadata": true,
    "outDir": "dist", "rootDir": "src", "skipLibCheck": true, "esModuleInterop": true, "strict": false
  }
}
"""

PYTEST = "COLUMNS=160 PY_COLORS=0 python -m pytest -q --color=no -p no:cacheprovider"
UVICORN = "python -m uvicorn main:app --port $PORT"
FLASK = "python -m flask --app app run --port $PORT"

CASES: list[Case] = []


def case(**kw) -> None:
    CASES.append(Case(**kw))
