#!/bin/bash
# Queues the analysis array and a merge job that starts only when every array task succeeded.
# Usage: MODEL=/models/llama-7b RESULTS=$PWD/results docker/slurm/submit.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
array_id=$(sbatch --parsable --export=ALL "$here/analyze-array.sbatch")
merge_id=$(sbatch --parsable --export=ALL --dependency="afterok:${array_id}" "$here/merge.sbatch")
echo "analysis array ${array_id}, merge ${merge_id} (runs after all array tasks succeed)"
