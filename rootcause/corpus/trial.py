"""Try operators by hand: ``python -m rootcause.corpus.trial OPERATOR [--stack S] [--db D] [--limit N] [--list]``.

Runs each mutant for real (as the build does) and prints one line per mutant: the site,
whether the server started, the failed requests and the first error line of the log, or
EQUIVALENT when nothing failed. ``--list`` only lists the mutants.
"""

from __future__ import annotations

import argparse
import re
import sys

from rootcause.corpus import build, harness
from rootcause.corpus.operators import AppSource, get

_ERROR_LINE = re.compile(r"(Error|Exception|Traceback|error:)", re.I)


def _first_error(log: str) -> str:
    lines = [line for line in log.splitlines() if _ERROR_LINE.search(line) and "Traceback" not in line]
    return lines[-1].strip()[:140] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rootcause.corpus.trial")
    parser.add_argument("operators", nargs="+")
    parser.add_argument("--stack", action="append")
    parser.add_argument("--db", default="sqlite", choices=build.DATABASES)
    parser.add_argument("--limit", type=int, default=None, help="mutants per operator and stack")
    parser.add_argument("--list", action="store_true", help="list the mutants, do not run them")
    args = parser.parse_args(argv)
    try:
        stacks = build.select_stacks(args.stack)
    except ValueError as exc:  # an unknown stack
        parser.error(str(exc))
    ops = get(args.operators)
    jobs = build.plan(stacks, ops, [args.db], sites_per_stack=args.limit)
    if args.list:
        for stack in stacks:
            app = AppSource.from_dir(build.app_dir(stack), stack)
            for op in ops:
                mutants = op.mutants(app)
                print(f"{op.name} [{op.label}] {stack}: {len(mutants)} mutants")
                for site, edit in mutants[: args.limit]:
                    print(f"    {site}  ({', '.join(edit)})")
        return 0
    cluster = harness.PostgresCluster(dbname="rootcause_try") if args.db == "postgres" else None
    if cluster is not None:
        cluster.__enter__()
    try:
        for job in jobs:
            record = build.run_job(job, postgres=cluster)
            if record["outcome"] == "equivalent":
                print(f"EQUIVALENT  {job.id}  {job.site}")
                continue
            started = "no-start" if "server:" in record["setup_log"] else "started"
            print(f"failed      {job.id}  {job.site}  [{started}, {record['requests_failed']} requests failed]")
            if record["verifier"]:
                print(f"            verifier: {record['verifier'].splitlines()[0]}")
            err = _first_error(record["server_log"])
            if err:
                print(f"            log: {err}")
            summary = record["newman_summary"].splitlines()
            if summary:
                print(f"            first: {summary[0]}")
    finally:
        if cluster is not None:
            cluster.__exit__(None, None, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
