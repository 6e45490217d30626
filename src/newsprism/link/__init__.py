"""Linking across articles: reprints (near-duplicate wire copy) and same-story clusters.

- :mod:`newsprism.link.reprints`: MinHash + LSH banding finds articles whose word
  shingles overlap (Jaccard >= 0.5 by default) and groups them, the earliest-published
  article being the original.
- :mod:`newsprism.link.stories`: an incremental clusterer that assigns each new article
  to an existing story or starts a new one, by cosine similarity of weighted term
  vectors against story centroids, with candidates blocked by terms, actors and time.

Both work on small picklable records (no spaCy objects) and never compare all pairs.
"""
