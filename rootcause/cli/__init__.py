"""The ``rootcause`` command: thin argument parsing over the library.

Results go to stdout (or ``-o FILE``), progress and problems to stderr.
Exit codes: 0 all inputs read, 1 some inputs could not be read (their rows came out, with the
error), 2 a usage error (a bad option, an output path that cannot be written), 3 an internal error
(every row made before it was still written).

One module per command group (``runs``, ``docs``, ``tables``, ``learning``); each registers its
parsers with ``set_defaults(func=...)``, and :func:`main` calls the function the command names.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rootcause.cli import docs, learning, runs, tables
from rootcause.cli.common import OUTPUT_FORMATS, output_format
from rootcause.errors import RootcauseError

__all__ = ["OUTPUT_FORMATS", "main"]


def _parser() -> argparse.ArgumentParser:
    from rootcause import __version__

    parser = argparse.ArgumentParser(prog="rootcause", description="Find out why LLM-generated backend code fails.")
    parser.add_argument("--version", action="version", version=f"rootcause {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (runs, docs, tables, learning):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if hasattr(args, "format_choices"):
        args.format = output_format(args.format, getattr(args, "output", None), args.format_choices)
    try:
        return args.func(args)
    except RootcauseError as exc:
        print(f"rootcause: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
