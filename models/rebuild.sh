#!/bin/sh
# Rebuild models/hwclass-model.json from scratch: a harvest of the Linux 6.12
# tarball + every LWN list in ../shared/data/lwn, then 3-fold cross-validation
# and the held-out report (LWN <= 5.15 + harvest -> LWN 5.16..6.1), stored in
# the model's metadata and printed.  Run from anywhere; needs python3 with the
# project's dependencies.  Writes the model atomically.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
exec python3 -m hwclass.training --build \
    --kernel "${KERNEL:-/usr/src/linux-source-6.12.tar.xz}" \
    --lwn "${LWN:-../shared/data/lwn}" \
    --out models/hwclass-model.json "$@"
