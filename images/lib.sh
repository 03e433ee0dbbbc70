# shellcheck shell=bash
# What the image builders share (sourced by images/build.sh and
# images/el6-tools/build.sh): the recipe hash carried in the image label,
# the up-to-date check against that label, the host's Debian mirror, the
# debootstrap of a root and its import into podman. The caller sets
# `builder` (the name its messages start with) before sourcing.

image_label=sysv.services.recipe

die() { echo "${builder:-build}: $*" >&2; exit 1; }

# recipe_hash DIR SUITE [FILE ...]: sha256 over the sha256 of every file
# under DIR (sorted by path), of each FILE's content, and the suite.
recipe_hash() {
    local dir=$1 suite=$2 f
    shift 2
    ( (cd "$dir" && find . -type f -print | LC_ALL=C sort | xargs sha256sum)
      for f in "$@"; do sha256sum < "$f"; done
      echo "suite=$suite" ) | sha256sum | cut -d' ' -f1
}

# image_is_current IMAGE HASH: true, and says so, when IMAGE exists with the
# label HASH and FORCE is not 1; otherwise says why it rebuilds (if IMAGE
# exists) and is false.
image_is_current() {
    local image=$1 hash=$2 current
    if [ "${FORCE:-0}" = 1 ] || ! podman image exists "$image"; then
        return 1
    fi
    current=$(podman image inspect --format "{{ index .Labels \"$image_label\" }}" "$image" 2>/dev/null || true)
    if [ "$current" = "$hash" ]; then
        echo "image $image is up to date (recipe $hash)"
        return 0
    fi
    echo "image $image has recipe ${current:-<none>}, recipe is now $hash: rebuilding"
    return 1
}

# debian_mirror SUITE: DEBIAN_MIRROR, else the mirror of SUITE in this host's
# apt sources (deb822 or one-line format, security archives skipped); dies
# when there is none.
debian_mirror() {
    local suite=$1 mirror=${DEBIAN_MIRROR:-} f
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
    echo "$mirror"
}

# debootstrap_root ROOT SUITE MIRROR LOG: a minbase root in which no service
# starts while packages install (policy-rc.d exits 101).
debootstrap_root() {
    local root=$1 suite=$2 mirror=$3 log=$4
    debootstrap --variant=minbase "$suite" "$root" "$mirror" > "$log" 2>&1 \
        || { tail -n 30 "$log" >&2; die "debootstrap failed"; }
    printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
    chmod 0755 "$root/usr/sbin/policy-rc.d"
}

# import_root ROOT IMAGE MESSAGE [CHANGE ...]: ROOT as the image IMAGE, one
# `podman import --change` per CHANGE.
import_root() {
    local root=$1 image=$2 message=$3 c
    shift 3
    local changes=()
    for c in "$@"; do changes+=(--change "$c"); done
    tar --numeric-owner -C "$root" -c . | podman import "${changes[@]}" --message "$message" - "$image" > /dev/null
}
