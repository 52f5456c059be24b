# shellcheck shell=bash
# deploy/local/test.sh — the commands that test and measure: test (deploy checks, Maven, the rehearsal, a summary), bench.
# Sourced by ./haneul after lib.sh (functions only; nothing runs when it is sourced).

validate_deploy() {               # compose files, Dockerfiles, gateway template; no Docker engine needed
  local t; t=$(now)
  [[ -f "$REPO/deploy/validate.sh" ]] || { ok deploy "no deploy/validate.sh: skipped" "$t"; return 0; }
  echo "  validating deployment files (deploy/validate.sh)"
  if bash "$REPO/deploy/validate.sh"; then ok deploy "compose files, Dockerfiles and gateway template valid" "$t"
  else fail deploy "deploy/validate.sh found errors (see above)"; return 1; fi
}
rehearse_deploy() {               # three servers in network namespaces, 30 s cut of server 3 (≈ 2-3 min)
  local t; t=$(now)
  [[ -f "$REPO/deploy/rehearsal/run.sh" ]] || return 0
  if [[ "${HANEUL_TEST_REHEARSAL:-1}" == 0 ]]; then ok rehearsal "skipped (HANEUL_TEST_REHEARSAL=0)" "$t"; return 0; fi
  echo "  three-server rehearsal (deploy/rehearsal/run.sh)"
  local rc=0
  bash "$REPO/deploy/rehearsal/run.sh" || rc=$?
  case $rc in
    0) ok rehearsal "done" "$t" ;;
    77) fail rehearsal "skipped: it could not run here (see above); a test run that leaves it out fails"; return 77 ;;
    *) fail rehearsal "deploy/rehearsal/run.sh failed (see above)"; return 1 ;;
  esac
}
# The end of a test run: each module's outcome (Maven's reactor summary) and test counts (its surefire and
# failsafe reports), the deploy checks and the rehearsal, then one closing line of counts over all modules.
test_summary() {
  local log=$1 deploy_rc=$2 rehearsal_rc=$3 dir name result t f e k line
  local all_t=0 all_f=0 all_k=0
  echo "${C_B}Test summary${C_0}"
  printf '  %-22s %-8s %6s %7s %7s\n' module result tests failed skipped
  for dir in $(sed -n 's|^ *<module>\(.*\)</module>.*|\1|p' "$REPO/pom.xml"); do
    name=$(sed -n 's|^  <name>\(.*\)</name>.*|\1|p' "$REPO/$dir/pom.xml" | head -n 1)   # as the reactor names it
    line=$(grep -F "[INFO] ${name:-$dir} " "$log" 2>/dev/null | grep -E ' (SUCCESS|FAILURE|SKIPPED)' | tail -n 1 || true)
    result=$(grep -oE 'SUCCESS|FAILURE|SKIPPED' <<<"$line" | tail -n 1 || true)
    read -r t f e k < <(cat "$REPO/$dir"/target/{surefire,failsafe}-reports/TEST-*.xml 2>/dev/null \
      | grep -o '<testsuite [^>]*>' | awk '
          { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/[">]/, "", kv[2]); v[kv[1]] += kv[2] } }
          END { printf "%d %d %d %d\n", v["tests"], v["failures"], v["errors"], v["skipped"] }')
    printf '  %-22s %-8s %6d %7d %7d\n' "$dir" "${result:-not run}" "$t" $((f + e)) "$k"
    all_t=$((all_t + t)) all_f=$((all_f + f + e)) all_k=$((all_k + k))
  done
  printf '  %-22s %-8s\n' "deploy checks" "$( ((deploy_rc == 0)) && echo SUCCESS || echo FAILURE)"
  if [[ "${HANEUL_TEST_REHEARSAL:-1}" == 0 ]]; then printf '  %-22s %-8s\n' rehearsal "SKIPPED (HANEUL_TEST_REHEARSAL=0)"
  else printf '  %-22s %-8s\n' rehearsal "$(case $rehearsal_rc in 0) echo SUCCESS ;; 77) echo SKIPPED ;; *) echo FAILURE ;; esac)"; fi
  echo "tests: $((all_t - all_f - all_k)) passed, $all_f failed, $all_k skipped"
}
failed_requests() {                # what the end-to-end stack logged for the request ids quoted in failures
  local log=$1 id
  for id in $(grep -E '^\[ERROR\] ' "$log" 2>/dev/null | grep -oE '"requestId":"[0-9a-f]{32}"' \
      | cut -d'"' -f4 | sort -u | head -n 5); do
    echo "  ---- what the stack logged for request $id ----"
    grep -h -A 12 -F "$id" "$REPO"/e2e/target/stack/logs/*.log 2>/dev/null | grep -vE '^\s+at (io\.smallrye|io\.vertx|io\.netty|java\.base)' \
      | head -n 30 | sed 's/^/  | /' || true
  done
}
cmd_test() {
  prepare_state
  echo "${C_B}Haneul test${C_0}  state=$STATE"
  ensure_packages test
  start_mariadb
  start_redis
  setup_test_databases
  local deploy_rc=0
  validate_deploy || deploy_rc=$?
  echo "  running ./mvnw -B -fae verify (every module runs even when one fails; output also in $LOGS/test-maven.log)"
  local rc=0
  (cd "$REPO" && set -o pipefail && ./mvnw -B -fae verify 2>&1 | tee "$LOGS/test-maven.log") || rc=$?
  local rehearsal_rc=0
  rehearse_deploy || rehearsal_rc=$?
  failed_requests "$LOGS/test-maven.log"
  test_summary "$LOGS/test-maven.log" "$deploy_rc" "$rehearsal_rc"
  echo "haneul test: Maven exit code $rc, deploy validation exit code $deploy_rc, three-server rehearsal exit code $rehearsal_rc, elapsed $(since "$T0")"
  ((rc != 0)) || rc=$deploy_rc
  ((rc != 0)) || rc=$rehearsal_rc
  return "$rc"
}
cmd_bench() {
  [[ -f "$REPO/bench/run.sh" ]] || { echo "bench/run.sh does not exist yet" >&2; exit 1; }
  exec bash "$REPO/bench/run.sh" "$@"
}
