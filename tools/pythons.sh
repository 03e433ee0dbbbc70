#!/usr/bin/env bash
# Collect the pyenv interpreters into one directory of pythonX.Y links:
#   tools/pythons.sh DIR    -> prints the versions found
# PYENV_ROOT (default ~/.pyenv) is where they are looked up.
set -euo pipefail
dir=${1:?usage: pythons.sh DIR}
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
mkdir -p "$dir"
found=""
for exe in "$pyenv_root"/versions/*/bin/python[23].*; do
    [ -x "$exe" ] || continue
    name=$(basename "$exe")
    case "$name" in *-config|*m) continue ;; esac
    case "$name" in python[23].[0-9]|python[23].[0-9][0-9]) ;; *) continue ;; esac
    ln -sfn "$exe" "$dir/$name"
    found="$found ${name#python}"
done
echo "${found# }"
