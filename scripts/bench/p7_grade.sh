#!/usr/bin/env bash
# P7 (PERFORMANCE.md): `vpclab grade` of 200 submissions of a typical exercise, 2 cores.
#   scripts/bench/p7_grade.sh [PATH/TO/vpclab] [JOBS]
# The exercise is the course pack's "public-private" (6 checks, reachability traces); the
# class is 200 scripts: 120 correct, 40 with the internet route in the main table, 20
# with a typo in a name, 20 that stop with a runtime error half way. Each submission runs
# in its own worker process.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "${1:-$here/../../target/release/vpclab}")" && pwd)/$(basename "${1:-vpclab}")
jobs=${2:-2}
ex=$here/../exercises/02-public-private
class=$(mktemp -d)
trap 'rm -rf "$class"' EXIT
# Students read their values from the prompt: write them in literally (seed 7's values).
values() { sed -e 's/params\.cidr/"10.27.0.0\/16"/; s/params\.public/"10.27.1.0\/24"/; s/params\.private/"10.27.2.0\/24"/' "$1"; }
for i in $(seq -w 1 200); do
  if   [ "$i" -le 120 ]; then values "$ex/solution.lua"
  elif [ "$i" -le 160 ]; then values "$ex/wrong-main-table.lua"
  elif [ "$i" -le 180 ]; then values "$ex/solution.lua" | sed 's/name = "web"/name = "webserver"/'
  else values "$ex/solution.lua" | sed 's/^local rt = .*/local rt = nil; rt.x = 1/'
  fi > "$class/student$i.lua"
done
hyperfine -w 1 -r 5 "$bin grade $ex/exercise.lua $class --seed 7 --jobs $jobs --format json --out $class/report.json"
python3 - "$class/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["submissions"]
by = {}
for s in r:
    by.setdefault((s["score"], s["status"]), 0)
    by[(s["score"], s["status"])] += 1
print(len(r), "rows:", ", ".join(f"{n} x {sc}/10 {st}" for (sc, st), n in sorted(by.items(), reverse=True)))
PY
