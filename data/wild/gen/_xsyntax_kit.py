"""Helpers for gen/xsyntax.py: write a small multi-file project, run it under the real tool, keep the output.

- ``run``: run one command (a server that fails to start, tsc, pytest, unittest, npm, node ...).
- ``serve``: start a real server, send requests, keep its log and the client's status lines.
- ``ci``: like ``run`` but every line timestamped as a CI log shows it (a small wrapper reads the child's output).
- ``django_files``: a minimal Django project (settings, manage.py, urls) for the Django situations.
- ``debug_page_text``: the text of Django's technical 500 page (title, exception value, frames).
"""

from __future__ import annotations

import html
import json
import re
import textwrap

from capture import Case, Context, status_lines

CI_STAMP = r'''
import datetime, subprocess, sys
proc = subprocess.Popen(sys.argv[1], shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
for line in proc.stdout:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    sys.stdout.write(f"{now} {line}")
    sys.stdout.flush()
sys.exit(proc.wait())
'''

CODE_EXT = (".py", ".js", ".ts", ".mjs", ".cjs", ".tsx", ".jsx")


def d(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def pkg(*, type_module: bool = False, scripts: dict | None = None, deps: tuple[str, ...] = (), jest: bool = False) -> str:
    data: dict = {"name": "conduit-api", "version": "1.0.0", "private": True}
    if type_module:
        data["type"] = "module"
    if scripts:
        data["scripts"] = scripts
    if deps:
        data["dependencies"] = {name: "*" for name in deps}
    if jest:
        data["jest"] = {"testEnvironment": "node"}
    return json.dumps(data, indent=2) + "\n"


TSCONFIG = json.dumps({
    "compilerOptions": {
        "module": "commonjs", "target": "ES2021", "outDir": "dist", "rootDir": "src", "strict": True,
        "esModuleInterop": True, "skipLibCheck": True,
    },
    "include": ["src"],
}, indent=2) + "\n"


def prep(ctx: Context, files: dict[str, str], node: bool) -> None:
    ctx.write({k: (d(v) if k.endswith(CODE_EXT) else v) for k, v in files.items()})
    if node:
        ctx.link_node_modules()


def run(files, cmd, *, node=False, key="log", env=None, timeout=60):
    def make(ctx: Context) -> dict[str, str]:
        prep(ctx, files, node)
        return {key: ctx.run(cmd.replace("{PORT}", str(ctx.port)), env=env, timeout=timeout)}
    return make


def ci(files, cmd, *, node=False, key="log", env=None, timeout=60):
    def make(ctx: Context) -> dict[str, str]:
        prep(ctx, files, node)
        ctx.write({".ci/stamp.py": CI_STAMP})
        return {key: ctx.run(["python", ".ci/stamp.py", cmd.replace("{PORT}", str(ctx.port))], env=env, timeout=timeout)}
    return make


def serve(files, cmd, requests, *, node=False, env=None, startup=15, settle=0.4, log_only=False, render=None):
    def make(ctx: Context) -> dict[str, str]:
        prep(ctx, files, node)
        log, responses = ctx.serve(cmd.replace("{PORT}", str(ctx.port)), list(requests), env=env, startup=startup, settle=settle)
        out = {"log": log}
        if not log_only:
            out["test_output"] = ctx.clean(status_lines(responses))
        if render:
            out = render(out, responses)
        return out
    return make


def debug_page_text(page: str) -> str:
    """Django's technical 500 page reduced to its visible text: summary, exception value and traceback."""
    body = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", "", page)
    body = re.sub(r"(?i)<br\s*/?>", "\n", body)
    body = re.sub(r"(?i)</(p|div|h1|h2|h3|tr|li|pre|table)>", "\n", body)
    body = re.sub(r"<[^>]+>", "", body)
    body = html.unescape(body)
    lines = [ln.rstrip() for ln in body.splitlines()]
    out, blank = [], 0
    for ln in lines:
        if not ln.strip():
            blank += 1
            if blank > 1:
                continue
        else:
            blank = 0
        out.append(ln)
    text = "\n".join(out).strip()
    cut = text.find("Request information")
    return text[:cut].rstrip() if cut > 0 else text


MANAGE = '''#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
'''


def django_files(apps: list[str], *, urls: str, debug: bool = True) -> dict[str, str]:
    installed = ["django.contrib.contenttypes", "django.contrib.auth", *apps]
    settings = d(f'''
        from pathlib import Path

        BASE_DIR = Path(__file__).resolve().parent.parent
        SECRET_KEY = "dev-only-not-secret"
        DEBUG = {debug!r}
        ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
        INSTALLED_APPS = {installed!r}
        MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
        ROOT_URLCONF = "config.urls"
        DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}}}
        USE_TZ = True
        DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    ''')
    return {"manage.py": MANAGE, "config/__init__.py": "", "config/settings.py": settings, "config/urls.py": d(urls)}


def py_case(**kw) -> Case:
    kw.setdefault("language", "python")
    return Case(**kw)


def node_case(**kw) -> Case:
    kw.setdefault("language", "node")
    return Case(**kw)


def fetch_page(files, cmd, path, *, render=None, startup=20):
    """Start the server, GET ``path`` and keep the whole body (a debug page is longer than serve() keeps)."""
    import subprocess
    import urllib.error
    import urllib.request

    from capture import _stop, _wait_port

    def make(ctx: Context) -> dict[str, str]:
        prep(ctx, files, False)
        out_path = ctx.dir / ".server.out"
        with out_path.open("wb") as out:
            proc = subprocess.Popen(cmd.replace("{PORT}", str(ctx.port)), cwd=ctx.dir, env=ctx._env({"PORT": str(ctx.port)}),
                                    stdout=out, stderr=subprocess.STDOUT, shell=True, start_new_session=True)
            try:
                body = ""
                if _wait_port(ctx.port, proc, startup):
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{ctx.port}{path}", timeout=10) as resp:
                            body = resp.read().decode(errors="replace")
                    except urllib.error.HTTPError as exc:
                        body = exc.read().decode(errors="replace")
            finally:
                _stop(proc)
        page = render(body) if render else body
        return {"log": ctx.clean(out_path.read_text(errors="replace")), "test_output": ctx.clean(page)}
    return make
