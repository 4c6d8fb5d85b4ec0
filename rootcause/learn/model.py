"""Moved to :mod:`rootcause.learn.classifier`; this name stays importable and is the same module
(models saved before the move name ``rootcause.learn.model.RootCauseClassifier``)."""

import sys

from rootcause.learn import classifier as _classifier

sys.modules[__name__] = _classifier
