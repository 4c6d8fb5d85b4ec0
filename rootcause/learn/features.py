"""Features of a run for the learned classifier: symbolic facts plus masked error text.

:func:`rootcause.pipeline.observe` extracts evidence and applies the rules once per run (it
is re-exported here with :class:`Observed`). :func:`symbolic_features`
turns that into a sparse ``{name: value}`` dict (exception types, the library that raised, the
failing-request pattern, rule votes, static findings, metadata); :func:`masked_text` gives the
error text with identifiers, numbers, paths and ids masked, so that two runs failing the same way
read the same. :class:`RunFeatures` vectorizes both into one sparse matrix.

Fields a corpus builder writes about how a run was made (``label``, ``operator``, ``site``) are
never read: only the evidence and the task description (framework, constraints) are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from rootcause.evidence.facts import Facts
from rootcause.parsing.frames import ExceptionInfo, Frame
from rootcause.pipeline import Observed, observe  # noqa: F401 - re-exported (rootcause.learn.features.observe)
from rootcause.records import RequestResult, RunRecord
from rootcause.taxonomy import family_of

#: Statuses counted one by one among failing requests.
COUNTED_STATUSES = (401, 404, 405, 422, 500, 501)
#: The tokenizer keeps the masks (``<num>``) as tokens of their own.
TOKEN_PATTERN = r"(?u)<\w+>|\b\w\w+\b"
MAX_MESSAGE = 300  # characters of one message kept for features
LAST_ERROR_LINES = 5

_ERROR_LINE = re.compile(r"\b(?:error|exception|traceback|fatal|failed|failure|refused|denied|cannot|unable)\b", re.I)

_MASKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\x1b\[[0-9;]*m"), ""),  # terminal colours
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I), "<uuid>"),
    (re.compile(r"\bhttps?://\S+"), "<url>"),
    # A path starts where a run of path characters starts (so the search is linear on a long word).
    (re.compile(r"(?<![\w.@-])(?:[A-Za-z]:\\|\.{0,2}/)?(?:[\w.@-]+[/\\]){1,}[\w.@-]+"), "<path>"),
    (re.compile(r"\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b", re.I), "<hex>"),
    (re.compile(r"""(['"`])[^'"`\s]{1,80}\1"""), "<q>"),
    (re.compile(r"\b\d+(?:\.\d+)?\b"), "<num>"),
)


def mask(text: str) -> str:
    """``text`` with uuids, urls, paths, hex, quoted identifiers and numbers replaced by placeholders.

    >>> mask("no such column: 'users.email' at /app/models.py line 42")
    'no such column: <q> at <path> line <num>'
    """
    for pattern, placeholder in _MASKS:
        text = pattern.sub(placeholder, text)
    return " ".join(text.split())


def _first_chain(exceptions: Sequence[ExceptionInfo]) -> list[ExceptionInfo]:
    """The first incident: the first exception and those it led to (Python prints causes first)."""
    chain = [exceptions[0]]
    for exc in exceptions[1:]:
        if not chain[-1].chained:
            break
        chain.append(exc)
    return chain


def _innermost_frames(exc: ExceptionInfo) -> list[Frame]:
    """Frames from the raising one outwards (Python prints it last, Node.js first)."""
    return list(reversed(exc.frames)) if exc.language == "python" else list(exc.frames)


def _name(text: str) -> str:
    """A request name normalized: lowercase, numbers masked, punctuation folded to ``_``."""
    text = re.sub(r"\d+", "n", text.lower())
    return re.sub(r"[^a-z_]+", "_", text).strip("_")[:60] or "unnamed"


def _status_class(status: int | None) -> str:
    return "none" if status is None else f"{status // 100}xx"


def _size_bucket(n: int) -> str:
    """Order of magnitude of a count: ``0``, ``1e0`` (1-9), ``1e1`` (10-99), ... capped at ``1e5``."""
    return "0" if n <= 0 else f"1e{min(5, int(math.log10(n)))}"


def _exception_features(exceptions: Sequence[ExceptionInfo], out: dict[str, float]) -> None:
    if not exceptions:
        out["no_exception"] = 1.0
        return
    out["n_exceptions"] = float(len(exceptions))
    for exc in exceptions[:20]:
        out[f"exc={exc.short_type}"] = 1.0
    chain = _first_chain(exceptions)
    inner, outer = chain[0], chain[-1]
    out[f"exc_inner={inner.short_type}"] = 1.0
    out[f"exc_outer={outer.short_type}"] = 1.0
    out[f"lang={inner.language}"] = 1.0
    out[f"msg={inner.short_type}: {mask(inner.message[:MAX_MESSAGE])[:120]}"] = 1.0
    frames = _innermost_frames(inner)
    if frames and frames[0].is_project:
        out["raise_in_project"] = 1.0
    library = next((f.library for f in frames if f.library), None)
    if library:
        out[f"lib={library}"] = 1.0
        layer = next((f.layer for f in frames if f.library == library), None)
        if layer:
            out[f"layer={layer}"] = 1.0
    if inner.syntax:
        out["syntax_error"] = 1.0


