#!/bin/bash
# The one script that makes Haneul's databases: one database and one user per service of deploy/stack.tsv,
# each user allowed only on its own database. Run
#   - by the mariadb container on its first start (empty data volume; docker-compose.yml, deploy/server-3):
#     users at '%', passwords from <DATABASE>_DB_PASSWORD, the table mounted at /etc/haneul/stack.tsv;
#   - by deploy/rehearsal/run.sh against its own mariadbd (MARIADB_SOCKET);
#   - by ./haneul up and ./haneul test against the local server (HANEUL_DB_SQL_ONLY=1: it prints the SQL and
#     ./haneul runs it as root), with
#       HANEUL_DB_PREFIX      the databases' prefix (haneul)
#       HANEUL_DB_USER_HOSTS  the hosts the users may connect from ('%'; the embedded run: 127.0.0.1 localhost)
#       HANEUL_DB_FRESH=1     drop the databases first
#       HANEUL_DB_TEST=1      the test databases instead: haneul_<database>_test and haneul_kit_test, one user
#                             haneul_test (password haneul_test) on all of them
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
table=${HANEUL_STACK_TABLE:-}
[[ -n "$table" ]] || for t in /etc/haneul/stack.tsv "$here/../../stack.tsv"; do [[ -f "$t" ]] && { table=$t; break; }; done
[[ -f "$table" ]] || { echo "haneul: no deploy/stack.tsv (set HANEUL_STACK_TABLE)" >&2; exit 1; }
prefix=${HANEUL_DB_PREFIX:-haneul}
read -r -a hosts <<<"${HANEUL_DB_USER_HOSTS:-%}"
databases=$(awk '!/^#/ && NF >= 3 && $3 != "-" { print $3 }' "$table")

sql() {
  local db name pw host var
  if [[ "${HANEUL_DB_TEST:-0}" == 1 ]]; then
    for host in "${hosts[@]}"; do
      printf "CREATE USER IF NOT EXISTS 'haneul_test'@'%s' IDENTIFIED BY 'haneul_test';\n" "$host"
      printf "GRANT ALL PRIVILEGES ON \`haneul\\\\_%%\\\\_test\`.* TO 'haneul_test'@'%s';\n" "$host"
    done
    for db in kit $databases; do
      printf 'CREATE DATABASE IF NOT EXISTS `haneul_%s_test` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n' "$db"
    done
    return
  fi
  for db in $databases; do
    name="${prefix}_$db" var="${db^^}_DB_PASSWORD" pw=${!var:-}
    [[ -n "$pw" ]] || { echo "haneul: $var is empty (the password of $name)" >&2; exit 1; }
    [[ "${HANEUL_DB_FRESH:-0}" != 1 ]] || printf 'DROP DATABASE IF EXISTS `%s`;\n' "$name"
    printf 'CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n' "$name"
    for host in "${hosts[@]}"; do
      printf "CREATE USER IF NOT EXISTS '%s'@'%s' IDENTIFIED BY '%s';\n" "$name" "$host" "$pw"
      printf "ALTER USER '%s'@'%s' IDENTIFIED BY '%s';\n" "$name" "$host" "$pw"
      printf "GRANT ALL PRIVILEGES ON \`%s\`.* TO '%s'@'%s';\n" "$name" "$name" "$host"
    done
  done
  echo "FLUSH PRIVILEGES;"
}

if [[ "${HANEUL_DB_SQL_ONLY:-0}" == 1 ]]; then sql; exit 0; fi
: "${MARIADB_ROOT_PASSWORD:?}"
sql | mariadb --protocol=socket ${MARIADB_SOCKET:+--socket="$MARIADB_SOCKET"} -uroot -p"$MARIADB_ROOT_PASSWORD"
echo "haneul: databases and users created (${databases//$'\n'/, })"
