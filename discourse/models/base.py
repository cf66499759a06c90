"""The estimator contract, after scikit-learn's ``BaseEstimator``.

A model's parameters are the keyword arguments of its ``__init__``, which
only stores them under the same names; ``fit(corpus)`` validates them,
trains, and returns ``self``; what was learned ends in ``_``. From that
signature come :meth:`Estimator.get_params`, :meth:`Estimator.set_params`
and :func:`clone` (a new, unfitted model with the same parameters), so a
sweep over one parameter is ``clone(model).set_params(n_topics=k)``.
"""

from __future__ import annotations

import copy
import inspect
from typing import Any

from ..errors import NotFittedError, ParameterError, known

__all__ = ["Estimator", "clone"]


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
