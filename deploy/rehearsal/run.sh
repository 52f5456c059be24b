#!/usr/bin/env bash
# deploy/rehearsal/run.sh — rehearse the three-server split on ONE Linux machine, without Docker.
#
# Three network namespaces play the three servers, joined by a bridge that lives in a fourth namespace
# (so the host's own iptables never see the traffic):
#   hr<id>-s1 10.203.0.1  nginx gateway + compute-api + ec2-api (deploy/server-1/compose.yml)
#   hr<id>-s2 10.203.0.2  scheduler, network, volume, billing, agent (deploy/server-2/compose.yml)
#   hr<id>-s3 10.203.0.3  Kafka (KRaft), mariadbd, redis-server  (deploy/server-3/compose.yml)
# Each runs as processes what its server runs as containers. The settings are a deploy/.env made from
# deploy/.env.example (addresses 10.203.0.x, generated passwords); each service's environment is the
# one `docker-compose config` resolves from the server's compose file with that .env, so the rehearsal
# exercises the compose files' wiring. Only paths (secrets, state dir) and the JVM options differ.
#
# Scenario: a launch through server 1's nginx reaches `running`; then instances are launched, server 3
# is cut off for 30 s (its link down), a launch is tried during the cut, the link comes back; every
# launch that was accepted (202) must reach `running` with no process restarted, and the scheduler, which
# heard no host during the cut, must not have marked any host down for it.
#
# Usage: deploy/rehearsal/run.sh          (root; exits 77 with "SKIPPED" where `ip netns add` is refused)
# Env: REHEARSAL_KEEP=1 keeps the temp dir (logs) after the run; REHEARSAL_CUT_SECONDS (30).
# Cleans up everything it started (processes, namespaces, veths, temp dir) on every exit (trap).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CUT_SECONDS="${REHEARSAL_CUT_SECONDS:-30}"
ID="$$"; NS_PREFIX="hr${ID}"
NS1="${NS_PREFIX}-s1" NS2="${NS_PREFIX}-s2" NS3="${NS_PREFIX}-s3" NSW="${NS_PREFIX}-sw"
A1=10.203.0.1 A2=10.203.0.2 A3=10.203.0.3
JAVA_OPTS_R="-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"
# the parts on server 2 and every part's port: deploy/stack.tsv, as the compose files
mapfile -t SERVICES2 < <(awk '!/^#/ && $4 == 2 { print $1 }' "$REPO/deploy/stack.tsv")
mapfile -t SERVICES1 < <(awk '!/^#/ && $4 == 1 && $1 != "gateway" { print $1 }' "$REPO/deploy/stack.tsv")
declare -A PORT=(); while read -r _p _port _; do PORT[$_p]=$_port; done < <(awk '!/^#/ && NF' "$REPO/deploy/stack.tsv")
T0=$SECONDS
say()  { printf '  [%4ss] %s\n' "$((SECONDS - T0))" "$*"; }
skip() { echo "  rehearsal SKIPPED: $*"; exit 77; }   # ./haneul test reports 77 as SKIPPED, and fails
die()  { echo "  rehearsal FAILED: $*" >&2; FAILED=1; exit 1; }

# ---- preconditions: skip (exit 77, never a silent pass) where the machine cannot do it -------------------------------------
[[ $EUID -eq 0 ]] || skip "needs root (network namespaces)"
command -v ip >/dev/null || skip "iproute2 missing"
ip netns add "${NS_PREFIX}-probe" 2>/dev/null || skip "ip netns add is not permitted here"
ip netns del "${NS_PREFIX}-probe"
for b in /usr/sbin/mariadbd /usr/bin/mariadb-install-db redis-server nginx java curl python3 docker-compose; do
  command -v "$b" >/dev/null || [[ -x "$b" ]] || skip "$b is not installed (./haneul up installs the servers; deploy/validate.sh docker-compose)"
done
for svc in "${SERVICES1[@]}" "${SERVICES2[@]}"; do
  [[ -f "$REPO/$svc/target/quarkus-app/quarkus-run.jar" ]] || skip "$svc jar missing (./mvnw -B -DskipTests package)"
done

