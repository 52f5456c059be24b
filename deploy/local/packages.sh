# shellcheck shell=bash
# deploy/local/packages.sh — installs from Debian's apt what is missing for `up`, the linux driver and `test`.
# Sourced by ./haneul after lib.sh (functions only; nothing runs when it is sourced).

ensure_packages() {
  local t; t=$(now); local missing=()
  [[ -x /usr/sbin/mariadbd || -x /usr/sbin/mysqld ]] || missing+=(mariadb-server)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || missing+=(nginx)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v pgrep >/dev/null || missing+=(procps)
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  if [[ "${1:-}" == linux || "${1:-}" == test ]]; then
    # the linux driver's guests (and its tests): debootstrap image, nftables security groups, ssh
    [[ -x /usr/sbin/debootstrap ]] || missing+=(debootstrap)
    [[ -x /usr/sbin/nft ]] || missing+=(nftables)
    [[ -x /usr/bin/python3 ]] || missing+=(python3)
    [[ -x /usr/sbin/mkfs.ext4 ]] || missing+=(e2fsprogs)
    command -v ssh >/dev/null && command -v ssh-keygen >/dev/null && command -v ssh-keyscan >/dev/null \
      || missing+=(openssh-client)
  fi
  if [[ "${1:-}" == test ]]; then
    command -v ip >/dev/null || missing+=(iproute2)                     # the rehearsal's namespaces
    command -v tcpdump >/dev/null || missing+=(tcpdump)                # the e2e safety proof's captures
    # the EC2 API's tests drive it with the real clients (the AWS SDK for Java comes from Maven Central)
    command -v aws >/dev/null || missing+=(awscli)
    python3 -c 'import boto3' 2>/dev/null || missing+=(python3-boto3)
  fi
  if ((${#missing[@]} == 0)); then [[ "${1:-}" == linux ]] || ok packages "present" "$t"; return; fi
  begin packages "installing ${missing[*]}"
  local policy=""
  if [[ ! -d /run/systemd/system && ! -e /usr/sbin/policy-rc.d ]]; then
    # no init system: keep the packages from starting their own daemons; we start what we need
    policy=/usr/sbin/policy-rc.d
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  fi
  local rc=0 log="$LOGS/apt.log"
  { as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 || rc=$?
  [[ -n "$policy" ]] && as_root rm -f "$policy"
  ((rc == 0)) || die packages "apt-get failed (exit $rc)" "$log"
  ok packages "installed ${missing[*]}" "$t"
}
