"""Actor knowledge base: states, intergovernmental organisations and office holders.

The data are JSON Lines files in ``newsprism/kb/data/``, derived by
``scripts/build_kb.py`` from the sources listed in ``data/ATTRIBUTION.md``; the schema
is in ``docs/knowledge-base.md``. Nothing is loaded at import time: call
:func:`newsprism.kb.load.load_kb` (cached) when the data are needed.
"""
