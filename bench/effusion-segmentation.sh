#!/usr/bin/env bash
# Effusion segmentation on phantoms (issue 5; docs/localisation.md): generates a test cohort like
# the default model's (seed 202, 256 x 256, effusion fraction 0.5; PATIENTS patients, default 20)
# unless it exists, then prints the effusions EffusionSegmenter finds (no model involved), the
# collections that match none, centre errors, volume against the truth and seconds per series.
#
#   bench/effusion-segmentation.sh            # PATIENTS=20 by default
#   COHORT=target/default-model/test bench/effusion-segmentation.sh   # an existing cohort instead
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
source bench/phantom-test-cohort.sh
run_on_cohort EffusionRecall "${MAX_SERIES:-100000}"
