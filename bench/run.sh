#!/usr/bin/env bash
# Benchmarks. Usage: ./haneul bench launch [count] [concurrency] [instanceType]
#                    ./haneul bench placement [hosts] [placements] [concurrency]   (bench/placement/README.md)
#                    ./haneul bench billing [events] [records]                     (bench/billing/README.md)
#                    ./haneul bench real [batch sizes, default "1 20"]              (bench/real/README.md; root)
# Starts a dedicated stack (own state dir, ports 28080+, own databases) with a larger simulated fleet and a
# high vCPU quota, runs the benchmark through its gateway, prints the figures and each process's memory,
# then stops the stack (HANEUL_BENCH_KEEP=1 keeps it running).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:-launch}"; shift || true

export HANEUL_HOME="$REPO/.haneul/bench-stack"
export HANEUL_PORT_BASE=28080 HANEUL_KAFKA_PORT=29092 HANEUL_DB_PREFIX=haneul_bench HANEUL_REDIS_DB=3
export HANEUL_AGENT_HOSTS_PER_AZ="${HANEUL_AGENT_HOSTS_PER_AZ:-40}" HANEUL_AGENT_BOOT_DELAY="${HANEUL_AGENT_BOOT_DELAY:-0ms}"
export HANEUL_QUOTAS_VCPUS=1000000
# the bench launches from one account far faster than EC2's per-account buckets (launch 5, +2/s) allow
export HANEUL_RATE_LIMITS_LAUNCH_CAPACITY=100000 HANEUL_RATE_LIMITS_DESCRIBE_CAPACITY=100000 HANEUL_RATE_LIMITS_MUTATING_CAPACITY=100000

memory() {
  printf '%-16s %10s\n' process "RSS (MiB)"
  for f in "$HANEUL_HOME"/pids/*.pid; do
    local pid; pid=$(cat "$f")
    [[ -r /proc/$pid/status ]] || continue
    printf '%-16s %10.0f\n' "$(basename "$f" .pid)" "$(awk '/VmRSS/ {print $2/1024}' /proc/"$pid"/status)"
  done
}

case "$what" in
  placement) exec "$REPO/bench/placement/run.sh" "$@" ;;
  billing) exec "$REPO/bench/billing/run.sh" "$@" ;;
  real) exec "$REPO/bench/real/run.sh" "$@" ;;
  ec2) exec "$REPO/bench/ec2/run.sh" "$@" ;;   # against a running stack (bench/ec2/README.md)
  launch)
    count="${1:-200}" concurrency="${2:-16}" type="${3:-t3.nano}"
    "$REPO/haneul" up --fresh
    [[ "${HANEUL_BENCH_KEEP:-0}" == 1 ]] || trap '"$REPO/haneul" down >/dev/null' EXIT
    echo "== idle memory (after start-up) =="
    memory
    echo "== launch benchmark =="
    java "$REPO/bench/LaunchBench.java" "http://127.0.0.1:$HANEUL_PORT_BASE" "$HANEUL_HOME/credentials" \
      "$count" "$concurrency" "$type"
    echo "== memory after the run =="
    memory
    ;;
  *)
    echo "unknown benchmark: $what (known: launch, placement, billing, real)" >&2; exit 2 ;;
esac
