#!/usr/bin/env bash
# DataSearch's BM25 (Lucene.Net 4.8) against Java Lucene 8 on the same Wikipedia passages and queries,
# one thread each, in one run: cold and warm index build and queries/s, and overlap@10 of the two
# engines' top 10. Installs Debian's liblucene8-java and a JDK when they are missing (needs root).
# Usage: bench/peers/bm25.sh [WIKIPEDIA.jsonl] (default: ../shared/data/wikipedia-good-articles). Not CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
wiki=${1:-../shared/data/wikipedia-good-articles/enwiki_good_articles_sample.jsonl}
[ -f "$wiki" ] || { echo "no input: $wiki (pass the Wikipedia JSONL)" >&2; exit 1; }
jars=/usr/share/java
if ! ls $jars/lucene-core-8*.jar >/dev/null 2>&1 || ! command -v javac >/dev/null; then
    apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends liblucene8-java default-jdk-headless >/dev/null
fi
classpath=$(ls $jars/lucene-core-8*.jar):$(ls $jars/lucene-analyzers-common-8*.jar)
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
javac -d "$data/classes" -cp "$classpath" bench/peers/Bm25Lucene.java
export DOTNET_PROCESSOR_COUNT=1
echo "DataSearch, Lucene.Net 4.8 (bench -- retrieval), .NET's default JIT settings:"
taskset -c 0 dotnet run -c Release --project bench/DataSearch.Bench -- retrieval "$wiki" "$data"
echo
echo "DataSearch as ./datasearch runs it on one CPU (DOTNET_TieredCompilation=0):"
DOTNET_TieredCompilation=0 taskset -c 0 dotnet run -c Release --project bench/DataSearch.Bench -- retrieval "$wiki"
echo
echo "Java Lucene $(basename $(ls $jars/lucene-core-8*.jar) .jar | sed 's/lucene-core-//'), $(java -version 2>&1 | head -1):"
taskset -c 0 java -XX:ActiveProcessorCount=1 -cp "$data/classes:$classpath" Bm25Lucene "$data"
echo
# overlap@10: the share of each query's Java top 10 that DataSearch's top 10 also holds, averaged.
paste -d '|' "$data/datasearch_top10.txt" "$data/lucene_top10.txt" | awk -F'|' '
    { n = split($1, a, " "); m = split($2, b, " "); delete seen; for (i = 1; i <= n; i++) seen[a[i]] = 1;
      hit = 0; for (j = 1; j <= m; j++) if (b[j] in seen) hit++;
      if (m > 0) { total += hit / m; queries++ } }
    END { printf "overlap@10 (DataSearch vs Java Lucene): %.3f over %d queries\n", total / queries, queries }'
