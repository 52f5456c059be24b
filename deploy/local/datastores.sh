# shellcheck shell=bash
# deploy/local/datastores.sh — MariaDB, Redis, the databases and the secrets.
# Sourced by ./haneul after lib.sh (functions only; nothing runs when it is sourced).

# ---------------------------------------------------------------------------------------------
# MariaDB and Redis (shared by every stack on the machine; stopped by `down` only if we started them)
# ---------------------------------------------------------------------------------------------
# shellcheck disable=SC2120
MYSQL() { local c=mariadb; command -v mariadb >/dev/null || c=mysql; as_root "$c" --protocol=socket -uroot "${DB_ADMIN_ARGS[@]}" "$@"; }
mariadb_alive() { local c=mariadb-admin; command -v "$c" >/dev/null || c=mysqladmin; as_root "$c" --protocol=socket ping --silent >/dev/null 2>&1; }

start_mariadb() {
  local t pid; t=$(now)
  if mariadb_alive; then
    if pid=$(pid_of mariadb); then ok mariadb "already running (started by haneul, pid $pid)" "$t"
    else ok mariadb "already running (not managed by haneul)" "$t"; fi
    return
  fi
  local bin=/usr/sbin/mariadbd; [[ -x $bin ]] || bin=/usr/sbin/mysqld
  as_root install -d -o mysql -g mysql -m 755 /run/mysqld
  if ! as_root test -d /var/lib/mysql/mysql; then
    as_root mariadb-install-db --user=mysql --datadir=/var/lib/mysql >"$LOGS/mariadb.log" 2>&1 ||
      die mariadb "mariadb-install-db failed" "$LOGS/mariadb.log"
  fi
  local ours=1
  if pgrep -x 'mariadbd|mysqld' >/dev/null; then
    ours=0; begin mariadb "a server process exists but does not answer yet; waiting"   # never start a second one
  else
    local out=(); start-stop-daemon --help 2>&1 | grep -q -- '--output' && out=(--output "$LOGS/mariadb.log")
    as_root start-stop-daemon --start --background --make-pidfile --pidfile "$PIDS/mariadb.pid" \
      "${out[@]}" --exec "$bin" -- --user=mysql >>"$LOGS/mariadb.log" 2>&1 || die mariadb "start-stop-daemon failed" "$LOGS/mariadb.log"
  fi
  local deadline=$((SECONDS + 60))
  until mariadb_alive; do
    ((SECONDS < deadline)) || die mariadb "did not answer within 60s (see /var/log/mysql/ and $LOGS/mariadb.log)" "$LOGS/mariadb.log"
    sleep 0.5
  done
  if ((ours)); then touch "$PIDS/mariadb.ours"
    ok mariadb "started (pid $(cat "$PIDS/mariadb.pid"), socket /run/mysqld/mysqld.sock, 127.0.0.1:$DB_PORT)" "$t"
  else ok mariadb "running (not managed by haneul)" "$t"; fi
}

redis_alive() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }
start_redis() {
  local t pid; t=$(now)
  if redis_alive; then
    if pid=$(pid_of redis); then ok redis "already running (started by haneul, pid $pid)" "$t"
    else ok redis "already running (not managed by haneul)" "$t"; fi
    return
  fi
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --pidfile "$PIDS/redis.pid" --logfile "$LOGS/redis.log" --dir "$STATE" >/dev/null ||
    die redis "redis-server failed to start" "$LOGS/redis.log"
  local deadline=$((SECONDS + 20))
  until redis_alive; do ((SECONDS < deadline)) || die redis "did not answer within 20s" "$LOGS/redis.log"; sleep 0.2; done
  ok redis "started (pid $(cat "$PIDS/redis.pid"), 127.0.0.1:$REDIS_PORT)" "$t"
}

