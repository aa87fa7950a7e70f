#!/usr/bin/env bash
# The demo: bring up the lab (engine, base image), a registry on 127.0.0.1:5000, then run the
# action's CLI on the offline example as a push of tag v1.0.0: resolve tags, build, smoke-test
# (HTTP probe and a log line), push, and print the outputs and the job summary.
set -euo pipefail
cd "$(dirname "$0")/.."
export LAB_STATE=${LAB_STATE:-/tmp/btp-lab}
rm -f "$LAB_STATE/dockerd.pid"
bash scripts/lab-up.sh

started=()
cleanup() {
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Stop the engine only if this demo started it (lab-up.sh records the PID then).
  if [ -f "$LAB_STATE/dockerd.pid" ]; then kill "$(cat "$LAB_STATE/dockerd.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT

# The image to push: DEMO_IMAGE=127.0.0.1:5001/me/app pushes elsewhere. When its registry is a
# loopback address that is not serving yet, the demo starts one there (and stops it at the end).
DEMO_IMAGE=${DEMO_IMAGE:-127.0.0.1:5000/acme/hello}
reg_host=${DEMO_IMAGE%%/*}
if [[ $reg_host == 127.0.0.1:* ]] && ! curl -fsS "http://$reg_host/v2/" >/dev/null 2>&1; then
  reg=$(mktemp -d)
  mkdir -p "$reg/data"
  printf 'version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: %s/data}}\nhttp: {addr: %s}\n' "$reg" "$reg_host" >"$reg/config.yml"
  setsid docker-registry serve "$reg/config.yml" >"$reg/log" 2>&1 &
  started+=($!)
  for _ in $(seq 50); do curl -fsS "http://$reg_host/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "[demo] registry on $reg_host (pid $!)"
fi

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
node dist/cli/index.js \
  --ref refs/tags/v1.0.0 \
  --repository acme/hello \
  --context examples/busybox-web \
  --images "$DEMO_IMAGE" \
  --smoke-network host \
  --smoke-env "PORT=$port" \
  --smoke-log 'listening on port' \
  --smoke-http "http://127.0.0.1:$port/health status=200 body=ok" \
  --smoke-timeout 30

echo "[demo] tags in the registry: $(curl -fsS "http://$reg_host/v2/${DEMO_IMAGE#*/}/tags/list")"
