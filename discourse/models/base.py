"""The estimator contract, after scikit-learn's ``BaseEstimator``.

A model's parameters are the keyword arguments of its ``__init__``, which
only stores them under the same names; ``fit(corpus)`` validates them,
trains, and returns ``self``; what was learned ends in ``_``. From that
signature come :meth:`Estimator.get_params`, :meth:`Estimator.set_params`
and :func:`clone` (a new, unfitted model with the same parameters), so a
sweep over one parameter is ``clone(model).set_params(n_topics=k)``.

Both models also share one provenance schema (:func:`provenance`) and one
way to save a folder atomically (:func:`save_folder`).
"""

from __future__ import annotations

import copy
import datetime as dt
import inspect
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import cache as diskcache
from .._validation import UNSET
from ..errors import NotFittedError, ParameterError, known

__all__ = [
    "Estimator",
    "clone",
    "provenance",
    "required_pair",
    "save_folder",
    "view_fingerprint",
]


class Estimator:
    """Base of every model: parameters from the ``__init__`` signature."""

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        names = []
        for name, p in sig.parameters.items():
            if name == "self":
                continue
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                raise TypeError(f"{cls.__name__}.__init__ must name its parameters (no *args/**kw)")
            names.append(name)
        return sorted(names)

    def get_params(self) -> dict[str, Any]:
        """The model's parameters, by name (as given to ``__init__`` or ``set_params``)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> Estimator:
        """Set parameters by name and return the model; a misspelt name raises.

        A fitted model keeps what it learned until it is fitted again: check
        :meth:`is_fitted` or :func:`clone` it for a fresh start.
        """
        names = self._param_names()
        unknown = set(params) - set(names)
        if unknown:
            raise ParameterError(
                f"{type(self).__name__} has no parameter {known(unknown)}; "
                f"its parameters are {known(names, limit=30)}"
            )
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def is_fitted(self) -> bool:
        """True when ``fit`` has run (some attribute ending in ``_`` is set)."""
        return any(
            k.endswith("_") and not k.startswith("_") and v is not None
            for k, v in vars(self).items()
        )

    def _require_fitted(self, what: str = "this") -> None:
        if not self.is_fitted():
            raise NotFittedError(
                f"{type(self).__name__} is not fitted yet; call .fit(corpus) before {what}"
            )

    def __repr__(self) -> str:
        cls = type(self)
        sig = inspect.signature(cls.__init__)
        shown = []
        for name in self._param_names():
            default = sig.parameters[name].default
            value = getattr(self, name)
            try:
                same = value == default
                same = bool(same) if not hasattr(same, "__len__") else False
            except (TypeError, ValueError):
                same = False
            if not same:
                shown.append(f"{name}={value!r}")
        return f"{cls.__name__}({', '.join(shown)})"


def clone(estimator: Estimator, **params: Any) -> Estimator:
    """A new, unfitted model of the same class with the same parameters (deep-copied).

    Keyword arguments override parameters, as ``set_params`` would.

    Examples
    --------
    >>> from discourse import TopicModel
    >>> m = TopicModel(n_topics=10, seed=3)
    >>> clone(m, n_topics=20).get_params()["n_topics"], m.n_topics
    (20, 10)
    """
    if not isinstance(estimator, Estimator):
        raise ParameterError(f"clone() takes a discourse model, got {type(estimator).__name__}")
    kept = {k: copy.deepcopy(v) for k, v in estimator.get_params().items()}
    new = type(estimator)(**kept)
    if params:
        new.set_params(**params)
    return new


def view_fingerprint(store: Any, rows: Any) -> str:
    """Fingerprint of some documents of a token store: the corpus, the tokenizer, the ids."""
    ids = store.docs["id"].to_numpy()[rows].tolist()
    return diskcache.stable_hash(
        {"base": store.fingerprint, "tok": store.tokenizer.key, "ids": ids}
    )


def provenance(
    *,
    key: str,
    seed: int,
    params: dict,
    corpus: str,
    corpus_fingerprint: str,
    n_documents: int,
    n_units: int,
    n_tokens: int,
    n_terms: int,
    fit_seconds: float,
    **extra: Any,
) -> dict:
    """The provenance record every fitted model carries (the same keys for every model).

    ``key`` is the model's cache key; ``corpus`` says what it was trained
    on (a corpus name or a group); ``corpus_fingerprint`` identifies the
    documents and the tokenizer; ``n_units`` counts what the model saw as
    documents (LDA units, Word2Vec sentences); ``n_terms`` is the size of
    its vocabulary. ``versions``, ``created_at`` and ``from_cache`` (False)
    are added here; ``extra`` holds what only one kind of model records.
    """
    return {
        "key": key,
        "seed": seed,
        "params": params,
        "corpus": corpus,
        "corpus_fingerprint": corpus_fingerprint,
        "n_documents": int(n_documents),
        "n_units": int(n_units),
        "n_tokens": int(n_tokens),
        "n_terms": int(n_terms),
        **extra,
        "versions": diskcache.library_versions(),
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "fit_seconds": round(float(fit_seconds), 3),
        "from_cache": False,
    }


def save_folder(path: str | Path, write: Callable[[Path], None], *, marker: str, what: str) -> Path:
    """Write a saved model into folder ``path`` atomically; return the path.

    ``write(folder)`` fills a temporary folder beside ``path``, which is
    then renamed into place (:func:`discourse.cache.move_entry`): a reader
    sees the old model or the new one, never half of one. An existing
    ``path`` is replaced only if it is empty or holds a saved model (its
    ``marker`` file), so a typo cannot delete an unrelated folder.
    """
    path = Path(path).expanduser()
    if path.exists() and not (
        path.is_dir() and (not any(path.iterdir()) or (path / marker).is_file())
    ):
        raise ParameterError(
            f"{path} exists and does not hold a saved {what} (no {marker}); "
            "save into a new folder or remove it first"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.tmp-", dir=path.parent))
    try:
        write(tmp)
        diskcache.move_entry(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


def required_pair(func: str, target: Any, reference: Any) -> tuple[Any, Any]:
    """``(target, reference)`` of a comparison, both given (after the old names are read)."""
    missing = [n for n, v in (("target", target), ("reference", reference)) if v is UNSET]
    if missing:
        raise ParameterError(
            f"{func}() needs {' and '.join(m + '=' for m in missing)}: the two groups compared "
            "(target − reference)"
        )
    return target, reference
