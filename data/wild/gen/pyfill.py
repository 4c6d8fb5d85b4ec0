"""pyfill group: Python backends in the thin families (state, startup, incomplete endpoints, serialization).

Each program is a small generated-looking backend (``app.py`` / ``main.py`` / a Django project) that we
wrote ourselves after a public page reporting the situation; the captured text is what the real run
printed. Helpers live in ``_pyfill_kit.py``; the case definitions are split over ``_pyfill_*.py``.
"""

from __future__ import annotations

from _pyfill_misc import CASES as MISC
from _pyfill_startup import CASES as STARTUP
from _pyfill_state import CASES as STATE

CASES = [*STATE, *STARTUP, *MISC]
