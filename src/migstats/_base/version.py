"""The package version, in one place (kept equal to ``version`` in pyproject.toml).

Here in ``_base`` so that every layer can name it (the audit records it with
its settings) without importing the top-level package.
"""

from __future__ import annotations

__version__ = "0.1.0"
