# Sourced by the benchmarks judged on phantom ground truth: sets up the machine, builds, and sets
# $data to a test cohort like the default model's (seed 202, 256 x 256, effusion fraction 0.5;
# PATIENTS patients, default 20), generated unless it exists; COHORT names an existing one instead.
# Then `run_on_cohort CLASS MAX_SERIES` runs a bench class on it.
bash bin/setup
mvn -q -B -DskipTests install >&2
patients="${PATIENTS:-20}"
data="${COHORT:-${BENCH_DATA:-/tmp/dicomcnn-bench}/proposer-recall-$patients}"
if [ -z "${COHORT:-}" ] && [ ! -f "$data.done" ]; then
  rm -rf "$data"
  bin/generate-samples --out "$data" --seed 202 --patients "$patients" --matrix 256 --effusion-fraction 0.5 >&2
  touch "$data.done"
fi

run_on_cohort() { # class max-series
  java -Xmx8g -cp "bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
    "org.dicomcnn.bench.$1" "$data" "$2" 2>/dev/null
}
