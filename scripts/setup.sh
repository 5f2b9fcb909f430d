#!/usr/bin/env bash
# Sets up gradient-trace on a fresh machine: the npm dependencies, and on Linux the system
# packages that give WebGPU a software adapter when there is no GPU:
#   libvulkan1  the Vulkan loader Dawn (npm "webgpu") talks to
#   chromium    Debian's browser: ships SwiftShader, a CPU Vulkan driver, and runs the page tests
# With a real GPU and driver the software adapter is not needed, but the page tests still use chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "$(uname -s)" == Linux ]] && command -v apt-get >/dev/null; then
  missing=()
  for pkg in libvulkan1 chromium; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    if [[ "$(id -u)" == 0 ]]; then
      echo "setup: installing system packages: ${missing[*]} (apt-get)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "setup: missing system packages: ${missing[*]}; install them with:" >&2
      echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
  else
    echo "setup: system packages present: libvulkan1 chromium"
  fi
fi

echo "setup: installing npm dependencies (npm ci; builds the CLI)"
npm ci --no-audit --no-fund
