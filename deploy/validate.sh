#!/usr/bin/env bash
# deploy/validate.sh — checks the deployment files without a Docker engine (called by `./haneul test`).
#   compose files: YAML, compose-spec schema (docker-compose 1.29 `config`), env vars vs .env.example,
#   build contexts/Dockerfiles, volumes/networks/secrets; the Dockerfiles; the nginx gateway template
#   (`nginx -t`); the MariaDB init script (bash -n). Then a negative test: broken copies must be rejected.
set -euo pipefail
DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$DEPLOY")"
cd "$REPO"
FILES=(docker-compose.yml deploy/server-1/compose.yml deploy/server-2/compose.yml deploy/server-3/compose.yml)
mapfile -t SERVICES < <(awk '!/^#/ && NF >= 4 && $1 != "gateway" { print $1 }' deploy/stack.tsv)   # deploy/stack.tsv: the parts
TMP=$(mktemp -d); NEG=()
cleanup() { rm -rf "$TMP"; ((${#NEG[@]} == 0)) || rm -f "${NEG[@]}"; }
trap cleanup EXIT
rc=0

# tools: python3-yaml always; docker-compose (Debian 1.29) when apt can install it
python3 -c 'import yaml' 2>/dev/null || { [[ $EUID -eq 0 ]] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-yaml >/dev/null 2>&1; } || true
if ! command -v docker-compose >/dev/null && [[ $EUID -eq 0 ]]; then
  echo "  installing docker-compose (Debian) for the compose-spec schema check"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >"$TMP/apt.log" 2>&1 ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-compose >"$TMP/apt.log" 2>&1; } ||
    echo "  (could not install docker-compose; see below: reference checks only)"
fi

echo "  compose files"
python3 "$DEPLOY/validate.py" "${FILES[@]}" || rc=1

echo "  Dockerfiles"
for svc in "${SERVICES[@]}"; do
  f="$svc/src/main/docker/Dockerfile.jvm"; miss=()
  [[ -f "$f" ]] || { echo "  ✘ $f missing"; rc=1; continue; }
  for want in '^FROM ' '^USER [0-9a-z]' '^HEALTHCHECK .*' '/q/health/ready' '^EXPOSE [0-9]+' 'JAVA_OPTS=' \
              'quarkus-app/lib/' 'quarkus-app/app/' 'quarkus-app/quarkus/' 'quarkus-app/\*\.jar'; do
    grep -Eq -- "$want" "$f" || miss+=("$want")
  done
  if ((${#miss[@]})); then echo "  ✘ $f lacks: ${miss[*]}"; rc=1; else echo "  ✔ $f"; fi
done

echo "  nginx gateway template + routes"
if command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]]; then
  NG=$(command -v nginx || echo /usr/sbin/nginx); mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
  up=(); for u in COMPUTE_API SCHEDULER NETWORK_SERVICE VOLUME_SERVICE BILLING EC2_API; do up+=("UPSTREAM_$u=127.0.0.1:1"); done
  bash deploy/render-template.sh deploy/nginx/compose/default.conf.template "${up[@]}" GATEWAY_LISTEN=127.0.0.1:1 \
    "GATEWAY_ROUTES=$REPO/deploy/nginx/routes.conf" >"$TMP/nginx/default.conf"
  bash deploy/render-template.sh deploy/nginx/local.conf.template "NGINX_DIR=$TMP/nginx" "NGINX_PID=$TMP/nginx/nginx.pid" \
    "NGINX_LOG=$TMP/nginx/logs/error.log" >"$TMP/nginx/nginx.conf"
  if grep -q '\${' "$TMP/nginx/default.conf" "$TMP/nginx/nginx.conf"; then
    echo "  ✘ a gateway template has variables other than UPSTREAM_*, GATEWAY_* and NGINX_*"; rc=1
  fi
  if "$NG" -t -q -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" 2>"$TMP/nginx.err"; then
    echo "  ✔ deploy/nginx/compose/default.conf.template inside deploy/nginx/local.conf.template (nginx -t)"
  else echo "  ✘ nginx -t: $(tr '\n' ' ' <"$TMP/nginx.err")"; rc=1; fi
else echo "  (nginx not installed: template not checked)"; fi

echo "  mariadb init script"
if bash -n deploy/mariadb/init/10-haneul-databases.sh && HANEUL_DB_SQL_ONLY=1 COMPUTE_DB_PASSWORD=x SCHEDULER_DB_PASSWORD=x \
    NETWORK_DB_PASSWORD=x VOLUME_DB_PASSWORD=x BILLING_DB_PASSWORD=x bash deploy/mariadb/init/10-haneul-databases.sh \
    >"$TMP/init.sql" && grep -q 'CREATE DATABASE IF NOT EXISTS `haneul_compute`' "$TMP/init.sql"; then
  echo "  ✔ deploy/mariadb/init/10-haneul-databases.sh (one database per service of deploy/stack.tsv)"
else echo "  ✘ deploy/mariadb/init/10-haneul-databases.sh"; rc=1; fi

# ---- negative test: every kind of break must be rejected ---------------------------------------
echo "  negative test (broken copies must be rejected)"
neg() {   # neg <label> <source-file> <python expression transforming text `t`>
  local label=$1 src=$2 expr=$3 copy; copy="$(dirname "$src")/.validate-neg-$RANDOM.yml"; NEG+=("$copy")
  python3 -c "import sys; t=open(sys.argv[1]).read(); t2=$expr; assert t2!=t, 'mutation did not apply'; open(sys.argv[2],'w').write(t2)" "$src" "$copy"
  if python3 "$DEPLOY/validate.py" "$copy" >"$TMP/neg.out" 2>&1; then
    echo "  ✘ NOT rejected: $label"; rc=1
  else echo "  ✔ rejected: $label — $(grep -m1 '✘' "$TMP/neg.out" | sed 's/^ *✘ //' | cut -c1-140)"; fi
  rm -f "$copy"
}
neg "YAML syntax error"            docker-compose.yml          "t.replace('services:\n', 'services:\n  broken: [\n', 1)"
neg "undeclared named volume"      docker-compose.yml          "t.replace('kafka-data:/var/lib/kafka/data', 'kafka-dta:/var/lib/kafka/data', 1)"
neg "env var not in .env.example"  deploy/server-1/compose.yml "t.replace('\${SERVER2_ADDR:?', '\${SERVER_2_ADDR:?', 1)"
neg "password with a default"      deploy/server-3/compose.yml "t.replace('\${MARIADB_ROOT_PASSWORD:?set MARIADB_ROOT_PASSWORD in deploy/.env}', '\${MARIADB_ROOT_PASSWORD:-changeme}', 1)"
neg "missing build context"        deploy/server-2/compose.yml "t.replace('../../billing', '../../billings', 1)"
neg "undeclared secret"            deploy/server-1/compose.yml "t.replace('secrets: [jwt_public_key, jwt_private_key,', 'secrets: [jwt_public_key, jwt_key,', 1)"
neg "port not deploy/stack.tsv's"   docker-compose.yml          "t.replace('QUARKUS_HTTP_PORT: \"8082\"', 'QUARKUS_HTTP_PORT: \"8092\"', 1)"
neg "database not deploy/stack.tsv's" deploy/server-2/compose.yml "t.replace('HANEUL_DB_NAME: haneul_billing', 'HANEUL_DB_NAME: haneul_bill', 1)"
neg "upstream not deploy/stack.tsv's" docker-compose.yml        "t.replace('UPSTREAM_BILLING: billing:8085', 'UPSTREAM_BILLING: billing:8095', 1)"
neg "schema: unknown service key"  deploy/server-3/compose.yml "t.replace('    restart: unless-stopped', '    restart_policy: always', 1)"

((rc == 0)) && echo "  deploy validation: OK" || echo "  deploy validation: FAILED"
exit "$rc"
