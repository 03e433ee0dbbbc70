# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""A telnet session held open across a configuration change.

Connects to 127.0.0.1:23, answers the option negotiation (refuses every
option), waits for the login prompt and prints "prompt"; then waits for
/tmp/go, sends a user name on the same connection and prints "alive" when
the password prompt comes back ("lost ..." or "error ..." otherwise), and
keeps the connection open until /tmp/done exists.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import socket
import sys
import time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240


def talk(sock, want, timeout=15):
    """Read until ``want`` shows up in the text; answer negotiations."""
    pending = bytearray()
    text = bytearray()
    end = time.time() + timeout
    sock.settimeout(1)
    while time.time() < end and want not in text:
        try:
            data = sock.recv(1024)
        except socket.timeout:
            continue
        if not data:
            return bytes(text), 'closed'
        pending.extend(bytearray(data))
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
                    sock.sendall(bytes(bytearray([IAC, WONT, opt])))
                elif cmd == WILL:
                    sock.sendall(bytes(bytearray([IAC, DONT, opt])))
                i += 3
            elif cmd == SB:
                j = pending.find(bytearray([IAC, SE]), i)
                if j < 0:
                    break
                i = j + 2
            else:
                i += 2
        del pending[:i]
    return bytes(text), 'open' if want in text else 'timeout'


def main():
    sock = socket.create_connection(('127.0.0.1', 23), 5)
    text, state = talk(sock, b'login:')
    print('prompt' if state == 'open' else 'no-prompt %s %r' % (state, text[-80:]))
    sys.stdout.flush()
    deadline = time.time() + 300
    while not os.path.exists('/tmp/go') and time.time() < deadline:
        time.sleep(0.2)
    try:
        sock.sendall(b'sysvtest\r\n')
        text, state = talk(sock, b'assword')
        print('alive' if state == 'open' else 'lost %s %r' % (state, text[-80:]))
    except Exception as exc:
        print('error %r' % (exc,))
    sys.stdout.flush()
    deadline = time.time() + 120
    while not os.path.exists('/tmp/done') and time.time() < deadline:
        time.sleep(0.2)
    sock.close()


if __name__ == '__main__':
    main()
