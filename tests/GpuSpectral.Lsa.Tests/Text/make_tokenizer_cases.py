#!/usr/bin/env python3
"""Writes tokenizer_cases.json: random texts and CPython's re.findall(r"(?u)\\b\\w\\w+\\b", text.lower()) for them,
the fixture of PythonWordTokenizerFuzzTests (lower() is kept too). Run with Python 3.11 (Unicode 14.0.0):
    python3 make_tokenizer_cases.py > tokenizer_cases.json
"""
import json
import random
import re
import sys
import unicodedata

PATTERN = re.compile(r"(?u)\b\w\w+\b")
POOLS = [
    "abcXYZ019_ ",
    " .,;:'-!\t\n\r\u2019\u00b7",
    "\u00e9\u00c9\u00df\u1e9e\u0130\u0131\u212a\u01c5\u01c4\u00b5\u00b2\u00bd\u2160\u216b\u00aa",
    "\u03a3\u03c3\u03c2\u0391\u0392\u03b1\u0386\u0345\u0301\u0308\u200b\u00ad\u200d\u02b0\u1d2c",
    "\u6f22\u5b57\u30c6\u30b9\u3007\u4e00\u0661\u0967\u0e51\uff21\uff41\uff10",
    "\U0001d400\U0001d41a\U00010400\U00010428\U0001f600\U00020000\U000104b0\U0001e900",
]


def random_char(rng):
    if rng.random() < 0.15:
        while True:
            c = rng.randrange(0x110000)
            if not 0xD800 <= c < 0xE000:
                return chr(c)
    return rng.choice(rng.choice(POOLS))


def main():
    rng = random.Random(20240601)
    cases = []
    for _ in range(400):
        text = "".join(random_char(rng) for _ in range(rng.randrange(0, 40)))
        cases.append({"text": text, "lower": text.lower(), "tokens": PATTERN.findall(text.lower())})
    json.dump({"python": sys.version.split()[0], "unicode": unicodedata.unidata_version, "cases": cases},
              sys.stdout, ensure_ascii=True, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
