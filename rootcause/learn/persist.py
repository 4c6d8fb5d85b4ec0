"""Save and load fitted pipelines with skops, never pickle.

:func:`load` asks skops which types in the file it does not trust by default and accepts them
only when they are on :data:`ALLOWED_TYPES` (the types our pipeline is made of) or named in
``trusted``; anything else is refused before a single object is built.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

from rootcause.errors import ModelError

#: Every type a fitted :func:`~rootcause.learn.build_pipeline` holds: our classes, then the
#: scikit-learn, numpy and scipy ones (skops trusts most of the latter already; listing them
#: keeps the contract explicit and survives changes to skops' defaults).
ALLOWED_TYPES: frozenset[str] = frozenset(
    {
        "rootcause.learn.features.RunFeatures",
        "rootcause.learn.classifier.RootCauseClassifier",
        "rootcause.learn.model.RootCauseClassifier",  # its name in models saved before the move
        "sklearn.pipeline.Pipeline",
        "sklearn.feature_extraction._dict_vectorizer.DictVectorizer",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.calibration.CalibratedClassifierCV",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.isotonic.IsotonicRegression",
        "numpy.ndarray",
        "numpy.dtype",
        "numpy.float64",
        "numpy.float32",
        "numpy.int64",
        "numpy.int32",
        "numpy.bool_",
        "numpy.str_",
        "scipy.sparse._csr.csr_matrix",
        "scipy.sparse._csc.csc_matrix",
        "builtins.dict",
        "builtins.list",
        "builtins.tuple",
        "builtins.str",
        "builtins.int",
        "builtins.float",
        "builtins.bool",
    }
)


def save(pipeline: Any, path: str | os.PathLike[str]) -> None:
    """Write ``pipeline`` (a fitted estimator) to ``path`` in skops format."""
    import skops.io

    skops.io.dump(pipeline, os.fspath(path))


def load(path: str | os.PathLike[str], trusted: Iterable[str] | None = None) -> Any:
    """Read a pipeline written by :func:`save`.

    ``trusted`` names further types (``"module.Class"``) to accept beyond :data:`ALLOWED_TYPES`.
    Raises :class:`ModelError` naming the file when it is missing or unreadable, or naming the
    untrusted types it holds.
    """
    import skops.io

    name = os.fspath(path)
    if not os.path.isfile(name):
        raise ModelError("no such model file", path=name)
    allowed = ALLOWED_TYPES | frozenset(trusted or ())
    try:
        untrusted = skops.io.get_untrusted_types(file=name)
    except Exception as exc:  # noqa: BLE001 - zip, json and schema errors alike mean a corrupt file
        raise ModelError(f"not a readable skops model ({type(exc).__name__}: {exc})", path=name) from exc
    refused = sorted(set(untrusted) - allowed)
    if refused:
        raise ModelError(f"refusing to load untrusted types: {', '.join(refused)}", path=name, untrusted=refused)
    _check_size(name)
    try:
        pipeline = skops.io.load(name, trusted=list(untrusted))
    except Exception as exc:  # noqa: BLE001
        raise ModelError(f"could not load the model ({type(exc).__name__}: {exc})", path=name) from exc
    _check_pipeline(pipeline, name)
    return pipeline


#: Largest model, uncompressed, that is loaded (the shipped one is a few MB): a small file that
#: inflates to gigabytes (a zip bomb) is refused before it is read.
MAX_MODEL_BYTES = 512 * 1024 * 1024


def _check_size(name: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(name) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"not a readable skops model ({exc})", path=name) from None
    if total > MAX_MODEL_BYTES:
        raise ModelError(f"inflates to {total} bytes, over the {MAX_MODEL_BYTES}-byte limit for a model", path=name)


def _check_pipeline(pipeline: Any, name: str) -> None:
    """Refuse a model that cannot predict, or whose text features would run code or a regex other
    than ours (a tokenizer pattern can be made to take minutes on one word). Every vectorizer in
    the fitted object graph is checked, not only the ones its parameters expose."""
    from sklearn.base import BaseEstimator
    from sklearn.feature_extraction.text import CountVectorizer

    from rootcause.learn.features import TOKEN_PATTERN

    if not hasattr(pipeline, "predict_proba") or not hasattr(pipeline, "classes_"):
        raise ModelError("is not a fitted classifier (no predict_proba / classes_)", path=name)
    seen: set[int] = set()
    todo: list[tuple[Any, int]] = [(pipeline, 0)]
    while todo:
        obj, depth = todo.pop()
        if id(obj) in seen or depth > 12:
            continue
        seen.add(id(obj))
        if isinstance(obj, CountVectorizer):  # TfidfVectorizer too
            if obj.token_pattern not in (None, TOKEN_PATTERN):
                raise ModelError("its text features use a token pattern other than rootcause's", path=name)
            if obj.tokenizer is not None or obj.preprocessor is not None or obj.analyzer not in ("word", "char", "char_wb"):
                raise ModelError("its text features use a custom tokenizer, preprocessor or analyzer", path=name)
        if isinstance(obj, BaseEstimator):
            todo.extend((value, depth + 1) for value in vars(obj).values())
        elif isinstance(obj, (list, tuple)):
            todo.extend((value, depth + 1) for value in obj[:1000])
        elif isinstance(obj, dict):
            todo.extend((value, depth + 1) for value in list(obj.values())[:1000])


#: The model shipped in the package: trained on the labelled corpus (``data/corpus``).
DEFAULT_MODEL = "default.skops"


def default_model_path() -> Traversable:
    """Where the shipped model lives (a Traversable inside the installed package)."""
    from importlib import resources

    return resources.files("rootcause.models").joinpath(DEFAULT_MODEL)


def load_model(spec: Any) -> Any:
    """A fitted pipeline from ``spec``: ``"default"`` (the shipped model), a path, or a fitted object."""
    if spec is None or hasattr(spec, "predict_proba"):
        return spec
    if str(spec) == "default":
        return _default_model()
    return load(spec)


@functools.lru_cache(maxsize=1)
def _default_model() -> Any:
    """The shipped model, loaded once per process (predicting does not change it)."""
    from importlib import resources

    with resources.as_file(default_model_path()) as path:
        return load(path)
