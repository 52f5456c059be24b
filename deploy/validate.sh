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
SERVICES=(compute-api scheduler network-service volume-service billing host-agent)
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
  NG=$(command -v nginx || echo /usr/sbin/nginx); mkdir -p "$TMP/nginx/logs" "$TMP/nginx/conf.d"
  sed -e 's/\${UPSTREAM_[A-Z_]*}/127.0.0.1:1/' -e "s|/etc/nginx/haneul/routes.conf|$REPO/deploy/nginx/routes.conf|" \
      -e 's/listen 8080;/listen 127.0.0.1:1;/' deploy/nginx/compose/default.conf.template >"$TMP/nginx/conf.d/default.conf"
  if grep -q '\${' "$TMP/nginx/conf.d/default.conf"; then echo "  ✘ template has variables other than UPSTREAM_*"; rc=1; fi
  printf 'pid %s/nginx.pid;\nerror_log %s/logs/error.log;\nevents {}\nhttp {\n  include %s/conf.d/default.conf;\n}\n' \
    "$TMP/nginx" "$TMP/nginx" "$TMP/nginx" >"$TMP/nginx/nginx.conf"
  if "$NG" -t -q -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" 2>"$TMP/nginx.err"; then
    echo "  ✔ deploy/nginx/compose/default.conf.template (nginx -t)"
  else echo "  ✘ nginx -t: $(tr '\n' ' ' <"$TMP/nginx.err")"; rc=1; fi
else echo "  (nginx not installed: template not checked)"; fi

echo "  mariadb init script"
if bash -n deploy/mariadb/init/10-haneul-databases.sh; then echo "  ✔ deploy/mariadb/init/10-haneul-databases.sh"; else rc=1; fi

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
neg "undeclared secret"            deploy/server-1/compose.yml "t.replace('secrets: [jwt_public_key, jwt_private_key]', 'secrets: [jwt_public_key, jwt_key]', 1)"
neg "schema: unknown service key"  deploy/server-3/compose.yml "t.replace('    restart: unless-stopped', '    restart_policy: always', 1)"

((rc == 0)) && echo "  deploy validation: OK" || echo "  deploy validation: FAILED"
exit "$rc"
