#!/usr/bin/env bash
# Billing's benchmark: usage events ingested per second through the real consumer path, and the time to compute
# the invoice of an account with 1,000,000 usage records. See README.md beside this script.
# Usage: bench/billing/run.sh [events=9000] [records=1000000]
# Needs the local MariaDB (user haneul_test) like the tests; runs in its own database haneul_billing_bench_test,
# created and dropped by the run. Prints the figures as it goes and a summary at the end; the full log is kept
# in billing/target/bench-billing.log.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
events="${1:-9000}" records="${2:-1000000}"
cd "$REPO"
mkdir -p billing/target
log="$REPO/billing/target/bench-billing.log"
# the modules the benchmark's module depends on (a fresh clone has none of them in the local repository)
./mvnw -B -q -pl billing -am install -DskipTests >"$REPO/billing/target/bench-install.log" 2>&1 \
  || { tail -50 "$REPO/billing/target/bench-install.log"; exit 1; }
./mvnw -B -pl billing test -Pbench -Dtest=BillingBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.events="$events" -Dbench.records="$records" ${BENCH_MAVEN_ARGS:-} 2>&1 \
  | tee "$log" | grep --line-buffered -E '^\[billing-bench\]'
rc=${PIPESTATUS[0]}
sed -n '/^==== billing benchmark ====/,/^===========================/p' "$log"
if [[ $rc -ne 0 ]]; then
  grep -E 'ERROR|FAIL' "$log" | tail -20
  echo "billing benchmark failed (exit $rc); full log: $log" >&2
fi
exit "$rc"
