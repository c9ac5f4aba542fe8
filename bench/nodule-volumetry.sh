#!/usr/bin/env bash
# Nodule volumetry alone (what temporal comparison's status and doubling time read): every phantom
# nodule of 5 mm or more in the longitudinal cohorts is segmented at its true centre by
# LesionSegmenter and its volume compared with the generator's. Uses the cohorts of
# bench/temporal-judge.sh (seeds 808 and 919 by default; generated unless they exist).
#
#   bench/nodule-volumetry.sh               # seeds 808 and 919
#   SEEDS="1031" VERBOSE=-v bench/nodule-volumetry.sh
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install >&2
cohorts=()
for seed in ${SEEDS:-808 919}; do
  data="${BENCH_DATA:-/tmp/dicomcnn-bench}/temporal-$seed-24"
  if [ ! -f "$data.done" ]; then
    rm -rf "$data"
    bin/generate-samples --out "$data" --seed "$seed" --patients 24 --studies 0 --matrix 256 >&2
    touch "$data.done"
  fi
  cohorts+=("$data")
done
java -Xmx8g -cp "bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  org.dicomcnn.bench.NoduleVolumetry ${VERBOSE:-} "${cohorts[@]}" 2>/dev/null
