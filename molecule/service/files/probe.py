# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""probe.py PORT [--send TEXT] [--wait open|closed]: one real TCP
connection to 127.0.0.1:PORT. Prints what the server answered, or
"refused". With --wait, retries for up to 10 s until the port is in that
state (exit 1 if it never is)."""
import argparse
import socket
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument('port', type=int)
parser.add_argument('--send', default=None)
parser.add_argument('--wait', choices=['open', 'closed'])
args = parser.parse_args()


def probe():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # generous: the scenarios run side by side on a small, busy machine
    sock.settimeout(30)
    try:
        sock.connect(('127.0.0.1', args.port))
    except ConnectionRefusedError:
        return None
    try:
        if args.send is not None:
            sock.sendall(args.send.encode() + b'\n')
        else:
            sock.shutdown(socket.SHUT_WR)     # no input: echo closes, daytime answers and closes
        data = b''
        while True:
            try:
                chunk = sock.recv(4096)
            except ConnectionResetError:    # xinetd refused the client after accepting it
                return data.decode('utf-8', 'replace').strip() or '(reset)'
            if not chunk:
                break
            data += chunk
            if args.send is not None and data.endswith(b'\n'):
                break
        return data.decode('utf-8', 'replace').strip() or '(open, no data)'

    finally:
        sock.close()


deadline = time.time() + 10
while True:
    answer = probe()
    state = 'closed' if answer is None else 'open'
    if args.wait is None or state == args.wait or time.time() >= deadline:
        break
    time.sleep(0.2)
print('refused' if answer is None else answer)
sys.exit(1 if args.wait and state != args.wait else 0)
