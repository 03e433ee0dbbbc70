#!/usr/bin/env bash
# The demo: a small fleet of local containers, telnet open to everyone as
# on a careless host, then one role call (sysv.services.telnet_hardening)
# and a table of who can still reach telnet where, tested with real telnet
# connections from inside the containers. It ends with the exposure report
# of the fleet (sysv.services.exposure_report) in build/demo/report/.
#
#   make demo               (or: demo/run.sh)
#   DEMO_KEEP=1 make demo   keep the fleet afterwards; `make demo-clean` removes it
#
# Needs podman and the controller tool chain (`make setup`); builds the
# local image if it is missing. Traffic stays between the demo's own
# containers on the demo's own podman network.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
image=${DEMO_IMAGE:-localhost/sysv-services-debian:bookworm}
network=sysv-demo
hosts=(demo-web1 demo-web2 demo-db1)
work=$root/build/demo
export CONTAINERS_CONF=${CONTAINERS_CONF:-$("$root/tools/podman/containers-conf")}

# controller tools: the project's .venv when there is one
if [ -x "$root/.venv/bin/ansible-playbook" ]; then
    PATH=$root/.venv/bin:$PATH
fi
command -v ansible-playbook >/dev/null || { echo "demo: ansible-playbook not found (run make setup)" >&2; exit 1; }
command -v podman >/dev/null || { echo "demo: podman not found (run make deps)" >&2; exit 1; }

clean() {
    for h in "${hosts[@]}"; do podman rm -f -t 0 "$h" >/dev/null 2>&1 || true; done
    podman network rm -f "$network" >/dev/null 2>&1 || true
}
if [ "${1:-}" = clean ]; then clean; exit 0; fi
if [ "${DEMO_KEEP:-0}" != 1 ]; then trap clean EXIT; fi

if [ -t 1 ]; then
    say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
    say() { printf '\n== %s\n' "$*"; }
fi
t0=$(date +%s)

say "Image $image"
"$root/images/build.sh" "$root/images/debian-xinetd" "$image"

say "Fleet: ${hosts[*]} on podman network $network"
clean
podman network create "$network" >/dev/null 2>&1
for h in "${hosts[@]}"; do
    podman run -d --name "$h" --hostname "$h" --network "$network" "$image" sleep infinity >/dev/null
done
for h in "${hosts[@]}"; do
    podman cp "$root/tools/telnet_probe.py" "$h:/usr/local/bin/telnet_probe" &
    podman cp "$root/tools/telnet_client.sh" "$h:/usr/local/bin/telnet_client" &
done
wait
declare -A ip
for h in "${hosts[@]}"; do
    ip[$h]=$(podman inspect -f "{{ (index .NetworkSettings.Networks \"$network\").IPAddress }}" "$h")
    printf '  %-10s %s\n' "$h" "${ip[$h]}"
done

# Before: telnet served to every address, the xinetd built-ins on, as
# found on many old hosts.
for h in "${hosts[@]}"; do
    podman exec "$h" sh -c '
        cat > /etc/xinetd.d/telnet <<EOT
service telnet
{
	disable		= no
	socket_type	= stream
	wait		= no
	user		= root
	server		= /usr/sbin/telnetd
}
EOT
        for f in chargen daytime discard echo time; do
            sed -i "s/^\([[:space:]]*disable[[:space:]]*=[[:space:]]*\)yes/\1no/" /etc/xinetd.d/$f
        done
        /etc/init.d/xinetd start >/dev/null' &
done
wait

# Policy: web1 and web2 reach each other, db1 is reached from web1 only.
declare -A allow=([demo-web1]=demo-web2 [demo-web2]=demo-web1 [demo-db1]=demo-web1)

mkdir -p "$work/collections/ansible_collections/sysv"
ln -sfn "$root" "$work/collections/ansible_collections/sysv/services"
{
    echo "fleet:"
    echo "  vars:"
    echo "    ansible_connection: containers.podman.podman"
    echo "    ansible_python_interpreter: /usr/bin/python3"
    echo "  hosts:"
    for h in "${hosts[@]}"; do
        echo "    $h:"
        echo "      telnet_hardening_only_from: [127.0.0.1, ${ip[${allow[$h]}]}]"
    done
} > "$work/inventory.yml"
export ANSIBLE_COLLECTIONS_PATH=$work/collections${ANSIBLE_COLLECTIONS_PATH:+:$ANSIBLE_COLLECTIONS_PATH}:$HOME/.ansible/collections:/usr/share/ansible/collections
export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_NOCOLOR=${ANSIBLE_NOCOLOR:-0}

