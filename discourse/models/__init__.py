"""Models trained with gensim: topic models and word embeddings.

=========================  ==================================================
``base.py``                the estimator contract (parameters from
                           ``__init__``, ``get_params``/``set_params``,
                           ``clone``)
``lda.py``                 LDA's E-step kernel, training, inference, Dask fit
``topics.py``              :class:`TopicModel`, :func:`topic_sweep`
``embeddings.py``          :class:`EmbeddingModel`, :func:`fit_by`, axes, WEAT
``alc.py``                 à la carte embeddings: the meaning of a word by
                           group from few uses (:class:`ALCModel`)
=========================  ==================================================
"""

from __future__ import annotations

from .alc import ALCModel, alc_regression, meaning, term_uses
from .embeddings import EmbeddingModel, fit_by, semantic_axis, weat
from .topics import TopicModel, match_topics, topic_sweep

__all__ = [
    "ALCModel",
    "EmbeddingModel",
    "alc_regression",
    "meaning",
    "term_uses",
    "TopicModel",
    "fit_by",
    "match_topics",
    "semantic_axis",
    "topic_sweep",
    "weat",
]
