#!/usr/bin/env bash
# Inference benchmark (issue 4): the same TorchScript ResNet-18 (3 x 128 x 128 input, 2 classes,
# made by Debian's python3-torch) on the same batch of 16, run by our ModelRuntime (DJL 0.33,
# PyTorch 2.5.1) and by Python PyTorch (Debian's 1.13) in one run, both on 2 CPU threads; prints
# images/s, their ratio, and the fraction of the CPU's peak FP32 rate each reaches.
#
#   bench/inference-benchmark.sh
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install >&2

data="${BENCH_DATA:-/tmp/dicomcnn-bench}/inference"
size=128
batch=16
reps=20
threads=2
mkdir -p "$data"
cp="bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
macs=$(/usr/bin/python3 bench/python/make_resnet18.py "$data" $size $batch | sed -n 's/macs_per_image=//p')
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

java_out=$(java -Dai.djl.pytorch.num_threads=$threads -cp "$cp" org.dicomcnn.bench.InferenceBenchmark "$data" $size $batch $reps 2>/dev/null)
py_out=$(/usr/bin/python3 bench/python/torch_infer.py "$data/resnet18.pt" "$data/input.f32" $batch $size $threads $reps)
java_ips=$(echo "$java_out" | field java_images_per_second)
py_ips=$(echo "$py_out" | field python_images_per_second)

# Peak FP32 rate, measured: independent 256-bit FMA chains on each thread (bench/c/fma_peak.c).
# On a virtual machine the turbo clock is unknown, so nominal clock x FLOP/cycle is no yardstick.
gcc -O3 -mavx2 -mfma -pthread bench/c/fma_peak.c -o "$data/fma_peak"
peak_gflops=$("$data/fma_peak" $threads | sed -n 's/peak_gflops=//p')
peak=$(echo "$peak_gflops * 1000000000" | bc -l)
gflop_image=$(echo "2 * $macs / 1000000000" | bc -l)

printf "model: ResNet-18, 3x%dx%d, batch %d, %.2f GFLOP per image; %d threads, measured FMA peak %.0f GFLOP/s\n" \
  $size $size $batch "$gflop_image" $threads "$peak_gflops"
printf "%-28s %12s %12s %12s\n" runtime images/s GFLOP/s of_peak
for who in "ours (DJL/PyTorch 2.5.1)|$java_ips" "Python PyTorch ($(echo "$py_out" | sed -n 's/.*torch=\([^ ]*\).*/\1/p'))|$py_ips"; do
  name=${who%%|*}; ips=${who##*|}
  gf=$(echo "$ips * $gflop_image" | bc -l)
  printf "%-28s %12.1f %12.1f %11.1f%%\n" "$name" "$ips" "$gf" "$(echo "100 * $gf * 1000000000 / $peak" | bc -l)"
done
printf "ours / Python: %.2f\n" "$(echo "$java_ips / $py_ips" | bc -l)"
