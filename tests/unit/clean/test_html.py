"""Titles from HTML: the site's own name and section labels come off, headline words stay."""

from __future__ import annotations

import pytest

from newsprism.clean.html import strip_site_name


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Storm closes ports along the northern coast | Daily Planet", "Storm closes ports along the northern coast"),
        ("Storm closes ports along the northern coast - World News", "Storm closes ports along the northern coast"),
        ("Harbour strike spreads to three cities | Planet | 04.05.2023", "Harbour strike spreads to three cities"),
        ("港湾のストライキが三つの都市に拡大：北日本新聞デジタル", "港湾のストライキが三つの都市に拡大"),
        ("Talks stall in Geneva - then resume late at night", "Talks stall in Geneva - then resume late at night"),
        ("Minister resigns - Report", "Minister resigns - Report"),  # too little headline left to cut
        ("Daily Planet | Storm closes ports along the northern coast", "Storm closes ports along the northern coast"),
    ],
)
def test_html_strip_site_name(title, expected):
    assert strip_site_name(title, site_names=("Daily Planet", "dailyplanet.example")) == expected
