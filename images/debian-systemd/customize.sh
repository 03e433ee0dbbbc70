#!/bin/sh
# Runs inside the image root (chroot) after the packages are installed,
# before images/customize-common.sh (inetd.conf, the sysvtest account,
# cleanup). Part of the image recipe: editing it triggers a rebuild.
set -eu

# systemd as PID 1 in a container: units that need hardware, a console or
# the kernel's settings have nothing to do there and only slow the boot.
for unit in getty@tty1.service console-getty.service systemd-remount-fs.service \
        systemd-udevd.service systemd-udev-trigger.service systemd-modules-load.service \
        sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
        systemd-firstboot.service systemd-sysctl.service; do
    systemctl mask "$unit" >/dev/null 2>&1 || true
done

# xinetd is installed but does not run at boot: each scenario decides.
# (Debian ships it as an init script; systemd runs it as xinetd.service.)
systemctl disable xinetd.service >/dev/null 2>&1 || true
rm -f /run/xinetd.pid

# An empty machine-id: systemd fills it in at boot.
: > /etc/machine-id
