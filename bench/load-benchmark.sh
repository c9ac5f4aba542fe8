#!/usr/bin/env bash
# Loading benchmark (issue 2): a 300-slice 512 x 512 CT series, uncompressed and JPEG lossless
# (SV1, encoded by dcmtk), loaded by our loader and by pydicom (sorted, rescaled to float32) in
# the same run, plus the time `cat` takes to read the same bytes with a warm cache, and the peak
# Java heap while loading relative to the float voxel array (also proven by a run with -Xmx set to
# 2.5 x the array). Prints the figures and their ratios.
#
#   bench/load-benchmark.sh            # data cached in $BENCH_DATA (default /tmp/dicomcnn-bench)
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install >&2

data="${BENCH_DATA:-/tmp/dicomcnn-bench}"
slices=300
size=512
reps=7
cp="bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"

if [ ! -d "$data/native" ]; then
  echo "writing the $slices-slice ${size}x${size} series to $data/native" >&2
  java -cp "$cp" org.dicomcnn.bench.BenchmarkSeries "$data/native" "$slices" "$size"
fi
if [ ! -d "$data/jpeg-lossless" ]; then
  echo "encoding JPEG lossless SV1 with dcmcjpeg" >&2
  mkdir -p "$data/jpeg-lossless"
  for f in "$data"/native/*; do dcmcjpeg +e1 "$f" "$data/jpeg-lossless/$(basename "$f")"; done
fi

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cat_seconds() {
  local dir=$1
  find "$dir" -type f -exec cat {} + > /dev/null   # warm the cache
  for _ in $(seq $reps); do
    local t0 t1
    t0=$(date +%s%N)
    find "$dir" -type f -exec cat {} + > /dev/null
    t1=$(date +%s%N)
    echo "scale=4; ($t1 - $t0) / 1000000000" | bc
  done | median
}

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

printf "%-16s %10s %10s %10s %10s %14s %14s\n" series MB cat_s ours_s pydicom_s pydicom/ours ours/cat
for variant in native jpeg-lossless; do
  dir="$data/$variant"
  mb=$(du -sm "$dir" | cut -f1)
  cat_s=$(cat_seconds "$dir")
  ours=$(java -Xmx4g -cp "$cp" org.dicomcnn.bench.LoadBenchmark "$dir" $reps)
  ours_s=$(echo "$ours" | field ours_seconds)
  heap=$(echo "$ours" | field heap_peak_over_array)
  voxels=$(echo "$ours" | field voxels)
  py=$(/usr/bin/python3 bench/python/pydicom_load.py "$dir" 5)
  py_s=$(echo "$py" | field pydicom_seconds)
  printf "%-16s %10s %10s %10s %10s %14.2f %14.2f\n" "$variant" "$mb" "$cat_s" "$ours_s" "$py_s" \
    "$(echo "$py_s / $ours_s" | bc -l)" "$(echo "$ours_s / $cat_s" | bc -l)"
  echo "  peak heap during one load (upper bound): ${heap} x the float array"
done

# Hard check of the memory target: the load must succeed with -Xmx at 2.5 x the float array.
array_mb=$(( voxels * 4 / 1048576 ))
xmx=$(( array_mb * 5 / 2 ))
if java -Xmx${xmx}m -cp "$cp" org.dicomcnn.bench.LoadBenchmark "$data/native" 1 > /dev/null; then
  echo "loaded the native series with -Xmx${xmx}m = 2.5 x the ${array_mb} MB float array: OK"
else
  echo "loading the native series with -Xmx${xmx}m (2.5 x the ${array_mb} MB float array) FAILED"
  exit 1
fi
