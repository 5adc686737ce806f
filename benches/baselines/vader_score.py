#!/usr/bin/env python3
"""Baseline for benches/cli.sh: vaderSentiment 3.3.2 scoring every text of an export.

Reads a Brandwatch-style export with the csv module (skipping the preamble), scores each
non-blank `Full Text` with vaderSentiment's SentimentIntensityAnalyzer, and prints key=value
lines: texts, positive, negative (compound >= 0.05 / <= -0.05), read_seconds (reading and
parsing), score_seconds (scoring only), texts_per_second (scoring only).

    python vader_score.py EXPORT [--limit N]

--limit N reads only the first N data rows (a prefix of the export).
"""

import argparse
import itertools
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from common import open_rows

BATCH = 4096


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N data rows")
    args = ap.parse_args()

    analyzer = SentimentIntensityAnalyzer()
    rows = open_rows(args.export)
    if args.limit is not None:
        rows = itertools.islice(rows, args.limit)
    n_rows = n_texts = n_positive = n_negative = 0
    read_seconds = score_seconds = 0.0
    while True:
        t0 = time.perf_counter()
        chunk = list(itertools.islice(rows, BATCH))
        if not chunk:
            break
        n_rows += len(chunk)
        batch = [text for text in (row["Full Text"] or "" for row in chunk) if text.strip()]
        t1 = time.perf_counter()
        read_seconds += t1 - t0
        for text in batch:
            compound = analyzer.polarity_scores(text)["compound"]
            if compound >= 0.05:
                n_positive += 1
            elif compound <= -0.05:
                n_negative += 1
        score_seconds += time.perf_counter() - t1
        n_texts += len(batch)
    print(f"rows={n_rows}")
    print(f"texts={n_texts}")
    print(f"positive={n_positive}")
    print(f"negative={n_negative}")
    print(f"read_seconds={read_seconds:.3f}")
    print(f"score_seconds={score_seconds:.3f}")
    print(f"texts_per_second={n_texts / max(score_seconds, 1e-9):.0f}")


if __name__ == "__main__":
    main()
