# shellcheck shell=bash
# deploy/local/stack.sh — the commands over the running stack: up, down, status, logs.
# Sourced by ./haneul after lib.sh (functions only; nothing runs when it is sourced).

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------
prepare_state() {
  mkdir -p "$STATE" "$PIDS" "$LOGS" "$KDIR" "$NDIR" "$SECRETS"; chmod 700 "$SECRETS"
}
save_settings() {
  printf 'SAVED_PORT_BASE=%q\nSAVED_KAFKA_PORT=%q\nSAVED_DB_PREFIX=%q\nSAVED_REDIS_DB=%q\n' \
    "$PORT_BASE" "$KAFKA_PORT" "$DB_PREFIX" "$REDIS_DB" >"$STATE/stack.env"
}
driver_refusal() {                # why this machine cannot run the linux driver's guests (nothing when it can)
  local t
  [[ $(id -u) == 0 ]] || { echo "not root"; return; }
  (( $(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0) > 0 )) || { echo "user namespaces are disabled"; return; }
  grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || { echo "the kernel has no overlayfs"; return; }
  [[ -e /dev/loop-control ]] || { echo "no loop devices"; return; }
  for t in /usr/bin/python3 /usr/sbin/nft /usr/sbin/debootstrap /usr/bin/nsenter /usr/bin/unshare /usr/sbin/mkfs.ext4; do
    [[ -x $t ]] || { echo "$t is missing"; return; }
  done
}
choose_driver() {                 # linux when asked for and possible, else simulated with the reason said
  case "$DRIVER" in
    simulated) DRIVER_NOTE="simulated (records only; --driver linux for real guests)" ;;
    linux)
      ensure_packages linux
      local why; why=$(driver_refusal)
      if [[ -n "$why" ]]; then
        DRIVER=simulated DRIVER_NOTE="simulated: this machine cannot run real guests ($why)"
        fail driver "linux driver unavailable: $why; using the simulated driver"
      else
        DRIVER_NOTE="linux (real guests; ssh to their public IPs from this machine; image cache /var/cache/haneul/images)"
      fi ;;
    *) echo "--driver must be simulated or linux, not '$DRIVER'" >&2; exit 2 ;;
  esac
}
cmd_up() {
  local no_build=0 fresh=0 a next=""
  for a in "$@"; do
    if [[ $next == driver ]]; then DRIVER=$a next=""; continue; fi
    case "$a" in --no-build) no_build=1 ;; --fresh) fresh=1 ;; --driver) next=driver ;; --driver=*) DRIVER=${a#--driver=} ;;
      *) echo "unknown option: $a" >&2; exit 2 ;; esac
  done
  [[ -z $next ]] || { echo "--driver needs simulated or linux" >&2; exit 2; }
  prepare_state; save_settings
  UP_HINT="  Parts started so far keep running: ./haneul status | ./haneul logs <part> | ./haneul down"
  echo "${C_B}Haneul up${C_0}  state=$STATE  gateway=127.0.0.1:$PORT_BASE  kafka=127.0.0.1:$KAFKA_PORT  db-prefix=$DB_PREFIX  redis-db=$REDIS_DB"
  ensure_packages
  choose_driver
  start_mariadb
  start_redis
  if ((fresh)); then
    stop_parts 20 nginx "${SERVICES[@]}" kafka >/dev/null
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" -n "$REDIS_DB" FLUSHDB >/dev/null || die redis "FLUSHDB $REDIS_DB failed"
    rm -rf "$STATE/blocks"          # the volumes' data go with the databases that knew them
    ok fresh "stack stopped, redis db $REDIS_DB flushed, volume data removed, kafka data and databases will be recreated"
  fi
  setup_databases "$fresh"
  setup_secrets
  build "$no_build"
  start_kafka "$fresh"
  start_services
  start_nginx
  local gw="http://127.0.0.1:$PORT_BASE"
  cat <<EOF

${C_B}Haneul is up${C_0} in $(since "$T0").
  Gateway       $gw
  Swagger UI    $gw/q/swagger-ui/
  Access key    $ACCESS_KEY_ID
  Secret key    $SECRET_ACCESS_KEY
  Credentials   $STATE/credentials   (AWS_SHARED_CREDENTIALS_FILE=$STATE/credentials AWS_CONFIG_FILE=$STATE/config)
  Driver        $DRIVER_NOTE

