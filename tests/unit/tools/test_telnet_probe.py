# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""tools/telnet_probe.py against TELNET servers on loopback: the option
negotiation answered and recorded (also split across reads), the steps in
order, refused and closed connections, the one-line form. The real telnetd
behind xinetd is probed by the Molecule scenarios, the demo and the bench."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import socket
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE = os.path.join(HERE, '..', '..', '..', 'tools', 'telnet_probe.py')

IAC, DO, WILL, WONT, DONT, SB, SE = 255, 253, 251, 252, 254, 250, 240


class Server(object):
    """One loopback listener; ``script(conn, seen)`` talks to each client."""

    def __init__(self, script):
        self.sock = socket.socket()
        self.sock.bind(('127.0.0.1', 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.seen = []
        self.script = script
        self.thread = threading.Thread(target=self._serve)
        self.thread.daemon = True
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            worker = threading.Thread(target=self._talk, args=(conn,))
            worker.daemon = True
            worker.start()

    def _talk(self, conn):
        try:
            self.script(conn, self.seen)
        except (OSError, socket.timeout):
            pass
        finally:
            conn.close()

    def close(self):
        self.sock.close()


def read_until(conn, want, seen):
    data = b''
    conn.settimeout(5)
    while want not in data:
        chunk = conn.recv(100)
        if not chunk:
            break
        data += chunk
    seen.append(data)
    return data


def probe(*args):
    out = subprocess.run([sys.executable, PROBE] + [str(a) for a in args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, check=False, timeout=60)
    return out.returncode, out.stdout.decode('utf-8')


def telnetd(conn, seen):
    # negotiation split in the middle of a command, a subnegotiation and an
    # escaped 255 in the text, as a byte-by-byte server could send them
    conn.sendall(bytes(bytearray([IAC, DO])))
    conn.sendall(bytes(bytearray([24, IAC, WILL, 1, IAC, SB, 24, 1, IAC, SE])) + b'Debian\r\nbox ')
    conn.sendall(bytes(bytearray([IAC, IAC])) + b' login: ')
    read_until(conn, b'\r\n', seen)
    conn.sendall(b'Password: ')
    read_until(conn, b'never', seen)


def test_login_prompt_with_negotiation_refused():
    server = Server(telnetd)
    try:
        rc, out = probe('connect', '127.0.0.1', '--port', server.port, '--timeout', 5,
                        '--expect', 'login:', '--send', 'sysvtest', '--expect', 'assword')
    finally:
        server.close()
    doc = json.loads(out)
    assert rc == 0
    assert doc['result'] == 'prompt', doc
    assert doc['iac_first'] and doc['negotiation'] == ['DO 24', 'WILL 1']
    assert doc['text'] == u'Debian\r\nbox \ufffd login: Password: '     # the escaped 255, not UTF-8
    # the client refused both options, then sent the user name
    assert server.seen[0] == bytes(bytearray([IAC, WONT, 24, IAC, DONT, 1])) + b'sysvtest\r\n'


def test_refused_closed_and_text_forms():
    closed = Server(lambda conn, seen: conn.sendall(b'Thu Jan  1 00:00:00 2026\r\n'))
    free = socket.socket()
    free.bind(('127.0.0.1', 0))
    port = free.getsockname()[1]
    free.close()        # nothing listens there: RST
    try:
        rc, out = probe('connect', '127.0.0.1', '--port', closed.port, '--timeout', 5)
        assert rc == 0 and json.loads(out)['result'] == 'closed'
        rc, out = probe('connect', '127.0.0.1', '--port', closed.port, '--timeout', 5, '--shut', '--text')
        assert (rc, out) == (0, 'Thu Jan  1 00:00:00 2026\n')
        rc, out = probe('connect', '127.0.0.1', '--port', port, '--text')
        assert (rc, out) == (0, 'refused\n')
        rc, out = probe('connect', '127.0.0.1', '--port', port, '--wait', 'accepted', '--text')
        assert (rc, out) == (1, 'refused\n')
    finally:
        closed.close()


def test_listening():
    server = Server(telnetd)
    try:
        rc, out = probe('listening', server.port)
        assert json.loads(out)['tcp'] == [server.port]
    finally:
        server.close()
