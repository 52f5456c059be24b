#!/usr/bin/python3
"""Haneul: mount a data volume's filesystem inside a running guest, or unmount it.

Usage: volume-mount.py mount DEVICE PID TARGET
       volume-mount.py umount PID TARGET [force]

mount: creates the ext4 mount of DEVICE here, in the host's namespaces (so the device path is the host's and no
binary of the guest ever runs as host root), ID-maps it through the guest's own user namespace (/proc/PID/ns/user:
the volume's files owned by uid 0 belong to the guest's root, whichever guest has it), then joins the guest's mount
namespace (/proc/PID/ns/mnt: its / is the guest's root) and moves the mount onto TARGET, creating the missing
directories (owned by the guest's root) and refusing a TARGET that is not a directory. nodev, nosuid.
umount: joins the guest's mount namespace and unmounts TARGET (UMOUNT_NOFOLLOW; with force, lazily: MNT_DETACH).
Exit 0 when done (an umount of something not mounted is done), 16 when the filesystem is busy, 1 otherwise.
Linux >= 5.12, x86_64 syscall numbers.
"""
import ctypes
import errno
import os
import sys

from mountapi import (FSCONFIG_CMD_CREATE, FSCONFIG_SET_STRING, FSMOUNT_CLOEXEC, FSOPEN_CLOEXEC, MOUNT_ATTR_NODEV,
                      MOUNT_ATTR_NOSUID, SYS_FSCONFIG, SYS_FSMOUNT, SYS_FSOPEN, check, libc, move_mount, set_idmap)

CLONE_NEWNS = 0x00020000
MNT_DETACH, UMOUNT_NOFOLLOW = 0x2, 0x8


def enter_mounts(pid):
    fd = os.open(f"/proc/{pid}/ns/mnt", os.O_RDONLY | os.O_CLOEXEC)
    check(libc.setns(fd, CLONE_NEWNS), f"setns to the mount namespace of {pid}")
    os.close(fd)
    os.chdir("/")


def make_dirs(target, owner_uid, owner_gid):
    """Creates TARGET's missing components (never following a symlink at the last one) owned by the guest's root."""
    path = ""
    for part in [p for p in target.split("/") if p]:
        if part in (".", ".."):
            sys.exit(f"volume-mount: {target} is not a plain path")
        path += "/" + part
        try:
            os.mkdir(path, 0o755)
            os.lchown(path, owner_uid, owner_gid)
        except FileExistsError:
            pass


def mount(device, pid, target):
    userns = os.open(f"/proc/{pid}/ns/user", os.O_RDONLY | os.O_CLOEXEC)
    st = os.stat(f"/proc/{pid}")  # the guest's init runs as the guest's root: its host uid and gid
    fs = check(libc.syscall(SYS_FSOPEN, b"ext4", FSOPEN_CLOEXEC), "fsopen ext4")
    check(libc.syscall(SYS_FSCONFIG, fs, FSCONFIG_SET_STRING, b"source", device.encode(), 0), "source " + device)
    check(libc.syscall(SYS_FSCONFIG, fs, FSCONFIG_CMD_CREATE, None, None, 0), "mounting " + device)
    mnt = check(libc.syscall(SYS_FSMOUNT, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV), "fsmount")
    set_idmap(mnt, userns, device)
    enter_mounts(pid)
    make_dirs(target, st.st_uid, st.st_gid)
    try:
        dst = os.open(target, os.O_PATH | os.O_NOFOLLOW | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        sys.exit(f"volume-mount: {target} in the guest is not a directory: {e.strerror}")
    move_mount(mnt, dst, b"", target)


def umount(pid, target, force):
    enter_mounts(pid)
    if libc.umount2(target.encode(), (MNT_DETACH if force else 0) | UMOUNT_NOFOLLOW) != 0:
        err = ctypes.get_errno()
        if err in (errno.EINVAL, errno.ENOENT):
            return  # not mounted: done
        check(-1, "umount " + target)


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "mount":
        mount(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "umount":
        umount(int(sys.argv[2]), sys.argv[3], len(sys.argv) == 5 and sys.argv[4] == "force")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    try:
        main()
    except OSError as e:
        sys.stderr.write(f"volume-mount: {e.strerror}\n")
        sys.exit(16 if e.errno == errno.EBUSY else 1)
