#!/usr/bin/env python3
"""Baseline for benches/cli.sh: the per-provider sentiment table an analyst would build with
pandas and vaderSentiment 3.3.2, on the same export `bedside analyze` reads.

1. pandas.read_csv of the Brandwatch-style export (preamble skipped);
2. drop rows with a blank text or a date that does not parse (what bedside rejects);
3. resolve the provider the simplest honest way: the first provider name, alias or @handle of
   the directory found in the text (one case-insensitive regex, Series.str.extract);
4. score every text with SentimentIntensityAnalyzer (Series.map), label it with VADER's
   thresholds (compound >= 0.05 positive, <= -0.05 negative);
5. leave exact duplicates (same text and provider) out, as bedside does;
6. group by provider: mentions, mean compound, share positive / neutral / negative;
   write summary_by_provider.csv into --out.

Prints key=value lines: rows, accepted, rejected, duplicates, providers, positive, negative,
and the seconds of each step.

    python pandas_vader.py EXPORT --providers providers.csv --out DIR [--limit N]
"""

import argparse
import os
import re
import time

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from common import header_line, read_providers


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("export")
    ap.add_argument("--providers", required=True, help="provider directory CSV")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N data rows")
    args = ap.parse_args()
    seconds = {}

    t = time.perf_counter()
    df = pd.read_csv(
        args.export,
        skiprows=header_line(args.export),
        usecols=["Date", "Full Text"],
        dtype=str,
        keep_default_na=False,
        nrows=args.limit,
    )
    n_rows = len(df)
    seconds["read"] = time.perf_counter() - t

    t = time.perf_counter()
    df = df.rename(columns={"Full Text": "text", "Date": "date"})
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d %H:%M:%S.%f", errors="coerce")
    df = df[(df["text"].str.strip() != "") & df["date"].notna()]
    n_accepted = len(df)
    seconds["clean"] = time.perf_counter() - t

    t = time.perf_counter()
    aliases = {}
    for provider_id, names in read_providers(args.providers):
        for name in names:
            aliases.setdefault(name.lower(), provider_id)
    alternatives = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    pattern = rf"(?<!\w)({alternatives})(?!\w)"
    found = df["text"].str.extract(pattern, flags=re.IGNORECASE, expand=False)
    df["provider"] = found.str.lower().map(aliases).fillna("unknown")
    seconds["providers"] = time.perf_counter() - t

    t = time.perf_counter()
    analyzer = SentimentIntensityAnalyzer()
    df["compound"] = df["text"].map(lambda text: analyzer.polarity_scores(text)["compound"])
    df["label"] = np.select(
        [df["compound"] >= 0.05, df["compound"] <= -0.05], ["positive", "negative"], "neutral"
    )
    seconds["score"] = time.perf_counter() - t

    t = time.perf_counter()
    duplicate = df.duplicated(subset=["text", "provider"])
    unique = df[~duplicate]
    summary = unique.groupby("provider").agg(
        n_mentions=("compound", "size"),
        mean_score=("compound", "mean"),
        share_positive=("label", lambda s: (s == "positive").mean()),
        share_neutral=("label", lambda s: (s == "neutral").mean()),
        share_negative=("label", lambda s: (s == "negative").mean()),
    )
    os.makedirs(args.out, exist_ok=True)
    summary.to_csv(os.path.join(args.out, "summary_by_provider.csv"), float_format="%.4f")
    seconds["aggregate"] = time.perf_counter() - t

    print(f"rows={n_rows}")
    print(f"accepted={n_accepted}")
    print(f"rejected={n_rows - n_accepted}")
    print(f"duplicates={int(duplicate.sum())}")
    print(f"providers={len(summary)}")
    print(f"positive={int((df['label'] == 'positive').sum())}")
    print(f"negative={int((df['label'] == 'negative').sum())}")
    for step, s in seconds.items():
        print(f"{step}_seconds={s:.3f}")


if __name__ == "__main__":
    main()
