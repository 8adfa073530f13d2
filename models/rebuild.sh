#!/bin/sh
# Rebuild models/hwclass-model.json from scratch: harvests of the Linux 6.12
# and 6.1 tarballs (6.1 only when present: a note says when it is not) + every
# LWN list in ../shared/data/lwn, then 3-fold cross-validation and the held-out
# report (LWN <= 5.15 + harvest -> LWN 5.16..6.1), stored in the model's
# metadata and printed.  KERNEL may list several tarballs, trees or harvest
# .jsonl files, newest first, separated by spaces; each must exist.  Run from
# anywhere; needs python3 with the project's dependencies.  Writes the model
# atomically.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
set -- --lwn "${LWN:-../shared/data/lwn}" --out models/hwclass-model.json "$@"
set -f                       # KERNEL is split on spaces, never globbed
reversed=""
for k in ${KERNEL:-}; do reversed="$k $reversed"; done
for k in $reversed; do set -- --kernel "$k" "$@"; done   # prepended: back in KERNEL's order
exec python3 -m hwclass.training --build "$@"
