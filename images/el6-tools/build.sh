#!/usr/bin/env bash
# Build the EL6 tools test image: Debian bookworm userland with CentOS 6.10's
# service tools compiled from their upstream tags (chkconfig 1.3.49.5 and
# ntsysv, xinetd 2.3.14, the service command and init.d functions of
# initscripts 9.03.61). It is not a Red Hat system: no /etc/redhat-release,
# no rpm.
#
#   images/el6-tools/build.sh VENDOR_DIR IMAGE
#
# VENDOR_DIR holds the tarballs and SHA256SUMS (../shared/vendor beside the
# checkout); when it is missing or does not verify, the archives named in
# SOURCES are downloaded. Every extracted source file the build uses must
# match sources.sha256 before anything is compiled.
#
# The image carries the label sysv.services.recipe=<sha256 of this recipe
# directory and of ../lib.sh, the code it shares with ../build.sh>; when an
# image with that hash exists nothing is rebuilt (FORCE=1 rebuilds). Needs
# root, debootstrap, podman and a Debian mirror (the host's apt sources, or
# DEBIAN_MIRROR).
#
# Two stages from one debootstrap: a copy gets the compilers and builds two
# local packages, "xinetd" (epoch 2, so apt never replaces it with Debian's
# 2.3.15 and a role's "package: xinetd" finds it installed) and "el6-tools"
# (chkconfig, ntsysv, service); the image installs them and never sees a
# compiler.
set -euo pipefail

vendor=${1:?usage: build.sh VENDOR_DIR IMAGE}
image=${2:?usage: build.sh VENDOR_DIR IMAGE}
suite=bookworm
recipe=$(cd "$(dirname "$0")" && pwd)
start_s=$(date +%s)
builder="el6-tools build"
# shellcheck source=images/lib.sh
. "$recipe/../lib.sh"

step() { echo "[$(( $(date +%s) - start_s ))s] $*"; }

hash=$(recipe_hash "$recipe" "$suite" "$recipe/../lib.sh")
image_is_current "$image" "$hash" && exit 0

[ "$(id -u)" = 0 ] || die "debootstrap and chroot need root"
for t in debootstrap podman chroot tar sha256sum; do
    command -v $t >/dev/null || die "$t is missing (make deps installs it)"
done

mirror=$(debian_mirror "$suite")