T=$(mktemp -d /tmp/haneul-rehearsal.XXXXXX); FAILED=0
PIDS=()
diagnose() {   # on failure, before anything is stopped: what the instances and the services say
  echo "  ---- diagnosis (before cleanup)"
  if [[ -n "${TOKEN:-}" ]]; then
    API_TIMEOUT=5 api -H "Authorization: Bearer $TOKEN" "$GW/v1/instances?limit=100" 2>/dev/null | python3 -c '
import sys, json
try:
    for i in json.load(sys.stdin).get("instances", []):
        print("  | instance", i.get("instanceId"), i.get("state", {}).get("name"), i.get("stateReason") or "", i.get("placement", {}).get("hostId"))
except Exception as e: print("  | instance list unavailable:", e)'
  fi
  local f
  for f in "$T"/logs/*.log; do
    [[ -f "$f" ]] || continue
    echo "  ---- $(basename "$f"): last ERROR lines, then the last lines"
    { grep -E ' ERROR | SEVERE ' "$f" | tail -n 5; tail -n 8 "$f"; } | cut -c1-400 | sed 's/^/  | /'
  done
}
cleanup() {
  local rc=$? ns pid
  set +e
  if ((rc != 0 && rc != 130)) || ((FAILED)); then diagnose; fi
  for ns in "$NS1" "$NS2" "$NS3"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null; done
  done
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  local deadline=$((SECONDS + 20))
  while ((SECONDS < deadline)); do
    local left=0
    for ns in "$NS1" "$NS2" "$NS3"; do [[ -z "$(ip netns pids "$ns" 2>/dev/null)" ]] || left=1; done
    ((left)) || break; sleep 0.3
  done
  for ns in "$NS1" "$NS2" "$NS3"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  done
  for ns in "$NS1" "$NS2" "$NS3" "$NSW"; do ip netns del "$ns" 2>/dev/null; done   # takes the veths along
  if [[ "${REHEARSAL_KEEP:-0}" == 1 ]]; then echo "  kept $T"; else rm -rf "$T"; fi
  echo "  rehearsal cleanup done (namespaces, processes, temp dir)"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$T/logs" "$T/secrets" "$T/s2" "$T/s3" "$T/nginx/tmp" "$T/apps"

# poll <deadline-seconds> <description> <command…>: poll a condition, never a fixed sleep
poll() {
  local limit=$1 what=$2; shift 2; local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what: not true after ${limit}s"
    sleep 1
  done
}
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
spawn() {   # spawn <ns> <name> <command…> (env via `env`): detached, log in $T/logs/<name>.log
  local ns=$1 name=$2; shift 2
  ip netns exec "$ns" setsid "$@" >>"$T/logs/$name.log" 2>&1 </dev/null &
  PIDS+=("$!"); echo "$!" >"$T/$name.pid"
}

# ---- settings: deploy/.env for the rehearsal --------------------------------------------------------
rnd() { head -c 64 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-"$1"; }
# a KRaft cluster id: 16 random bytes, URL-safe base64 without padding, never starting with '-' (the storage
# tool would take "-…" for an option, as Kafka's own random-uuid knows: it draws again; so do we)
cluster_id() {
  local id
  while id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22) && [[ $id == -* ]]; do :; done
  echo "$id"
}
{
  while IFS= read -r line; do
    case "$line" in
      SERVER1_ADDR=*) echo "SERVER1_ADDR=$A1" ;; SERVER2_ADDR=*) echo "SERVER2_ADDR=$A2" ;; SERVER3_ADDR=*) echo "SERVER3_ADDR=$A3" ;;
      KAFKA_CLUSTER_ID=) echo "KAFKA_CLUSTER_ID=$(cluster_id)" ;;
      HANEUL_BOOTSTRAP_ACCESS_KEY_ID=) echo "HANEUL_BOOTSTRAP_ACCESS_KEY_ID=AKIA$(rnd 16 | tr a-f A-F)" ;;
      HANEUL_BOOTSTRAP_SECRET_ACCESS_KEY=) echo "HANEUL_BOOTSTRAP_SECRET_ACCESS_KEY=$(rnd 40)" ;;
      *=) echo "${line}$(rnd 24)" ;;
      *) echo "$line" ;;
    esac
  done <"$REPO/deploy/.env.example"
} >"$T/.env"
chmod 600 "$T/.env"
set -a; # shellcheck disable=SC1091
. "$T/.env"; set +a
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/secrets/jwt-private.pem" 2>/dev/null
openssl pkey -in "$T/secrets/jwt-private.pem" -pubout -out "$T/secrets/jwt-public.pem" 2>/dev/null
openssl rand -base64 32 >"$T/secrets/access-key-seal.key"

# each service's environment, as docker-compose resolves it from the server's compose file
for s in 1 2; do
  docker-compose --env-file "$T/.env" -f "$REPO/deploy/server-$s/compose.yml" config >"$T/server-$s.resolved.yml" 2>"$T/logs/compose-config.log" ||
    die "docker-compose config of deploy/server-$s/compose.yml with the rehearsal .env"
done
envfile() {   # envfile <server> <service>: NAME=value lines, container paths mapped to the rehearsal's
  python3 - "$T/server-$1.resolved.yml" "$2" "$T" "$A1" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1])); svc = doc["services"][sys.argv[2]]; t = sys.argv[3]
env = svc.get("environment") or {}
if isinstance(env, list): env = dict(e.split("=", 1) for e in env)
for k, v in env.items():
    v = "" if v is None else str(v)
    v = v.replace("/run/secrets/jwt_public_key", t + "/secrets/jwt-public.pem")
    v = v.replace("/run/secrets/jwt_private_key", t + "/secrets/jwt-private.pem")
    v = v.replace("http://nginx:8080", "http://" + sys.argv[4] + ":8080")   # the gateway, on server 1's address
    v = v.replace("http://compute-api:8081", "http://127.0.0.1:8081")        # beside ec2-api on server 1
    v = v.replace("/run/secrets/access_key_seal_key", t + "/secrets/access-key-seal.key")
    if k == "JAVA_OPTS": continue
    print(f"{k}={v}")
PY
}

# ---- network: 3 servers + 1 switch namespace -----------------------------------------------------------
say "network: namespaces $NS1/$NS2/$NS3, bridge in $NSW, 10.203.0.0/24"
ip netns add "$NSW"; in_ns "$NSW" ip link add br0 type bridge; in_ns "$NSW" ip link set br0 up; in_ns "$NSW" ip link set lo up
i=0
for ns in "$NS1" "$NS2" "$NS3"; do
  i=$((i + 1)); ip netns add "$ns"
  ip link add "${NS_PREFIX}v$i" type veth peer name "${NS_PREFIX}p$i"
  ip link set "${NS_PREFIX}v$i" netns "$ns"; ip link set "${NS_PREFIX}p$i" netns "$NSW"
  in_ns "$ns" ip link set "${NS_PREFIX}v$i" name eth0
  in_ns "$ns" ip addr add "10.203.0.$i/24" dev eth0
  in_ns "$ns" ip link set eth0 up; in_ns "$ns" ip link set lo up
  in_ns "$NSW" ip link set "${NS_PREFIX}p$i" master br0; in_ns "$NSW" ip link set "${NS_PREFIX}p$i" up
done
link_up() { ip -n "$1" link show eth0 | grep -q LOWER_UP; }
for ns in "$NS1" "$NS2" "$NS3"; do poll 15 "$ns eth0 up" link_up "$ns"; done   # reachability: the polls below cross namespaces

# private copies of the apps: a concurrent `mvn package` elsewhere cannot pull a jar from under us
for svc in "${SERVICES1[@]}" "${SERVICES2[@]}"; do cp -r "$REPO/$svc/target/quarkus-app" "$T/apps/$svc"; done

# ---- server 3: MariaDB, Redis, Kafka --------------------------------------------------------------------
say "server 3: mariadbd, redis-server, kafka on $A3"
mariadb-install-db --no-defaults --user=root --datadir="$T/s3/mysql" >"$T/logs/mariadb-install.log" 2>&1 ||
  die "mariadb-install-db"
spawn "$NS3" mariadb /usr/sbin/mariadbd --no-defaults --user=root --datadir="$T/s3/mysql" \
  --socket="$T/s3/mysql.sock" --pid-file="$T/s3/mysql.pid" --bind-address="$A3" --port=3306 \
  --skip-log-bin --innodb-buffer-pool-size=64M --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --log-error="$T/logs/mariadb.log"
spawn "$NS3" redis redis-server --bind "$A3" --port 6379 --requirepass "$REDIS_PASSWORD" --save "" \
  --appendonly no --dir "$T/s3" --daemonize no
KCP="$REPO/.haneul/kafka/classpath.txt"
if [[ ! -s "$KCP" ]]; then
  KCP="$T/kafka-classpath.txt"
  (cd "$REPO" && ./mvnw -B -q -f deploy/local/kafka/pom.xml dependency:build-classpath -Dmdep.outputFile="$KCP") \
    >"$T/logs/kafka-classpath.log" 2>&1 || die "Kafka classpath (deploy/local/kafka/pom.xml)"
fi
mkdir -p "$T/s3/kafka"
# the same template ./haneul up renders, on server 3's address
bash "$REPO/deploy/render-template.sh" "$REPO/deploy/local/kafka/server.properties.template" KAFKA_HOST="$A3" \
  KAFKA_PORT=9092 CONTROLLER_PORT=9093 KDIR="$T/s3/kafka" >"$T/s3/kafka/server.properties"
KJAVA=(java -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dorg.slf4j.simpleLogger.log.state.change.logger=warn -cp "$(cat "$KCP")")
"${KJAVA[@]}" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$T/s3/kafka/server.properties" >>"$T/logs/kafka.log" 2>&1 ||
  die "Kafka storage format"
spawn "$NS3" kafka "${KJAVA[@]}" kafka.Kafka "$T/s3/kafka/server.properties"
poll 90 "mariadb answers on $A3:3306" in_ns "$NS3" mariadb-admin --socket="$T/s3/mysql.sock" -uroot ping
# the same init script the mariadb container runs on its first start
MARIADB_SOCKET="$T/s3/mysql.sock" bash "$REPO/deploy/mariadb/init/10-haneul-databases.sh" >>"$T/logs/mariadb.log" 2>&1 ||
  die "deploy/mariadb/init/10-haneul-databases.sh"
poll 30 "redis answers on $A3:6379 (with password)" bash -c "[[ \$(REDISCLI_AUTH='$REDIS_PASSWORD' ip netns exec $NS1 redis-cli -h $A3 ping) == PONG ]]"
poll 90 "kafka listens on $A3:9092" in_ns "$NS2" bash -c "exec 3<>/dev/tcp/$A3/9092"
# every topic before any service writes, as compose's kafka-topics service does (deploy/kafka/)
in_ns "$NS2" "${KJAVA[@]}" "$REPO/deploy/kafka/CreateTopics.java" "$A3:9092" "$REPO/deploy/kafka/topics.txt" \
  >>"$T/logs/kafka.log" 2>&1 || die "deploy/kafka/CreateTopics.java"
say "server 3 up (mariadb, redis, kafka reachable from servers 1 and 2)"

# ---- server 2: the workers --------------------------------------------------------------------------
start_java() {   # start_java <ns> <server> <service>
  local ns=$1 server=$2 svc=$3 envs=()
  mapfile -t envs < <(envfile "$server" "$svc")
  spawn "$ns" "$svc" env "${envs[@]}" HANEUL_HOME="$T/s$server/$svc" QUARKUS_DEVSERVICES_ENABLED=false \
    java $JAVA_OPTS_R -Dhaneul.rehearsal="$T" -jar "$T/apps/$svc/quarkus-run.jar"
}
ready() { [[ "$(in_ns "$1" curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$2/q/health/ready")" == 200 ]]; }
say "server 2: ${SERVICES2[*]}"
for svc in "${SERVICES2[@]}"; do mkdir -p "$T/s2/$svc"; start_java "$NS2" 2 "$svc"; done
# ---- server 1: compute-api, ec2-api + nginx ----------------------------------------------------------
say "server 1: ${SERVICES1[*]}"
for svc in "${SERVICES1[@]}"; do mkdir -p "$T/s1/$svc"; start_java "$NS1" 1 "$svc"; done
for svc in "${SERVICES2[@]}"; do poll 420 "$svc ready on $A2" ready "$NS2" "$A2:${PORT[$svc]}"; say "$svc ready"; done
for svc in "${SERVICES1[@]}"; do poll 420 "$svc ready" ready "$NS1" "127.0.0.1:${PORT[$svc]}"; say "$svc ready"; done

# nginx: the compose template rendered with server 1's upstreams (compute-api is local in the namespace)
python3 - "$T/server-1.resolved.yml" >"$T/nginx/upstreams" <<'PY'
import sys, yaml
env = yaml.safe_load(open(sys.argv[1]))["services"]["nginx"]["environment"]
if isinstance(env, list): env = dict(e.split("=", 1) for e in env)
env["UPSTREAM_COMPUTE_API"] = "127.0.0.1:8081"
env["UPSTREAM_EC2_API"] = "127.0.0.1:8087"
print("\n".join(f"{k}={v}" for k, v in env.items() if k.startswith("UPSTREAM_")))
PY
mapfile -t UPSTREAMS <"$T/nginx/upstreams"
bash "$REPO/deploy/render-template.sh" "$REPO/deploy/nginx/compose/default.conf.template" "${UPSTREAMS[@]}" \
  GATEWAY_LISTEN="$A1:8080" GATEWAY_ROUTES="$REPO/deploy/nginx/routes.conf" >"$T/nginx/default.conf"
bash "$REPO/deploy/render-template.sh" "$REPO/deploy/nginx/local.conf.template" NGINX_DIR="$T/nginx" \
  NGINX_PID="$T/nginx/nginx.pid" NGINX_LOG="$T/logs/nginx.log" >"$T/nginx/nginx.conf"
spawn "$NS1" nginx nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/logs/nginx.log" -g "daemon off;"
GW="http://$A1:8080"
poll 30 "nginx /healthz on $A1:8080" bash -c "[[ \$(ip netns exec $NS1 curl -s -o /dev/null -m 3 -w '%{http_code}' $GW/healthz) == 200 ]]"
say "all servers up"

# ---- the scenario --------------------------------------------------------------------------------------
api() { in_ns "$NS1" curl -s -m "${API_TIMEOUT:-15}" "$@"; }   # a client next to server 1
TOKEN=""
get_token() {
  TOKEN=$(api -X POST "$GW/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"accessKeyId\":\"$HANEUL_BOOTSTRAP_ACCESS_KEY_ID\",\"secretAccessKey\":\"$HANEUL_BOOTSTRAP_SECRET_ACCESS_KEY\"}" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])') && [[ -n "$TOKEN" ]]
}
poll 120 "token from $GW/v1/auth/token" get_token
# the EC2 Query endpoint answers through server 1's nginx (ec2-api beside compute-api): an unsigned call is refused
ec2_out=$(api -w '\n%{http_code}' "$GW/?Action=DescribeRegions&Version=2016-11-15")
[[ "${ec2_out##*$'\n'}" == 401 && "$ec2_out" == *"<Code>MissingAuthenticationToken</Code>"* ]] ||
  die "the EC2 endpoint on $GW answered ${ec2_out##*$'\n'}: $(echo "${ec2_out%$'\n'*}" | head -c 200)"
say "EC2 endpoint $GW/ answers (unsigned request: 401 MissingAuthenticationToken)"
launch() {   # launch <count> [clientToken]: prints instance ids of an accepted (202/200) launch; nothing if not accepted
  local out code token=${2:+,\"clientToken\":\"$2\"}
  out=$(api -w '\n%{http_code}' -X POST "$GW/v1/instances" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"imageId\":\"ami-0a1b2c3d4e5f60001\",\"instanceType\":\"t3.micro\",\"minCount\":$1,\"maxCount\":$1$token}") || true
  code=${out##*$'\n'}
  [[ "$code" == 202 || "$code" == 200 ]] || { echo "launch answered ${code:-no answer}: $(echo "${out%$'\n'*}" | head -c 200)" >&2; return 0; }
  echo "${out%$'\n'*}" | python3 -c 'import sys,json; [print(i["instanceId"]) for i in json.load(sys.stdin)["instances"]]'
}
state() { api -H "Authorization: Bearer $TOKEN" "$GW/v1/instances/$1" | python3 -c 'import sys,json; print(json.load(sys.stdin)["state"]["name"])' 2>/dev/null; }
all_running() { local id; for id in "$@"; do [[ "$(state "$id")" == running ]] || return 1; done; }

t=$SECONDS
mapfile -t FIRST < <(launch 1)
((${#FIRST[@]} == 1)) || die "first launch through server 1's nginx was not accepted"
poll 240 "first instance ${FIRST[0]} running" all_running "${FIRST[@]}"
say "launch through $GW: ${FIRST[0]} running after $((SECONDS - t))s"

# java pids before the cut: services must recover without restarts
declare -A JPID; for svc in "${SERVICES1[@]}" "${SERVICES2[@]}"; do JPID[$svc]=$(cat "$T/$svc.pid"); done

mapfile -t BEFORE < <(launch 2)
((${#BEFORE[@]} == 2)) || die "launch just before the cut was not accepted"
say "accepted just before the cut: ${BEFORE[*]}"
tcut=$SECONDS
in_ns "$NSW" ip link set "${NS_PREFIX}p3" down
say "server 3 CUT OFF (link down) for ${CUT_SECONDS}s"
# a launch sent while server 3 is away: the client waits up to 60 s (nginx's read timeout), like a real one
CT="rehearsal-during-cut-$ID"
( API_TIMEOUT=70 launch 1 "$CT" >"$T/during.ids" 2>>"$T/logs/during-cut.log" ) &
DURING_PID=$!
rest=$((CUT_SECONDS - (SECONDS - tcut))); ((rest > 0)) && sleep "$rest"      # the partition itself, not synchronisation
in_ns "$NSW" ip link set "${NS_PREFIX}p3" up
say "server 3 restored after $((SECONDS - tcut))s"
tr=$SECONDS
wait "$DURING_PID" || true
mapfile -t DURING <"$T/during.ids"
if ((${#DURING[@]})); then
  say "launch sent during the cut answered after $((SECONDS - tcut))s: accepted ${DURING[*]}"
else
  say "launch sent during the cut got no acceptance ($(tail -n1 "$T/logs/during-cut.log" | cut -c1-100)); retrying it with the same clientToken"
  retry_launch() { mapfile -t DURING < <(launch 1 "$CT" 2>>"$T/logs/during-cut.log"); ((${#DURING[@]} == 1)); }
  poll 120 "idempotent retry of the launch sent during the cut" retry_launch
  say "retry with clientToken $CT: ${DURING[*]} (the first request's instance if it had been accepted, never two)"
fi
ALL=("${BEFORE[@]}" "${DURING[@]}")
poll 300 "instances accepted before/during the cut reach running (${ALL[*]})" all_running "${ALL[@]}"
say "all ${#ALL[@]} instances accepted before/during the cut running $((SECONDS - tr))s after the restore"
for svc in "${SERVICES1[@]}" "${SERVICES2[@]}"; do
  kill -0 "${JPID[$svc]}" 2>/dev/null || die "$svc exited during the partition"
done
# the scheduler heard no host while server 3 was away: that is its own cut, not the hosts' death
if grep -q "is down: no heartbeat" "$T/logs/scheduler.log"; then
  die "the scheduler marked a host down because of the cut: $(grep -m1 'is down: no heartbeat' "$T/logs/scheduler.log" | cut -c1-200)"
fi
say "no host was marked down for the cut ($(grep -c 'marking no host down' "$T/logs/scheduler.log" || true) liveness hold(s) logged)"
poll 120 "every service ready again" bash -c "$(declare -f in_ns ready); NS1=$NS1 NS2=$NS2; ready $NS1 127.0.0.1:8081 && ready $NS2 $A2:8082 && ready $NS2 $A2:8083 && ready $NS2 $A2:8084 && ready $NS2 $A2:8085 && ready $NS2 $A2:8086"
# nothing orphaned: every instance of the account is running (none left pending or lost)
not_pending() {
  api -H "Authorization: Bearer $TOKEN" "$GW/v1/instances?limit=100" | python3 -c '
import sys, json
v = json.load(sys.stdin); xs = v.get("instances", v.get("items", []))
st = [(i["instanceId"], i["state"]["name"]) for i in xs]
print(st, file=sys.stderr)
sys.exit(0 if st and all(s == "running" for _, s in st) else 1)' 2>>"$T/logs/instances.log"
}
poll 120 "every instance of the account running" not_pending
say "account has $(( ${#FIRST[@]} + ${#ALL[@]} )) launched, all running: $(tail -n1 "$T/logs/instances.log" | cut -c1-200)"
mapfile -t AFTER < <(launch 1)
((${#AFTER[@]} == 1)) || die "launch after the restore was not accepted"
poll 240 "launch after the restore running" all_running "${AFTER[@]}"
say "after the restore: ${AFTER[0]} running; no service restarted (same pids)"
echo "  rehearsal PASSED in $((SECONDS - T0))s"
