#!/usr/bin/env bash
# Rigid registration of a prior to the current study (issue 6: "registering a 512x512x300 prior
# to a current study takes under 30 s on 2 cores"; residual under 2 mm and 1 degree). Generates
# phantom patients with two 512 x 512 x 300 studies (the random cohort repositions the patient by
# up to 3, 2 and 8 cm and 3, 2 and 4 degrees between studies), then registers study 1 to study 2
# with our RigidRegistration and with elastix (Debian `elastix`, the peer) on the same volumes,
# judges both by the generator's declared repositioning and prints the time ratio.
#
#   bench/registration-benchmark.sh            # PATIENTS=3 by default
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
bash bin/setup
mvn -q -B -DskipTests install >&2
patients="${PATIENTS:-3}"
data="${BENCH_DATA:-/tmp/dicomcnn-bench}/registration-$patients"
if [ ! -f "$data.done" ]; then
  rm -rf "$data"
  jar="$(ls sample-dicom/target/dicomcnn-sample-dicom-*.jar | grep -v -e '-tests\.jar$' -e '-sources\.jar$' | head -n 1)"
  java -cp "$jar:sample-dicom/target/lib/*" org.dicomcnn.samples.GenerateSamples --out "$data" --seed 71 \
    --patients "$patients" --studies 2 --matrix 512 --slices 300 --threads 2 >&2
  touch "$data.done"
fi
rm -rf "$data-work"
java -Xmx8g -cp "bench/target/dicomcnn-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
  org.dicomcnn.bench.RegistrationBenchmark "$data" "$data-work" 2>/dev/null
