#!/bin/bash
# Runs once, on the first start of the mariadb container (empty data volume):
# one database and one user per service, each user allowed only on its own database.
# (deploy/rehearsal/run.sh runs it too, against its own mariadbd, with MARIADB_SOCKET set.)
set -euo pipefail
: "${MARIADB_ROOT_PASSWORD:?}"
create() {   # create <database-and-user> <password>
  local name=$1 pw=$2
  [[ -n "$pw" ]] || { echo "password for $name is empty" >&2; exit 1; }
  cat <<SQL
CREATE DATABASE IF NOT EXISTS \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$name'@'%' IDENTIFIED BY '$pw';
ALTER USER '$name'@'%' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON \`$name\`.* TO '$name'@'%';
SQL
}
{
  create haneul_compute   "${COMPUTE_DB_PASSWORD:-}"
  create haneul_scheduler "${SCHEDULER_DB_PASSWORD:-}"
  create haneul_network   "${NETWORK_DB_PASSWORD:-}"
  create haneul_volume    "${VOLUME_DB_PASSWORD:-}"
  create haneul_billing   "${BILLING_DB_PASSWORD:-}"
  echo "FLUSH PRIVILEGES;"
} | mariadb --protocol=socket ${MARIADB_SOCKET:+--socket="$MARIADB_SOCKET"} -uroot -p"$MARIADB_ROOT_PASSWORD"
echo "haneul: databases and users created"
