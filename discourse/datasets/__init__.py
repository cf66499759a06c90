"""Ready-made corpora.

- :func:`discourse.datasets.ungdc.load`: the UN General Debate Corpus
  (1946–2023), read straight from the official archive.
- :func:`discourse.datasets.fetch.fetch_ungdc`: download it from Harvard
  Dataverse (or use a local mirror).
"""

from . import ungdc
from .fetch import fetch_ungdc

__all__ = ["fetch_ungdc", "ungdc"]
