"""Helpers for gen/nodespec.py: small Node backends written against an API specification, driven by a client.

The runners come from ``_nodefill_kit`` (write the project, start the server, run a client, keep both outputs);
this module adds the pieces the nodespec situations share: a request logger in the shape of morgan's ``dev``
format for Express/Koa, the functional-test harness file, the CI timestamp wrapper for a server, and ``case``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from _nodefill_kit import CI_STAMP, HARNESS_JS, d, pg, pkg, run, serve, with_client  # noqa: F401
from capture import Case

JEST = "jest --ci --colors=false 2>&1"
MOCHA = "mocha --no-colors --timeout 8000 2>&1"

#: A request logger like morgan's "dev" format (the generated apps log one line per request).
EXPRESS_LOG = """\
app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms.toFixed(3)} ms - ${res.get('Content-Length') || 0}`);
  });
  next();
});
"""

KOA_LOG = """\
app.use(async (ctx, next) => {
  const started = Date.now();
  await next();
  console.log(`${ctx.method} ${ctx.url} ${ctx.status} ${Date.now() - started} ms - ${ctx.length || 0}`);
});
"""


def harness(tests: str) -> dict[str, str]:
    """The harness module plus a test file using it (run with ``node api.test.cjs``; .cjs so ESM apps can use it)."""
    return {"harness.cjs": HARNESS_JS, "api.test.cjs": "const { test, call, expectStatus, expectEqual, expectHeader, main } = require('./harness.cjs');\n\n"
            + d(tests) + "\nmain();\n"}


def stamped(cmd: str) -> str:
    """Run a server under the CI timestamp wrapper (``.ci/stamp.py`` must be among the files)."""
    return f"python .ci/stamp.py {json.dumps(cmd)}"


#: The CI timestamp wrapper for a long-running server: like CI_STAMP, but the Ctrl-C that stops the process group
#: only ends the server; the wrapper keeps reading until the server's output closes.
SERVER_STAMP = CI_STAMP.replace("import datetime, subprocess, sys\n",
                                "import datetime, signal, subprocess, sys\nsignal.signal(signal.SIGINT, lambda *_: None)\n")
STAMP_FILE = {".ci/stamp.py": SERVER_STAMP}
PROCFILE = {"Procfile": "web: node app.js\n"}
HONCHO = "honcho start -p {PORT}"


def jwt_hs256(payload: dict, secret: str) -> str:
    """A token the way jsonwebtoken signs one with HS256 (for fixed client requests)."""
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64(hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{sig}"


def case(id, label, shape, source, kind, cause, rationale, make, *, libs=(), fw=None, db=None, expect=None,
         code=("app.js",)) -> Case:
    return Case(id=f"nodespec-{id}", label=label, language="node", shape=shape, source=source, source_kind=kind,
                cause=cause, rationale=rationale, make=make, libraries=tuple(libs), framework=fw, database=db,
                expect=expect, code=tuple(code))


__all__ = ["EXPRESS_LOG", "HONCHO", "JEST", "KOA_LOG", "MOCHA", "PROCFILE", "STAMP_FILE", "case", "d", "harness",
           "jwt_hs256", "pg", "pkg", "run", "serve", "stamped", "with_client"]
