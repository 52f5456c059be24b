#!/usr/bin/python3
"""Haneul: bind-mount SOURCE on TARGET with an ID mapping (guest uid/gid 0..COUNT-1 = host BASE..).

Usage: idmap-mount.py SOURCE TARGET BASE COUNT

util-linux 2.38 (Debian 12) parses `mount -o X-mount.idmap=` but ignores it without the new mount API, so this
makes the syscalls itself: a throwaway user namespace carrying the mapping, open_tree(OPEN_TREE_CLONE),
mount_setattr(MOUNT_ATTR_IDMAP), move_mount. Linux >= 5.12, x86_64 syscall numbers.
"""
import ctypes
import os
import sys

SYS_OPEN_TREE, SYS_MOVE_MOUNT, SYS_MOUNT_SETATTR = 428, 429, 442
CLONE_NEWUSER = 0x10000000
OPEN_TREE_CLONE, OPEN_TREE_CLOEXEC = 1, os.O_CLOEXEC
AT_FDCWD, AT_EMPTY_PATH, AT_RECURSIVE = -100, 0x1000, 0x8000
MOVE_MOUNT_F_EMPTY_PATH = 0x4
MOUNT_ATTR_IDMAP = 0x00100000


class MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def check(ret, what):
    if ret < 0:
        err = ctypes.get_errno()
        sys.exit(f"idmap-mount: {what} failed: {os.strerror(err)} (errno {err})")
    return ret


def main():
    source, target, base, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
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
        attr = MountAttr(MOUNT_ATTR_IDMAP, 0, 0, userns)
        check(libc.syscall(SYS_MOUNT_SETATTR, tree, b"", AT_EMPTY_PATH, ctypes.byref(attr),
                           ctypes.c_size_t(ctypes.sizeof(attr))), "mount_setattr(MOUNT_ATTR_IDMAP) on " + source)
        check(libc.syscall(SYS_MOVE_MOUNT, tree, b"", AT_FDCWD, target.encode(), MOVE_MOUNT_F_EMPTY_PATH),
              "move_mount to " + target)
    finally:
        os.write(done_w, b"x")
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
