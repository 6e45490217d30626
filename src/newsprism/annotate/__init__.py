"""spaCy annotation: the only place (with ``extract/``) where spaCy objects live."""
