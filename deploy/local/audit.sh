# shellcheck shell=bash
# deploy/local/audit.sh — `./haneul audit`: do the services agree about the instances? (docs/OPERATIONS.md)
# Sourced by ./haneul after lib.sh (functions only; nothing runs when it is sourced).
#
# Gets an admin token with the credentials `up` wrote (.haneul/credentials), asks compute-api's
# GET /v1/admin/audit through the gateway and prints the report. Exit 0: consistent; 1: inconsistent,
# incomplete (a service did not answer) or the audit could not be asked; 2: bad usage.

audit_usage() { echo "usage: ./haneul audit [--in-flight SECONDS] [--json]" >&2; }

cmd_audit() {
  local in_flight="" json=0 gw="http://127.0.0.1:$PORT_BASE" creds="$STATE/credentials" key secret token code out
  while (($#)); do
    case "$1" in
      --in-flight) [[ "${2:-}" =~ ^[0-9]+$ ]] || { audit_usage; return 2; }; in_flight=$2; shift 2 ;;
      --json) json=1; shift ;;
      -h|--help) audit_usage; return 0 ;;
      *) audit_usage; return 2 ;;
    esac
  done
  [[ -s "$creds" ]] || die audit "no admin credentials in $creds: run ./haneul up first"
  key=$(awk '/aws_access_key_id/ {print $3}' "$creds")
  secret=$(awk '/aws_secret_access_key/ {print $3}' "$creds")
  token=$(curl -s -m 10 "$gw/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"accessKeyId\":\"$key\",\"secretAccessKey\":\"$secret\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin).get("token", ""))' 2>/dev/null) || token=""
  [[ -n "$token" ]] || die audit "no token from $gw/v1/auth/token (is the stack up? ./haneul status)"
  out=$(mktemp)
  code=$(curl -s -m 120 -o "$out" -w '%{http_code}' -H "Authorization: Bearer $token" \
    "$gw/v1/admin/audit${in_flight:+?inFlightSeconds=$in_flight}") || code=000
  if [[ "$code" != 200 ]]; then
    fail audit "GET $gw/v1/admin/audit answered $code"; sed 's/^/  | /' "$out" >&2; echo >&2; rm -f "$out"; return 1
  fi
  if ((json)); then cat "$out"; echo; else audit_print "$out"; fi
  python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["result"] == "consistent" else 1)' "$out" \
    && code=0 || code=1
  rm -f "$out"; return "$code"
}

audit_print() {                    # audit_print <report.json>: the report for people
  python3 - "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
findings = r.get("findings") or []
print(f"Haneul consistency audit, {r['checkedAt']}: {r['result'].upper()}"
      + (f" ({len(findings)} finding{'s' if len(findings) != 1 else ''})" if findings else ""))
print(f"  instances judged: {r['judged']}; not judged: {r['notJudgedCount']} (in transition, or changed state"
      f" within the last {r['inFlightSeconds']} s: in flight in the saga)")
print("  services:")
for s in r.get("services") or []:
    if not s["answered"]:
        print(f"    {s['service']:<10} NO ANSWER: {s.get('error') or ''}")
    else:
        more = "" if s["complete"] else " (more than one audit reads: the rest is not judged)"
        print(f"    {s['service']:<10} {s['instances']} instances{more}")
if findings:
    print("  findings:")
    for f in findings:
        state = f" [{f['state']}]" if f.get("state") else ""
        print(f"    {f['code']:<26} {f['service']:<10} {f['subject']}{state}")
        print(f"      {f['detail']}")
if r.get("notJudged"):
    print("  not judged:")
    for n in r["notJudged"]:
        print(f"    {n['instanceId']}  {n['state']:<13} {n['reason']}")
    if r["notJudgedCount"] > len(r["notJudged"]):
        print(f"    … and {r['notJudgedCount'] - len(r['notJudged'])} more")
PY
}
