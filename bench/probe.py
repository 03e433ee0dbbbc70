# Runs inside each bench container (python3, fed on stdin by bench.py):
# is xinetd running, is TCP port 23 listening, and does a telnet client on
# 127.0.0.1 get a login prompt? Prints one JSON object.
# Standard library only; Python 2.7 and 3.x.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import select
import socket
import time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240


def xinetd_pids():
    pids = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/comm' % entry) as f:
                if f.read().strip() == 'xinetd':
                    pids.append(int(entry))
        except (IOError, OSError):
            pass
    return sorted(pids)


def listening(port):
    for name in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(name) as f:
                rows = f.read().splitlines()[1:]
        except (IOError, OSError):
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 3 and fields[3] == '0A' and int(fields[1].rsplit(':', 1)[1], 16) == port:
                return True
    return False


def telnet_greeting(host, port, timeout=10.0):
    """Refuse every option the server offers, collect text until 'login:'."""
    sock = socket.create_connection((host, port), timeout=timeout)
    text = bytearray()
    deadline = time.time() + timeout
    pending = bytearray()
    try:
        while time.time() < deadline and b'login:' not in bytes(text):
            ready = select.select([sock], [], [], max(0.0, deadline - time.time()))[0]
            if not ready:
                break
            data = sock.recv(4096)
            if not data:
                break
            pending.extend(bytearray(data))
            reply = bytearray()
            i = 0
            while i < len(pending):
                c = pending[i]
                if c != IAC:
                    text.append(c)
                    i += 1
                    continue
                if i + 1 >= len(pending):
                    break
                cmd = pending[i + 1]
                if cmd in (DO, DONT, WILL, WONT):
                    if i + 2 >= len(pending):
                        break
                    opt = pending[i + 2]
                    if cmd == DO:
                        reply.extend([IAC, WONT, opt])
                    elif cmd == WILL:
                        reply.extend([IAC, DONT, opt])
                    i += 3
                elif cmd == SB:
                    end = pending.find(bytearray([IAC, SE]), i)
                    if end < 0:
                        break
                    i = end + 2
                elif cmd == IAC:
                    text.append(IAC)
                    i += 2
                else:
                    i += 2
            del pending[:i]
            if reply:
                sock.sendall(bytes(reply))
    finally:
        sock.close()
    return bytes(text).decode('utf-8', 'replace')


def main():
    result = {'xinetd_running': bool(xinetd_pids()), 'listening_23': listening(23)}
    try:
        greeting = telnet_greeting('127.0.0.1', 23)
        result['greeting'] = greeting
        result['login_prompt'] = 'login:' in greeting
    except (IOError, OSError, socket.error) as exc:
        result['greeting'] = None
        result['login_prompt'] = False
        result['error'] = str(exc)
    print(json.dumps(result, sort_keys=True))


main()
