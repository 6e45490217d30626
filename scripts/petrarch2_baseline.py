"""Score PETRARCH-2 on the real-news CAMEO sentences, the same sentences and scorer newsprism is measured on.

PETRARCH-2 (github.com/openeventdata/petrarch2, MIT) is Python 2 and reads Penn Treebank trees from CoreNLP; neither
ships here (CoreNLP is Java and not on the package registries). This script does the rest, so anyone with a
PETRARCH-2 checkout and a Python 2.7 with ``python-dateutil`` can reproduce the comparison:

1. ``prepare``: parse each coded sentence's article with the pinned spaCy model and write PETRARCH-2's XML input,
   one ``<Sentence>`` per coded sentence with its article's date and a PTB tree converted from spaCy's dependency
   parse (``newsprism.evaluate.ptb``), not a CoreNLP tree.
2. ``run``: run PETRARCH-2 on it with its shipped config and dictionaries (see ``run_petrarch2`` for the two
   changes the harness makes on a temporary copy).
3. ``score``: read its event file and score the (source country, target country, CAMEO root / code) triples with
   ``newsprism.evaluate.events.tally_realnews``, the function ``newsprism eval events --only-realnews`` uses.
   An actor code counts by its first three letters (``USAGOV`` -> USA, ``IGOUNO`` -> IGO), "---" as unknown.

``--records FILE`` instead of ``--realnews`` takes JSON Lines records with ``text`` (and ``parse_ptb``, CoreNLP's
tree, where the file has it; ``prepare --spacy`` converts spaCy's tree instead): the PETRARCH unit-test records
measure what the conversion costs PETRARCH-2 on sentences written for it (``run --validation``, their dictionaries),
and ``score --gsr`` scores the PLOVER GSR by category as ``newsprism eval events`` does.

Examples:
    python scripts/petrarch2_baseline.py prepare --realnews eval/realnews-cameo/test.jsonl -o /tmp/test.xml
    python scripts/petrarch2_baseline.py run --petrarch2 ~/petrarch2 --python python2.7 -i /tmp/test.xml \\
        -o /tmp/events.txt
    python scripts/petrarch2_baseline.py score --realnews eval/realnews-cameo/test.jsonl --events /tmp/events.txt
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from newsprism.evaluate.events import (
    PRF,
    RealNewsResult,
    format_realnews,
    read_realnews,
    tally_realnews,
)
from newsprism.evaluate.ptb import ptb_trees

CORPUS = Path("../shared/corpora/allsides_baly/articles.jsonl.gz")


def _nlp():
    from newsprism.annotate.nlp import load_nlp
    from newsprism.settings import load_settings

    settings = load_settings().annotate
    return load_nlp(settings.model, settings.model_version)


def _sentence_xml(sid: str, date: str | None, text: str, tree: str) -> str:
    day = (date or "2000-01-01")[:10].replace("-", "")
    return (f"<Sentence date={quoteattr(day)} id={quoteattr(sid)} source=\"newsprism\" sentence=\"True\">\n"
            f"<Text>\n{escape(' '.join(text.split()))}\n</Text>\n<Parse>\n{escape(tree)}\n</Parse>\n</Sentence>\n")


def sentence_id(article_index: int, sentence_index: int) -> str:
    """PETRARCH-2 reads ``story_sentence`` ids and groups sentences into stories by the part before "_"."""
    return f"A{article_index:04d}_{sentence_index:03d}"


def prepare_realnews(gold: Path, corpus: Path, out: Path) -> int:
    articles = read_realnews(gold, corpus)
    nlp = _nlp()
    parts = ["<Sentences>\n"]
    n = 0
    for a, (doc, article) in enumerate(zip(nlp.pipe(a["text"] for a in articles), articles, strict=True)):
        for s, sentence in enumerate(article["sentences"]):
            span = doc.char_span(sentence["start"], sentence["end"], alignment_mode="expand")
            if span is None:
                continue
            tree = ptb_trees(list(span.sents))
            parts.append(_sentence_xml(sentence_id(a, s), article.get("date"), span.text, tree))
            n += 1
    parts.append("</Sentences>\n")
    out.write_text("".join(parts), encoding="utf-8")
    return n


def prepare_records(records: Path, out: Path, *, spacy_trees: bool) -> int:
    rows = _jsonl(records)
    spacy_trees = spacy_trees or any("parse_ptb" not in row for row in rows)  # the PLOVER GSR has no trees
    nlp = _nlp() if spacy_trees else None
    parts = ["<Sentences>\n"]
    for i, row in enumerate(rows):
        tree = row.get("parse_ptb", "")
        if nlp is not None:
            tree = ptb_trees(list(nlp(row["text"]).sents))
        parts.append(_sentence_xml(sentence_id(i, 0), row.get("date"), row["text"], tree))
    parts.append("</Sentences>\n")
    out.write_text("".join(parts), encoding="utf-8")
    return len(rows)


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _country(code: str) -> str:
    code = code.strip()
    return "" if not code or code.startswith("---") else code[:3]


def read_events(path: Path) -> dict[str, Counter]:
    """Per sentence id, PETRARCH-2's (source country, target country, code) triples."""
    return {sid: Counter((_country(s), _country(t), code) for s, t, code, _ in found)
            for sid, found in read_event_texts(path).items()}


