#!/usr/bin/env bash
# Phantom generator speed (issue 3: "a 512x512x300 study is generated in under a minute on 2
# cores"). Generates one patient with two 512 x 512 x 300 studies with 2 rendering threads, once
# per transfer syntax, and prints the wall time of each study (render + encode + write) as the
# generator logs it, the data written and the end-to-end time of the run (JVM start, anatomy,
# ground truth included).
#
#   bench/phantom-speed.sh                 # output in $BENCH_DATA (default /tmp/dicomcnn-bench)
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install -pl sample-dicom -am >&2

data="${BENCH_DATA:-/tmp/dicomcnn-bench}/phantom-speed"
jar="$(ls sample-dicom/target/dicomcnn-sample-dicom-*.jar | grep -v -e '-tests\.jar$' -e '-sources\.jar$' | head -n 1)"
cp="$jar:sample-dicom/target/lib/*"

printf "%-14s %12s %12s %10s %12s\n" transfer_syntax study1_s study2_s MB run_s
for ts in explicit-le rle jpeg-lossless jpeg2000; do
  out="$data/$ts"
  rm -rf "$out"
  t0=$(date +%s%N)
  log=$(java -Xmx2g -cp "$cp" org.dicomcnn.samples.GenerateSamples --out "$out" --seed 3 --patients 1 \
        --studies 2 --matrix 512 --slices 300 --threads 2 --transfer-syntax "$ts" 2>&1)
  t1=$(date +%s%N)
  s1=$(echo "$log" | sed -n 's/.*series 1 of study 1: 300 slices .* in \([0-9.]*\) s.*/\1/p')
  s2=$(echo "$log" | sed -n 's/.*series 1 of study 2: 300 slices .* in \([0-9.]*\) s.*/\1/p')
  mb=$(du -sm "$out" | cut -f1)
  printf "%-14s %12s %12s %10s %12.1f\n" "$ts" "$s1" "$s2" "$mb" "$(echo "($t1 - $t0) / 1000000000" | bc -l)"
done
