#!/usr/bin/env bash
# Installs the two Grafana runtimes the browser test host stands in for, each in its own folder: npm aliases
# in one folder cannot hold @grafana/* 12 with React 18 next to @grafana/* 13 with React 19 (peer conflicts).
# Idempotent: a folder whose node_modules was installed from its current package-lock.json is left alone.
#
#   test/host/install-flavours.sh             both flavours
#   test/host/install-flavours.sh grafana13   one flavour
set -euo pipefail

cd "$(dirname "$0")/flavours"

flavours=("$@")
if [ "${#flavours[@]}" -eq 0 ]; then
  flavours=(grafana12 grafana13)
fi

# Several engineers and CI jobs may install at once; npm is not safe to run twice in one tree.
with_npm_lock() {
  if command -v flock >/dev/null 2>&1; then
    flock /tmp/conduit-npm.lock "$@"
  else
    "$@"
  fi
}

for flavour in "${flavours[@]}"; do
  if [ ! -f "$flavour/package.json" ]; then
    echo "install-flavours: no such flavour: $flavour" >&2
    exit 2
  fi
  stamp="$flavour/node_modules/.conduit-lock-sha256"
  if [ -f "$flavour/package-lock.json" ]; then
    lock_hash="$(sha256sum "$flavour/package-lock.json" | cut -d' ' -f1)"
    if [ -d "$flavour/node_modules" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$lock_hash" ]; then
      continue
    fi
    echo "install-flavours: $flavour: npm ci" >&2
    with_npm_lock npm ci --prefix "$flavour" --no-audit --no-fund --loglevel error
  else
    # First install: writes the package-lock.json that is then committed.
    echo "install-flavours: $flavour: npm install (no package-lock.json yet)" >&2
    with_npm_lock npm install --prefix "$flavour" --no-audit --no-fund --loglevel error
  fi
  sha256sum "$flavour/package-lock.json" | cut -d' ' -f1 >"$stamp"
done
