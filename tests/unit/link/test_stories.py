"""Story clustering (incremental, blocked) and its evaluation (B-cubed, ARI, harness)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli.eval_stories import eval_stories_cli
from newsprism.evaluate.stories import adjusted_rand_index, bcubed, evaluate_stories, read_gold
from newsprism.link.stories import StoryIndex, StoryInput, cluster_stories, name_keys, story_links

DEV_GOLD = Path(__file__).resolve().parents[4] / "shared/eval/stories/dev.jsonl"

DAM = [
    ("Dam breach floods valley villages in Veloria",
     "A dam on the Sarno river in northern Veloria burst early on Sunday, sending a wall of water through three "
     "villages downstream. Rescue teams in boats searched flooded houses, and the regional governor Anika Brandt "
     "said at least twelve people were missing after the dam breach."),
    ("Veloria rescuers search for missing after Sarno dam collapse",
     "Rescuers in Veloria pulled four survivors from the mud on Monday as the search for people missing since the "
     "Sarno dam collapsed went on. Governor Anika Brandt said engineers had warned of cracks in the dam last year."),
    ("Veloria opens inquiry into Sarno dam failure",
     "Prosecutors in Veloria opened an inquiry into the failure of the Sarno dam, which flooded villages and left "
     "nine people dead. Governor Anika Brandt promised compensation for families whose houses the flood destroyed."),
]
TALKS = [
    ("Ostland and Marivia resume fishing quota talks",
     "Negotiators from Ostland and Marivia resumed talks over fishing quotas in the Grey Sea on Sunday, after "
     "trawlers from both countries were seized last month. Ostland's trade minister Paulo Renner said a quota deal "
     "was within reach."),
    ("Fishing talks stall as Marivia rejects Ostland quota offer",
     "Talks between Marivia and Ostland on Grey Sea fishing quotas stalled on Monday when Marivia rejected an offer "
     "that would cut its cod catch. Trade minister Paulo Renner called the quota talks difficult but not finished."),
    ("Ostland and Marivia sign Grey Sea fishing deal",
     "Ostland and Marivia signed a deal on Grey Sea fishing quotas on Wednesday, ending months of dispute over "
     "seized trawlers. Paulo Renner, Ostland's trade minister, said the quota deal protected fishing communities."),
]


def _interleaved() -> list[StoryInput]:
    articles = []
    for day, ((dam_title, dam_text), (talk_title, talk_text)) in enumerate(zip(DAM, TALKS, strict=True)):
        published = f"2024-05-{12 + day:02d}"
        articles.append(StoryInput(f"dam{day}", published, dam_title, dam_text, ("actor:veloria",)))
        articles.append(StoryInput(f"talk{day}", published, talk_title, talk_text, ("actor:ostland", "actor:marivia")))
    return articles


def _labels(assignments: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {a.article_id: a.story_id for a in assignments}


def test_stories_interleaved_developing_stories_make_two_clusters() -> None:
    labels = _labels(StoryIndex().add(_interleaved()))
    assert len(set(labels.values())) == 2
    assert {labels[f"dam{i}"] for i in range(3)} == {"story:dam0"}
    assert {labels[f"talk{i}"] for i in range(3)} == {"story:talk0"}


def test_stories_incremental_add_equals_batch_add() -> None:
    articles = _interleaved()
    batch = StoryIndex().add(articles)
    index = StoryIndex()
    incremental = index.add(articles[:2]) + index.add(articles[2:5]) + index.add(articles[5:])
    assert incremental == batch


def test_stories_deterministic_and_picklable() -> None:
    articles = _interleaved()
    index = StoryIndex()
    first = index.add(articles[:3])
    restored = pickle.loads(pickle.dumps(index))
    assert restored.add(articles[3:]) == index.add(articles[3:])
    assert first + StoryIndex().add(articles)[3:] == StoryIndex().add(articles)


def test_stories_time_window_separates_distant_dates() -> None:
    title, text = DAM[0]
    articles = [StoryInput("old", "2020-01-01", title, text), StoryInput("new", "2024-01-01", title, text)]
    assert len({a.story_id for a in cluster_stories(articles)}) == 2


def test_stories_undated_article_can_join_a_dated_story() -> None:
    title, text = DAM[0]
    articles = [StoryInput("dated", "2024-05-12", title, text), StoryInput("undated", None, title, text)]
    assert {a.story_id for a in cluster_stories(articles)} == {"story:dated"}


def test_stories_name_keys_keep_multiword_names() -> None:
    assert "anika brandt" in name_keys("The governor Anika Brandt said")
    assert "the" not in name_keys("The governor said")


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        (["a", "a", "b", "b"], ["x", "x", "y", "y"], (1.0, 1.0, 1.0)),
        (["a", "a", "b", "b"], ["x", "x", "x", "x"], (0.5, 1.0, 2 / 3)),
        (["a", "a", "b", "b"], ["x", "x", "y", "z"], (1.0, 0.75, 6 / 7)),
    ],
)
def test_stories_bcubed_known_values(
    gold: list[str], predicted: list[str], expected: tuple[float, float, float]
) -> None:
    assert bcubed(gold, predicted) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        (["a", "a", "b", "b"], ["x", "x", "y", "y"], 1.0),
        (["a", "a", "b", "b"], ["x", "x", "x", "x"], 0.0),
        (["a", "a", "b", "b"], ["x", "x", "y", "z"], 4 / 7),
        (["a", "a", "a", "a"], ["p", "q", "r", "s"], 0.0),
        (["a", "a", "b", "b"], ["x", "y", "x", "y"], -0.5),
    ],
)
def test_stories_adjusted_rand_index_known_values(gold: list[str], predicted: list[str], expected: float) -> None:
    assert adjusted_rand_index(gold, predicted) == pytest.approx(expected)


def _write_gold(path: Path) -> None:
    rows = [
        {"id": a.id, "cluster_id": a.id.rstrip("0123456789"), "date": a.published, "title": a.title, "text": a.text}
        for a in _interleaved()
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def test_stories_eval_harness_on_tiny_gold(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    _write_gold(gold)
    result = evaluate_stories(read_gold(gold), gold_file=str(gold))
    ours, one, alone, _ = result.systems
    assert (ours.bcubed_f1, ours.ari, ours.clusters) == (1.0, 1.0, 2)
    assert one.bcubed_p == pytest.approx(0.5) and alone.bcubed_r == pytest.approx(1 / 3)


def test_stories_eval_cli_prints_table(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    _write_gold(gold)
    result = CliRunner().invoke(eval_stories_cli, ["--gold", str(gold), "--limit", "4"])
    assert result.exit_code == 0, result.output
    assert "| newsprism.stories.tfidf.v1 |" in result.output and "4 articles" in result.output


def test_stories_eval_cli_missing_gold(tmp_path: Path) -> None:
    result = CliRunner().invoke(eval_stories_cli, ["--gold", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 1 and "[E402]" in result.output


@pytest.mark.skipif(not DEV_GOLD.is_file(), reason="../shared/eval/stories is not beside the repository")
def test_stories_dev_gold_floor() -> None:
    result = evaluate_stories(read_gold(DEV_GOLD))
    ours = result.systems[0]
    assert ours.bcubed_f1 >= 0.857  # measured 0.877
    assert ours.ari >= 0.776  # measured 0.796


def test_stories_links_rows_name_the_first_article() -> None:
    rows = story_links(StoryIndex().add(_interleaved()[:3]))
    assert rows[0] == ("story", "story:dam0", "dam0", "first", 0.0)
    assert rows[2][:4] == ("story", "story:dam0", "dam1", "member")
