"""The ``rootcause`` command: output formats, input order, stdout/stderr split, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from rootcause.classify import COLUMNS
from rootcause.cli import main
from rootcause.taxonomy import load_taxonomy

FIXTURES = Path(__file__).resolve().parent / "fixtures"
STUDY = FIXTURES / "study" / "results"
STUDY_IDS = [
    "node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/run_0",
    "node/mini_swe_sdk/gpt-5-mini/express-openapi-unconstrained/run_1",
    "node/openhands_sdk/gpt-5-mini/express-openapi-sqlite/run_0",
]
TIMEOUT = 600


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rootcause.cli", *map(str, args)], capture_output=True, text=True, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def records_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "runs.jsonl"
    rows = [
        {
            "id": "j-py",
            "task": "flask-openapi-sqlite",
            "server_log": (FIXTURES / "python" / "flask_sqlalchemy_detached.log").read_text(encoding="utf-8"),
            "judge": "x",
        },
        {"id": "j-node", "server_log": (FIXTURES / "node" / "sequelize_eager_loading.log").read_text(encoding="utf-8"), "judge": "y"},
        {"id": "j-empty"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def expected_ids() -> list[str]:
    return [*STUDY_IDS, "j-py", "j-node", "j-empty"]


# --- classify: every output format ----------------------------------------------------------------


def test_jsonl(records_file, expected_ids):
    proc = run("classify", STUDY, records_file, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == expected_ids
    for row in rows:
        assert list(row)[: len(COLUMNS)] == list(COLUMNS)
        assert isinstance(row["evidence"], list) and isinstance(row["warnings"], list)
        assert 0.0 <= row["confidence"] <= 1.0
    by_id = {r["id"]: r for r in rows}
    assert by_id["j-py"]["judge"] == "x" and by_id["j-py"]["framework"] == "flask"
    assert by_id[STUDY_IDS[0]]["run_id"] == "run_0"
    assert by_id["j-empty"]["root_cause"] == "unknown" and by_id["j-empty"]["source"] == "default"


def test_json(records_file, expected_ids):
    proc = run("classify", STUDY, records_file, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert isinstance(rows, list)
    assert [r["id"] for r in rows] == expected_ids
    assert all(r["error"] is None for r in rows)


def test_json_matches_the_library(records_file, expected_ids):
    from rootcause import classify

    frame = classify([STUDY, records_file])
    rows = json.loads(run("classify", STUDY, records_file, "--format", "json").stdout)
    assert frame["id"].tolist() == [r["id"] for r in rows] == expected_ids
    assert frame["root_cause"].tolist() == [r["root_cause"] for r in rows]
    assert frame["category"].tolist() == [r["category"] for r in rows]


def test_csv(records_file, expected_ids):
    proc = run("classify", STUDY, records_file, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    table = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [r["id"] for r in table] == expected_ids
    header = next(csv.reader(io.StringIO(proc.stdout)))
    assert header[: len(COLUMNS)] == list(COLUMNS)
    assert {"judge", "run_id", "timestamp"} <= set(header)  # echoed fields follow
    loop = next(r for r in table if r["id"] == STUDY_IDS[1])
    assert "conduit.log" in loop["warnings"]  # warnings joined into one cell
    assert not loop["evidence"].startswith("[")  # evidence as readable text, not a JSON list
    frame = pd.read_csv(io.StringIO(proc.stdout))
    assert len(frame) == len(expected_ids)


def test_human(records_file, expected_ids):
    proc = run("classify", STUDY, records_file, "--format", "human")
    assert proc.returncode == 0, proc.stderr
    heads = [line for line in proc.stdout.splitlines() if line and not line.startswith(" ")]
    assert [h.split(": ", 1)[0] for h in heads] == expected_ids
    for head in heads:
        assert "confidence" in head
    assert "j-empty: unknown (other) confidence 0.00 [default]" in heads


def test_human_is_the_default(records_file):
    proc = run("classify", records_file)
    assert proc.stdout.startswith("j-py: ")


def test_parquet_with_output_file(tmp_path, records_file, expected_ids):
    out = tmp_path / "out.parquet"
    proc = run("classify", STUDY, records_file, "--format", "parquet", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    frame = pd.read_parquet(out)
    assert frame["id"].tolist() == expected_ids
    assert list(frame.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert frame.loc[frame["id"] == "j-py", "judge"].item() == "x"


def test_parquet_without_output_file_is_a_usage_error():
    proc = run("classify", STUDY, "--format", "parquet")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "-o" in proc.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "human"])
def test_output_file_instead_of_stdout(tmp_path, records_file, fmt):
    out = tmp_path / f"out.{fmt}"
    proc = run("classify", records_file, "--format", fmt, "-o", out)
    assert proc.returncode == 0
    assert proc.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "j-py" in text and "j-empty" in text
    assert text.index("j-py") < text.index("j-node") < text.index("j-empty")


def test_output_suffix_chooses_the_format(tmp_path, records_file, expected_ids):
    """``-o runs.csv`` without ``--format`` writes CSV, not the human listing under a .csv name."""
    for name, load in [("runs.csv", pd.read_csv), ("runs.jsonl", lambda p: pd.read_json(p, lines=True)), ("runs.parquet", pd.read_parquet)]:
        out = tmp_path / name
        proc = run("classify", STUDY, records_file, "-o", out)
        assert proc.returncode == 0, proc.stderr
        assert load(out)["id"].tolist() == expected_ids, name
    as_json = tmp_path / "runs.json"
    assert run("classify", records_file, "-o", as_json).returncode == 0
    assert [row["id"] for row in json.loads(as_json.read_text(encoding="utf-8"))] == ["j-py", "j-node", "j-empty"]
    # An explicit --format wins over the suffix; a suffix no format owns means the human listing.
    explicit = tmp_path / "runs2.csv"
    assert run("classify", records_file, "--format", "jsonl", "-o", explicit).returncode == 0
    assert json.loads(explicit.read_text(encoding="utf-8").splitlines()[0])["id"] == "j-py"
    plain = tmp_path / "runs.txt"
    assert run("classify", records_file, "-o", plain).returncode == 0
    assert plain.read_text(encoding="utf-8").startswith("j-py: ")
    table = tmp_path / "shares.md"
    assert run("stats", tmp_path / "runs.csv", "-o", table).returncode == 0
    assert table.read_text(encoding="utf-8").startswith("| root_cause |")


def test_input_order_follows_the_arguments(records_file):
    proc = run("classify", records_file, STUDY, "--format", "jsonl")
    ids = [json.loads(line)["id"] for line in proc.stdout.splitlines()]
    assert ids == ["j-py", "j-node", "j-empty", *STUDY_IDS]


def test_input_format_option(tmp_path):
    path = tmp_path / "runs.txt"
    path.write_text('{"id": "as-jsonl"}\n', encoding="utf-8")
    proc = run("classify", path, "--input-format", "jsonl", "--format", "jsonl")
    assert json.loads(proc.stdout)["id"] == "as-jsonl"
    proc = run("classify", path, "--input-format", "log", "--format", "jsonl")
    assert json.loads(proc.stdout)["id"] == "runs.txt"


# --- stdout carries results only -------------------------------------------------------------------


def test_problems_go_to_stderr_not_stdout(tmp_path, records_file):
    missing = tmp_path / "missing.log"
    proc = run("classify", records_file, missing, "--format", "jsonl")
    assert proc.returncode == 1
    for line in proc.stdout.splitlines():
        json.loads(line)  # stdout is pure JSONL
    assert "rootcause:" not in proc.stdout
    assert str(missing) in proc.stderr
    assert "could not be read" in proc.stderr


def test_progress_goes_to_stderr(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}"}) + "\n" for i in range(150)), encoding="utf-8")
    proc = run("classify", path, "--format", "jsonl")
    assert proc.returncode == 0
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == [f"r{i}" for i in range(150)]
    assert "classified 100" in proc.stderr
    assert "classified" not in proc.stdout

    quiet = run("classify", path, "--format", "jsonl", "--quiet")
    assert quiet.stderr == ""
    assert quiet.stdout == proc.stdout


def test_clean_run_writes_nothing_to_stderr(records_file):
    proc = run("classify", records_file, "--format", "json")
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_main_returns_exit_codes(tmp_path, records_file, capsys):
    assert main(["classify", str(records_file), "--format", "jsonl", "--quiet"]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 3 and out.err == ""
    assert main(["classify", str(tmp_path / "nope"), "--format", "jsonl"]) == 1
    out = capsys.readouterr()
    assert "nope" in out.err


# --- taxonomy, rules, explain ------------------------------------------------------------------


def test_taxonomy_lists_every_root_cause():
    proc = run("taxonomy")
    assert proc.returncode == 0
    taxonomy = load_taxonomy()
    listed = [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]
    assert listed == [entry.id for entry in taxonomy]
    assert "data.orm" in listed and "unknown" in listed


def test_taxonomy_json_and_csv():
    rows = json.loads(run("taxonomy", "--format", "json").stdout)
    assert {"id", "category", "subcategory"} <= set(rows[0])
    table = list(csv.DictReader(io.StringIO(run("taxonomy", "--format", "csv").stdout)))
    assert [r["id"] for r in table] == [r["id"] for r in rows]


def test_taxonomy_explains_one_entry():
    proc = run("taxonomy", "data.orm")
    assert proc.returncode == 0
    assert proc.stdout.startswith("data.orm: ")
    assert "paper label: logic_error / database_runtime_error" in proc.stdout
    assert "evidence:" in proc.stdout and "example:" in proc.stdout


def test_rules_lists_rules_with_docs():
    proc = run("rules")
    assert proc.returncode == 0
    assert "RC301 detached_instance -> data.orm" in proc.stdout
    entries = json.loads(run("rules", "--format", "json").stdout)
    codes = [r["code"] for r in entries]
    assert "RC301" in codes and "XF105" in codes and len(codes) == len(set(codes))
    taxonomy = load_taxonomy()
    for entry in entries:
        assert entry["doc"]
        if entry["kind"] == "log":
            assert entry["root_cause"] in taxonomy
            assert entry["confidence"] in ("HIGH", "INFERENCE", "HEURISTIC")
        else:  # a static check: the root causes its findings may carry
            assert entry["kind"] == "static" and all(rc in taxonomy for rc in entry["root_causes"])
            assert entry["level"] in ("defect", "remark")


def test_explain_rule_code():
    proc = run("explain", "RC301")
    assert proc.returncode == 0
    assert proc.stdout.startswith("RC301 detached_instance")
    assert "DetachedInstanceError" in proc.stdout


def test_explain_rule_name_and_root_cause():
    assert run("explain", "detached_instance").stdout.startswith("RC301 ")
    proc = run("explain", "data.orm")
    assert proc.returncode == 0 and proc.stdout.startswith("data.orm: ")


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "RC999"],
        ["explain", "no_such_rule"],
        ["taxonomy", "no.such.id"],
        ["bogus-command"],
        ["classify"],
        ["classify", "x", "--format", "xml"],
        ["classify", "x", "--input-format", "nope"],
    ],
    ids=lambda a: " ".join(a),
)
def test_unknown_names_and_usage_errors_exit_2(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip()


def test_unknown_taxonomy_id_names_it():
    proc = run("taxonomy", "no.such.id")
    assert "no.such.id" in proc.stderr


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "rootcause"
    if not script.exists():
        pytest.skip("rootcause console script not installed next to this interpreter")
    proc = subprocess.run([str(script), "explain", "RC301"], capture_output=True, text=True, timeout=TIMEOUT)
    assert proc.returncode == 0 and proc.stdout.startswith("RC301 ")


def test_version_and_python_dash_m():
    from rootcause import __version__

    proc = subprocess.run([sys.executable, "-m", "rootcause", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == f"rootcause {__version__}"


@pytest.mark.parametrize("args", [["evaluate", "missing.jsonl", "--truth", "label"], ["train", "missing.jsonl", "-o", "model.skops"], ["corpus", "operators"]])
def test_every_subcommand_runs_under_python_dash_m_rootcause_cli(args, tmp_path):
    # The __main__ guard sat above the functions these commands call: `python -m rootcause.cli evaluate` raised NameError.
    proc = subprocess.run([sys.executable, "-m", "rootcause.cli", *args], capture_output=True, text=True, cwd=tmp_path)
    assert "NameError" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_evaluate_scores_classify_output_without_classifying_again(tmp_path):
    runs = tmp_path / "runs.jsonl"
    logs = {
        "data.schema.missing_table": "sqlite3.OperationalError: no such table: users\n",
        "startup.dependency.missing_package": "ModuleNotFoundError: No module named 'flask'\n",
    }
    runs.write_text("".join(json.dumps({"id": f"r{i}", "log": log, "label": label}) + "\n" for i, (label, log) in enumerate(logs.items())), encoding="utf-8")
    direct = run("evaluate", runs, "--truth", "label", "--format", "json", "--model", "none")
    assert direct.returncode == 0, direct.stderr
    for fmt, name in (("jsonl", "c.jsonl"), ("csv", "c.csv"), ("json", "c.json"), ("parquet", "c.parquet")):
        out = tmp_path / name
        assert run("classify", runs, "--format", fmt, "-o", out, "--model", "none").returncode == 0
        scored = run("evaluate", out, "--truth", "label", "--format", "json")
        assert scored.returncode == 0, scored.stderr
        assert "not classified again" in scored.stderr
        assert json.loads(scored.stdout)[0]["accuracy"] == json.loads(direct.stdout)[0]["accuracy"] == 1.0


def test_evaluate_checks_its_options_before_classifying(tmp_path):
    runs = tmp_path / "runs.jsonl"
    runs.write_text(
        json.dumps({"id": "r0", "log": "ModuleNotFoundError: No module named 'flask'\n", "label": "startup", "stack": "flask"}) + "\n", encoding="utf-8"
    )
    proc = run("evaluate", runs, "--truth", "label", "--figure", tmp_path / "cm.bmpx", "--model", "none")
    assert proc.returncode == 2 and "unknown image format 'bmpx'" in proc.stderr
    assert "classified" not in proc.stderr  # refused before any run was classified
    proc = run("evaluate", runs, "--truth", "label", "--by", "stak", "--model", "none")
    assert proc.returncode == 2 and "did you mean 'stack'?" in proc.stderr and "classified" not in proc.stderr
    proc = run("evaluate", runs, "--truth", "lable", "--model", "none")
    assert proc.returncode == 2 and "did you mean 'label'?" in proc.stderr


def test_stats_unknown_column_suggests_the_close_one(tmp_path):
    table = tmp_path / "c.csv"
    table.write_text("id,model,category\nr1,m1,logic_error\n", encoding="utf-8")
    proc = run("stats", table, "--by", "modle", "--of", "category")
    assert proc.returncode == 2 and "did you mean 'model'?" in proc.stderr


def test_stats_depth_formats_and_output_file(tmp_path):
    table = tmp_path / "c.csv"
    table.write_text("id,model,root_cause\nr1,m,data.query.filter\nr2,m,data.query.pagination\nr3,m,auth.config\n", encoding="utf-8")
    out = tmp_path / "shares.json"
    proc = run("stats", table, "--by", "model", "--depth", "2", "--format", "json", "--bootstrap", "0", "-o", out)
    assert proc.returncode == 0 and proc.stdout == ""
    rows = {r["root_cause"]: r["n"] for r in json.loads(out.read_text())}
    assert rows == {"data.query": 2, "auth.config": 1}  # ids cut to families, as figures --depth
    markdown = run("stats", table, "--by", "model", "--format", "markdown", "--bootstrap", "0").stdout.splitlines()
    assert markdown[0] == "| model | root_cause | n | share | ci_low | ci_high | small_n |" and markdown[1].startswith("|---|---|---:|")
    assert len(markdown) == 2 + 3  # whole ids by default


def test_evaluate_writes_markdown_or_any_format_to_an_output_file(tmp_path):
    runs = tmp_path / "runs.jsonl"
    runs.write_text(json.dumps({"id": "r0", "log": "ModuleNotFoundError: No module named 'flask'\n", "label": "startup"}) + "\n", encoding="utf-8")
    out = tmp_path / "scores.md"
    proc = run("evaluate", runs, "--truth", "label", "--model", "none", "--format", "markdown", "-o", out, "--bootstrap", "0")
    assert proc.returncode == 0 and proc.stdout == ""
    text = out.read_text()
    assert text.startswith("| group | n | accuracy | macro_f1 | kappa | unknown |") and "| startup |" in text
    missing_folder = run("evaluate", runs, "--truth", "label", "--model", "none", "-o", tmp_path / "no" / "such" / "x.json")
    assert missing_folder.returncode == 2  # refused before any run is classified


def test_taxonomy_and_rules_write_tables_to_a_file(tmp_path, capsys):
    import pandas as pd

    from rootcause.cli import main
    from rootcause.rules import RULES
    from rootcause.taxonomy import load_taxonomy

    rules_csv, taxonomy_md = tmp_path / "rules.csv", tmp_path / "taxonomy.md"
    assert main(["rules", "--format", "csv", "-o", str(rules_csv)]) == 0
    assert main(["taxonomy", "--format", "markdown", "-o", str(taxonomy_md)]) == 0
    assert capsys.readouterr().out == ""  # written to the files, not printed
    from rootcause.code.registry import STATIC_CODES

    table = pd.read_csv(rules_csv)
    assert list(table["code"]) == [r.code for r in RULES] + list(STATIC_CODES) and table["summary"].notna().all()
    lines = taxonomy_md.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| id | name |") and len(lines) == 2 + len(load_taxonomy())
    assert main(["rules", "-o", str(tmp_path / "missing" / "rules.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err
