#!/usr/bin/env bash
# Placement benchmark: bench/placement/run.sh [hosts=10000] [placements=20000] [concurrency=32]
# (SINGLE=n: size of the comparison run through the single placement path, default 2000, 0 skips it;
#  UNCACHED=n: the same with the fleet view off, default 0)
# Boots the scheduler in a test JVM (with its own Kafka broker) against a database of its own
# (haneul_bench_placement, created as root on 127.0.0.1 and dropped at the end), registers the simulated hosts
# over Kafka, keeps them heartbeating, drives the placements through the production path and prints the figures.
# The whole output goes to bench/placement/last-run.log.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
hosts="${1:-10000}" placements="${2:-20000}" concurrency="${3:-32}" uncached="${UNCACHED:-0}" single="${SINGLE:-2000}"
log="$REPO/bench/placement/last-run.log"
cd "$REPO"
mkdir -p "$REPO/scheduler/target"
# the modules the benchmark's module depends on (a fresh clone has none of them in the local repository)
./mvnw -B -q -pl scheduler -am install -DskipTests >"$REPO/scheduler/target/bench-install.log" 2>&1 \
  || { tail -50 "$REPO/scheduler/target/bench-install.log"; exit 1; }
./mvnw -B -q -pl scheduler test -Dtest=PlacementBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dhaneul.bench.placement=true -Dhosts="$hosts" -Dplacements="$placements" -Dconcurrency="$concurrency" \
  -Duncached="$uncached" -Dsingle="$single" ${BENCH_ARGS:-} >"$log" 2>&1 || { tail -50 "$log"; exit 1; }
grep -E '^(===|load:|fleet up:|batched|single|heartbeats during|check:)' "$log"
