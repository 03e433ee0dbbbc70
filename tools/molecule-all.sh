#!/usr/bin/env bash
# Runs Molecule scenarios side by side, MOLECULE_JOBS at a time (default 3).
#   tools/molecule-all.sh SCENARIO...
# Scenarios have their own instance names, so they can share the machine;
# two runs of the *same* scenario cannot (their containers would collide).
# A scenario holding a `.registry-only` file needs an image from a container
# registry: it gets `molecule syntax` only, and the output says why; so does
# one whose `.requires-image` names a local image that is missing.
# Each scenario logs to build/molecule/NAME.log; the log is printed whole
# when the scenario ends, so the output reads as if they had run in turn.
set -uo pipefail

jobs=${MOLECULE_JOBS:-3}
log_dir=${MOLECULE_LOG_DIR:-build/molecule}
mkdir -p "$log_dir"

run_one() {
    local s=$1 log="$log_dir/$1.log" start result
    start=$(date +%s)
    if [ -e "molecule/$s/.registry-only" ]; then
        echo "== molecule $s: needs a container registry, none reachable here: syntax check only" >"$log"
        if molecule syntax -s "$s" >>"$log" 2>&1; then result=syntax-ok; else result=FAILED; fi
    elif [ -e "molecule/$s/.requires-image" ] && ! podman image exists "$(cat "molecule/$s/.requires-image")"; then
        echo "== molecule $s: SKIP: image $(cat "molecule/$s/.requires-image") is missing: syntax check only" >"$log"
        if molecule syntax -s "$s" >>"$log" 2>&1; then result=syntax-ok; else result=FAILED; fi
    else
        echo "== molecule test -s $s" >"$log"
        if molecule test -s "$s" >>"$log" 2>&1; then result=passed; else result=FAILED; fi
    fi
    echo "== molecule $s: $result in $(( $(date +%s) - start )) s" >>"$log"
    echo "$result" >"$log_dir/$s.result"
}

declare -A pids=()
print_done() {
    local s
    for s in "${!pids[@]}"; do
        if ! kill -0 "${pids[$s]}" 2>/dev/null; then
            wait "${pids[$s]}" 2>/dev/null
            cat "$log_dir/$s.log"
            unset "pids[$s]"
        fi
    done
}

rm -f "$log_dir"/*.result
for s in "$@"; do
    while [ "${#pids[@]}" -ge "$jobs" ]; do
        wait -n 2>/dev/null
        print_done
    done
    run_one "$s" &
    pids[$s]=$!
done
while [ "${#pids[@]}" -gt 0 ]; do
    wait -n 2>/dev/null
    print_done
done

failed="" ran=0
for s in "$@"; do
    case "$(cat "$log_dir/$s.result" 2>/dev/null)" in
        passed) ran=$((ran + 1)) ;;
        syntax-ok) ;;
        *) failed="$failed $s" ;;
    esac
done
if [ -n "$failed" ]; then echo "molecule: FAILED:$failed"; exit 1; fi
if [ "$ran" = 0 ]; then echo "molecule: no scenario ran"; exit 1; fi
echo "molecule: $ran scenario(s) passed"
