#!/usr/bin/env bash
# Native memory over a long run (issue 4): 20 passes of a 500-slice volume through a ResNet-18 of
# our own, 10,000 slices classified plus 16 Grad-CAM heatmaps a pass, in one JVM with a 1 GB heap;
# prints the resident set size after every pass and its growth after the first two passes.
#
#   bench/native-memory-benchmark.sh
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install >&2
data="${BENCH_DATA:-/tmp/dicomcnn-bench}/native-memory"
rm -rf "$data"; mkdir -p "$data"
out=$(java -Xmx1g -cp "bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  org.dicomcnn.bench.NativeMemoryBenchmark "$data" 20 2>/dev/null)
echo "$out"
echo "$out" | awk 'NR == 4 {start = $3} NR > 1 {last = $3; max = ($3 > max ? $3 : max)}
  END {printf "resident set after pass 3: %.0f MB, after pass 20: %.0f MB, growth %.0f MB (%.1f%%), maximum %.0f MB\n",
       start, last, last - start, 100 * (last - start) / start, max}'
