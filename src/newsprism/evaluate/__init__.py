"""Evaluation against gold sets: scorers and trivial baselines side by side."""