Try it:
  TOKEN=\$(curl -s -X POST $gw/v1/auth/token -H 'Content-Type: application/json' -d '{"accessKeyId":"$ACCESS_KEY_ID","secretAccessKey":"$SECRET_ACCESS_KEY"}' | sed -E 's/.*"(accessToken|token)" *: *"([^"]+)".*/\\2/')
  curl -s $gw/v1/instance-types -H "Authorization: Bearer \$TOKEN"
  AWS_SHARED_CREDENTIALS_FILE=$STATE/credentials AWS_CONFIG_FILE=$STATE/config aws ec2 describe-instance-types   (the EC2 API)

Status: ./haneul status    Logs: ./haneul logs [part]    Stop: ./haneul down
EOF
}
cmd_down() {
  echo "${C_B}Haneul down${C_0}  state=$STATE"
  [[ -d "$PIDS" ]] || { echo "  nothing to stop (no $PIDS)"; return; }
  stop_parts 15 nginx
  stop_parts 30 "${SERVICES[@]}"
  stop_parts 30 kafka
  if [[ -f "$PIDS/redis.pid" ]]; then stop_parts 20 redis; fi
  if [[ -f "$PIDS/mariadb.pid" && -f "$PIDS/mariadb.ours" ]]; then
    local pid t; t=$(now)
    if pid=$(pid_of mariadb); then
      as_root kill -TERM "$pid"; local deadline=$((SECONDS + 60))
      while alive "$pid" && ((SECONDS < deadline)); do sleep 0.3; done
      alive "$pid" && as_root kill -KILL "$pid"
      ok mariadb "stopped (pid $pid)" "$t"
    fi
    rm -f "$PIDS/mariadb.pid" "$PIDS/mariadb.ours"
  fi
  echo "  data kept under $STATE (./haneul up --fresh resets it)"
}
cmd_status() {
  local part pid port
  printf '%-16s %-9s %-8s %-6s %s\n' PART STATE PID PORT HEALTH
  row() { printf '%-16s %-9s %-8s %-6s %s\n' "$@"; }
  if mariadb_alive; then pid=$(pid_of mariadb || pidof mariadbd mysqld 2>/dev/null | awk '{print $1}') || true
    row mariadb running "${pid:--}" "$DB_PORT" "ok$([[ -f "$PIDS/mariadb.ours" ]] && echo " (started by haneul)" || true)"
  else row mariadb stopped - "$DB_PORT" -; fi
  if redis_alive; then pid=$(pid_of redis || pgrep -f "redis-server 127.0.0.1:$REDIS_PORT" | head -n1) || true
    row redis running "${pid:--}" "$REDIS_PORT" "PONG (db $REDIS_DB)$([[ -f "$PIDS/redis.pid" ]] && echo ", started by haneul" || true)"
  else row redis stopped - "$REDIS_PORT" -; fi
  if pid=$(pid_of kafka); then row kafka running "$pid" "$KAFKA_PORT" "$(port_open "$KAFKA_PORT" && echo "port open" || echo "port closed")"
  else row kafka stopped - "$KAFKA_PORT" -; fi
  for part in "${SERVICES[@]}"; do
    port=$(svc_port "$part")
    if pid=$(pid_of "$part"); then row "$part" running "$pid" "$port" "ready=$(http_code "http://127.0.0.1:$port/q/health/ready")"
    else row "$part" stopped - "$port" -; fi
  done
  if pid=$(pid_of nginx); then row nginx running "$pid" "$PORT_BASE" "healthz=$(http_code "http://127.0.0.1:$PORT_BASE/healthz")"
  else row nginx stopped - "$PORT_BASE" -; fi
}
cmd_logs() {
  [[ -d "$LOGS" ]] || { echo "no logs yet under $LOGS" >&2; exit 1; }
  if [[ -n "${1:-}" ]]; then
    [[ -f "$LOGS/$1.log" ]] || { echo "no log for '$1'; available: $(cd "$LOGS" && ls ./*.log 2>/dev/null | sed 's|^\./||; s/\.log$//' | tr '\n' ' ')" >&2; exit 1; }
    exec tail -n 100 -F "$LOGS/$1.log"
  fi
  exec tail -n 20 -F "$LOGS"/*.log
}
