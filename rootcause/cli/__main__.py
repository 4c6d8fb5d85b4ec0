"""``python -m rootcause.cli``: the ``rootcause`` command."""

from rootcause.cli import main

raise SystemExit(main())
