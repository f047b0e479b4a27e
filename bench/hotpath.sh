#!/usr/bin/env bash
# Time and allocations per call of the request path's body steps (bench/HotPath, BenchmarkDotNet with its memory
# diagnoser), written to bench/hotpath.md. Usage: bench/hotpath.sh [extra BenchmarkDotNet arguments]
set -Eeuo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ART=$ROOT/bench/out/artifacts
OUT=$ROOT/bench/out/hotpath-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
dotnet build "$ROOT/bench/HotPath/HotPath.csproj" -c Release --artifacts-path "$ART" --nologo -v q -clp:ErrorsOnly
(cd "$OUT" && timeout 900 dotnet "$ART/bin/HotPath/release/AiGateway.HotPath.dll" --filter '*' --job short --inProcess \
  --exporters github --artifacts "$OUT" "$@")
report=$(ls "$OUT"/results/*-report-github.md | head -n1)
{
  echo "# Hot path: time and allocations per call"
  echo
  echo "The request path's body steps in isolation, on the load benchmark's ~1 KB chat request (its last turn new on"
  echo "every call) and a 50-chunk streamed answer. Produced by \`bench/hotpath.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC,"
  echo "source $(git -C "$ROOT" rev-parse --short HEAD); BenchmarkDotNet's short job, so treat the times as indicative"
  echo "and the allocations as exact."
  echo
  sed -n '/^|/,$p' "$report"
} > "$ROOT/bench/hotpath.md"
cat "$ROOT/bench/hotpath.md"
