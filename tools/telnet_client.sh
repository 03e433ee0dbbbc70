#!/bin/sh
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Connections with the host's own telnet client (inetutils-telnet on Debian,
# netkit telnet on EL), the way an operator checks a service:
#
#   telnet_client.sh [--hold N] DST [PORT [SRC [LIMIT]]]
#
# PORT defaults to 23; SRC, when given and not empty, is the local address
# the client binds to (telnet -b); LIMIT (default 8) is how many seconds to
# wait for the server. The client's standard input stays open until its
# transcript shows a login prompt, the server closing the connection or a
# failure to connect (then half a second more, so that nothing the server
# sent is lost), or until LIMIT. Prints one line "result: WORD", then the
# client's transcript as it was. WORD is:
#   prompt   the server sent a login prompt ("login:")
#   closed   connected, then the server closed without a login prompt
#            (xinetd refusing a client it accepted: only_from, no_access,
#            access_times, instances, per_source)
#   refused  the connection was refused (TCP RST: nothing listens)
#   open     connected, no prompt and no close within LIMIT
#   timeout  not connected within LIMIT (packets dropped)
#   error    anything else (the transcript says what)
#
# With --hold N, N sessions are opened first, one after the other, and kept
# open (their input stays open) while the last connection is made; each
# gets a line "held I: WORD" before the result line, and all are closed at
# the end. That is how `instances` and `per_source` are seen: N sessions
# with a prompt, and the next one closed.
#
# Exit status 0 whatever the results; 2 when there is no telnet client.
set -u

hold=0
if [ "${1:-}" = "--hold" ]; then
    hold=$2
    shift 2
fi
dst=$1
port=${2:-23}
src=${3:-}
limit=${4:-8}

if ! command -v telnet >/dev/null 2>&1; then
    echo "result: error"
    echo "no telnet client on this host"
    exit 2
fi

work=$(mktemp -d)
held_pids=""
cleanup() {
    for pid in $held_pids; do
        kill "$pid" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT

set -- -E
if [ -n "$src" ]; then
    set -- "$@" -b "$src"
fi

# seen FILE: the transcript shows a prompt, a close or a failure to connect
seen() {
    grep -aqi -e 'login:' -e 'closed by foreign host' -e 'Unable to connect' "$1"
}

# classify FILE: the WORD for a transcript
classify() {
    if grep -aqi 'login:' "$1"; then
        echo prompt
    elif grep -aqi 'Connection refused' "$1"; then
        echo refused
    elif grep -aqi 'closed by foreign host' "$1"; then
        echo closed
    elif grep -aqi '^Connected to' "$1"; then
        echo open
    elif grep -aqi -e 'Unable to connect' -e 'No route to host' -e 'Network is unreachable' "$1"; then
        echo error
    else
        echo timeout
    fi
}

# wait_seen FILE: until seen FILE, at most LIMIT seconds
wait_seen() {
    i=0
    while [ "$i" -lt $((limit * 4)) ]; do
        if seen "$1"; then
            return 0
        fi
        sleep 0.25
        i=$((i + 1))
    done
    return 1
}

n=1
while [ "$n" -le "$hold" ]; do
    : > "$work/held$n"
    # the client's input stays open until the cleanup kills the sleep
    # that holds it (and the client)
    (
        sleep $((limit * (hold + 2))) &
        echo "$!" > "$work/sleep$n"
        wait
    ) 2>/dev/null | telnet "$@" "$dst" "$port" > "$work/held$n" 2>&1 &
    held_pids="$held_pids $!"
    while [ ! -s "$work/sleep$n" ]; do sleep 0.05; done
    held_pids="$held_pids $(cat "$work/sleep$n")"
    wait_seen "$work/held$n"
    sleep 0.5
    echo "held $n: $(classify "$work/held$n")"
    n=$((n + 1))
done

out=$work/last
: > "$out"
(
    wait_seen "$out" && sleep 0.5
) | timeout $((limit + 2)) telnet "$@" "$dst" "$port" > "$out" 2>&1

echo "result: $(classify "$out")"
cat "$out"
exit 0
