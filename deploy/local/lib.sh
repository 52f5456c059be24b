# shellcheck shell=bash
# deploy/local/lib.sh — what every part of ./haneul shares: the settings (explicit env > <state>/stack.env >
# defaults; the parts, ports and databases from deploy/stack.tsv), output, privileges, processes, templates.
# Sourced first by ./haneul, with REPO set.

# ---------------------------------------------------------------------------------------------
# Settings: explicit env > <state>/stack.env (written by `up`) > defaults
# ---------------------------------------------------------------------------------------------
STATE="${HANEUL_HOME:-$REPO/.haneul}"
[[ "$STATE" = /* ]] || STATE="$REPO/$STATE"            # relative HANEUL_HOME = relative to the repo
STATE="${STATE%/}"
if [[ -f "$STATE/stack.env" ]]; then
  # shellcheck disable=SC1090
  source <(grep -E '^SAVED_[A-Z_]+=' "$STATE/stack.env")
fi
PORT_BASE="${HANEUL_PORT_BASE:-${SAVED_PORT_BASE:-8080}}"
KAFKA_PORT="${HANEUL_KAFKA_PORT:-${SAVED_KAFKA_PORT:-9092}}"
CONTROLLER_PORT=$((KAFKA_PORT + 1))
DB_PREFIX="${HANEUL_DB_PREFIX:-${SAVED_DB_PREFIX:-haneul}}"
REDIS_DB="${HANEUL_REDIS_DB:-${SAVED_REDIS_DB:-0}}"
REGION="${HANEUL_REGION:-kr-central-1}"
AZS="${HANEUL_AVAILABILITY_ZONES:-${REGION}a,${REGION}b,${REGION}c}"
AGENT_HOSTS_PER_AZ="${HANEUL_AGENT_HOSTS_PER_AZ:-4}"
AGENT_BOOT_DELAY="${HANEUL_AGENT_BOOT_DELAY:-}"
DRIVER="${HANEUL_DRIVER:-simulated}"                   # the host agent's driver: simulated or linux (--driver)
DRIVER_NOTE=""
START_TIMEOUT="${HANEUL_START_TIMEOUT:-240}"            # seconds for every part to become healthy
DB_HOST=127.0.0.1 DB_PORT=3306 REDIS_PORT=6379
# shellcheck disable=SC2206
DB_ADMIN_ARGS=(${HANEUL_DB_ADMIN_ARGS:-})               # e.g. "-uadmin -psecret" if root has no socket auth

# the parts, their ports and databases: deploy/stack.tsv (the gateway listens on PORT_BASE itself)
declare -A TABLE_PORT=() DBNAME=(); SERVICES=()
while read -r _part _port _db _; do
  [[ -z "$_part" || "$_part" == \#* ]] && continue
  TABLE_PORT[$_part]=$_port
  [[ "$_part" == gateway ]] && continue
  SERVICES+=("$_part"); [[ "$_db" == - ]] || DBNAME[$_part]=$_db
done <"$REPO/deploy/stack.tsv"
unset _part _port _db
PIDS="$STATE/pids" LOGS="$STATE/logs" SECRETS="$STATE/secrets"

svc_port() { [[ -n "${TABLE_PORT[$1]:-}" ]] && echo $((PORT_BASE + TABLE_PORT[$1] - 8080)); }   # as deploy/stack.tsv says
db_names() { local s out=(); for s in "${SERVICES[@]}"; do [[ -z "${DBNAME[$s]:-}" ]] || out+=("${DBNAME[$s]}"); done; (IFS=,; echo "${out[*]}"); }
jar_of()   { echo "$REPO/$1/target/quarkus-app/quarkus-run.jar"; }

# ---------------------------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------------------------
if [[ -t 1 ]]; then C_OK=$'\e[32m' C_BAD=$'\e[31m' C_DIM=$'\e[2m' C_B=$'\e[1m' C_0=$'\e[0m' TTY=1
else C_OK='' C_BAD='' C_DIM='' C_B='' C_0='' TTY=0; fi
now()   { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
T0=$(now)
begin() { [[ $TTY == 1 ]] && printf '  %s… %-16s %s%s' "$C_DIM" "$1" "$2" "$C_0" || true; }
clear_line() { [[ $TTY == 1 ]] && printf '\r\e[K' || true; }
ok()    { clear_line; printf '  %s✔%s %-16s %s %s(%s)%s\n' "$C_OK" "$C_0" "$1" "$2" "$C_DIM" "$(since "${3:-$T0}")" "$C_0"; }
fail()  { clear_line; printf '  %s✘%s %-16s %s\n' "$C_BAD" "$C_0" "$1" "$2" >&2; }
log_tail() { [[ -f "$1" ]] && { echo "  ---- last lines of $1 ----" >&2; tail -n "${2:-30}" "$1" | sed 's/^/  | /' >&2; } || true; }
UP_HINT=""                         # set by `up`: what to do about parts that were already started
die()   { fail "$1" "$2"; [[ -n "${3:-}" ]] && log_tail "$3"; [[ -z "$UP_HINT" ]] || echo "$UP_HINT" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Privileges, packages
# ---------------------------------------------------------------------------------------------
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@" || sudo "$@"
  else echo "root privileges are needed for: $*" >&2; return 1; fi
}

# ---------------------------------------------------------------------------------------------
# Process helpers: pid files under <state>/pids, each process marked so a stale pid is never killed
# ---------------------------------------------------------------------------------------------
alive() { local st; st=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null) || return 1; [[ -n "$st" && "$st" != Z && "$st" != X ]]; }
cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }
marker_of() {                      # what /proc/<pid>/cmdline must contain for a part
  case "$1" in
    mariadb) echo "/usr/sbin/m" ;;       # /usr/sbin/mariadbd or /usr/sbin/mysqld, as start-stop-daemon ran it
    redis)   echo "redis-server" ;;
    nginx)   echo "$STATE/nginx " ;;
    *)       echo "-Dhaneul.part=$1 -Dhaneul.home=$STATE " ;;
  esac
}
pid_of() {                         # prints the pid if our process for the part is alive
  local f="$PIDS/$1.pid" pid; [[ -f "$f" ]] || return 1
  pid=$(tr -dc 0-9 <"$f"); [[ -n "$pid" ]] && alive "$pid" || return 1
  [[ "$(cmdline "$pid")" == *"$(marker_of "$1")"* ]] || return 1
  echo "$pid"
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }
spawn() {                          # spawn <part> <command…>: detached, output appended to logs/<part>.log
  local part=$1; shift
  nohup setsid "$@" >>"$LOGS/$part.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$part.pid"
}
stop_parts() {                     # stop_parts <timeout-seconds> <part…>: TERM all, wait, KILL leftovers
  local timeout=$1; shift; local part pid t; t=$(now); local -A pids=()
  for part in "$@"; do
    if pid=$(pid_of "$part"); then pids[$part]=$pid; kill -TERM "$pid" 2>/dev/null || true
    else rm -f "$PIDS/$part.pid"; fi
  done
  local deadline=$((SECONDS + timeout))
  for part in "$@"; do
    [[ -n "${pids[$part]:-}" ]] || continue
    while alive "${pids[$part]}" && ((SECONDS < deadline)); do sleep 0.2; done
    if alive "${pids[$part]}"; then
      kill -KILL "${pids[$part]}" 2>/dev/null || true; sleep 0.3
      ok "$part" "killed after ${timeout}s (pid ${pids[$part]})" "$t"
    else ok "$part" "stopped (pid ${pids[$part]})" "$t"; fi
    rm -f "$PIDS/$part.pid"
  done
}

# render <template> NAME=value…: the template with each ${NAME} filled in (deploy/render-template.sh)
render() { bash "$REPO/deploy/render-template.sh" "$@"; }
