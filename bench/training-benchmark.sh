#!/usr/bin/env bash
# Training benchmark (issue 5): one optimisation step (forward, sigmoid cross-entropy, backward,
# Adam) of the default model's network -- plain CNN, 5 stages of conv + batch norm + ReLU, width
# 16, global max-pooling head, 3 x 256 x 256 input, batch 32 -- on the same fixed batch, by our
# trainer (ModelTrainer.step: DJL 0.33, PyTorch 2.5.1) and by Python PyTorch (Debian's 1.13) in
# one run, both on 2 CPU threads; prints images/s and their ratio. Run three times: with glibc's
# default allocator settings, with the heap settings that remove the page faults that dominate
# otherwise, and with those plus zeroed allocations, which is what bin/ scripts export
# (AllocatorTuning); the last two rows show what the zeroing costs.
#
#   bench/training-benchmark.sh
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install >&2

data="${BENCH_DATA:-/tmp/dicomcnn-bench}/training"
depth=5 width=16 size=256 batch=32 threads=2 steps=${STEPS:-10}
mkdir -p "$data"
cp="bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*"
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

run() {
  py_out=$(env "$@" /usr/bin/python3 bench/python/torch_train.py "$data" $depth $width $size $batch $threads $steps)
  java_out=$(env "$@" java -Dai.djl.pytorch.num_threads=$threads -Ddicomcnn.malloc.keep-defaults=true -cp "$cp" \
    org.dicomcnn.bench.TrainingBenchmark "$data" $depth $width $size $batch $steps 2>/dev/null)
  java_ips=$(echo "$java_out" | field java_images_per_second)
  py_ips=$(echo "$py_out" | field python_images_per_second)
  printf "%-46s %14.1f %14.1f %8.2f\n" "$label" "$java_ips" "$py_ips" "$(echo "$java_ips / $py_ips" | bc -l)"
}

printf "network: plain-cnn %dx%d (conv+BN+ReLU, max-pool head), 3x%dx%d, batch %d, %d threads, median of %d steps\n" \
  $depth $width $size $size $batch $threads $steps
printf "%-46s %14s %14s %8s\n" "allocator" "ours img/s" "Python img/s" "ratio"
label="glibc defaults" run DICOMCNN_BENCH=1
label="tuned, no zeroing" run MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647
label="tuned (MALLOC_ARENA_MAX=1 ... PERTURB_=255)" run MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 MALLOC_PERTURB_=255
