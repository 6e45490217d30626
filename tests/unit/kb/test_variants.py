"""Tests for newsprism.kb.variants: rule-generated name variants and the reverse syllable match."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from newsprism.kb import variants
from newsprism.kb.variants import (
    NameIndex,
    cyrillic_variants,
    han_name_variants,
    han_readings,
    hepburn_variants,
    mixed_reading_match,
    name_variants,
    normalize_name,
    pinyin_to_wade_giles,
    romanize_korean,
    segment_pinyin,
    syllable_match,
)


def _keys(names: list[str] | set[str]) -> set[str]:
    return {normalize_name(n) for n in names}


@pytest.mark.parametrize(
    ("hangul", "expected"),
    [
        ("문재인", ["Moon Jae-in", "Mun Jae-in", "Moon Jae In", "Moon Jaein", "Mun Chae-in"]),
        ("박근혜", ["Park Geun-hye", "Pak Kun-hye", "Bak Geun-hye", "Park Keun-hye"]),
        ("이명박", ["Lee Myung-bak", "Yi Myeong-bak", "Lee Myungbak", "Rhee Myong-bak"]),
        ("반기문", ["Ban Ki-moon", "Ban Gi-mun", "Pan Ki-mun"]),
        ("윤석열", ["Yoon Suk-yeol", "Yoon Sukyeol", "Yun Sok Yol", "Yoon Seok-yul", "Suk-yeol Yoon"]),
    ],
)
def test_variants_romanize_korean_systems(hangul: str, expected: list[str]) -> None:
    assert _keys(expected) <= _keys(romanize_korean(hangul))


def test_variants_romanize_korean_double_surname() -> None:
    spellings = _keys(romanize_korean("남궁민수"))
    assert "namgung min su" in spellings
    assert "nam gungminsu" not in spellings


def test_variants_romanize_korean_sound_change_form() -> None:
    spellings = _keys(romanize_korean("신신란"))
    assert {"sin sinran", "sin sillan"} <= spellings  # per syllable, and with lateralization


def test_variants_han_readings_languages() -> None:
    readings = han_readings("習近平")
    assert [r[0] for r in readings["mandarin"]] == ["xi", "jin", "ping"]
    assert readings["korean"] == [("습",), ("근",), ("평",)]
    assert readings["wade_giles"][0][0] == "hsi"


def test_variants_han_readings_simplified_and_traditional_agree() -> None:
    assert han_readings("锡")["mandarin"][0][0] == han_readings("錫")["mandarin"][0][0] == "xi"


@pytest.mark.parametrize(
    ("pinyin", "wade_giles"),
    [
        ("xi", "hsi"),
        ("jin", "chin"),
        ("ping", "p'ing"),
        ("qiang", "ch'iang"),
        ("zhou", "chou"),
        ("mao", "mao"),
        ("zedong", "tsedong"),
        ("shi", "shih"),
        ("ke", "k'o"),
        ("xiong", "hsiung"),
    ],
)
def test_variants_pinyin_to_wade_giles(pinyin: str, wade_giles: str) -> None:
    assert pinyin_to_wade_giles(pinyin) == wade_giles


@pytest.mark.parametrize(
    ("hanzi", "kwargs", "expected"),
    [
        ("習近平", {}, ["Xi Jinping", "Hsi Chin-p'ing", "Xi Jin Ping", "Jinping Xi"]),
        ("习近平", {}, ["Xi Jinping"]),
        ("李克強", {}, ["Li Keqiang", "Li K'o-ch'iang"]),
        ("安倍晋三", {"family_len": 2, "lang": "ja"}, ["An Bei Jin San", "Anbei Jinsan"]),
        ("潘基文", {"lang": "ko"}, ["Pan Jiwen", "Ban Ki-moon"]),
    ],
)
def test_variants_han_name_variants(hanzi: str, kwargs: dict[str, object], expected: list[str]) -> None:
    assert _keys(expected) <= _keys(han_name_variants(hanzi, **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("romaji", "expected"),
    [
        ("Abe Shinzō", {"abe shinzo", "abe shinzou", "abe shinzoh", "abe shinzoo"}),
        ("Shinzou", {"shinzo", "shinzou", "shinzoh"}),
        ("Ōno", {"ono", "ohno", "oono", "ouno"}),
        ("Ohno", {"ono", "oono"}),
    ],
)
def test_variants_hepburn_long_vowels(romaji: str, expected: set[str]) -> None:
    assert expected <= _keys(hepburn_variants(romaji))


def test_variants_hepburn_keeps_vowel_sequences() -> None:
    assert hepburn_variants("Inoue") == ["Inoue"]
    assert _keys(hepburn_variants("Ishiba Shigeru")) == {"ishiba shigeru"}


@pytest.mark.parametrize(
    ("cyrillic", "expected"),
    [
        (
            "Володимир Зеленський",
            [
                "Volodymyr Zelenskyy",
                "Volodymyr Zelensky",
                "Vladimir Zelenskiy",
                "Wolodymyr Selenskyj",
                "Vladimir Zelensky",
                "Владимир Зеленский",
            ],
        ),
        ("Владимир Зеленский", ["Vladimir Zelensky", "Vladimir Zelenskiy", "Vladimir Zelenskij"]),
        ("Сергей Шойгу", ["Sergei Shoigu", "Sergey Shoygu", "Sergej Šojgu", "Sergej Schojgu"]),
    ],
)
def test_variants_cyrillic_systems(cyrillic: str, expected: list[str]) -> None:
    assert _keys(expected) <= _keys(cyrillic_variants(cyrillic))


def test_variants_cyrillic_ukrainian_russian_given_name_pair() -> None:
    assert "владимир" in _keys(cyrillic_variants("Володимир"))
    assert "володимир" in _keys(cyrillic_variants("Владимир"))


def test_variants_cyrillic_drops_patronymic() -> None:
    assert "vladimir putin" in _keys(cyrillic_variants("Владимир Владимирович Путин"))


def test_variants_name_variants_mixes_readings() -> None:
    out = _keys(name_variants({"ja": ["石破茂"]}, ["Ishiba Shigeru"]))
    assert {"ishiba shigeru", "shi po mao", "ishiba mao"} <= out


def test_variants_name_variants_korean_actor() -> None:
    out = _keys(name_variants({"ko": ["반기문"], "ko-Hani": ["潘基文"]}, ["Ban Ki-moon"]))
    assert {"ban ki moon", "pan ki mun", "pan jiwen", "pan chi wen"} <= out


@pytest.mark.parametrize(
    ("mention", "romanized"),
    [
        ("Yin Xi Yue", "YOON Suk Yeol"),
        ("Yin Xiyue", "Yoon Suk Yeol"),
        ("Suk-yeol Yoon", "YOON Suk Yeol"),
        ("Wen Zaiyin", "Moon Jae-in"),
        ("Piao Jinhui", "Park Geun-hye"),
        ("Pan Jiwen", "BAN Ki-moon"),
        ("Jin Zhengen", "Kim Jong Un"),
        ("Mun Jae-in", "MOON Jae-in"),
    ],
)
def test_variants_syllable_match_links(mention: str, romanized: str) -> None:
    assert syllable_match(mention, romanized)


@pytest.mark.parametrize(
    ("mention", "romanized"),
    [
        ("Yin Xiyue", "Moon Jae-in"),
        ("Yin Xiyue", "Park Geun-hye"),
        ("Li Qiang", "Lee Jae-myung"),  # different number of syllables
        ("Xi Jinping", "Yoon Suk Yeol"),
        ("Yin", "Yoon Suk Yeol"),  # every syllable of the KB name must be used
    ],
)
def test_variants_syllable_match_rejects(mention: str, romanized: str) -> None:
    assert not syllable_match(mention, romanized)


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Kishida Wenxiong", True),
        ("An Tian Wen Xiong", True),
        ("KISHIDA Fumio", True),
        ("Fumio Kishida", True),
        ("Kishida Shigeru", False),
        ("Yin Xiyue", False),
    ],
)
def test_variants_mixed_reading_match(mention: str, expected: bool) -> None:
    assert mixed_reading_match(mention, "岸田文雄", "Kishida Fumio") is expected


def test_variants_mixed_reading_match_japanese_long_vowels() -> None:
    assert mixed_reading_match("Abe Jinsan", "安倍晋三", "Abe Shinzō")
    assert mixed_reading_match("Abe Shinzou", "安倍晋三", "Abe Shinzō")
    assert mixed_reading_match("An Bei Jin San", "安倍晋三", "Abe Shinzo")


def test_variants_segment_pinyin() -> None:
    pinyin = {"xi", "yue", "wen", "xiong", "xiyu", "e"}
    assert segment_pinyin("Xiyue", inventory=pinyin - {"xiyu"}) == [["xi", "yue"]]
    assert sorted(segment_pinyin("Xiyue", inventory=pinyin)) == [["xi", "yue"], ["xiyu", "e"]]
    assert ["wen", "xiong"] in segment_pinyin("Wenxiong")


def test_variants_name_index_matches_many() -> None:
    index = NameIndex.build(
        [
            ("yoon", "YOON Suk Yeol"),
            ("moon", "MOON Jae-in"),
            ("kishida", "KISHIDA Fumio", "岸田文雄"),
            ("ban", "BAN Ki-moon"),
        ]
    )
    assert index.match("Yin Xiyue") == ["yoon"]
    assert index.match("Kishida Wenxiong") == ["kishida"]
    assert index.match("Pan Jiwen") == ["ban"]
    assert index.match("Zhang San") == []


def test_variants_readings_table_agrees_with_pypinyin() -> None:
    pypinyin = pytest.importorskip("pypinyin")
    for char in "尹錫悅岸田文雄習近平":
        expected = pypinyin.pinyin(char, style=pypinyin.Style.NORMAL, heteronym=True)[0]
        assert set(han_readings(char)["mandarin"][0]) == set(expected)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("YOON Suk-yeol", "yoon suk yeol"),
        ("Hsi Chin-p'ing", "hsi chin ping"),
        ("Abe Shinzō", "abe shinzo"),
        ("Šojgu", "sojgu"),
        ("  Moon   Jae–in ", "moon jae in"),
        ("Ｙｏｏｎ", "yoon"),
        ("윤석열", "윤석열"),
        ("Зелёный", "зеленый"),
    ],
)
def test_variants_normalize_name_folds(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


@given(st.text())
def test_variants_normalize_name_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


SINO_KOREAN = (
    "김이박최정강조윤장임한오서신권황안송전홍고문양손배백허유남심노하성"
    "차주우구민진지채원천방현변여도소석선명기반왕금인제국은용영수철호희혜경재"
)


@given(st.text(alphabet=SINO_KOREAN, min_size=3, max_size=4))
def test_variants_romanize_korean_spellings_match_each_other(hangul: str) -> None:
    # Syllable-by-syllable spellings (hyphenated) link back; sound-changed forms (Pangnam for
    # 박남) are for exact lookup only.
    spellings = [s for s in romanize_korean(hangul) if "-" in s]
    # a two-syllable surname with a one-syllable given name (선우 + 강) has no hyphenated form
    assume(spellings)
    for other in (spellings[len(spellings) // 2], spellings[-1]):
        assert syllable_match(other, spellings[0])


def test_variants_no_person_aliases_in_rules() -> None:
    rules = variants._rules()
    assert all(len(syllable) == 1 for syllable in rules["korean"]["syllables"])