def score_realnews(gold: Path, corpus: Path, events: Path) -> RealNewsResult:
    coded = read_events(events)
    result = RealNewsResult()
    for a, article in enumerate(read_realnews(gold, corpus)):
        result.articles += 1
        for s, sentence in enumerate(article["sentences"]):
            tally_realnews(result, sentence, set_counts(coded.get(sentence_id(a, s), Counter())))
    return result


def set_counts(triples: Counter) -> Counter:
    """PETRARCH-2 writes a story's event once; a sentence holds each of its triples once."""
    return Counter(dict.fromkeys(triples, 1))


def score_records(records: Path, events: Path) -> tuple[PRF, PRF]:
    coded = read_events(events)
    root, code = PRF(), PRF()
    for i, row in enumerate(_jsonl(records)):
        gold = Counter((e["source_actor"][:3], e["target_actor"][:3], e["code"]) for e in row["expected_events"])
        ours = Counter({(s[:3], t[:3], c): n for (s, t, c), n in coded.get(sentence_id(i, 0), Counter()).items()})
        code.add(gold, set_counts(ours))
        root.add(Counter({(s, t, c[:2]): n for (s, t, c), n in gold.items()}),
                 set_counts(Counter({(s, t, c[:2]): n for (s, t, c), n in ours.items()})))
    return root, code


def read_event_texts(path: Path) -> dict[str, list[tuple[str, str, str, str]]]:
    """PETRARCH-2's event file (date, source, target, code, issues, sentence ids joined by ";", ..., event text
    last), per sentence id in file order: (source, target, code, event text)."""
    out: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 6:
            for sid in fields[5].split(";"):
                out[sid.strip()].append((fields[1], fields[2], fields[3].strip(), fields[-1]))
    return out


def score_gsr(records: Path, events: Path) -> tuple[int, int, PRF, PRF]:
    """PLOVER GSR as ``newsprism eval events`` scores it: one event per record (the one whose event text shares a
    word with the gold's, else the first), its CAMEO code mapped to PLOVER by the GSR's ``cameo2plover_2021.json``;
    category accuracy, actor-set and (source, target, category) triple P/R/F1."""
    from newsprism.evaluate.events import plover_triples

    mapping = json.loads((records.parent / "cameo2plover_2021.json").read_text(encoding="utf-8"))
    coded = read_event_texts(events)
    correct = total = 0
    actors, triples = PRF(), PRF()
    for i, row in enumerate(_jsonl(records)):
        gold = row["expected_events"][0]
        found = coded.get(sentence_id(i, 0), [])
        words = set((gold.get("event_text") or "").lower().split())
        chosen = next((e for e in found if words & set(e[3].lower().split())), found[0] if found else None)
        category = "NONE"
        if chosen is not None:
            code = chosen[2]
            row = mapping.get(code) or mapping.get(code[:3]) or mapping.get(code[:2] + "0")
            category = row["plover"] if row else "NONE"
        total += 1
        correct += category == gold["category_current_plover"]
        gold_actors = Counter({c[:3] for c in gold["source_actor"] + gold["target_actor"] if c[:3].isalpha()})
        ours = Counter({_country(c) for c in chosen[:2]} - {""}) if chosen else Counter()
        actors.add(gold_actors, ours)
        ours_triple = Counter({(_country(chosen[0]), _country(chosen[1]), category)}) if chosen and _country(
            chosen[0]) else Counter()  # fmt: skip
        triples.add(plover_triples(gold), ours_triple)
    return correct, total, actors, triples


