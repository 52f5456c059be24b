"""Haneul: the new mount API (Linux >= 5.12, x86_64 syscall numbers) for the driver's mount helpers.

idmap-mount.py and volume-mount.py both need what util-linux 2.38 (Debian 12) cannot do: mounts with an ID
mapping. Each call here fails with an OSError that carries the kernel's errno and says what failed.
"""
import ctypes
import os

SYS_OPEN_TREE, SYS_MOVE_MOUNT, SYS_FSOPEN, SYS_FSCONFIG, SYS_FSMOUNT, SYS_MOUNT_SETATTR = \
    428, 429, 430, 431, 432, 442
OPEN_TREE_CLONE, OPEN_TREE_CLOEXEC = 1, os.O_CLOEXEC
FSOPEN_CLOEXEC, FSMOUNT_CLOEXEC = 1, 1
FSCONFIG_SET_STRING, FSCONFIG_CMD_CREATE = 1, 6
MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV, MOUNT_ATTR_IDMAP = 0x2, 0x4, 0x00100000
AT_FDCWD, AT_EMPTY_PATH = -100, 0x1000
MOVE_MOUNT_F_EMPTY_PATH, MOVE_MOUNT_T_EMPTY_PATH = 0x4, 0x40

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


class MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def check(ret, what):
    """ret, or an OSError with the call's errno when ret says it failed."""
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what} failed: {os.strerror(err)} (errno {err})")
    return ret


def set_idmap(mount_fd, userns_fd, what):
    """Gives the detached mount mount_fd the ID mapping of the user namespace userns_fd."""
    attr = MountAttr(MOUNT_ATTR_IDMAP, 0, 0, userns_fd)
    check(libc.syscall(SYS_MOUNT_SETATTR, mount_fd, b"", AT_EMPTY_PATH, ctypes.byref(attr),
                       ctypes.c_size_t(ctypes.sizeof(attr))), f"mount_setattr(MOUNT_ATTR_IDMAP) on {what}")


def move_mount(mount_fd, to_dirfd, to_path, what):
    """Attaches the detached mount mount_fd at to_path (relative to to_dirfd; b"" = to_dirfd itself)."""
    flags = MOVE_MOUNT_F_EMPTY_PATH | (MOVE_MOUNT_T_EMPTY_PATH if to_path == b"" else 0)
    check(libc.syscall(SYS_MOVE_MOUNT, mount_fd, b"", to_dirfd, to_path, flags), f"move_mount to {what}")
