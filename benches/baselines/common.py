"""Shared helpers of the Python baselines of benches/cli.sh (standard library only)."""

import csv
import io

#: The first column of the header row of a Brandwatch export (preamble lines come before it).
HEADER_START = "Query Id,"


def header_line(path):
    """The 0-based line number of the header row of a Brandwatch export."""
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(f):
            if line.startswith(HEADER_START):
                return n
            if n > 50:
                break
    raise SystemExit(f"{path}: no Brandwatch header row ({HEADER_START}...) in the first lines")


def open_rows(path):
    """A csv.DictReader over the data rows of a Brandwatch export."""
    skip = header_line(path)
    f = open(path, encoding="utf-8", newline="")
    for _ in range(skip):
        f.readline()
    return csv.DictReader(f)


def read_providers(path):
    """The provider directory: a list of (id, [names, aliases and handles])."""
    with open(path, encoding="utf-8", newline="") as f:
        out = []
        for row in csv.DictReader(f):
            names = [row["name"]]
            names += [a for a in row.get("aliases", "").split("|") if a]
            names += [h for h in row.get("handles", "").split("|") if h]
            out.append((row["id"], names))
    return out
