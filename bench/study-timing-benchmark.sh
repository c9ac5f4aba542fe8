#!/usr/bin/env bash
# A 300-slice study from files to findings (issue 4): a 512 x 512 x 300 phantom study made by the
# generator, then index, model opening, loading, classification of every slice and localisation,
# each timed, by Grad-CAM heatmaps and by region scoring.
#
#   bench/study-timing-benchmark.sh
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install >&2
data="${BENCH_DATA:-/tmp/dicomcnn-bench}/study-timing"
if [ ! -d "$data/study" ]; then
  jar="$(ls sample-dicom/target/dicomcnn-sample-dicom-*.jar | grep -v -e '-tests\.jar$' | head -n 1)"
  java -cp "$jar:sample-dicom/target/lib/*" org.dicomcnn.samples.GenerateSamples --out "$data/study" --seed 21 \
    --patients 1 --studies 2 --matrix 512 --slices 300 >&2
fi
study="$(find "$data/study" -mindepth 2 -maxdepth 2 -type d -name 'study-2' | head -n 1)"
cp="bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
for method in heatmap region; do
  rm -rf "$data/work-$method"
  java -Xmx3g -cp "$cp" org.dicomcnn.bench.StudyTimingBenchmark "$study" "$data/work-$method" $method 2>/dev/null
done