work=$(mktemp -d /var/tmp/sysv-el6-image.XXXXXX)
base=$work/base      # becomes the image
build=$work/build    # base + compilers, thrown away
cleanup() {
    for r in "$base" "$build"; do
        mountpoint -q "$r/proc" 2>/dev/null && umount -l "$r/proc" || true
    done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
in_root() {  # in_root ROOT LOG COMMAND...
    local r=$1 log=$2; shift 2
    chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C \
        DEBIAN_FRONTEND=noninteractive "$@" > "$work/$log" 2>&1 \
        || { tail -n 40 "$work/$log" >&2; die "failed in $(basename "$r"): $* (log: $log)"; }
}
list() { sed -e 's/#.*//' "$1" | xargs; }

# -- sources: vendored tarballs, else the upstream archives ---------------------
step "sources"
src=$work/src
mkdir -p "$src"
if [ -f "$vendor/SHA256SUMS" ] && (cd "$vendor" && sha256sum --quiet -c SHA256SUMS) >/dev/null 2>&1; then
    echo "  from $vendor (SHA256SUMS verified)"
    for t in $(awk '{ print $2 }' "$vendor/SHA256SUMS"); do tar -xzf "$vendor/$t" -C "$src"; done
else
    [ -d "$vendor" ] && echo "  $vendor does not verify against its SHA256SUMS: downloading"
    command -v curl >/dev/null || die "no vendored sources and no curl to download them"
    grep -v '^#' "$recipe/SOURCES" | while read -r dir tag commit url; do
        [ -n "$dir" ] || continue
        echo "  $dir: $url ($commit)"
        curl -fsSL --retry 3 -o "$work/$dir.tar.gz" "$url" || die "download failed: $url"
        mkdir -p "$src/$dir"
        tar -xzf "$work/$dir.tar.gz" -C "$src/$dir" --strip-components=1
    done
fi
# every file the manifest names must be there and match
(cd "$src" && sha256sum --quiet -c "$recipe/sources.sha256") \
    || die "sources do not match images/el6-tools/sources.sha256"

# -- debootstrap -----------------------------------------------------------------
step "debootstrap $suite minbase from $mirror"
debootstrap_root "$base" "$suite" "$mirror" "$work/debootstrap.log"   # no daemon starts in the chroot
in_root "$base" apt-update.log apt-get update -q

# -- build stage -------------------------------------------------------------------
step "build stage: compilers"
cp -a "$base" "$build"
mount -t proc proc "$build/proc"
in_root "$build" apt-build.log apt-get install -y -q --no-install-recommends $(list "$recipe/build-packages.txt")
mkdir -p "$build/src"
cp -a "$src/." "$build/src/"
cp "$recipe/compile.sh" "$build/src/compile.sh"
step "build stage: compile chkconfig, ntsysv, xinetd, service"
in_root "$build" compile.log bash /src/compile.sh

step "packages xinetd and el6-tools"
arch=$(chroot "$build" dpkg --print-architecture)
out=$build/out
install -D -m 0755 "$recipe/root/etc/rc.d/init.d/xinetd" "$out/xinetd/etc/rc.d/init.d/xinetd"
mkdir -p "$out/xinetd/DEBIAN" "$out/el6-tools/DEBIAN"
cat > "$out/xinetd/DEBIAN/control" <<CTRL
Package: xinetd
Version: 2:2.3.14-0sysv1
Architecture: $arch
Maintainer: sysv.services test tooling <nobody@invalid>
Depends: libc6, libtirpc3, libwrap0, netbase
Provides: inet-superserver
Section: net
Priority: optional
Description: xinetd 2.3.14 built from its upstream tag (test image)
 The upstream xinetd release of CentOS 6, compiled on Debian bookworm for
 the sysv.services el6-tools test image, without Red Hat's patches. Its
 epoch keeps Debian's xinetd 2.3.15 from replacing it.
CTRL
cat > "$out/el6-tools/DEBIAN/control" <<CTRL
Package: el6-tools
Version: 1.3.49.5-0sysv1
Architecture: $arch
Maintainer: sysv.services test tooling <nobody@invalid>
Depends: libc6, libpopt0, libnewt0.52, libselinux1, bash, procps, sysvinit-utils, xinetd (= 2:2.3.14-0sysv1)
Conflicts: chkconfig
Section: admin
Priority: optional
Description: CentOS 6 service tools built from upstream sources (test image)
 chkconfig and ntsysv 1.3.49.5, and the service command and init.d
 functions of initscripts 9.03.61, for testing EL6 service management on
 a Debian userland. Not a Red Hat system.
CTRL
for p in xinetd el6-tools; do
    (cd "$out/$p" && find etc -type f 2>/dev/null | sed 's|^|/|' | LC_ALL=C sort) > "$out/$p/DEBIAN/conffiles"
done
# initscripts' service replaces Debian's (diverted, so upgrades keep it)
cat > "$out/el6-tools/DEBIAN/preinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = install ] || [ "$1" = upgrade ]; then
    dpkg-divert --package el6-tools --add --rename --divert /usr/sbin/service.debian /usr/sbin/service
fi
SCRIPT
cat > "$out/el6-tools/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = abort-install ]; then
    dpkg-divert --package el6-tools --remove --rename --divert /usr/sbin/service.debian /usr/sbin/service
fi
SCRIPT
chmod 0755 "$out/el6-tools/DEBIAN/preinst" "$out/el6-tools/DEBIAN/postrm"
in_root "$build" dpkg-deb.log sh -c 'dpkg-deb --root-owner-group -b /out/xinetd /xinetd.deb &&
    dpkg-deb --root-owner-group -b /out/el6-tools /el6-tools.deb'
cp "$build/xinetd.deb" "$build/el6-tools.deb" "$base/tmp/"
cp -a "$out/locales/." "$base/usr/lib/locale/"
umount "$build/proc"

# -- image stage ----------------------------------------------------------------------
step "image stage: packages"
mount -t proc proc "$base/proc"
in_root "$base" apt-runtime.log apt-get install -y -q --no-install-recommends \
    /tmp/xinetd.deb /tmp/el6-tools.deb $(list "$recipe/packages.txt")
in_root "$base" hold.log apt-mark hold xinetd el6-tools

step "image stage: EL6 layout and fixtures"
r=$base
# /bin/sh is bash as on EL6 (service is #!/bin/sh and sources functions,
# bash code); a local diversion survives dash upgrades.
in_root "$base" binsh.log sh -c 'dpkg-divert --package dash --no-rename --remove /bin/sh &&
    dpkg-divert --local --no-rename --divert /bin/sh.distrib --add /bin/sh &&
    ln -sf bash /bin/sh.tmp && mv -f /bin/sh.tmp /bin/sh'
[ -x "$r/usr/sbin/telnetd" ] || die "no /usr/sbin/telnetd in the image"
[ -e "$r/usr/sbin/in.telnetd" ] || ln -s telnetd "$r/usr/sbin/in.telnetd"
# /etc/rc.d/{init.d,rcN.d} are the directories; /etc/init.d and /etc/rcN.d
# point into them
mkdir -p "$r/etc/rc.d/init.d"
if [ -d "$r/etc/init.d" ] && [ ! -L "$r/etc/init.d" ]; then
    cp -a "$r/etc/init.d/." "$r/etc/rc.d/init.d/" && rm -rf "$r/etc/init.d"
fi
ln -sfn rc.d/init.d "$r/etc/init.d"
for n in 0 1 2 3 4 5 6; do
    mkdir -p "$r/etc/rc.d/rc$n.d"
    if [ -d "$r/etc/rc$n.d" ] && [ ! -L "$r/etc/rc$n.d" ]; then
        cp -a "$r/etc/rc$n.d/." "$r/etc/rc.d/rc$n.d/" && rm -rf "$r/etc/rc$n.d"
    fi
    ln -sfn "rc.d/rc$n.d" "$r/etc/rc$n.d"
done
(cd "$recipe/root" && find . -type f ! -path ./etc/rc.d/init.d/xinetd) | while read -r f; do
    install -D -m "$(stat -c %a "$recipe/root/$f")" "$recipe/root/$f" "$r/$f"
done
chmod 0755 "$r/etc/rc.d/init.d/"demo-* "$r/etc/rc.d/init.d/rsyslog" "$r/usr/sbin/runlevel"
chmod 0644 "$r/etc/xinetd.d/telnet"
mkdir -p "$r/run/lock/subsys" "$r/var/www"
echo 'demo-httpd of the el6-tools image' > "$r/var/www/index.html"
# imklog: a container cannot read the kernel log
sed -i 's/^module(load="imklog"/#&/' "$r/etc/rsyslog.conf"
# a local account for telnet login prompts (locked: nobody logs in)
in_root "$base" user.log sh -c 'useradd --create-home --shell /bin/bash sysvtest && passwd --lock sysvtest'
# as the packages' %post do on CentOS 6; demo-lsb is left for tests to add
in_root "$base" chkconfig-add.log sh -c \
    'for s in rsyslog xinetd demo-httpd demo-plain; do chkconfig --add $s || exit 1; done'
in_root "$base" apt-clean.log apt-get clean
rm -rf "$r/tmp/"* "$r/var/log/"*.log "$r/var/cache/debconf/"*-old "$r/var/cache/apt/"*.bin
umount "$r/proc"

step "podman import $image"
import_root "$r" "$image" "sysv.services el6-tools test image ($suite userland, CentOS 6 service tools)" \
    "LABEL $image_label=$hash" \
    'LABEL org.opencontainers.image.description="Debian bookworm userland with CentOS 6.10 service tools built from upstream sources: chkconfig 1.3.49.5, xinetd 2.3.14, initscripts 9.03.61 service and functions. Not a Red Hat system."' \
    'LABEL sysv.services.el6-tools="chkconfig-1.3.49.5 xinetd-2.3.14 initscripts-9.03.61"' \
    'ENTRYPOINT ["/usr/bin/tini", "--"]' \
    'CMD ["sleep", "infinity"]'
step "built $image (recipe $hash, $(( $(podman image inspect --format '{{.Size}}' "$image") / 1000000 )) MB)"