# One line per target: who gets a login prompt. Every connection is made
# with the telnet client of the container it starts from
# (tools/telnet_client.sh); the ports of the built-ins are read by the probe.
# They run in parallel.
client() {  # client OUTFILE CONTAINER DST -> "result: WORD" and the transcript in OUTFILE
    podman exec "$2" sh /usr/local/bin/telnet_client "$3" 23 "" 4 > "$1" 2>/dev/null \
        || echo 'result: client failed' > "$1"
}
probe() {  # probe OUTFILE CONTAINER ARGS... -> the probe's JSON in OUTFILE
    local out=$1; shift
    local c=$1; shift
    podman exec "$c" python3 /usr/local/bin/telnet_probe "$@" > "$out" 2>/dev/null || echo '{}' > "$out"
}
verdict() {
    python3 -c '
import json, sys
text = open(sys.argv[1]).read()
if text.startswith("result: "):
    d = {"result": text.splitlines()[0][len("result: "):]}
else:
    d = json.loads(text)
if "tcp" in d:
    p = sorted(set(d["tcp"] + d["udp"]))
    print("answering: " + " ".join(map(str, p)) if p else "off")
else:
    print({"prompt": "login prompt", "closed": "refused (closed)",
           "refused": "refused (RST)"}.get(d.get("result"), d.get("result", "probe failed")))
' "$1"
}
matrix() {
    local dir t s
    dir=$(mktemp -d "$work/matrix.XXXXXX")
    for t in "${hosts[@]}"; do
        client "$dir/$t-lo" "$t" 127.0.0.1 &
        probe "$dir/$t-builtins" "$t" listening 7 9 13 19 37 &
        for s in "${hosts[@]}"; do
            [ "$s" = "$t" ] && continue
            client "$dir/$t-$s" "$s" "${ip[$t]}" &
        done
    done
    wait
    printf '  %-10s %-18s %-18s %-18s %-18s %s\n' "host" "from 127.0.0.1" \
        "from demo-web1" "from demo-web2" "from demo-db1" "built-ins (7 9 13 19 37)"
    for t in "${hosts[@]}"; do
        local row=("$(verdict "$dir/$t-lo")")
        for s in "${hosts[@]}"; do
            if [ "$s" = "$t" ]; then row+=("-"); else row+=("$(verdict "$dir/$t-$s")"); fi
        done
        printf '  %-10s %-18s %-18s %-18s %-18s %s\n' "$t" "${row[@]}" "$(verdict "$dir/$t-builtins")"
    done
    rm -rf "$dir"
}

say "Before: telnet as found"
matrix

say "ansible-playbook demo/site.yml (sysv.services.telnet_hardening)"
for h in "${hosts[@]}"; do
    printf '  %-10s only_from = 127.0.0.1 %s (%s)\n' "$h" "${ip[${allow[$h]}]}" "${allow[$h]}"
done
ansible-playbook -i "$work/inventory.yml" "$here/site.yml" | tee "$work/run1.log" | grep -E '^(TASK|PLAY RECAP|demo-)' || true
grep -qE 'failed=0 ' "$work/run1.log" && ! grep -qE 'failed=[1-9]|unreachable=[1-9]' "$work/run1.log" \
    || { echo "demo: the playbook failed, see $work/run1.log" >&2; exit 1; }

say "After: who can reach telnet"
matrix

say "Second run (should change nothing)"
ansible-playbook -i "$work/inventory.yml" "$here/site.yml" > "$work/run2.log" \
    || { echo "demo: the second run failed, see $work/run2.log" >&2; exit 1; }
changed=$(grep -oE 'changed=[0-9]+' "$work/run2.log" | awk -F= '{s += $2} END {print s + 0}')
grep -E '^demo-' "$work/run2.log"
echo "  changed on the second run: $changed"
say "Exposure report (sysv.services.exposure_report)"
ansible-playbook -i "$work/inventory.yml" "$here/report.yml" -e "exposure_report_dir=$work/report" \
    > "$work/report.log" || { echo "demo: the report run failed, see $work/report.log" >&2; exit 1; }
python3 - "$work/report/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
srcs = ["localhost"] + r["fleet"]["hosts"]
print("  %-10s %-8s %-11s %s" % ("host", "service", "exposure", "  ".join("from %-9s" % s for s in srcs)))
for m in r["matrix"]:
    print("  %-10s %-8s %-11s %s" % (m["host"], m["service"], m["exposure"],
          "  ".join("     %-9s" % m["reachable_from"].get(s, "-") for s in srcs)))
s = r["summary"]
print("  checks: %d passed, %d failed" % (s["checks_passed"], s["checks_failed"]))
PY
echo "  report written to $work/report/: report.html (open it in a browser), report.md, report.json"

echo
echo "demo done in $(( $(date +%s) - t0 )) s"
[ "$changed" = 0 ]
