"""``python -m rootcause``: the command line."""

from rootcause.cli import main

raise SystemExit(main())
