# shellcheck shell=bash
# deploy/local/services.sh — builds the jars and runs the six services (their environment, start, readiness).
# Sourced by ./haneul after lib.sh (functions only; nothing runs when it is sourced).

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------
jars_fresh() {
  local svc oldest=""
  for svc in "${SERVICES[@]}"; do
    [[ -f "$(jar_of "$svc")" ]] || return 1
    [[ -z "$oldest" || "$(jar_of "$svc")" -ot "$oldest" ]] && oldest=$(jar_of "$svc")
  done
  [[ -z "$(find "$REPO" \( -name target -o -name .git -o -name node_modules -o -path "$STATE" -o -path "$REPO/.haneul" \) -prune \
          -o \( -path '*/src/*' -o -name pom.xml \) -type f -newer "$oldest" -print -quit)" ]]
}
build() {
  local t no_build=$1 svc; t=$(now)
  if ((no_build)); then
    for svc in "${SERVICES[@]}"; do
      [[ -f "$(jar_of "$svc")" ]] || die build "--no-build but $(jar_of "$svc") is missing: run ./haneul up without --no-build"
    done
    ok build "skipped (--no-build)" "$t"; return
  fi
  if jars_fresh; then ok build "up to date (jars newer than sources)" "$t"; return; fi
  begin build "./mvnw -B -q -DskipTests package (log: $LOGS/build.log)"
  (cd "$REPO" && ./mvnw -B -q -DskipTests package) >"$LOGS/build.log" 2>&1 || die build "Maven build failed" "$LOGS/build.log"
  for svc in "${SERVICES[@]}"; do
    [[ -f "$(jar_of "$svc")" ]] || die build "build succeeded but $(jar_of "$svc") is missing (is $svc a Quarkus module of the reactor?)"
  done
  ok build "built ${#SERVICES[@]} services" "$t"
}

# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------
service_env() {                   # prints NAME=value lines for one service
  local svc=$1 db
  echo "QUARKUS_HTTP_HOST=127.0.0.1"
  echo "QUARKUS_HTTP_PORT=$(svc_port "$svc")"
  echo "HANEUL_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT"
  echo "HANEUL_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/$REDIS_DB"
  echo "HANEUL_JWT_PUBLIC_KEY=$SECRETS/jwt-public.pem"
  echo "HANEUL_REGION=$REGION"
  echo "HANEUL_AVAILABILITY_ZONES=$AZS"
  if [[ -n "${DBNAME[$svc]:-}" ]]; then
    db="${DB_PREFIX}_${DBNAME[$svc]}"
    printf '%s\n' "HANEUL_DB_HOST=$DB_HOST" "HANEUL_DB_PORT=$DB_PORT" "HANEUL_DB_NAME=$db" \
      "HANEUL_DB_USER=$db" "HANEUL_DB_PASSWORD=$(db_password "${DBNAME[$svc]}")"
  fi
  case "$svc" in
    compute-api)
      printf '%s\n' "HANEUL_JWT_PRIVATE_KEY=$SECRETS/jwt-private.pem" \
        "HANEUL_ACCESS_KEY_SEAL_KEY=$SECRETS/access-key-seal.key" \
        "HANEUL_BOOTSTRAP_ACCESS_KEY_ID=$ACCESS_KEY_ID" "HANEUL_BOOTSTRAP_SECRET_ACCESS_KEY=$SECRET_ACCESS_KEY" \
        "HANEUL_NETWORK_URL=http://127.0.0.1:$(svc_port network-service)" \
        "HANEUL_SCHEDULER_URL=http://127.0.0.1:$(svc_port scheduler)" \
        "HANEUL_VOLUME_URL=http://127.0.0.1:$(svc_port volume-service)" \
        "HANEUL_BILLING_URL=http://127.0.0.1:$(svc_port billing)" ;;
    volume-service)
      # real guests: volumes' and snapshots' data live in the block store this service shares with the hosts
      [[ $DRIVER != linux ]] || echo "HANEUL_VOLUME_BLOCK_STORE=$STATE/blocks" ;;
    ec2-api)
      # the EC2 Query endpoint calls the REST API through the gateway (compute-api checks its signatures)
      echo "HANEUL_API_URL=http://127.0.0.1:$PORT_BASE"
      echo "HANEUL_AUTH_URL=http://127.0.0.1:$(svc_port compute-api)" ;;
    host-agent)
      echo "HANEUL_AGENT_ID=${HANEUL_AGENT_ID:-agent-1}"
      echo "HANEUL_AGENT_DRIVER=$DRIVER"
      if [[ $DRIVER == linux ]]; then
        # real guests: every host is this machine (one per zone, its cores and memory); guests under the state dir
        echo "HANEUL_AGENT_HOSTS_PER_AZ=${HANEUL_AGENT_HOSTS_PER_AZ:-1}"
        echo "HANEUL_AGENT_LINUX_STATE_DIR=$STATE/guests"
        echo "HANEUL_AGENT_LINUX_BLOCK_STORE=$STATE/blocks"
        echo "HANEUL_AGENT_HOST_VCPUS=$(nproc)"
        echo "HANEUL_AGENT_HOST_MEMORY_MIB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
      else
        echo "HANEUL_AGENT_HOSTS_PER_AZ=$AGENT_HOSTS_PER_AZ"
      fi
      [[ -z "$AGENT_BOOT_DELAY" ]] || echo "HANEUL_AGENT_BOOT_DELAY=$AGENT_BOOT_DELAY" ;;
  esac
}
start_services() {
  local t svc pid port started=() ; t=$(now)
  for svc in "${SERVICES[@]}"; do
    port=$(svc_port "$svc")
    if pid=$(pid_of "$svc"); then ok "$svc" "already running (pid $pid, 127.0.0.1:$port)" "$t"; continue; fi
    [[ -f "$(jar_of "$svc")" ]] || die "$svc" "jar missing: $(jar_of "$svc") (run ./haneul up without --no-build)"
    port_open "$port" && die "$svc" "port $port is already in use by another process (ss -ltnp 'sport = :$port'); set HANEUL_PORT_BASE"
    local envs=(); mapfile -t envs < <(service_env "$svc")
    echo "==== $(date '+%F %T') starting $svc on 127.0.0.1:$port" >>"$LOGS/$svc.log"
    spawn "$svc" env "${envs[@]}" java -Xms64m -Xmx384m -XX:+UseSerialGC ${HANEUL_JAVA_OPTS:-} \
      -Dhaneul.part="$svc" -Dhaneul.home="$STATE" -jar "$(jar_of "$svc")"
    started+=("$svc")
  done
  # wait until every service is ready (also the ones that were already running)
  local deadline=$((SECONDS + START_TIMEOUT)) pending=("${SERVICES[@]}") next code
  while ((${#pending[@]})); do
    next=()
    for svc in "${pending[@]}"; do
      pid=$(pid_of "$svc") || die "$svc" "exited during start-up" "$LOGS/$svc.log"
      code=$(http_code "http://127.0.0.1:$(svc_port "$svc")/q/health/ready")
      if [[ "$code" == 200 ]]; then
        [[ " ${started[*]} " == *" $svc "* ]] && ok "$svc" "ready (pid $pid, 127.0.0.1:$(svc_port "$svc"))" "$t"
      else next+=("$svc"); fi
    done
    pending=("${next[@]}")
    ((${#pending[@]})) || break
    if ((SECONDS >= deadline)); then
      for svc in "${pending[@]}"; do fail "$svc" "not ready after ${START_TIMEOUT}s (/q/health/ready = $(http_code "http://127.0.0.1:$(svc_port "$svc")/q/health/ready"))"; log_tail "$LOGS/$svc.log" 20; done
      echo "$UP_HINT" >&2; exit 1
    fi
    clear_line; begin services "waiting for ${pending[*]}"
    sleep 1
  done
  clear_line
}
