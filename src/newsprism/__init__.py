"""newsprism: one international-affairs story, seen from every outlet.

The public API is small; import is cheap (no model is loaded here).
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
