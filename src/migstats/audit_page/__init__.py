"""The audit as one self-contained HTML page (a face, beside ``cli`` and ``plots``).

Files: ``page.py`` (:func:`audit_html`: the page, its table, marks and
figures) and ``assets.py`` (its style sheet and script as strings).  It sits
above the audit layer because it draws the figures of :mod:`migstats.plots`.
"""

from .page import FIGURES, audit_html

__all__ = ["FIGURES", "audit_html"]
