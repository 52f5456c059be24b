#!/bin/sh
# Haneul guest stage 1. Runs as the guest's root (an unprivileged uid range on the host) in the guest's fresh
# user, mount, PID (as PID 1), UTS and IPC namespaces and in its network namespace, still seeing the host's
# filesystem: it dresses the root filesystem the agent mounted (an overlay of the image over the root volume),
# pivots into it and hands over to the guest's init. Usage: stage1.sh ROOTFS SEED HOSTNAME
set -eu
R=$1 SEED=$2 NAME=$3
mount --make-rprivate /
mount -t proc -o nosuid,nodev,noexec proc "$R/proc"
mount -t tmpfs -o mode=0755,nosuid,nodev,size=64m tmpfs "$R/run"
mount -t tmpfs -o mode=0755,nosuid,size=1m tmpfs "$R/dev"
for d in null zero full random urandom tty; do
  : > "$R/dev/$d"
  mount --bind "/dev/$d" "$R/dev/$d"
done
mkdir -p "$R/dev/pts" "$R/dev/shm" "$R/run/haneul" "$R/tmp"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$R/dev/pts"
ln -s pts/ptmx "$R/dev/ptmx"
ln -s /proc/self/fd "$R/dev/fd"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/dev/shm"
mount --bind "$SEED" "$R/run/haneul"
mount -o remount,bind,ro "$R/run/haneul"
hostname "$NAME"
# pivot_root(2) refuses here when the host's / sits on the initramfs (its parent mount is shared), so do what
# switch_root and runc's no-pivot mode do: move the new root over / and chroot into it; the host's tree is then
# covered by the guest's, unreachable from it.
mount --rbind "$R" "$R"
cd "$R"
mount --no-mtab --move . /
exec chroot . /usr/bin/python3 /run/haneul/init.py
