#!/bin/sh
# Runs inside the image root (chroot) after the packages are installed.
# Part of the image recipe: editing it triggers a rebuild.
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

# Package installation may register telnet in /etc/inetd.conf through
# update-inetd; xinetd (INETD_COMPAT) would then serve it from there.
if [ -f /etc/inetd.conf ]; then
    sed -i -e 's/^\([^#[:space:]]\)/#<off># \1/' /etc/inetd.conf
fi

# A local account for telnet login tests. The password is locked: the
# tests only need the login prompt, nobody can log in with it.
if ! id sysvtest >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash sysvtest
fi
passwd --lock sysvtest >/dev/null

# An empty machine-id: systemd fills it in at boot.
: > /etc/machine-id

apt-get clean
rm -rf /var/cache/apt/*.bin /var/log/apt/* /tmp/* /var/tmp/*
