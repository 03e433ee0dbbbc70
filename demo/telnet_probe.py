#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Probe a telnet service the way a person at a terminal would.

Runs on the host under test (Python 2.7 or 3.6+, standard library only) and
prints one JSON document:

  telnet_probe.py connect HOST [--port 23] [--src ADDR] [--timeout 8]
      {"result": "prompt" | "closed" | "refused" | "timeout" | "error", ...}
      "prompt": the server sent a login prompt ("login:"); "closed": the
      connection was accepted and closed without one; "refused": TCP RST;
      "timeout": connected, but no prompt and no close within the timeout.

  telnet_probe.py hold HOST --sessions N [--port 23] [--src ADDR]
      Opens N sessions one after the other and keeps each open once it
      shows a login prompt, then opens one more while they are all open:
      {"held": [result, ...], "extra": result}

  telnet_probe.py listening PORT [PORT ...]
      {"tcp": [ports listening], "udp": [ports bound]} from /proc/net.

The client answers the server's option negotiation (IAC DO/WILL) with
refusals (WONT/DONT), which is enough for telnetd to go on to login(1).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import json
import socket
import sys
import time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240


def _ord(b):
    return b if isinstance(b, int) else ord(b)


class Session(object):
    def __init__(self, host, port, src=None, timeout=8.0):
        self.host, self.port, self.src, self.timeout = host, port, src, timeout
        self.sock = None
        self.text = b''

    def open(self):
        """Connect and read until a login prompt, a close or the timeout."""
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        if self.src:
            s.bind((self.src, 0))
        try:
            s.connect((self.host, self.port))
        except socket.error as e:
            s.close()
            if getattr(e, 'errno', None) == errno.ECONNREFUSED:
                return 'refused'
            if isinstance(e, socket.timeout):
                return 'timeout'
            return 'error: %s' % e
        self.sock = s
        deadline = time.time() + self.timeout
        pending = b''
        while time.time() < deadline:
            s.settimeout(max(0.1, deadline - time.time()))
            try:
                data = s.recv(4096)
            except socket.timeout:
                break
            except socket.error as e:
                if getattr(e, 'errno', None) == errno.ECONNRESET:
                    return 'closed'
                return 'error: %s' % e
            if not data:
                return 'closed'
            pending += data
            pending = self._negotiate(pending)
            if b'login:' in self.text.lower():
                return 'prompt'
        return 'timeout'

    def _negotiate(self, buf):
        """Strip telnet commands from buf, answer them; return the unparsed tail."""
        out = []
        i = 0
        n = len(buf)
        while i < n:
            c = _ord(buf[i])
            if c != IAC:
                self.text += buf[i:i + 1]
                i += 1
                continue
            if i + 1 >= n:
                break
            cmd = _ord(buf[i + 1])
            if cmd in (DO, DONT, WILL, WONT):
                if i + 2 >= n:
                    break
                opt = _ord(buf[i + 2])
                if cmd == DO:
                    out.append(bytearray([IAC, WONT, opt]))
                elif cmd == WILL:
                    out.append(bytearray([IAC, DONT, opt]))
                i += 3
            elif cmd == SB:
                end = buf.find(bytearray([IAC, SE]), i + 2)
                if end < 0:
                    break
                i = end + 2
            else:
                i += 2
        if out:
            try:
                self.sock.sendall(b''.join(bytes(o) for o in out))
            except socket.error:
                pass
        return buf[i:]

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except socket.error:
                pass
            self.sock = None


def connect(host, port, src, timeout):
    sess = Session(host, port, src, timeout)
    try:
        result = sess.open()
        return {'result': result, 'host': host, 'port': port, 'src': src,
                'text': sess.text.decode('utf-8', 'replace')[-500:]}
    finally:
        sess.close()


def hold(host, port, src, timeout, sessions):
    opened = []
    try:
        held = []
        for _dummy in range(sessions):
            sess = Session(host, port, src, timeout)
            opened.append(sess)
            held.append(sess.open())
        extra = Session(host, port, src, timeout)
        opened.append(extra)
        return {'held': held, 'extra': extra.open(), 'host': host, 'port': port, 'src': src}
    finally:
        for sess in opened:
            sess.close()


def _proc_ports(names, want_state):
    ports = set()
    for name in names:
        try:
            with open('/proc/net/' + name) as f:
                lines = f.readlines()[1:]
        except IOError:
            continue
        for line in lines:
            fields = line.split()
            port = int(fields[1].rsplit(':', 1)[1], 16)
            if want_state is None or fields[3] == want_state:
                ports.add(port)
    return ports


def listening(ports):
    tcp = _proc_ports(('tcp', 'tcp6'), '0A')
    udp = _proc_ports(('udp', 'udp6'), None)
    return {'tcp': sorted(p for p in ports if p in tcp),
            'udp': sorted(p for p in ports if p in udp)}


def _opt(args, name, default=None):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


def main(argv):
    args = list(argv)
    if not args:
        sys.stderr.write(__doc__)
        return 2
    mode = args.pop(0)
    port = int(_opt(args, '--port', '23'))
    src = _opt(args, '--src')
    timeout = float(_opt(args, '--timeout', '8'))
    sessions = int(_opt(args, '--sessions', '2'))
    if mode == 'connect' and len(args) == 1:
        out = connect(args[0], port, src, timeout)
    elif mode == 'hold' and len(args) == 1:
        out = hold(args[0], port, src, timeout, sessions)
    elif mode == 'listening' and args:
        out = listening([int(a) for a in args])
    else:
        sys.stderr.write(__doc__)
        return 2
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
