#!/bin/sh
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One connection with the host's own telnet client (inetutils-telnet on
# Debian, netkit telnet on EL), the way an operator checks a service:
#
#   telnet_client.sh DST [PORT [SRC [LIMIT]]]
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
# Exit status 0 whatever the result; 2 when there is no telnet client.
set -u

dst=$1
port=${2:-23}
src=${3:-}
limit=${4:-8}

if ! command -v telnet >/dev/null 2>&1; then
    echo "result: error"
    echo "no telnet client on this host"
    exit 2
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT

set -- -E
if [ -n "$src" ]; then
    set -- "$@" -b "$src"
fi

(
    i=0
    while [ "$i" -lt $((limit * 4)) ]; do
        if grep -aqi -e 'login:' -e 'closed by foreign host' -e 'Unable to connect' "$out"; then
            sleep 0.5
            break
        fi
        sleep 0.25
        i=$((i + 1))
    done
) | timeout $((limit + 2)) telnet "$@" "$dst" "$port" > "$out" 2>&1

if grep -aqi 'login:' "$out"; then
    result=prompt
elif grep -aqi 'Connection refused' "$out"; then
    result=refused
elif grep -aqi 'closed by foreign host' "$out"; then
    result=closed
elif grep -aqi '^Connected to' "$out"; then
    result=open
elif grep -aqi -e 'Unable to connect' -e 'No route to host' -e 'Network is unreachable' "$out"; then
    result=error
else
    result=timeout
fi
echo "result: $result"
cat "$out"
exit 0
