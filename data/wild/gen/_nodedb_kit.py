"""The nodedb group runs its programs with the nodedata group's runners (``_nodedata_kit``); only
the case ids differ (``nodedb-<slug>``)."""

from __future__ import annotations

import functools

import _nodedata_kit
from _nodedata_kit import PKG_CJS, TS_WRAPPER, _prep, jest, mocha, run, serve  # noqa: F401  (re-exported)

make_case_decorator = functools.partial(_nodedata_kit.make_case_decorator, group="nodedb")