# ---------------------------------------------------------------------------------------------
# Databases, users, secrets
# ---------------------------------------------------------------------------------------------
rand_str() { head -c 4096 /dev/urandom | LC_ALL=C tr -dc "$2" | cut -c1-"$1"; }
db_password() {                   # one random password per service database, generated once
  local f="$SECRETS/db-$1.password"
  [[ -s "$f" ]] || { rand_str 24 'A-Za-z0-9' >"$f"; chmod 600 "$f"; }
  cat "$f"
}
# the databases and their users: the one provisioning script (deploy/mariadb/init/), run as root here
provision_databases() {           # provision_databases <env…>: prints its SQL with these settings
  env HANEUL_DB_SQL_ONLY=1 HANEUL_DB_USER_HOSTS="127.0.0.1 localhost" "$@" \
    bash "$REPO/deploy/mariadb/init/10-haneul-databases.sh"
}
setup_databases() {
  local t fresh=${1:-0} svc pws=() sql; t=$(now)
  for svc in "${!DBNAME[@]}"; do pws+=("${DBNAME[$svc]^^}_DB_PASSWORD=$(db_password "${DBNAME[$svc]}")"); done
  sql=$(provision_databases HANEUL_DB_PREFIX="$DB_PREFIX" HANEUL_DB_FRESH="$fresh" "${pws[@]}") ||
    die databases "deploy/mariadb/init/10-haneul-databases.sh failed"
  MYSQL <<<"$sql" >"$LOGS/db-setup.log" 2>&1 || die databases "SQL failed (MariaDB root via unix socket?)" "$LOGS/db-setup.log"
  ok databases "$( ((fresh)) && echo "recreated" || echo "ready"): ${DB_PREFIX}_{$(db_names)}" "$t"
}
setup_test_databases() {
  local t sql; t=$(now)
  sql=$(provision_databases HANEUL_DB_TEST=1) || die test-databases "deploy/mariadb/init/10-haneul-databases.sh failed"
  MYSQL <<<"$sql" >"$LOGS/db-setup.log" 2>&1 || die test-databases "SQL failed" "$LOGS/db-setup.log"
  ok test-databases "user haneul_test, haneul_{kit,$(db_names)}_test" "$t"
}
setup_secrets() {
  local t made=(); t=$(now)
  if [[ ! -s "$SECRETS/jwt-private.pem" || ! -s "$SECRETS/jwt-public.pem" ]]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$SECRETS/jwt-private.pem" 2>/dev/null
    openssl pkey -in "$SECRETS/jwt-private.pem" -pubout -out "$SECRETS/jwt-public.pem" 2>/dev/null
    chmod 600 "$SECRETS/jwt-private.pem"; made+=("JWT keys")
  fi
  if [[ ! -s "$SECRETS/access-key-seal.key" ]]; then   # compute-api seals access key secrets with it (SigV4)
    (umask 077; openssl rand -base64 32 >"$SECRETS/access-key-seal.key")
    chmod 600 "$SECRETS/access-key-seal.key"; made+=("access key seal key")
  fi
  if [[ ! -s "$STATE/credentials" ]]; then
    umask 077
    printf '[default]\naws_access_key_id = AKIA%s\naws_secret_access_key = %s\n' \
      "$(rand_str 16 'A-Z0-9')" "$(rand_str 40 'A-Za-z0-9/+')" >"$STATE/credentials"
    umask 022; made+=("admin credentials")
  fi
  # the AWS CLI and SDKs read the region and the EC2 endpoint (this gateway) from here (AWS_CONFIG_FILE)
  printf '[default]\nregion = %s\nendpoint_url = http://127.0.0.1:%s\n' "$REGION" "$PORT_BASE" >"$STATE/config"
  ACCESS_KEY_ID=$(awk -F' *= *' '$1=="aws_access_key_id"{print $2}' "$STATE/credentials")
  SECRET_ACCESS_KEY=$(awk -F' *= *' '$1=="aws_secret_access_key"{print $2}' "$STATE/credentials")
  ok secrets "$( ((${#made[@]})) && echo "generated ${made[*]}" || echo "kept") ($SECRETS, $STATE/credentials)" "$t"
}
