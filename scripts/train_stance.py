"""Train newsprism's target-dependent stance model on the NewsMTSC training sentences.

Reads ``train.jsonl`` (sentence + target span + polarity), turns each target into the
features of :func:`newsprism.extract.stance.target_features` plus the polar-word lexicon
derived here from the same training data (cross-fitted, so the model never sees a
lexicon built from its own labels), hashes them into a fixed-size space and fits a
multinomial logistic regression with L2 by full-batch L-BFGS in numpy (deterministic:
no sampling, no random initialisation).  Writes ``stance_model.npz`` into the package
with a JSON metadata entry (training-data SHA-256, date, features, cross-validated and
dev scores).

Example:

    .venv/bin/python scripts/train_stance.py
    .venv/bin/python scripts/train_stance.py --train ../shared/eval/newsmtsc/train.jsonl --l2 1e-3 --cv 5
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.extract import stance  # noqa: E402
from newsprism.evaluate.stance import macro_f1, read_gold  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval" / "newsmtsc"
OUT = ROOT / "src" / "newsprism" / "extract" / "data" / stance.MODEL_FILE


def instances(path: Path) -> tuple[list[list[tuple[str, int, int]]], list[tuple[int, int]], np.ndarray]:
    """Tokenized sentences (one per target, shared between a sentence's targets), spans, label indexes."""
    sentences, spans, labels = [], [], []
    for record in read_gold(path):
        tokens = stance.tokenize(record["sentence"])
        for target in record["targets"]:
            sentences.append(tokens)
            spans.append((target["start"], target["end"]))
            labels.append(stance.LABELS.index(target["polarity"]))
    return sentences, spans, np.asarray(labels, dtype=np.int64)


def folds_of(sentences: list, folds: int) -> np.ndarray:
    """Fold of each row: by sentence, so a sentence's targets never straddle two folds."""
    ids: dict[int, int] = {}
    return np.asarray([ids.setdefault(id(tokens), len(ids)) for tokens in sentences]) % folds


def lexicon_from(sentences, spans, labels, *, min_count: int = 4, smoothing: float = 5.0) -> dict[str, float]:
    """Polar words: P(positive | word) - P(negative | word), shrunk toward the class prior."""
    counts: dict[str, np.ndarray] = {}
    for tokens, (start, end), label in zip(sentences, spans, labels, strict=True):
        seen = {w for w, s, e in tokens if not (s < end and e > start) and w.isalpha()}
        for word in seen:
            counts.setdefault(word, np.zeros(3))[label] += 1
    prior = np.bincount(labels, minlength=3) / len(labels)
    base = prior[2] - prior[0]
    lexicon = {}
    for word, c in counts.items():
        n = c.sum()
        if n < min_count:
            continue
        p = (c + smoothing * prior) / (n + smoothing)
        polarity = float(p[2] - p[0] - base)
        if abs(polarity) >= 0.1:
            lexicon[word] = round(polarity, 3)
    return lexicon


def featurize(sentences, spans, lexicons: list[dict[str, float]], dim: int):
    """CSR arrays (indptr, indices, values) of hashed features; lexicons[i] serves row i."""
    indptr, indices, values = [0], [], []
    for tokens, (start, end), lexicon in zip(sentences, spans, lexicons, strict=True):
        feats = stance.target_features(tokens, start, end) + stance.lexicon_features(tokens, start, end, lexicon)
        idx, val = stance.hash_features(feats, dim)
        indices.append(idx)
        values.append(val)
        indptr.append(indptr[-1] + len(idx))
    return np.asarray(indptr), np.concatenate(indices), np.concatenate(values)


def _scores(X, W: np.ndarray) -> np.ndarray:
    indptr, indices, values = X
    rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    contrib = W[indices] * values[:, None]
    out = np.zeros((len(indptr) - 1, W.shape[1]))
    for c in range(W.shape[1]):
        out[:, c] = np.bincount(rows, weights=contrib[:, c], minlength=len(indptr) - 1)
    return out


def _loss_grad(W: np.ndarray, X, Y: np.ndarray, l2: float, rows: np.ndarray):
    indptr, indices, values = X
    n = len(indptr) - 1
    z = _scores(X, W)
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(n), Y] + 1e-12).mean() + 0.5 * l2 * (W * W).sum()
    d = p
    d[np.arange(n), Y] -= 1
    d /= n
    grad = np.zeros_like(W)
    for c in range(W.shape[1]):
        grad[:, c] = np.bincount(indices, weights=values * d[rows, c], minlength=W.shape[0])
    return loss, grad + l2 * W


