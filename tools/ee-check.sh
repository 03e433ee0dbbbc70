#!/usr/bin/env bash
# make ee-check: ee/execution-environment.yml, bindep.txt and ee/requirements.yml
# through ansible-builder. Creates the build context (no image, no registry)
# and introspects the installed release tarball the way an EE build does.
# Usage: tools/ee-check.sh VENV
set -euo pipefail
venv=$1
export PATH="$venv/bin:$PATH"
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=$(sed -n 's/^version: *//p' galaxy.yml)
tarball=build/dist/sysv-services-$version.tar.gz
fail() { echo "ee-check: $*"; exit 1; }
test -f "$tarball" || fail "$tarball missing (make build)"
grep -q "collections/sysv-services-$version.tar.gz" ee/requirements.yml \
    || fail "ee/requirements.yml does not name the $version tarball (galaxy.yml says $version)"
grep -q "../$tarball" ee/execution-environment.yml \
    || fail "ee/execution-environment.yml does not copy $tarball"

context=build/ee
rm -rf "$context"
out=$(ansible-builder create -f ee/execution-environment.yml -c "$context" 2>&1) || { echo "$out"; fail "ansible-builder create failed"; }
echo "$out" | tail -n 1
if echo "$out" | grep -q 'No matches'; then echo "$out"; fail "a file of additional_build_files is missing"; fi
test -f "$context/_build/collections/sysv-services-$version.tar.gz" || fail "the tarball is not in the build context"
cmp -s ee/requirements.yml "$context/_build/requirements.yml" || fail "requirements.yml not in the build context"
cmp -s bindep.txt "$context/_build/bindep.txt" || fail "bindep.txt not in the build context"
grep -q 'ansible-galaxy collection install .*-r requirements.yml' "$context/Containerfile" \
    || fail "the Containerfile does not install requirements.yml"
grep -q 'ansible-core>=2.16,<2.17' "$context/Containerfile" || fail "the Containerfile does not pin ansible-core 2.16"

# What an EE build finds in the installed collection (meta/execution-environment.yml -> bindep.txt).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ANSIBLE_COLLECTIONS_PATH="$tmp" ansible-galaxy collection install --offline -p "$tmp" "$tarball" >/dev/null
found=$(ansible-builder introspect --sanitize "$tmp")
echo "$found" | grep -q 'openssh-clients \[platform:rpm\]  # from collection sysv.services' \
    || { echo "$found"; fail "introspection does not find the collection's bindep.txt"; }
# What the image build runs in its context: requirements.yml installs the tarball.
(cd "$context/_build" && ANSIBLE_COLLECTIONS_PATH="$tmp/ee" \
    ansible-galaxy collection install --offline -r requirements.yml -p "$tmp/ee" >/dev/null)
test -f "$tmp/ee/ansible_collections/sysv/services/MANIFEST.json" || fail "requirements.yml did not install the collection"
echo "ee-check: ansible-builder create and introspect accept the release files ($version); requirements.yml installs it"

