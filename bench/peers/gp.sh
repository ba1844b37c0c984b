#!/usr/bin/env bash
# The search's Gaussian process against scikit-learn's GaussianProcessRegressor on the same data, one
# thread each, in one run. Installs python3-sklearn from Debian when it is missing (needs root). Not CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# Debian's own interpreter: the packages below install for it, whatever python3 is first on PATH.
python=/usr/bin/python3
if ! "$python" -c "import sklearn" 2>/dev/null; then
    apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-sklearn python3-numpy >/dev/null
fi
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 DOTNET_PROCESSOR_COUNT=1
echo "DataSearch (bench -- gp):"
dotnet run -c Release --project bench/DataSearch.Bench -- gp "$data"
echo
echo "scikit-learn $("$python" -c 'import sklearn; print(sklearn.__version__)'):"
"$python" bench/peers/gp_sklearn.py "$data"
