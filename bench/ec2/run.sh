#!/usr/bin/env bash
# EC2 Query endpoint against moto_server: ./haneul bench ec2 [bench.py options]   (bench/ec2/README.md)
# Runs against a stack already up (./haneul up): HANEUL_EC2_ENDPOINT (default http://127.0.0.1:8080, the gateway,
# which serves the EC2 endpoint at POST /), HANEUL_EC2_CREDENTIALS (the admin's, default .haneul/credentials),
# HANEUL_EC2_REGION (default kr-central-1). Starts no Haneul; starts moto_server on a free 127.0.0.1 port and
# stops it. Prints its figures and a last `bench-result {json}` line.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HANEUL_EC2_CREDENTIALS="${HANEUL_EC2_CREDENTIALS:-$REPO/.haneul/credentials}"
exec python3 "$REPO/bench/ec2/bench.py" "$@"
