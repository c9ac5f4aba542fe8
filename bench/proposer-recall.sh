#!/usr/bin/env bash
# Nodule candidate recall (issue 5): generates a test cohort like the default model's (seed 202,
# 256 x 256, effusion fraction 0.5; PATIENTS patients, default 20) unless it exists, then prints
# the recall of blob candidates (by how many are kept) and of measured proposals for nodules of
# 6 mm or more within 5 mm of their centre, and the seconds per series.
#
#   bench/proposer-recall.sh            # PATIENTS=20 MAX_SERIES=80 by default
#   COHORT=target/default-model/test bench/proposer-recall.sh   # an existing cohort instead
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$top"
source bench/phantom-test-cohort.sh
run_on_cohort ProposerRecall "${MAX_SERIES:-80}"
