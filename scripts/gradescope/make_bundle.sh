#!/usr/bin/env bash
# Builds a Gradescope autograder zip for one exercise:
#   scripts/gradescope/make_bundle.sh scripts/exercises/03-sg-vs-nacl sg-vs-nacl.zip
# The zip holds setup.sh, run_autograder, the vpclab release binary and the exercise folder.
set -euo pipefail
exercise_dir=${1:?usage: make_bundle.sh EXERCISE_DIR OUT.zip}
out=${2:?usage: make_bundle.sh EXERCISE_DIR OUT.zip}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
test -f "$exercise_dir/exercise.lua" || { echo "no exercise.lua in $exercise_dir" >&2; exit 2; }
(cd "$repo" && cargo build --release --quiet)
"$repo/target/release/vpclab" check "$exercise_dir/exercise.lua" >/dev/null \
  || { echo "vpclab check $exercise_dir/exercise.lua fails: fix the exercise first" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$here/setup.sh" "$here/run_autograder" "$repo/target/release/vpclab" "$stage/"
mkdir "$stage/exercise"
cp "$exercise_dir"/*.lua "$stage/exercise/"
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out_abs"
# Written with Python so the executable bits survive (Gradescope runs the scripts as they are).
(cd "$stage" && python3 - "$out_abs" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk("."):
        for f in sorted(files):
            path = os.path.join(root, f)[2:]
            info = zipfile.ZipInfo(path)
            info.external_attr = (os.stat(path).st_mode & 0o777) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, open(path, "rb").read())
PY
)
echo "wrote $out_abs"
