# shellcheck shell=bash
# deploy/local/gateway.sh — the nginx gateway, from deploy/nginx/local.conf.template and the compose path's server block.
# Sourced by ./haneul after lib.sh (functions only; nothing runs when it is sourced).

# ---------------------------------------------------------------------------------------------
# nginx gateway
# ---------------------------------------------------------------------------------------------
NDIR="$STATE/nginx"
write_nginx_config() {             # the compose path's server block, with upstreams on this machine's ports
  local svc up=()
  mkdir -p "$NDIR/tmp"
  for svc in compute-api scheduler network-service volume-service billing ec2-api; do
    up+=("UPSTREAM_$(tr 'a-z-' 'A-Z_' <<<"$svc")=127.0.0.1:$(svc_port "$svc")")
  done
  render "$REPO/deploy/nginx/compose/default.conf.template" "${up[@]}" GATEWAY_LISTEN="127.0.0.1:$PORT_BASE" \
    GATEWAY_ROUTES="$REPO/deploy/nginx/routes.conf" >"$NDIR/default.conf"
  render "$REPO/deploy/nginx/local.conf.template" NGINX_DIR="$NDIR" NGINX_PID="$PIDS/nginx.pid" \
    NGINX_LOG="$LOGS/nginx.log" >"$NDIR/nginx.conf"
}
nginx_cmd() { local n; n=$(command -v nginx || echo /usr/sbin/nginx); "$n" -p "$NDIR" -c "$NDIR/nginx.conf" -e "$LOGS/nginx.log" "$@"; }
start_nginx() {
  local t pid; t=$(now)
  write_nginx_config
  if pid=$(pid_of nginx); then
    nginx_cmd -s reload >>"$LOGS/nginx.log" 2>&1 || true
    ok nginx "already running (pid $pid, config reloaded, http://127.0.0.1:$PORT_BASE)" "$t"; return
  fi
  port_open "$PORT_BASE" && die nginx "port $PORT_BASE is already in use by another process (ss -ltnp 'sport = :$PORT_BASE'); set HANEUL_PORT_BASE"
  nginx_cmd -t -q >>"$LOGS/nginx.log" 2>&1 || die nginx "invalid configuration $NDIR/nginx.conf" "$LOGS/nginx.log"
  nginx_cmd >>"$LOGS/nginx.log" 2>&1 || die nginx "nginx failed to start" "$LOGS/nginx.log"
  local deadline=$((SECONDS + 15))
  until [[ "$(http_code "http://127.0.0.1:$PORT_BASE/healthz")" == 200 ]]; do
    ((SECONDS < deadline)) || die nginx "gateway does not answer on 127.0.0.1:$PORT_BASE" "$LOGS/nginx.log"; sleep 0.2
  done
  ok nginx "started (pid $(pid_of nginx), http://127.0.0.1:$PORT_BASE)" "$t"
}
