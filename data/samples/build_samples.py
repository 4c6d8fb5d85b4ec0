"""Rebuild data/samples/runs.jsonl from the real fixture logs in tests/fixtures/.

Each sample is a RunRecord (JSONL): the server log a real framework printed for a seeded
defect, with the metadata a benchmark sweep would carry. Run from the repository root:
``python data/samples/build_samples.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
OUT = Path(__file__).resolve().parent / "runs.jsonl"

# (fixture folder, file, framework) — a spread over the taxonomy's families.
SAMPLES = [
    ("python", "flask_sqlalchemy_detached.log", "flask"),
    ("python", "fastapi_async_missing_greenlet.log", "fastapi"),
    ("python", "flask_no_such_table.log", "flask"),
    ("python", "pg_group_by.log", "flask"),
    ("python", "import_error_startup.log", "fastapi"),
    ("python", "circular_import_startup.log", "flask"),
    ("python", "attribute_error_project.log", "flask"),
    ("python", "django_field_error.log", "django"),
    ("python", "django_405.log", "django"),
    ("python", "aiohttp_unawaited_coroutine.log", "aiohttp"),
    ("python", "fastapi_response_validation.log", "fastapi"),
    ("python", "syntax_error_startup.log", "flask"),
    ("python", "missing_package_startup.log", "fastapi"),
    ("python", "clean_flask.log", "flask"),
    ("node", "sequelize_eager_loading.log", "express"),
    ("node", "sqlite_no_such_column.log", "express"),
    ("node", "sequelize_pg_operator_on_sqlite.log", "express"),
    ("node", "fastify_empty_body.log", "fastify"),
    ("node", "module_not_found.log", "express"),
    ("node", "run_sh_missing.log", "express"),
    ("node", "port_in_use.log", "express"),
]


def main() -> None:
    rows = []
    for folder, name, framework in SAMPLES:
        manifest = yaml.safe_load((FIXTURES / folder / "MANIFEST.yaml").read_text())
        entry = next(f for f in manifest["files"] if f["file"] == name)
        rows.append(
            {
                "id": f"{folder}/{Path(name).stem}",
                "framework": framework,
                "runtime": "uv" if folder == "python" else "node",
                "server_log": (FIXTURES / folder / name).read_text(encoding="utf-8"),
                "seeded_defect": entry.get("expected_root_cause"),
            }
        )
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} runs to {OUT}")


if __name__ == "__main__":
    main()
