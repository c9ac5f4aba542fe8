#!/usr/bin/env bash
# Judges a model bundle on a phantom cohort it was not trained on (issue 5): series AUC, detection at
# the bundle's operating point (with the targets it missed), FROC and CPM per class, as the training
# run judges its test split.
# For comparing training recipes on a development cohort (seed 303 by default, 30 patients, 256 x
# 256, effusion fraction 0.5; generated unless it exists) without looking at the test split.
#
#   bench/detection-froc.sh BUNDLE                      # e.g. target/default-model/bundle
#   COHORT=/path/to/cohort bench/detection-froc.sh BUNDLE   # an existing cohort instead
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
[ $# -ge 1 ] || { echo "usage: bench/detection-froc.sh BUNDLE" >&2; exit 2; }
bundle="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
bash bin/setup
mvn -q -B -DskipTests install >&2
data="${COHORT:-${BENCH_DATA:-/tmp/dicomcnn-bench}/development-303-30}"
if [ -z "${COHORT:-}" ] && [ ! -f "$data.done" ]; then
  rm -rf "$data"
  bin/generate-samples --out "$data" --seed 303 --patients 30 --matrix 256 --effusion-fraction 0.5 >&2
  touch "$data.done"
fi
export MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647
java -Xmx12g -cp "bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  org.dicomcnn.bench.DetectionFroc "$bundle" "$data" "${MAX_SERIES:-100000}" 2>/dev/null
