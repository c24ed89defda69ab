#!/usr/bin/env bash
# Installs what the test suite needs and is missing: influxd and its client, Chromium, docker-compose and jq
# (Debian packages; jq for the docs' example that the docs test runs) and the npm workspace (npm ci). Safe to run
# again: it does nothing when all is there.
set -euo pipefail

cd "$(dirname "$0")/.."

debian_packages=(influxdb influxdb-client chromium docker-compose jq)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "install-test-deps: need root to run: $*" >&2
    return 1
  fi
}

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${debian_packages[@]}"; do
    is_installed "$package" || missing+=("$package")
  done
else
  echo "install-test-deps: not a Debian system; make sure these are installed: ${debian_packages[*]}" >&2
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-test-deps: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
  # The influxdb package may start a system service on 8086/8088. Tests start their own servers on free
  # loopback ports, so it would not clash, but a stray store must not be mistaken for a test's own.
  if [[ " ${missing[*]} " == *" influxdb "* ]]; then
    as_root service influxdb stop >/dev/null 2>&1 || true
  fi
fi

# node_modules is current when it was installed from this exact package-lock.json. A lock changed by a
# plain `npm install` also leaves a consistent tree, which `npm ls` confirms without reinstalling.
stamp=node_modules/.conduit-lock-sha256
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -d node_modules ]; then
  echo "install-test-deps: node_modules missing: npm ci" >&2
  npm ci --no-audit --no-fund
  echo "$lock_hash" >"$stamp"
elif [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  if npm ls --all >/dev/null 2>&1; then
    echo "$lock_hash" >"$stamp"
  else
    echo "install-test-deps: node_modules does not match package-lock.json: npm ci" >&2
    npm ci --no-audit --no-fund
    echo "$lock_hash" >"$stamp"
  fi
fi

command -v influxd >/dev/null 2>&1 || {
  echo "install-test-deps: influxd is still not on PATH" >&2
  exit 1
}
