#!/bin/sh
# Runs inside the image root (chroot) after the packages are installed,
# before images/customize-common.sh (inetd.conf, the sysvtest account,
# cleanup). Part of the image recipe: editing it triggers a rebuild.
set -eu

# Test images start no daemon on their own: scenarios start xinetd
# explicitly (/etc/init.d/xinetd start, pidfile /run/xinetd.pid).
rm -f /run/xinetd.pid