def fit(X, Y: np.ndarray, dim: int, *, l2: float, iterations: int = 300, memory: int = 10) -> np.ndarray:
    """Multinomial logistic regression by L-BFGS (two-loop recursion, backtracking line search)."""
    indptr = X[0]
    rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    W = np.zeros((dim, 3))
    loss, grad = _loss_grad(W, X, Y, l2, rows)
    history: list[tuple[np.ndarray, np.ndarray, float]] = []
    for _ in range(iterations):
        q = grad.copy()
        alphas = []
        for s, y, rho in reversed(history):
            a = rho * (s * q).sum()
            alphas.append(a)
            q -= a * y
        if history:
            s, y, _ = history[-1]
            q *= (s * y).sum() / (y * y).sum()
        for (s, y, rho), a in zip(history, reversed(alphas), strict=True):
            b = rho * (y * q).sum()
            q += (a - b) * s
        direction = -q
        step = 1.0 if history else 1.0 / max(1.0, float(np.abs(grad).sum()))
        slope = (grad * direction).sum()
        while True:
            W_new = W + step * direction
            loss_new, grad_new = _loss_grad(W_new, X, Y, l2, rows)
            if loss_new <= loss + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, y = W_new - W, grad_new - grad
        sy = (s * y).sum()
        if sy > 1e-12:
            history.append((s, y, 1.0 / sy))
            history = history[-memory:]
        converged = abs(loss - loss_new) < 1e-7 * max(1.0, abs(loss))
        W, loss, grad = W_new, loss_new, grad_new
        if converged:
            break
    return W


def predict(X, W: np.ndarray) -> np.ndarray:
    return _scores(X, W).argmax(axis=1)


def cross_fitted_lexicons(sentences, spans, labels, folds: int) -> list[dict[str, float]]:
    """For each row, a lexicon derived from the other folds (row i is in fold i % folds)."""
    n = len(labels)
    fold_of = folds_of(sentences, folds)
    per_fold = []
    for f in range(folds):
        keep = np.flatnonzero(fold_of != f)
        per_fold.append(lexicon_from([sentences[i] for i in keep], [spans[i] for i in keep], labels[keep]))
    return [per_fold[fold_of[i]] for i in range(n)]


def cross_validate(sentences, spans, labels, *, dim: int, l2: float, folds: int) -> float:
    """Mean macro-F1 over ``folds`` interleaved folds (lexicons cross-fitted inside each)."""
    fold_of = folds_of(sentences, folds)
    scores = []
    for f in range(folds):
        train = np.flatnonzero(fold_of != f)
        test = np.flatnonzero(fold_of == f)
        tr_s, tr_p = [sentences[i] for i in train], [spans[i] for i in train]
        lex_train = cross_fitted_lexicons(tr_s, tr_p, labels[train], folds)
        lexicon = lexicon_from(tr_s, tr_p, labels[train])
        W = fit(featurize(tr_s, tr_p, lex_train, dim), labels[train], dim, l2=l2)
        te_s, te_p = [sentences[i] for i in test], [spans[i] for i in test]
        pred = predict(featurize(te_s, te_p, [lexicon] * len(test), dim), W)
        scores.append(macro_f1(labels[test].tolist(), pred.tolist()))
    return float(np.mean(scores))


def dev_score(path: Path, W: np.ndarray, lexicon: dict[str, float], dim: int) -> float:
    sentences, spans, labels = instances(path)
    pred = predict(featurize(sentences, spans, [lexicon] * len(labels), dim), W)
    return macro_f1(labels.tolist(), pred.tolist())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Example:" + __doc__.split("Example:")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, default=SHARED / "train.jsonl", help="NewsMTSC train.jsonl")
    parser.add_argument("--out", type=Path, default=OUT, help="model file to write (.npz)")
    parser.add_argument("--bits", type=int, default=18, help="hashed feature space: 2**bits rows")
    parser.add_argument("--l2", type=float, default=1e-3, help="L2 penalty on the mean log-loss")
    parser.add_argument("--folds", type=int, default=5, help="folds for the cross-fitted lexicon features")
    parser.add_argument("--cv", type=int, default=0, help="also report N-fold cross-validated macro-F1 (slow)")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    dim = 2**args.bits
    sentences, spans, labels = instances(args.train)
    print(f"{len(labels)} targets from {args.train}", file=sys.stderr)
    cv = cross_validate(sentences, spans, labels, dim=dim, l2=args.l2, folds=args.cv) if args.cv else None
    if cv is not None:
        print(f"cross-validated macro-F1 ({args.cv} folds): {cv:.4f}", file=sys.stderr)
    lexicon = lexicon_from(sentences, spans, labels)
    X = featurize(sentences, spans, cross_fitted_lexicons(sentences, spans, labels, args.folds), dim)
    W = fit(X, labels, dim, l2=args.l2)
    dev = {
        name: round(dev_score(SHARED / f"{name}.jsonl", W, lexicon, dim), 4)
        for name in ("dev_rw", "dev_mt")
        if (SHARED / f"{name}.jsonl").is_file()
    }
    print(f"dev macro-F1: {dev}", file=sys.stderr)
    meta = {
        "extractor": stance.EXTRACTOR,
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "train_file": args.train.name,
        "train_sha256": hashlib.sha256(args.train.read_bytes()).hexdigest(),
        "targets": int(len(labels)),
        "labels": list(stance.LABELS),
        "bits": args.bits,
        "l2": args.l2,
        "lexicon_folds": args.folds,
        "lexicon_size": len(lexicon),
        "features": stance.FEATURE_DOC,
        "cv_macro_f1": None if cv is None else round(cv, 4),
        "dev_macro_f1": dev,
        "seconds": round(time.perf_counter() - began, 1),
    }
    stance.save_model(args.out, W, lexicon, meta)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB) in {meta['seconds']} s", file=sys.stderr)


if __name__ == "__main__":
    main()
