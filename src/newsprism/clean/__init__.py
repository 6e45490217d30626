"""Cleaning: from raw HTML or scraped text to article text and metadata."""
