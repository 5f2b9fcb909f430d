#!/usr/bin/env bash
# Packs what bench/device.sh needs on a GPU machine that can reach no package registry and may have
# no Node (this workplace's lent machine: nothing outside it can be reached, and its image is
# Python's). Run here, where npm ci has run; carry the folder there and run
#
#   bash bench/device.sh --kit .device-kit
#
# The kit (~30 MB, one kit.tar.xz): this machine's Node binary (x86-64 Linux), the benchmark and
# the peaks report bundled with every dependency but Dawn (bench/vite.device-kit.config.ts), Dawn's
# linux-x64 addon with the two files of npm `webgpu` that load it, and the Vulkan loader's Debian
# package (libvulkan1) for a machine without one. .device-kit/ is git-ignored, so the device tool's
# `carry` takes it.
#
#   bench/device-kit.sh [DIR]      (default .device-kit)
set -euo pipefail
cd "$(dirname "$0")/.."
KIT=${1:-.device-kit}
[ "$(uname -m)" = x86_64 ] || { echo "device-kit.sh: this machine is $(uname -m); the GPU machine is x86-64: build the kit on an x86-64 machine" >&2; exit 2; }
[ -f node_modules/webgpu/dist/linux-x64/dawn.node ] || { echo "device-kit.sh: node_modules/webgpu is missing: run npm ci first" >&2; exit 2; }

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
echo "==> bundling the benchmark and the peaks report (every dependency but Dawn)"
npx vite build -c bench/vite.device-kit.config.ts --ssr bench/bench.ts --outDir "$STAGE/dist/bench" --emptyOutDir --logLevel warn
npx vite build -c bench/vite.device-kit.config.ts --ssr bench/peaks.ts --outDir "$STAGE/dist/bench-peaks" --emptyOutDir --logLevel warn
echo "==> Dawn (npm webgpu $(node -p "require('./node_modules/webgpu/package.json').version"), linux-x64)"
mkdir -p "$STAGE/node_modules/webgpu/dist/linux-x64"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$STAGE/node_modules/webgpu/"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$STAGE/node_modules/webgpu/dist/linux-x64/"
echo "==> Node $(node --version) ($(command -v node))"
mkdir -p "$STAGE/bin"
cp "$(readlink -f "$(command -v node)")" "$STAGE/bin/node"
echo "==> the Vulkan loader's package (libvulkan1, amd64)"
mkdir -p "$STAGE/deb"
chmod 777 "$STAGE/deb" # apt downloads as its own user
(cd "$STAGE/deb" && apt-get download -qq libvulkan1:amd64)
echo "==> packing"
rm -rf "$KIT"
mkdir -p "$KIT"
tar -C "$STAGE" -cf - . | xz -T0 -6 > "$KIT/kit.tar.xz"
echo "wrote $KIT/kit.tar.xz ($(du -h "$KIT/kit.tar.xz" | cut -f1)): carry '$KIT' and run: bash bench/device.sh --kit $KIT"