def _request_features(requests: Sequence[RequestResult], out: dict[str, float]) -> None:
    if not requests:
        out["no_requests"] = 1.0
        return
    failing = [r for r in requests if not r.ok]
    out["n_requests"] = float(len(requests))
    out["n_failing"] = float(len(failing))
    out["share_failing"] = len(failing) / len(requests)
    if not failing:
        return
    out["share_no_response"] = sum(r.status is None for r in failing) / len(failing)
    first = min(failing, key=lambda r: r.position)
    out[f"first_fail={_name(first.name)}"] = 1.0
    for r in failing:
        out[f"req={_name(r.name)}:{_status_class(r.status)}"] = 1.0
        if r.status in COUNTED_STATUSES:
            key = f"status={r.status}"
            out[key] = out.get(key, 0.0) + 1.0
    for cls in {_status_class(r.status) for r in failing}:
        out[f"fail_class={cls}"] = sum(_status_class(r.status) == cls for r in failing) / len(failing)
    # What a harness expected against what came back: "201->400", "2xx->401" (format-independent).
    for r in failing[:10]:
        got = "none" if r.status is None else str(r.status)
        out[f"got={got}"] = 1.0
        if r.expected_status is not None:
            out[f"pair={r.expected_status}->{got}"] = 1.0
            out[f"pair_class={_status_class(r.expected_status)}->{_status_class(r.status)}"] = 1.0


def symbolic_features(observed: Observed) -> dict[str, float]:
    """The run's symbolic features as ``{name: value}``; absent features are left out.

    Names: ``exc=``/``exc_inner=``/``exc_outer=`` (exception types; inner and outer of the first
    chain), ``msg=`` (the innermost message, masked), ``lib=``/``layer=`` (the library of the
    innermost non-project frame), ``raise_in_project``, ``req=<name>:<2xx|4xx|5xx|none>`` per failing
    request, ``first_fail=``, ``n_requests``, ``n_failing``, ``share_failing``, ``share_no_response``,
    ``status=<code>`` counts, ``vote=<rule code>`` and ``vote_rc=<family>`` (confidence),
    ``static=<code>``/``static_rc=<family>``, ``framework=``, ``constraint=``, ``has_verifier``,
    ``has_patch``, ``has_trajectory``, ``log_lines=<bucket>``, ``n_rule_errors``.
    """
    from rootcause.code.structure import constraints_from_task

    facts, record = observed.facts, observed.record
    out: dict[str, float] = {}
    _exception_features(facts.exceptions, out)
    _request_features(facts.requests, out)
    for finding in observed.findings:
        value = finding.confidence.value
        out[f"vote={finding.rule}"] = max(out.get(f"vote={finding.rule}", 0.0), value)
        key = f"vote_rc={family_of(finding.root_cause)}"
        out[key] = max(out.get(key, 0.0), value)
    for static in facts.static:
        out[f"static={static.rule}"] = 1.0
        out[f"static_rc={family_of(static.root_cause)}"] = 1.0
    if facts.framework:
        out[f"framework={facts.framework}"] = 1.0
    for constraint in sorted(constraints_from_task(str(record.metadata.get("task") or ""))):
        out[f"constraint={constraint}"] = 1.0
    if facts.database:
        out[f"database={facts.database}"] = 1.0
    failed_tests = [t for t in facts.tests if t.outcome in ("failed", "error")]
    if facts.tests:
        out["n_failed_tests"] = float(len(failed_tests))
    if record.verifier:
        out["has_verifier"] = 1.0
    if record.patch:
        out["has_patch"] = 1.0
    if record.trajectory:
        out["has_trajectory"] = 1.0
    log_lines = len(facts.lines) - len(facts.verifier_lines)
    out[f"log_lines={_size_bucket(log_lines)}"] = 1.0
    if facts.access:
        out["n_access_5xx"] = float(sum(a.status >= 500 for a in facts.access))
    if observed.rule_errors:
        out["n_rule_errors"] = float(len(observed.rule_errors))
    _catalogue_features(facts, out)
    return out


