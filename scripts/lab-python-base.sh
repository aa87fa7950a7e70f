#!/usr/bin/env bash
# Builds localbase/python:3, a Python base image made from Debian packages (python3, Flask,
# pip), so examples/python-flask builds and runs with no Docker Hub and no PyPI. Idempotent:
# it does nothing when the image exists, and it keeps the root filesystem tarball in
# $LAB_CACHE so a rebuild after the image was removed takes a few seconds, not a minute.
# /etc/pip.conf says no-index and break-system-packages, so `pip install -r requirements.txt`
# is satisfied by the Debian copy of Flask without reaching an index.
set -euo pipefail
IMAGE=${PYTHON_BASE_IMAGE:-localbase/python:3}
LAB_CACHE=${LAB_CACHE:-/var/cache/btp-lab}
log() { printf '[lab] %s\n' "$*" >&2; }

docker image inspect "$IMAGE" >/dev/null 2>&1 && exit 0

tarball="$LAB_CACHE/python-rootfs.tar"
if [ ! -s "$tarball" ]; then
  if ! command -v mmdebstrap >/dev/null; then
    log "installing mmdebstrap"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap debian-archive-keyring >/dev/null
  fi
  log "building a Debian trixie root filesystem with python3 and Flask (about a minute)"
  mkdir -p "$LAB_CACHE"
  keyring=()
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] && keyring=(--keyring=/usr/share/keyrings/debian-archive-keyring.gpg)
  mmdebstrap --quiet --mode=root --variant=apt "${keyring[@]}" \
    --include=python3,python3-flask,python3-pip \
    --customize-hook='rm -rf "$1"/usr/share/doc/* "$1"/usr/share/man/* "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    --customize-hook='printf "[global]\nno-index = true\nbreak-system-packages = true\n" >"$1/etc/pip.conf"' \
    --format=tar trixie "$tarball.partial" http://deb.debian.org/debian
  mv "$tarball.partial" "$tarball"
fi
log "importing $IMAGE"
docker import --change 'CMD ["python3"]' --change 'ENV PYTHONUNBUFFERED=1' "$tarball" "$IMAGE" >/dev/null
