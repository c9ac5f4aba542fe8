#!/usr/bin/env bash
# Temporal comparison judged on a longitudinal phantom cohort (issue 6): timeline, registration of
# every prior to the current study, matching, status and doubling time against the generator's
# ground truth, with ground-truth findings (registration and matching alone) and with a model's
# findings (end to end; the default model unless BUNDLE is given).
#
#   bench/temporal-judge.sh            # cohort seed 919, 24 patients, 2-4 studies, 256 x 256
#   SEED=808 bench/temporal-judge.sh   # the cohort the look-back threshold was chosen on
#   BUNDLE=path/to/bundle bench/temporal-judge.sh
#   LOOK_BACK=2 bench/temporal-judge.sh  # without look-back (a threshold above 1)
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install >&2
seed="${SEED:-919}"
data="${COHORT:-${BENCH_DATA:-/tmp/dicomcnn-bench}/temporal-$seed-24}"
if [ -z "${COHORT:-}" ] && [ ! -f "$data.done" ]; then
  rm -rf "$data"
  bin/generate-samples --out "$data" --seed "$seed" --patients 24 --studies 0 --matrix 256 >&2
  touch "$data.done"
fi
export MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647
cp="bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
java -Xmx8g -cp "$cp" org.dicomcnn.bench.TemporalJudge "$data" truth 2>/dev/null
java -Xmx12g -cp "$cp" org.dicomcnn.bench.TemporalJudge "$data" \
  "${BUNDLE:-inference/src/main/resources/org/dicomcnn/model/default}" ${LOOK_BACK:+"$LOOK_BACK"} 2>/dev/null
