#!/usr/bin/python3
"""Haneul: bind-mount SOURCE on TARGET with an ID mapping (guest uid/gid 0..COUNT-1 = host BASE..).

Usage: idmap-mount.py SOURCE TARGET BASE COUNT

util-linux 2.38 (Debian 12) parses `mount -o X-mount.idmap=` but ignores it without the new mount API, so this
makes the syscalls itself: a throwaway user namespace carrying the mapping, open_tree(OPEN_TREE_CLONE),
mount_setattr(MOUNT_ATTR_IDMAP), move_mount. Linux >= 5.12, x86_64 syscall numbers.
"""
import os
import sys

from mountapi import AT_FDCWD, OPEN_TREE_CLOEXEC, OPEN_TREE_CLONE, SYS_OPEN_TREE, check, libc, move_mount, set_idmap

CLONE_NEWUSER = 0x10000000


def main():
    source, target, base, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    ready_r, ready_w = os.pipe()
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(ready_r)
        os.close(done_w)
        if libc.unshare(CLONE_NEWUSER) != 0:
            os._exit(1)
        os.write(ready_w, b"x")
        os.read(done_r, 1)
        os._exit(0)
    os.close(ready_w)
    os.close(done_r)
    if os.read(ready_r, 1) != b"x":
        sys.exit("idmap-mount: cannot create a user namespace (user.max_user_namespaces, or a kernel without them)")
    for f in ("uid_map", "gid_map"):
        with open(f"/proc/{pid}/{f}", "w") as m:
            m.write(f"0 {base} {count}\n")
    userns = os.open(f"/proc/{pid}/ns/user", os.O_RDONLY | os.O_CLOEXEC)
    try:
        tree = check(libc.syscall(SYS_OPEN_TREE, AT_FDCWD, source.encode(),
                                  OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC), "open_tree " + source)
        set_idmap(tree, userns, source)
        move_mount(tree, AT_FDCWD, target.encode(), target)
    finally:
        os.write(done_w, b"x")
        os.waitpid(pid, 0)


if __name__ == "__main__":
    try:
        main()
    except OSError as e:
        sys.exit(f"idmap-mount: {e.strerror}")
