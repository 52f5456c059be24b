#!/usr/bin/python3
"""Haneul guest init (PID 1 of the guest's PID namespace), run from the read-only seed the agent binds at
/run/haneul (hostname, instance-id, authorized_keys, user-data). Each boot: /etc/hostname and /etc/hosts, the key
pair's public key as admin's authorized_keys, SSH host keys (made on first boot only) printed with fingerprints to
the console as EC2 does, user data (a #! script) on first boot only, in the background, then sshd in the
foreground. It reaps orphans; SIGTERM stops sshd and every process and exits (the instance powers off)."""
import os
import signal
import subprocess
import sys
import time

SEED = "/run/haneul"
STATE = "/var/lib/haneul"


def seed(name, default=""):
    try:
        with open(os.path.join(SEED, name)) as f:
            return f.read()
    except FileNotFoundError:
        return default


def console(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main():
    hostname = seed("hostname").strip()
    console(f"haneul-init: booting {seed('instance-id').strip()} as {hostname}")
    with open("/etc/hostname", "w") as f:
        f.write(hostname + "\n")
    with open("/etc/hosts", "w") as f:
        f.write(f"127.0.0.1 localhost\n127.0.1.1 {hostname}\n::1 localhost ip6-localhost ip6-loopback\n")
    os.makedirs(STATE, exist_ok=True)
    os.makedirs("/usr/local/sbin", exist_ok=True)
    for name in ("poweroff", "halt", "shutdown"):
        with open("/usr/local/sbin/" + name, "w") as f:
            f.write("#!/bin/sh\n# Haneul guest: ask init (PID 1) to power the instance off\nexec kill -TERM 1\n")
        os.chmod("/usr/local/sbin/" + name, 0o755)
    first_boot = not os.path.exists(os.path.join(STATE, "first-boot-done"))

    ssh_dir = "/home/admin/.ssh"
    os.makedirs(ssh_dir, exist_ok=True)
    with open(os.path.join(ssh_dir, "authorized_keys"), "w") as f:
        f.write(seed("authorized_keys"))
    for p in (ssh_dir, os.path.join(ssh_dir, "authorized_keys")):
        os.chown(p, 1000, 1000)
    os.chmod(ssh_dir, 0o700)
    os.chmod(os.path.join(ssh_dir, "authorized_keys"), 0o600)

    subprocess.run(["ssh-keygen", "-A"], check=True, stdout=subprocess.DEVNULL)
    keys = sorted(f for f in os.listdir("/etc/ssh") if f.startswith("ssh_host_") and f.endswith(".pub"))
    console("-----BEGIN SSH HOST KEY FINGERPRINTS-----")
    for k in keys:
        console(subprocess.run(["ssh-keygen", "-l", "-f", "/etc/ssh/" + k], check=True, capture_output=True,
                               text=True).stdout.strip())
    console("-----END SSH HOST KEY FINGERPRINTS-----")
    console("-----BEGIN SSH HOST KEY KEYS-----")
    for k in keys:
        with open("/etc/ssh/" + k) as f:
            console(" ".join(f.read().split()[:2]) + " root@" + hostname)
    console("-----END SSH HOST KEY KEYS-----")

    user_data = seed("user-data")
    if first_boot and user_data.startswith("#!"):
        script = os.path.join(STATE, "user-data")
        with open(script, "w") as f:
            f.write(user_data)
        os.chmod(script, 0o700)
        log = open("/var/log/user-data.log", "ab")
        subprocess.Popen([script], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         start_new_session=True, cwd="/root")
        console("haneul-init: user data started (log in /var/log/user-data.log)")
    with open(os.path.join(STATE, "first-boot-done"), "w") as f:
        f.write(time.strftime("%Y-%m-%dT%H:%M:%SZ\n", time.gmtime()))

    os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
    sshd = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e"])
    console(f"haneul-init: sshd started (pid {sshd.pid})")

    def power_off(signum, frame):
        console("haneul-init: powering off")
        for pid in [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != 1]:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        sys.exit(0)

    signal.signal(signal.SIGTERM, power_off)
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            time.sleep(1)
            continue
        if pid == sshd.pid:
            console(f"haneul-init: sshd exited ({status}); restarting it")
            time.sleep(1)
            sshd = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e"])


if __name__ == "__main__":
    main()
