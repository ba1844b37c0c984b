"""A numpy MinHash-LSH near-duplicate finder in the manner of data-juicer's document_minhash_deduplicator,
written for this comparison: words (runs of letters or digits, lower-cased), 5-word shingles (a shorter
text is one shingle), each shingle hashed to 32 bits (first 4 bytes of SHA-1), 128 universal hash
permutations ((a*h + b) mod 2^61-1, kept to 32 bits) minimised over the shingles with numpy, LSH bands
bucketed, and every pair that shares a bucket joined (union-find, no verification: data-juicer's rule).

Usage: minhash_numpy.py FOLDER — reads texts.txt and banding.txt that `bench -- signals --peer FOLDER`
wrote, times signatures and clustering on one thread (a cold pass, then the better of two warm
passes), prints a table like the .NET benchmark's and writes numpy_clusters.txt.
"""
import hashlib
import re
import sys
import time

import numpy as np

MERSENNE = np.uint64((1 << 61) - 1)
MAX_HASH = np.uint64((1 << 32) - 1)
WORD = re.compile(r"[^\W_]+")


def shingles(text, n):
    words = WORD.findall(text.lower())
    if len(words) <= n:
        return [" ".join(words)]
    return [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]


def signatures(texts, n, permutations, seed=42):
    rng = np.random.RandomState(seed)
    a = rng.randint(1, int(MERSENNE), size=permutations, dtype=np.uint64)
    b = rng.randint(0, int(MERSENNE), size=permutations, dtype=np.uint64)
    out = np.empty((len(texts), permutations), dtype=np.uint32)
    for i, text in enumerate(texts):
        hashes = np.array([int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little") for s in shingles(text, n)], dtype=np.uint64)
        permuted = ((hashes[:, None] * a + b) % MERSENNE) & MAX_HASH
        out[i] = permuted.min(axis=0)
    return out


def clusters(signature, bands, rows):
    parent = list(range(len(signature)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for band in range(bands):
        buckets = {}
        chunk = signature[:, band * rows:(band + 1) * rows]
        for i in range(len(signature)):
            key = chunk[i].tobytes()
            first = buckets.setdefault(key, i)
            if first != i:
                x, y = find(first), find(i)
                if x != y:
                    parent[max(x, y)] = min(x, y)
    return [find(i) for i in range(len(signature))]


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main():
    folder = sys.argv[1]
    with open(f"{folder}/texts.txt", encoding="utf-8") as f:
        texts = f.read().split("\n")[:-1]
    n, permutations, bands, rows = (int(x) for x in open(f"{folder}/banding.txt").read().split())
    runs = []
    for _ in range(3):
        sign, signature = timed(lambda: signatures(texts, n, permutations))
        lsh, found = timed(lambda: clusters(signature, bands, rows))
        runs.append((sign, lsh, found))
    cold = runs[0]
    warm = min(runs[1:], key=lambda r: r[0] + r[1])
    print(f"texts: {len(texts):,}; {n}-word shingles, {permutations} permutations, {bands} bands x {rows} rows; numpy {np.__version__}, one thread")
    print()
    print("| one thread | seconds | samples/s |")
    print("| --- | ---: | ---: |")
    for name, (sign, lsh, _) in (("cold", cold), ("warm", warm)):
        print(f"| MinHash signatures, {name} | {sign:.2f} | {len(texts) / sign:,.0f} |")
        print(f"| LSH clustering, {name} | {lsh:.2f} | {len(texts) / lsh:,.0f} |")
        print(f"| MinHash + LSH, {name} | {sign + lsh:.2f} | {len(texts) / (sign + lsh):,.0f} |")
    print()
    print(f"near-duplicate clusters: {len(set(cold[2])):,}")
    with open(f"{folder}/numpy_clusters.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(str(c) for c in cold[2]) + "\n")


if __name__ == "__main__":
    main()
