#!/usr/bin/env bash
# Build the HTML documentation site into build/docs/html with antsibull-docs
# and Sphinx (make docs). Usage: tools/build-docs.sh VENV
# The collection must be importable as sysv.services through
# ANSIBLE_COLLECTIONS_PATH (the Makefile exports it).
set -euo pipefail
venv=$1
export PATH="$venv/bin:$PATH"
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/build/docs/src
out=$root/build/docs/html
rm -rf "$src" "$out"
mkdir -p "$src"
cp -r "$root/docs/site/." "$src/"
chmod og-w "$src/rst"
# Collection pages (one per module and role) and the guides of docs/docsite.
"$venv/bin/antsibull-docs" --config-file "$src/antsibull-docs.cfg" collection \
    --use-current --fail-on-error --cleanup everything \
    --dest-dir "$src/rst" sysv.services
"$venv/bin/sphinx-build" -b html -q -c "$src" "$src/rst" "$out" -w "$root/build/docs/sphinx-warnings.txt" --keep-going
test -f "$out/index.html"
# Offline build: references into docs.ansible.com cannot resolve. Anything
# else Sphinx warns about is a fault of this collection's documentation.
if grep -v -E "undefined label: '(common_return_values|action_plugins|ansible_configuration_settings|ansible_collections\.ansible\.builtin\.[a-z_]+)'" \
        "$root/build/docs/sphinx-warnings.txt" | grep -q .; then
    echo "docs: Sphinx warnings:"; grep -v -E "undefined label: '(common_return_values|action_plugins|ansible_configuration_settings|ansible_collections\.ansible\.builtin\.[a-z_]+)'" "$root/build/docs/sphinx-warnings.txt"
    exit 1
fi
echo "docs: $out/index.html ($(find "$out" -name '*.html' | wc -l) pages)"
