"""Options and helpers several commands share."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import PurePath

from rootcause.output import output_file

OUTPUT_FORMATS = ("human", "json", "jsonl", "csv", "parquet")
#: The output format an ``-o`` file's suffix asks for when ``--format`` is not given.
_FORMAT_OF_SUFFIX = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".sarif": "sarif",
    ".md": "markdown",
    ".tex": "latex",
}


def format_option(parser: argparse.ArgumentParser, choices: Sequence[str]) -> None:
    """``--format`` with no fixed default: ``main`` fills it in from ``-o`` with :func:`output_format`."""
    parser.add_argument("--format", choices=choices, help="output format (default: from the -o file's suffix, else human)")
    parser.set_defaults(format_choices=tuple(choices))


def output_format(chosen: str | None, output: str | None, choices: Sequence[str]) -> str:
    """``chosen``, else the format the output file's suffix names (``out.csv`` is csv), else ``human``.

    A suffix outside ``choices`` (``report.txt``, or ``.sarif`` for ``classify``) means ``human``.
    Every command that takes ``--format`` and ``-o`` goes through here, so ``-o runs.csv`` never
    holds human-readable text.
    """
    if chosen:
        return chosen
    fmt = _FORMAT_OF_SUFFIX.get(PurePath(output).suffix.lower(), "human") if output else "human"
    return fmt if fmt in choices else "human"


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="default", help="skops model file, 'default' (shipped) or 'none' for rules only (default: default)")
    parser.add_argument(
        "--policy",
        choices=("rules", "soft", "high"),
        default="rules",
        help="rules: any rule decides, the model answers runs no rule explains; soft: as rules, but a confident model "
        "(p >= 0.6) overrules a finding that is only a heuristic; high: only agreeing HIGH rules decide (default: rules)",
    )
    parser.add_argument("--threshold", type=float, default=0.35, help="below this model probability the answer is unknown (default 0.35)")


def _load_model(args: argparse.Namespace):
    if args.model in (None, "none"):
        return None
    from rootcause.errors import ModelError
    from rootcause.learn.persist import load_model

    try:
        return load_model(args.model)
    except ModelError as exc:
        if args.model != "default":
            raise
        # The shipped model could not load (e.g. an incompatible scikit-learn): rules still work.
        print(f"rootcause: warning: {exc}; classifying with the rules alone", file=sys.stderr)
        return None


def _write(text: str, output: str | None, inputs: Sequence[str] = ()) -> None:
    """Print ``text``, or write it to ``output`` atomically (never over one of ``inputs``)."""
    if output:
        with output_file(output, inputs) as out:
            out.write(text)
    else:
        sys.stdout.write(text)


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]
