#!/usr/bin/python3
"""Haneul: run COMMAND as root of a new user namespace whose uid/gid 0..COUNT-1 are host BASE..BASE+COUNT-1.

Usage: userns-exec.py BASE COUNT COMMAND...

util-linux 2.38's `unshare --map-users` needs newuidmap (and /etc/subuid); as host root we write the maps
ourselves: the child unshares its user namespace, the parent writes uid_map/gid_map, the child execs COMMAND (which
creates the guest's other namespaces, owned by this one). The parent waits and exits with the child's status, and
passes SIGTERM on to it."""
import ctypes
import os
import signal
import sys

CLONE_NEWUSER = 0x10000000


def main():
    base, count, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    libc = ctypes.CDLL(None, use_errno=True)
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        os.close(go_w)
        if libc.unshare(CLONE_NEWUSER) != 0:
            err = ctypes.get_errno()
            sys.stderr.write(f"userns-exec: unshare(CLONE_NEWUSER) failed: {os.strerror(err)}\n")
            os._exit(125)
        os.write(ready_w, b"x")
        if os.read(go_r, 1) != b"x":
            os._exit(125)
        os.setresgid(0, 0, 0)
        os.setresuid(0, 0, 0)
        os.setgroups([])
        os.execvp(command[0], command)
    os.close(ready_w)
    os.close(go_r)
    if os.read(ready_r, 1) != b"x":
        os.waitpid(pid, 0)
        sys.exit("userns-exec: the kernel refused a user namespace (user.max_user_namespaces?)")
    with open(f"/proc/{pid}/uid_map", "w") as m:
        m.write(f"0 {base} {count}\n")
    with open(f"/proc/{pid}/gid_map", "w") as m:
        m.write(f"0 {base} {count}\n")
    os.write(go_w, b"x")
    signal.signal(signal.SIGTERM, lambda s, f: os.kill(pid, signal.SIGTERM))
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    sys.exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))


if __name__ == "__main__":
    main()
