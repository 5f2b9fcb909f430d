#!/usr/bin/env bash
# The full benchmark on a Linux machine with an NVIDIA GPU, in under 8 minutes, then each cell's
# fraction of the GPU's memory bandwidth and FP32 peak (bench/peaks.ts).
#
#   bench/device.sh             install what Dawn needs if missing (npm ci, apt's libvulkan1), build, run, report
#   bench/device.sh --kit DIR   the same from a kit made by bench/device-kit.sh (its own Node, the bundled
#                               benchmark, Dawn, the Vulkan loader's package): for a machine that can reach
#                               no package registry, like this workplace's lent GPU machine
#   bench/device.sh --dry-run   print the plan and what was found; change nothing, run nothing
#
# Dawn (npm `webgpu`) reaches an NVIDIA GPU through Vulkan: it needs the Vulkan loader
# (libvulkan.so.1, Debian/Ubuntu package libvulkan1) and the NVIDIA ICD, which the driver installs
# (nvidia_icd.json). The loader is installed when missing; the driver is not ours to install.
# Results go to bench/results, and also to $OUT when that is set (the device tool brings $OUT back).
# DEVICE_BENCH_ARGS: more flags for the benchmark (e.g. "--quick" for a smoke run of the whole script).
set -euo pipefail

DRY=0
KIT=""
while (($#)); do
  case "$1" in
    --dry-run) DRY=1 ;;
    --kit) [ $# -ge 2 ] || { echo "device.sh: --kit needs a folder (made by bench/device-kit.sh)" >&2; exit 2; }; KIT=$2; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "device.sh: unknown argument '$1' (use --kit DIR, --dry-run or --help)" >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "$0")/.."
if [ -n "$KIT" ] && [ ! -f "$KIT/kit.tar.xz" ]; then echo "device.sh: no $KIT/kit.tar.xz (make it with bench/device-kit.sh)" >&2; exit 2; fi
# Per-cell budget and an overall bound: 2 networks × 6 batches × 9 implementations, most far below
# the budget on a GPU; the CPU peers' large cells are skipped by the bench's own extrapolation.
BUDGET_S=6
BOUND_S=450
RESULTS=bench/results
STAMP=$(date -u +%Y-%m-%d)

step() { echo "==> $*"; }
run() { if ((DRY)); then echo "    would run: $*"; else "$@"; fi }

step "GPU"
if command -v nvidia-smi >/dev/null 2>&1; then
  GPU_NAME=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n1)
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem --format=csv | sed 's/^/    /'
else
  GPU_NAME=""
  echo "    nvidia-smi not found: no NVIDIA driver here (the run would fall back to whatever Vulkan driver exists)"
fi

NODE=node
BENCH=dist/bench/bench.js
PEAKS=dist/bench-peaks/peaks.js
if [ -n "$KIT" ]; then
  step "kit ($KIT/kit.tar.xz)"
  if ((DRY)); then UNPACKED=/tmp/gradient-trace-kit.XXXXXX; else UNPACKED=$(mktemp -d /tmp/gradient-trace-kit.XXXXXX); fi
  if command -v xz >/dev/null 2>&1; then
    run tar -C "$UNPACKED" -xJf "$KIT/kit.tar.xz"
  else
    run python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$KIT/kit.tar.xz" "$UNPACKED"
  fi
  NODE=$UNPACKED/bin/node
  BENCH=$UNPACKED/dist/bench/bench.js
  PEAKS=$UNPACKED/dist/bench-peaks/peaks.js
  ((DRY)) || echo "    Node $("$NODE" --version), Dawn $("$NODE" -p "require('$UNPACKED/node_modules/webgpu/package.json').version")"
fi

step "Vulkan loader (libvulkan.so.1)"
if ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  echo "    present"
elif [ -n "$KIT" ]; then
  echo "    missing: unpacking the kit's libvulkan1"
  if ((DRY)); then echo "    would run: dpkg -x <kit>/deb/libvulkan1_*.deb / && ldconfig"; else for f in "$UNPACKED"/deb/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
else
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "    missing: installing libvulkan1"
  run $SUDO apt-get update -qq
  run $SUDO apt-get install -y -qq libvulkan1
fi

step "NVIDIA Vulkan ICD"
ICD=""
for f in /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd*.json; do
  [ -e "$f" ] && ICD="$f" && break
done
if [ -z "$ICD" ]; then
  echo "    not found: the driver's Vulkan part may be missing (the run will report which adapter Dawn found)"
else
  echo "    $ICD"
  case "$ICD" in
    /usr/share/*|/etc/*) ;;
    # Outside the loader's search path (a driver mounted under /usr/local/nvidia): name it.
    *) export VK_DRIVER_FILES="$ICD" VK_ICD_FILENAMES="$ICD"; echo "    outside the loader's search path: VK_DRIVER_FILES set to it" ;;
  esac
fi

if [ -z "$KIT" ]; then
  step "dependencies and build"
  [ -d node_modules ] || run npm ci --no-audit --no-fund
  run npm run build:bench
  run npm run build:bench-device
fi

step "benchmark (system Vulkan driver, --budget ${BUDGET_S} s a cell, bounded at ${BOUND_S} s)"
# shellcheck disable=SC2086 # DEVICE_BENCH_ARGS is a list of flags
run timeout "$BOUND_S" "$NODE" "$BENCH" --icd system --budget "$BUDGET_S" --out "$RESULTS" --tag device --no-png ${DEVICE_BENCH_ARGS:-}

step "fractions of the GPU's peaks"
if ((DRY)); then
  echo "    would run: $NODE $PEAKS $RESULTS/<adapter>-$STAMP-device.json '${GPU_NAME:-unknown}'"
  echo "    (peaks known for: H200, H100 SXM/PCIe, A100 40/80GB, L40S, L4, A10, T4, RTX 4090; others: --peak-gbps/--peak-tflops)"
else
  RESULT=$(ls -t "$RESULTS"/*-"$STAMP"*-device.json | head -n1)
  "$NODE" "$PEAKS" "$RESULT" "$GPU_NAME" | tee "${RESULT%.json}-peaks.txt"
  if [ -n "${OUT:-}" ] && [ -d "$OUT" ]; then
    cp "${RESULT%.json}".* "${RESULT%.json}"-* "$OUT"/ 2>/dev/null || true
    echo "    copied to $OUT: $(cd "$OUT" && ls | tr '\n' ' ')"
  fi
fi
