"""Writes expected_3.3.2.tsv: vaderSentiment 3.3.2 scores of every text of the ground-truth files.

Usage (from the repository root):

    python3 -m venv /tmp/venv-vader
    /tmp/venv-vader/bin/pip install vaderSentiment==3.3.2
    /tmp/venv-vader/bin/python datasets/vader/make_expected.py

The input files have CRLF line ends and three tab-separated fields per line (id, mean human
rating, text); no text contains a tab. Each text is passed to `polarity_scores` exactly as it
stands between the second tab and the line end. Floats are written with `repr`, which round-trips.
"""

import os
import sys

from importlib.metadata import version

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# The four ground-truth sets of Hutto & Gilbert (2014), then our own hand-written edge cases
# (emoji, capitals, idioms, "but", Unicode whitespace) and the texts of make_generated_cases.py,
# which share their format.
DATASETS = [
    ("tweets", "tweets_GroundTruth.txt"),
    ("movieReviewSnippets", "movieReviewSnippets_GroundTruth.txt"),
    ("amazonReviewSnippets", "amazonReviewSnippets_GroundTruth.txt"),
    ("nytEditorialSnippets", "nytEditorialSnippets_GroundTruth.txt"),
    ("edgeCases", "edge_cases.txt"),
    ("generated", "generated_cases.txt"),
]
HERE = os.path.dirname(os.path.abspath(__file__))


def read_texts(name, file_name):
    """Yields (id, text) for each line of a data file."""
    with open(os.path.join(HERE, file_name), "rb") as f:
        data = f.read().decode("utf-8")
    for line_idx, line in enumerate(data.split("\n")):
        if line.endswith("\r"):
            line = line[:-1]
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            sys.exit("%s line %d: expected 3 fields, got %d" % (name, line_idx + 1, len(fields)))
        yield fields[0], fields[2]


def main():
    analyzer = SentimentIntensityAnalyzer()
    out_path = os.path.join(HERE, "expected_3.3.2.tsv")
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        out.write("# vaderSentiment %s, Python %s\n" % (version("vaderSentiment"),
                                                        sys.version.split()[0]))
        out.write("dataset\tid\tneg\tneu\tpos\tcompound\n")
        for name, file_name in DATASETS:
            for text_id, text in read_texts(name, file_name):
                s = analyzer.polarity_scores(text)
                out.write("\t".join([name, text_id, repr(s["neg"]), repr(s["neu"]),
                                     repr(s["pos"]), repr(s["compound"])]) + "\n")


if __name__ == "__main__":
    main()
