#!/usr/bin/env bash
# Build a local test image from a recipe directory under images/ and import
# it into podman. No registry is involved: the root file system comes from
# debootstrap and the host's own Debian mirror.
#
#   images/build.sh images/debian-xinetd localhost/sysv-services-debian:bookworm
#
# The image carries the label sysv.services.recipe=<sha256 of the recipe,
# this script, lib.sh and customize-common.sh>; when an image with the same
# hash exists nothing is rebuilt. FORCE=1 rebuilds anyway. Needs root,
# debootstrap and podman.
#
# A recipe holds packages.txt, optionally customize.sh (run in the chroot,
# before customize-common.sh, which every image gets) and optionally
# image-changes.txt: the `podman import --change` lines (one
# a line, e.g. CMD, STOPSIGNAL) that replace the default tini ENTRYPOINT and
# `sleep infinity` CMD. A recipe with a file named `mount-sys-dev` gets /sys
# and /dev bind-mounted into the chroot while its packages install (systemd's
# maintainer scripts need them, or the packages stay unconfigured).
set -euo pipefail

recipe=${1:?usage: build.sh RECIPE_DIR IMAGE}
image=${2:?usage: build.sh RECIPE_DIR IMAGE}
suite=${SUITE:-bookworm}
here=$(cd "$(dirname "$0")" && pwd)
recipe=$(cd "$recipe" && pwd)
builder=build.sh
# shellcheck source=images/lib.sh
. "$here/lib.sh"

hash=$(recipe_hash "$recipe" "$suite" "$here/build.sh" "$here/lib.sh" "$here/customize-common.sh")
image_is_current "$image" "$hash" && exit 0

[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root (run as root, or use an existing image)"
command -v debootstrap >/dev/null || die "debootstrap is missing (make deps installs it)"

mirror=$(debian_mirror "$suite")
echo "building $image from $recipe (suite $suite, mirror $mirror)"

work=$(mktemp -d /var/tmp/sysv-image.XXXXXX)
root=$work/root
cleanup() {
    for m in "$root/proc" "$root/sys" "$root/dev/pts" "$root/dev"; do
        mountpoint -q "$m" 2>/dev/null && umount -R -l "$m" || true
    done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

debootstrap_root "$root" "$suite" "$mirror" "$work/debootstrap.log"

mount -t proc proc "$root/proc"
if [ -e "$recipe/mount-sys-dev" ]; then
    mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
    mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
fi

packages=$(sed -e 's/#.*//' "$recipe/packages.txt" | xargs)
chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C sh -c \
    "apt-get update -q && apt-get install -y -q --no-install-recommends $packages" \
    > "$work/apt.log" 2>&1 || { tail -n 40 "$work/apt.log" >&2; die "package installation failed"; }

for script in "$recipe/customize.sh" "$here/customize-common.sh"; do
    [ -x "$script" ] || continue
    cp "$script" "$root/tmp/customize.sh"
    chroot "$root" env LC_ALL=C /bin/sh /tmp/customize.sh
done
rm -f "$root/usr/sbin/policy-rc.d" "$root/tmp/customize.sh"
for m in "$root/dev" "$root/sys"; do
    if mountpoint -q "$m"; then umount -R -l "$m"; fi
done
umount "$root/proc"

changes=("LABEL $image_label=$hash")
if [ -f "$recipe/image-changes.txt" ]; then
    while IFS= read -r line; do
        case "$line" in ''|'#'*) continue ;; esac
        changes+=("$line")
    done < "$recipe/image-changes.txt"
else
    changes+=('ENTRYPOINT ["/usr/bin/tini", "--"]' 'CMD ["sleep", "infinity"]')
fi

import_root "$root" "$image" "sysv.services test image ($suite)" "${changes[@]}"
echo "built $image (recipe $hash)"
