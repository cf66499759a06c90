"""``python -m discourse.cli``: the ``discourse`` command."""

from . import main

raise SystemExit(main())
