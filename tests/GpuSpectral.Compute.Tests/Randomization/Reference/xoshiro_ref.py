#!/usr/bin/python3
"""Known-answer values for GpuSpectral.Core.Spectral.Xoshiro256StarStar, from an independent Python rendering of
the published algorithms (xoshiro256** 1.0 and SplitMix64, Blackman & Vigna, prng.di.unimi.it).

The rendering is first checked against the published xoshiro256** vector for the state {1, 2, 3, 4}
(11520, 0, 1509978240, 1215971899390074240), then seeded from SplitMix64 as the C# class is.
    /usr/bin/python3 xoshiro_ref.py > xoshiro_ref.json
"""
import json

MASK = (1 << 64) - 1


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro(state):
    s = list(state)
    while True:
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


def splitmix_state(seed):
    x = seed & MASK
    out = []
    for _ in range(4):
        x = (x + 0x9E3779B97F4A7C15) & MASK
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        out.append(z ^ (z >> 31))
    return out


def first(gen, n):
    return [next(gen) for _ in range(n)]


published = first(xoshiro([1, 2, 3, 4]), 4)
assert published == [11520, 0, 1509978240, 1215971899390074240], published
print(json.dumps({str(seed): [str(v) for v in first(xoshiro(splitmix_state(seed)), 5)]
                  for seed in (0, 42, -1)}, indent=1))
