#!/usr/bin/env bash
# DataSearch's MinHash + LSH against a numpy MinHash-LSH (bench/peers/minhash_numpy.py, data-juicer's
# method) on the same texts, one thread each, in one run: cold and warm samples/s, cluster counts, and
# how far the two agree on which samples have a near duplicate. Installs python3-numpy from Debian when
# it is missing (needs root). Usage: bench/peers/minhash.sh [POOL.jsonl] (default: T0 from
# ../shared/data). Not CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# Debian's own interpreter: the package below installs for it, whatever python3 is first on PATH.
python=/usr/bin/python3
if ! "$python" -c "import numpy" 2>/dev/null; then
    apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-numpy >/dev/null
fi
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 DOTNET_PROCESSOR_COUNT=1
echo "DataSearch (bench -- signals), .NET's default JIT settings:"
taskset -c 0 dotnet run -c Release --project bench/DataSearch.Bench -- signals ${1:+"$1"} --peer "$data"
echo
echo "DataSearch as ./datasearch runs it on one CPU (DOTNET_TieredCompilation=0):"
DOTNET_TieredCompilation=0 taskset -c 0 dotnet run -c Release --project bench/DataSearch.Bench -- signals ${1:+"$1"}
echo
echo "numpy MinHash-LSH (bench/peers/minhash_numpy.py):"
taskset -c 0 "$python" bench/peers/minhash_numpy.py "$data"
echo
"$python" - "$data" <<'PY'
import collections, sys
folder = sys.argv[1]
def flagged(name):
    ids = [line.strip() for line in open(f"{folder}/{name}")]
    sizes = collections.Counter(ids)
    return [sizes[i] > 1 for i in ids]
ours, theirs = flagged("datasearch_clusters.txt"), flagged("numpy_clusters.txt")
agree = sum(a == b for a, b in zip(ours, theirs)) / len(ours)
print(f"samples with a near duplicate: DataSearch {sum(ours):,}, numpy {sum(theirs):,}; the two agree on {agree:.1%} of samples")
PY
