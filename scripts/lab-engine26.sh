#!/usr/bin/env bash
# The second engine of the lab, beside engine 20.10 (which stays the default): Debian 13's
# engine 26 and containerd 1.7 with the containerd image store, on its own socket
# /run/engine26/docker.sock, its own data root and exec root (see docs in README, "Lab").
# It gives multi-platform builds, OCI indexes and attestations through buildx's docker driver.
# Also builds localbase/busybox:1 there as a two-platform image (linux/amd64 + linux/arm64)
# from Debian's busybox-static of both architectures; nothing comes from Docker Hub.
# Idempotent; records the PIDs of daemons it starts in $LAB_STATE/{containerd26,dockerd26}.pid.
set -euo pipefail

LAB_STATE=${LAB_STATE:-/tmp/btp-lab}
ROOT=${ENGINE26_ROOT:-/opt/engine26}
SOCK=/run/engine26/docker.sock
mkdir -p "$LAB_STATE"
log() { printf '[lab:engine26] %s\n' "$*" >&2; }
d26() { DOCKER_HOST=unix://$SOCK docker "$@"; }

# A private apt setup for one foreign suite/architecture, so the machine's sources stay as they are.
apt_download() { # <suite> <arch> <dest dir> <package...>
  local suite=$1 arch=$2 dest=$3
  shift 3
  local t
  t=$(mktemp -d)
  mkdir -p "$t/lists/partial" "$t/cache/archives/partial"
  echo "deb [arch=$arch] http://deb.debian.org/debian $suite main" >"$t/sources.list"
  local o=(-oDir::Etc::SourceList="$t/sources.list" -oDir::Etc::SourceParts=/dev/null
    -oDir::State::Lists="$t/lists" -oDir::Cache="$t/cache"
    -oAPT::Architecture="$arch" -oAPT::Architectures::="$arch" -oAPT::Sandbox::User=root)
  apt-get "${o[@]}" update -qq >/dev/null
  (cd "$dest" && apt-get "${o[@]}" download "$@" >/dev/null 2>&1)
  rm -rf "$t"
}

if [ ! -x "$ROOT/usr/sbin/dockerd" ] || [ ! -x "$ROOT/usr/bin/containerd" ]; then
  log "installing engine 26 and containerd from Debian trixie into $ROOT"
  t=$(mktemp -d)
  apt_download trixie amd64 "$t" docker.io containerd
  mkdir -p "$ROOT"
  for deb in "$t"/docker.io_*.deb "$t"/containerd_*.deb; do dpkg-deb -x "$deb" "$ROOT"; done
  rm -rf "$t"
fi
# trixie's runc needs glibc 2.38; Debian 12's (installed with docker.io) is used instead.
[ -x /usr/sbin/runc ] || { log "Debian 12's runc is missing (install docker.io first)"; exit 1; }

echo '{"features":{"containerd-snapshotter":true}}' >"$ROOT/daemon.json"
cat >"$ROOT/containerd.toml" <<'EOF'
version = 2
root = "/var/lib/engine26/containerd"
state = "/run/engine26/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "/run/engine26/containerd/containerd.sock"
[ttrpc]
  address = "/run/engine26/containerd/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF

if ! d26 info >/dev/null 2>&1; then
  mkdir -p /run/engine26/containerd /var/lib/engine26
  # Engine 26's shim comes first on PATH; /usr/sbin/runc is still found after it.
  export PATH=$ROOT/usr/bin:$ROOT/usr/sbin:$PATH
  if ! [ -S /run/engine26/containerd/containerd.sock ] ||
    ! kill -0 "$(cat "$LAB_STATE/containerd26.pid" 2>/dev/null || echo 0)" 2>/dev/null; then
    log "starting containerd for engine 26"
    # Daemons get no stdin/stdout/stderr of ours (nor the lock fd 9): a caller that captures
    # this script's output would otherwise wait for them forever.
    setsid containerd --config "$ROOT/containerd.toml" </dev/null >"$LAB_STATE/containerd26.log" 2>&1 9>&- &
    echo $! >"$LAB_STATE/containerd26.pid"
    for _ in $(seq 100); do [ -S /run/engine26/containerd/containerd.sock ] && break; sleep 0.1; done
  fi
  log "starting dockerd 26 on $SOCK (containerd image store, no bridge)"
  setsid dockerd --config-file "$ROOT/daemon.json" -H "unix://$SOCK" \
    --containerd /run/engine26/containerd/containerd.sock --data-root /var/lib/engine26/docker \
    --exec-root /run/engine26/docker --pidfile /run/engine26/dockerd.pid \
    --bridge=none --iptables=false --ip-masq=false --ip-forward=false \
    </dev/null >"$LAB_STATE/dockerd26.log" 2>&1 9>&- &
  echo $! >"$LAB_STATE/dockerd26.pid"
  for _ in $(seq 150); do d26 info >/dev/null 2>&1 && break; sleep 0.2; done
  d26 info >/dev/null 2>&1 || { tail -20 "$LAB_STATE/dockerd26.log" >&2; exit 1; }
fi

# The two-platform base: each rootfs holds a static busybox and a link for every applet.
if ! d26 image inspect localbase/busybox:1 >/dev/null 2>&1; then
  log "building localbase/busybox:1 for linux/amd64 and linux/arm64 on engine 26"
  b=$(mktemp -d)
  apt_download bookworm arm64 "$b" busybox-static:arm64
  dpkg-deb -x "$b"/busybox-static_*_arm64.deb "$b/arm64-pkg"
  applets=$(/usr/bin/busybox --list)
  for arch in amd64 arm64; do
    mkdir -p "$b/rootfs-$arch/bin" "$b/rootfs-$arch/tmp"
    chmod 1777 "$b/rootfs-$arch/tmp"
  done
  cp /usr/bin/busybox "$b/rootfs-amd64/bin/busybox"
  cp "$(find "$b/arm64-pkg" -name busybox -type f | head -1)" "$b/rootfs-arm64/bin/busybox"
  for arch in amd64 arm64; do
    for a in $applets; do [ "$a" = busybox ] || ln -sf busybox "$b/rootfs-$arch/bin/$a"; done
  done
  # Only COPY steps, so the foreign platform needs no emulation.
  printf 'FROM scratch\nARG TARGETARCH\nCOPY rootfs-${TARGETARCH}/ /\nCMD ["/bin/sh"]\n' >"$b/Dockerfile"
  d26 buildx build --platform linux/amd64,linux/arm64 --provenance=false --network none \
    --load -t localbase/busybox:1 "$b" >/dev/null 2>"$b/build.log" || { cat "$b/build.log" >&2; exit 1; }
  rm -rf "$b"
fi
log "ready: engine $(d26 version --format '{{.Server.Version}}') on $SOCK, $(d26 info --format '{{.Driver}}')"
