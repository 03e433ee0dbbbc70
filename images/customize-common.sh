#!/bin/sh
# Runs inside the root (chroot) of every image images/build.sh builds, after
# the recipe's own customize.sh. Part of every recipe: editing it triggers
# a rebuild.
set -eu

# Package installation may register telnet in /etc/inetd.conf through
# update-inetd; xinetd (INETD_COMPAT) would then serve it from there.
# Telnet is configured through /etc/xinetd.d only, so keep inetd.conf inert.
if [ -f /etc/inetd.conf ]; then
    sed -i -e 's/^\([^#[:space:]]\)/#<off># \1/' /etc/inetd.conf
fi

# A local account for telnet login tests. The password is locked: the
# tests only need the login prompt, nobody can log in with it.
if ! id sysvtest >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash sysvtest
fi
passwd --lock sysvtest >/dev/null

# Keep the image small (the package lists stay: the apt module reads them).
apt-get clean
rm -rf /var/cache/apt/*.bin /var/log/apt/* /tmp/* /var/tmp/*
