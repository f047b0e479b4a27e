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
{
  echo "# Hot path: time and allocations per call"
  echo
  echo "The request path's steps in isolation, one table per benchmark class. RequestPathBenchmarks: the body steps on"
  echo "the load benchmark's ~1 KB chat request (its last turn new on every call) and a 50-chunk streamed answer."
  echo "CapacityBenchmarks: what capacity sharing adds to a request that does not wait. Produced by \`bench/hotpath.sh\`"
  echo "on $(date -u '+%Y-%m-%d %H:%M') UTC, source $(git -C "$ROOT" rev-parse --short HEAD); BenchmarkDotNet's short job,"
  echo "so treat the times as indicative and the allocations as exact."
  for report in "$OUT"/results/*-report-github.md; do
    echo
    echo "## $(basename "$report" -report-github.md | sed 's/^AiGateway\.HotPath\.//')"
    echo
    sed -n '/^|/,$p' "$report"
  done
} > "$ROOT/bench/hotpath.md"
cat "$ROOT/bench/hotpath.md"
