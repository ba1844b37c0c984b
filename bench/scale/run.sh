#!/bin/bash
# The measurement of docs/scale.md: a 12-evaluation search on the small world, in-process and through a
# real one-node Slurm cluster (tools/local-slurm.sh; sequential, then two jobs at a time). Needs root,
# slurm-wlm and munge, and a Release build. Usage: bench/scale/run.sh [WORK_FOLDER]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${1:-/tmp/datasearch-scale}
cli_dll=$(cd "$here/../.." && pwd)/src/DataSearch.Cli/bin/Release/net10.0/DataSearch.Cli.dll
[[ -f $cli_dll ]] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
mkdir -p "$root"
cd "$root"
conf=$("$here/../../tools/local-slurm.sh" start "$root/slurm")
export SLURM_CONF=$conf DATASEARCH_CACHE=$root/cache
trap '"$here/../../tools/local-slurm.sh" stop "$root/slurm"' EXIT
cp "$here/embedded.yaml" .
sed "s#CLI_DLL#$cli_dll#" "$here/slurm.yaml" > slurm.yaml
sed "s#CLI_DLL#$cli_dll#" "$here/slurm1t.yaml" > slurm1t.yaml
cli="dotnet $cli_dll"
$cli world generate --small --seed 1 -o world --force > log.txt 2>&1
$cli signals compute --world world --model quick >> log.txt 2>&1
$cli eval --world world --subset oracle --model quick >> log.txt 2>&1   # pre-trains and caches the base model
for run in "embedded 1" "slurm 1" "slurm1t 2"; do
  set -- $run
  rm -rf "run-$1-p$2"
  /usr/bin/time -f "$1 parallel $2: %e s, peak %M KB" $cli search --config "$1.yaml" --parallel "$2" -o "run-$1-p$2" > "run-$1-p$2.out" 2> "run-$1-p$2.err"
  tail -1 "run-$1-p$2.err"
done
