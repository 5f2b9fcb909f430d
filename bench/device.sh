#!/usr/bin/env bash
# The full benchmark on a Linux machine with an NVIDIA GPU, in under 8 minutes, then each cell's
# fraction of the GPU's memory bandwidth and FP32 peak (bench/peaks.ts).
#
#   bench/device.sh             install what Dawn needs if missing, build, run, report
#   bench/device.sh --dry-run   print the plan and what was found; change nothing, run nothing
#
# Dawn (npm `webgpu`) reaches an NVIDIA GPU through Vulkan: it needs the Vulkan loader
# (libvulkan.so.1, Debian/Ubuntu package libvulkan1) and the NVIDIA ICD, which the driver installs
# (nvidia_icd.json). The loader is installed with apt when missing; the driver is not ours to install.
set -euo pipefail

DRY=0
case "${1:-}" in
  --dry-run) DRY=1 ;;
  "") ;;
  -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  *) echo "device.sh: unknown argument '$1' (use --dry-run or --help)" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
# Per-cell budget and an overall bound: 2 networks × 6 batches × 9 implementations, most far below
# the budget on a GPU; the CPU peers' large cells are skipped by the bench's own extrapolation.
BUDGET_S=6
BOUND_S=450
OUT=bench/results
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

step "Vulkan loader (libvulkan.so.1)"
if ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  echo "    present"
else
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "    missing: installing libvulkan1"
  run $SUDO apt-get update -qq
  run $SUDO apt-get install -y -qq libvulkan1
fi

step "NVIDIA Vulkan ICD"
ICD=""
for f in /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json; do
  [ -e "$f" ] && ICD="$f" && break
done
if [ -n "$ICD" ]; then echo "    $ICD"; else echo "    not found: the driver's Vulkan part may be missing (the run will report which adapter Dawn found)"; fi

step "dependencies and build"
[ -d node_modules ] || run npm ci --no-audit --no-fund
run npm run build:bench
run npm run build:bench-device

step "benchmark (system Vulkan driver, --budget ${BUDGET_S} s a cell, bounded at ${BOUND_S} s)"
run timeout "$BOUND_S" node dist/bench/bench.js --icd system --budget "$BUDGET_S" --out "$OUT" --tag device --no-png

step "fractions of the GPU's peaks"
if ((DRY)); then
  echo "    would run: node dist/bench-peaks/peaks.js $OUT/<adapter>-$STAMP-device.json '${GPU_NAME:-unknown}'"
  echo "    (peaks known for: H200, H100 SXM/PCIe, A100 40/80GB, L40S, L4, A10, T4, RTX 4090; others: --peak-gbps/--peak-tflops)"
else
  RESULT=$(ls -t "$OUT"/*-"$STAMP"-device.json | head -n1)
  node dist/bench-peaks/peaks.js "$RESULT" "$GPU_NAME" | tee "${RESULT%.json}-peaks.txt"
fi