_CALL = """                sentence = PETRtree.Sentence(treestr, SentenceText, Date)
                print(sentence.txt)
                # this is the entry point into the processing in PETRtree
                coded_events, meta = sentence.get_events()
"""
_GUARDED = """                try:  # newsprism harness: one sentence that crashes the coder must not stop the run
                    sentence = PETRtree.Sentence(treestr, SentenceText, Date)
                    coded_events, meta = sentence.get_events(require_dyad=PETRglobals.RequireDyad)
                except Exception as e:
                    print('HARNESS: sentence skipped after', repr(e))
                    coded_events, meta, sentence = {}, {}, None
                coded_events = coded_events or {}
"""
_VALIDATION = {"verbfile_name": "PETR.Validate.verbs.txt", "actorfile_list": "PETR.Validate.actors.txt",
               "agentfile_name": "PETR.Validate.agents.txt", "discardfile_name": "PETR.Validate.discards.txt"}


def run_petrarch2(checkout: Path, xml: Path, out: Path, *, python: str, require_dyad: bool, validation: bool) -> int:
    """Run PETRARCH-2 from a checkout of openeventdata/petrarch2 on ``xml`` and copy its event file to ``out``.

    The run happens on a temporary copy with two changes to ``petrarch2.py``: a sentence whose tree makes the coder
    raise is skipped (it stops the whole run otherwise), and ``require_dyad`` from the config reaches the coder
    (``do_coding`` calls ``get_events()`` without it, so events always need both parties). The config is the shipped
    ``PETR_config.ini`` with issue coding off; a dictionary it names that the package folder lacks is taken from the
    repository's ``petrarch/data/dictionaries`` (where the repository keeps ``Phoenix.discards.txt``).
    """
    package = checkout / "petrarch2" if (checkout / "petrarch2" / "petrarch2.py").is_file() else checkout
    if not (package / "petrarch2.py").is_file():
        raise SystemExit(f"{checkout}: no petrarch2.py (give the repository or its petrarch2/ folder)")
    with tempfile.TemporaryDirectory(prefix="petrarch2-") as tmp:
        work = Path(tmp) / "petrarch2"
        shutil.copytree(package, work)
        source = (work / "petrarch2.py").read_text(encoding="utf-8")
        if _CALL not in source:
            raise SystemExit(f"{package / 'petrarch2.py'}: the coding call is not where this harness expects it")
        (work / "petrarch2.py").write_text(source.replace(_CALL, _GUARDED), encoding="utf-8")
        config = (work / "data" / "config" / "PETR_config.ini").read_text(encoding="utf-8")
        settings = {"issuefile_name": "", "require_dyad": str(require_dyad)} | (_VALIDATION if validation else {})
        for key, value in settings.items():
            config = re.sub(rf"(?m)^{key}\s*=.*$", f"{key} = {value}", config)
        dictionaries = work / "data" / "dictionaries"
        named = r"(?m)^(?:verbfile_name|actorfile_list|agentfile_name|discardfile_name)\s*=(.*)$"
        for line in re.findall(named, config):
            for name in filter(None, (n.strip() for n in line.split(","))):
                elsewhere = package.parent / "petrarch" / "data" / "dictionaries" / name
                if not (dictionaries / name).is_file() and elsewhere.is_file():
                    shutil.copy(elsewhere, dictionaries / name)
                elif not (dictionaries / name).is_file():
                    raise SystemExit(f"dictionary {name} is neither in {dictionaries} nor at {elsewhere}")
        (work / "newsprism.ini").write_text(config, encoding="utf-8")
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        done = subprocess.run([python, "petrarch2.py", "batch", "-c", "newsprism.ini", "-i", str(xml.resolve()),
                               "-o", "events.txt"], cwd=work, env=env, capture_output=True, text=True, check=False)
        log = done.stdout + done.stderr
        skipped = log.count("HARNESS: sentence skipped")
        if done.returncode != 0 or not (work / "evts.events.txt").is_file():
            sys.stderr.write(log[-3000:])
            raise SystemExit(f"PETRARCH-2 failed (exit {done.returncode})")
        shutil.copy(work / "evts.events.txt", out)
    lines = len(out.read_text(encoding="utf-8").splitlines())
    print(f"{out}: {lines} events; {skipped} sentences skipped after an error", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="write PETRARCH-2 XML input")
    prep.add_argument("--realnews", type=Path, help="real-news gold (eval/realnews-cameo/*.jsonl)")
    prep.add_argument("--corpus", type=Path, default=CORPUS)
    prep.add_argument("--records", type=Path, help="PETRARCH records with parse_ptb (../shared/eval/...jsonl)")
    prep.add_argument("--spacy", action="store_true", help="with --records: spaCy trees instead of theirs")
    prep.add_argument("-o", "--out", type=Path, required=True)
    run = sub.add_parser("run", help="run PETRARCH-2 (Python 2.7) on prepared XML")
    run.add_argument("--petrarch2", type=Path, required=True, help="checkout of github.com/openeventdata/petrarch2")
    run.add_argument("--python", default="python2.7", help="a Python 2.7 with python-dateutil (default: python2.7)")
    run.add_argument("-i", "--input", type=Path, required=True)
    run.add_argument("-o", "--out", type=Path, required=True)
    run.add_argument("--no-require-dyad", action="store_true", help="also code events with one party")
    run.add_argument("--validation", action="store_true", help="PETR.Validate.* dictionaries (the unit-test records)")
    score = sub.add_parser("score", help="score PETRARCH-2's event file")
    score.add_argument("--realnews", type=Path)
    score.add_argument("--corpus", type=Path, default=CORPUS)
    score.add_argument("--records", type=Path)
    score.add_argument("--gsr", action="store_true", help="with --records: score as the PLOVER GSR (categories)")
    score.add_argument("--events", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_petrarch2(args.petrarch2, args.input, args.out, python=args.python,
                             require_dyad=not args.no_require_dyad, validation=args.validation)
    if bool(args.realnews) == bool(args.records):
        parser.error("give exactly one of --realnews and --records")
    if args.command == "prepare":
        n = (prepare_realnews(args.realnews, args.corpus, args.out) if args.realnews
             else prepare_records(args.records, args.out, spacy_trees=args.spacy))
        print(f"{args.out}: {n} sentences", file=sys.stderr)
        return 0
    if args.realnews:
        print(format_realnews(str(args.realnews), score_realnews(args.realnews, args.corpus, args.events)))
        return 0
    if args.gsr:
        correct, total, actors, triples = score_gsr(args.records, args.events)
        print(f"{args.records}: category accuracy {100 * correct / total:.1f} ({correct}/{total}); actor-set P/R/F1 "
              f"{actors.p:.1f} / {actors.r:.1f} / {actors.f1:.1f}; triple F1 {triples.f1:.1f}")
        return 0
    root, code = score_records(args.records, args.events)
    print(f"{args.records}: root P/R/F1 {root.p:.1f} / {root.r:.1f} / {root.f1:.1f}; "
          f"code {code.p:.1f} / {code.r:.1f} / {code.f1:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