def _catalogue_features(facts: Facts, out: dict[str, float]) -> None:
    """Error codes in the exceptions and the catalogue entries that match (the same whatever the log's format)."""
    from rootcause.catalogue import codes_in
    from rootcause.evidence.facts import server_did_not_start

    for exc in facts.exceptions[:10]:
        for code in codes_in(exc.full_text()[:2000]):
            out[f"code={code}"] = 1.0
    for match in facts.catalogue_matches[:10]:
        out[f"cat={match.entry.id}"] = 1.0
        out[f"cat_rc={family_of(match.entry.root_cause)}"] = 1.0
    if server_did_not_start(facts):
        out["server_did_not_start"] = 1.0


def masked_text(observed: Observed) -> str:
    """Masked exception messages, the last error-looking log lines and failed assertions, one per line."""
    facts = observed.facts
    parts = [mask(f"{exc.short_type} {exc.full_text()[:MAX_MESSAGE]}") for exc in facts.exceptions[:10]]
    error_lines = [line.text for line in facts.lines if _ERROR_LINE.search(line.text)]
    parts.extend(mask(text[:MAX_MESSAGE]) for text in error_lines[-LAST_ERROR_LINES:])
    for request in facts.requests:
        if not request.ok:
            parts.extend(mask(m[:MAX_MESSAGE]) for m in request.messages[:5])
    parts.extend(mask(t.name) for t in facts.tests if t.outcome in ("failed", "error"))
    return "\n".join(p for p in parts if p)


class RunFeatures(TransformerMixin, BaseEstimator):
    """Vectorize runs: symbolic features (``DictVectorizer``) next to masked text (TF-IDF).

    Takes a list of :class:`~rootcause.records.RunRecord` or :class:`Observed` and returns one
    scipy CSR matrix: first the symbolic columns, ``log1p``-scaled so counts and indicators sit
    on a similar scale (zero stays zero), then the text columns (word 1-2 grams).

    Parameters
    ----------
    max_features : int or None, default=5000
        Most frequent text n-grams kept.
    min_df : int or float, default=2
        Text n-grams seen in fewer runs are dropped. When nothing is left (tiny training sets)
        the text part is left out and ``text_vectorizer_`` is None.
    use_text : bool, default=True
        Whether to add the text part at all.
    """

    def __init__(self, max_features: int | None = 5000, min_df: int | float = 2, use_text: bool = True) -> None:
        self.max_features = max_features
        self.min_df = min_df
        self.use_text = use_text

    def fit(self, X: Iterable[RunRecord | Observed], y=None) -> "RunFeatures":
        self._fit(*_parts(X))
        return self

    def fit_transform(self, X: Iterable[RunRecord | Observed], y=None, **fit_params) -> sp.csr_matrix:
        # Observes and describes each run once, where fit then transform would do it twice.
        parts = _parts(X)
        self._fit(*parts)
        return self._transform(*parts)

    def transform(self, X: Iterable[RunRecord | Observed]) -> sp.csr_matrix:
        check_is_fitted(self, "symbolic_vectorizer_")
        return self._transform(*_parts(X))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "symbolic_vectorizer_")
        names = list(self.symbolic_vectorizer_.get_feature_names_out())
        if self.text_vectorizer_ is not None:
            names.extend(f"text:{n}" for n in self.text_vectorizer_.get_feature_names_out())
        return np.asarray(names, dtype=object)

    def _fit(self, symbolic: list[dict[str, float]], texts: list[str]) -> None:
        if not symbolic:
            raise ValueError("RunFeatures needs at least one run to fit")
        self.symbolic_vectorizer_ = DictVectorizer(dtype=np.float64).fit(symbolic)
        self.text_vectorizer_ = None
        if self.use_text:
            text = TfidfVectorizer(
                ngram_range=(1, 2), min_df=self.min_df, max_features=self.max_features, token_pattern=TOKEN_PATTERN, sublinear_tf=True, dtype=np.float64
            )
            try:
                self.text_vectorizer_ = text.fit(texts)
            except ValueError:  # empty vocabulary: no n-gram in min_df runs
                self.text_vectorizer_ = None
        self.n_features_out_ = len(self.get_feature_names_out())

    def _transform(self, symbolic: list[dict[str, float]], texts: list[str]) -> sp.csr_matrix:
        matrix = self.symbolic_vectorizer_.transform(symbolic).tocsr()
        matrix.data = np.log1p(np.maximum(matrix.data, 0.0))
        blocks = [matrix]
        if self.text_vectorizer_ is not None:
            blocks.append(self.text_vectorizer_.transform(texts))
        return sp.hstack(blocks, format="csr", dtype=np.float64)


def _parts(runs: Iterable[RunRecord | Observed]) -> tuple[list[dict[str, float]], list[str]]:
    observed = [observe(r) for r in runs]
    return [symbolic_features(o) for o in observed], [masked_text(o) for o in observed]
