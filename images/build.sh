#!/usr/bin/env bash
# Build a local test image from a recipe directory under images/ and import
# it into podman. No registry is involved: the root file system comes from
# debootstrap and the host's own Debian mirror.
#
#   images/build.sh images/debian-xinetd localhost/sysv-services-debian:bookworm
#
# The image carries the label sysv.services.recipe=<sha256 of the recipe and
# this script>; when an image with the same hash exists nothing is rebuilt.
# FORCE=1 rebuilds anyway. Needs root, debootstrap and podman.
#
# A recipe holds packages.txt, optionally customize.sh (run in the chroot)
# and optionally image-changes.txt: the `podman import --change` lines (one
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
label=sysv.services.recipe

die() { echo "build.sh: $*" >&2; exit 1; }

hash=$( (cd "$recipe" && find . -type f -print | LC_ALL=C sort | xargs sha256sum; \
         sha256sum < "$here/build.sh"; echo "suite=$suite") | sha256sum | cut -d' ' -f1)

if [ "${FORCE:-0}" != 1 ] && podman image exists "$image"; then
    current=$(podman image inspect --format "{{ index .Labels \"$label\" }}" "$image" 2>/dev/null || true)
    if [ "$current" = "$hash" ]; then
        echo "image $image is up to date (recipe $hash)"
        exit 0
    fi
    echo "image $image has recipe ${current:-<none>}, recipe is now $hash: rebuilding"
fi

[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root (run as root, or use an existing image)"
command -v debootstrap >/dev/null || die "debootstrap is missing (make deps installs it)"

# The Debian mirror this host already uses (deb822 or one-line format).
mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        mirror=$(awk '
            /^[[:space:]]*$/ { if (uri != "" && suites ~ /(^| )'"$suite"'( |$)/ && uri !~ /security/) { print uri; exit } uri=""; suites=""; next }
            /^URIs:/ { uri=$2 }
            /^Suites:/ { $1=""; suites=$0 " " }
            END { if (uri != "" && suites ~ /(^| )'"$suite"'( |$)/ && uri !~ /security/) print uri }' "$f" | head -n1)
        [ -n "$mirror" ] && break
    done
fi
if [ -z "$mirror" ]; then
    mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
             | awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i+1) == "'"$suite"'") { print $i; exit } } }' \
             | head -n1)
fi
[ -n "$mirror" ] || die "no Debian $suite mirror found in /etc/apt/sources.list*; set DEBIAN_MIRROR"
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

debootstrap --variant=minbase "$suite" "$root" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }

mount -t proc proc "$root/proc"
if [ -e "$recipe/mount-sys-dev" ]; then
    mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
    mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
fi
# no service starts inside the chroot while packages install
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

packages=$(sed -e 's/#.*//' "$recipe/packages.txt" | xargs)
chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C sh -c \
    "apt-get update -q && apt-get install -y -q --no-install-recommends $packages" \
    > "$work/apt.log" 2>&1 || { tail -n 40 "$work/apt.log" >&2; die "package installation failed"; }

if [ -x "$recipe/customize.sh" ]; then
    cp "$recipe/customize.sh" "$root/tmp/customize.sh"
    chroot "$root" env LC_ALL=C /bin/sh /tmp/customize.sh
fi
rm -f "$root/usr/sbin/policy-rc.d" "$root/tmp/customize.sh"
for m in "$root/dev" "$root/sys"; do
    if mountpoint -q "$m"; then umount -R -l "$m"; fi
done
umount "$root/proc"

changes=(--change "LABEL $label=$hash")
if [ -f "$recipe/image-changes.txt" ]; then
    while IFS= read -r line; do
        case "$line" in ''|'#'*) continue ;; esac
        changes+=(--change "$line")
    done < "$recipe/image-changes.txt"
else
    changes+=(--change 'ENTRYPOINT ["/usr/bin/tini", "--"]' --change 'CMD ["sleep", "infinity"]')
fi

tar --numeric-owner -C "$root" -c . | podman import "${changes[@]}" \
    --message "sysv.services test image ($suite)" \
    - "$image" >/dev/null
echo "built $image (recipe $hash)"
