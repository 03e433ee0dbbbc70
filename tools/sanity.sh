#!/usr/bin/env bash
# ansible-test sanity for this collection with the ansible-core of one
# virtualenv:  tools/sanity.sh VENV [ansible-test sanity options...]
#
# ansible-test needs the collection at .../ansible_collections/sysv/services,
# so the files git knows (tracked, plus untracked files that are not
# ignored) are copied into a temporary tree first. Every Python the
# ansible-core release supports is taken from pyenv and put on PATH; the
# sanity tests run in ansible-test's own virtualenvs (--venv).
set -euo pipefail

venv=${1:?usage: sanity.sh VENV [ansible-test options]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$(cd "$venv" && pwd)
pybin=$root/build/pybin
"$root/tools/pythons.sh" "$pybin" >/dev/null

core=$("$venv/bin/python" -c 'from ansible.release import __version__ as v; print(".".join(v.split(".")[:2]))')
echo "== ansible-test sanity with ansible-core $core ($venv)"

work=$(mktemp -d "${TMPDIR:-/tmp}/sysv-sanity.XXXXXX")
trap 'rm -rf "$work"' EXIT
dest=$work/ansible_collections/sysv/services
mkdir -p "$dest"
# images/el6-tools/root/ is the payload of the EL6 tools image: CentOS 6's
# init scripts as CentOS writes them (#!/bin/bash); compile.sh runs inside
# that image's build root. They are not collection content (galaxy.yml
# leaves images/ out of the tarball) and keep their own conventions.
(cd "$root" && git ls-files -co --exclude-standard -z \
    | while IFS= read -r -d '' f; do
        case "$f" in images/el6-tools/root/*|images/el6-tools/compile.sh) continue ;; esac
        [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf -) | tar -C "$dest" -xf -

# Python versions this core supports and that exist here.
versions=$("$venv/bin/python" - <<'PY'
from ansible_test._internal.constants import SUPPORTED_PYTHON_VERSIONS
print(" ".join(SUPPORTED_PYTHON_VERSIONS))
PY
)
available=""
missing=""
for v in $versions; do
    if [ -x "$pybin/python$v" ]; then available="$available $v"; else missing="$missing $v"; fi
done
echo "Python versions: available:$available; missing:${missing:- none}"
[ -z "$missing" ] || echo "WARNING: no interpreter for$missing: sanity tests for those versions are skipped by ansible-test"

# ansible-test bootstraps pip into its virtualenvs with a script it downloads
# from a CI file server; provide it offline (see tools/get_pip_shim.py).
cache=$HOME/.ansible/test/cache
mkdir -p "$cache"
for pipv in $(grep -o "pip='[0-9.]*'" "$("$venv/bin/python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')/_internal/python_requirements.py" | grep -o "[0-9.]*[0-9]" | sort -u); do
    shim=$cache/get_pip_${pipv//./_}.py
    cmp -s "$root/tools/get_pip_shim.py" "$shim" || cp "$root/tools/get_pip_shim.py" "$shim"
done

cd "$dest"
export PATH="$venv/bin:$pybin:$PATH"
exec ansible-test sanity --venv --requirements --color no "$@"
