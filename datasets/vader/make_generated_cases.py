"""Writes generated_cases.txt: 3,000 pseudo-random texts dense in the words VADER's rules test.

The four ground-truth sets rarely combine the rules ("no" + "or", "never so", "kind of" three
words back, ALL CAPS boosters, "but" with repeated values, long texts...). These texts do, so
that `expected_3.3.2.tsv` pins down every rule and quirk. The generator is seeded and the output
is committed; rerun it only to change the set:

    python3 datasets/vader/make_generated_cases.py
"""

import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

RULE_WORDS = (
    "no not never so this without doubt but kind of sort just enough least at very the shit bomb "
    "bad ass bus stop yeah right kiss death to die for beating heart or nor don't isn't can't "
    "wasn't n't nothing none despite kinda sorta really extremely barely hardly somewhat quite "
    "most more less little"
).split()
SENTIMENT_WORDS = (
    "good great love hate terrible nice ok fine happy sad horrible awesome worst best pain "
    "helpful rude kind friendly lol :) :( :D <3 wonderful problem cure death fun"
).split()
NEUTRAL_WORDS = "nurse doctor wait room bill it was is a and we I they visit".split()
EMOJI = ["\U0001F601", "\U0001F494", "\U0001F51B", "\U0001F621", "\u2764", "\U0001F44D"]
SUFFIXES = ["", "", "", "", "!", "!!", "?", "??", "???", ".", ",", "!?", "...", "!!!!!"]


def make_word(rng):
    pool = rng.random()
    if pool < 0.45:
        word = rng.choice(RULE_WORDS)
    elif pool < 0.8:
        word = rng.choice(SENTIMENT_WORDS)
    elif pool < 0.95:
        word = rng.choice(NEUTRAL_WORDS)
    else:
        word = rng.choice(EMOJI)
    shape = rng.random()
    if shape < 0.15:
        word = word.upper()
    elif shape < 0.25:
        word = word.capitalize()
    return word + rng.choice(SUFFIXES)


def main():
    rng = random.Random(332)
    path = os.path.join(HERE, "generated_cases.txt")
    with open(path, "w", encoding="utf-8", newline="") as out:
        for text_idx in range(1, 3001):
            n_words = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 40, 70, 120])
            words = [make_word(rng) for _ in range(n_words)]
            glue = [rng.choice([" ", " ", " ", "", "  "]) for _ in range(n_words)]
            text = "".join(w + g for w, g in zip(words, glue)).strip(" ")
            out.write("%d\t0\t%s\r\n" % (text_idx, text))


if __name__ == "__main__":
    main()
