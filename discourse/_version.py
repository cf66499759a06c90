"""The version of ``discourse``, in one place (read by ``pyproject.toml`` and the cache keys)."""

__version__ = "0.1.0"
