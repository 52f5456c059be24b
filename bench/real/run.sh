#!/usr/bin/env bash
# Real guests: launch → running → ssh-reachable times, memory and disk per idle guest, image build/reuse.
# Usage: ./haneul bench real [concurrent launches, default "1 20"]   (as root; bench/real/README.md)
# Starts its own stack with the linux driver (state dir .haneul/bench-real, ports 48080+, own databases),
# launches each batch at once through the REST API, waits for every instance to answer ssh on its public IP,
# measures, terminates them, stops the stack. Prints its figures and a last `bench-result {json}` line.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HANEUL_HOME="$REPO/.haneul/bench-real"
export HANEUL_PORT_BASE=48080 HANEUL_KAFKA_PORT=49092 HANEUL_DB_PREFIX=haneul_benchreal HANEUL_REDIS_DB=8
export HANEUL_DRIVER=linux HANEUL_QUOTAS_VCPUS=100000
# every t3 has 2 vCPUs: on a small machine the three hosts (one per zone, shaped like it) take the batch only
# with CPU overcommit; the cgroups still hold each guest to its type
export HANEUL_AGENT_HOST_CPU_OVERCOMMIT="${HANEUL_AGENT_HOST_CPU_OVERCOMMIT:-16}"
export HANEUL_AGENT_HOST_MEMORY_OVERCOMMIT="${HANEUL_AGENT_HOST_MEMORY_OVERCOMMIT:-4}"
export HANEUL_RATE_LIMITS_LAUNCH_CAPACITY=100000 HANEUL_RATE_LIMITS_DESCRIBE_CAPACITY=100000 HANEUL_RATE_LIMITS_MUTATING_CAPACITY=100000
batches="${*:-1 20}"

"$REPO/haneul" up --fresh --driver linux | tail -n 12
[[ "${HANEUL_BENCH_KEEP:-0}" == 1 ]] || trap '"$REPO/haneul" down >/dev/null' EXIT
python3 "$REPO/bench/real/bench.py" "http://127.0.0.1:$HANEUL_PORT_BASE" "$HANEUL_HOME" $batches
