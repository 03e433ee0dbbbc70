#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real client connections to xinetd services, the way a person at a terminal makes them.

The scripted client of the bench, the Molecule scenarios and the demo,
for what a terminal cannot do: sessions held open across a reload, steps on
services that do not speak TELNET, the listening ports. Who is let in is
checked with the host's own telnet client (tools/telnet_client.sh). Runs on
the host it probes from (Python 2.7 or 3.6+, standard library only: it is
copied into containers or fed to ``python3 -``) and prints JSON:

  telnet_probe.py connect HOST [--port 23] [--src ADDR] [--timeout 8]
                  [--wait accepted|refused] [--text] [STEP ...]
      One TCP connection, then the STEPs in the order given (default:
      --expect login:). Every byte read goes through a TELNET client: the
      server's option negotiation (IAC DO/WILL) is answered with refusals
      (WONT/DONT), which is enough for telnetd to go on to login(1); the
      other bytes are the text. A server that does not speak TELNET (echo,
      daytime, cat) just sends text.
        --expect TEXT  read until TEXT is in the text (ignoring case)
        --send TEXT    send TEXT and CR LF
        --shut         half-close the connection, read until the server closes
        --await FILE   print a progress line {"awaiting": FILE, ...} and wait
                       (at most 300 s) until FILE exists: a session held open
                       across a configuration change
      {"result": ..., "text": ..., "negotiation": [...], "iac_first": bool, ...}
      "prompt": every --expect text arrived; "accepted": connected, the steps
      expect nothing and the server did not close; "closed": the server
      closed (or reset, then "reset" is true) before an expected text, or
      after --shut; "refused": TCP RST to the SYN; "timeout": no expected
      text and no close within the timeout; "error: ...": anything else.
      "negotiation" lists the commands the server sent ("DO 24", ...),
      "iac_first" says whether its first byte was IAC.
      --wait retries for up to 10 s until the connection is accepted or
      refused (exit 1 if it never is). --text prints, instead of JSON,
      "refused", the text stripped, "(reset)" or "(open, no data)".

  telnet_probe.py listening PORT [PORT ...]
      {"tcp": [ports listening], "udp": [ports bound]} from /proc/net.

  telnet_probe.py status [--port 23] [--timeout 10]
      Is xinetd running, is PORT listening, does a client on 127.0.0.1 get a
      login prompt: {"xinetd_running", "listening_PORT", "login_prompt",
      "greeting", "result"}.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import json
import os
import socket
import sys
import time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
COMMANDS = {DONT: 'DONT', DO: 'DO', WONT: 'WONT', WILL: 'WILL'}
AWAIT_LIMIT = 300
WAIT_LIMIT = 10


class Session(object):
    """One TELNET client connection."""

    def __init__(self, host, port, src=None, timeout=8.0):
        self.host, self.port, self.src, self.timeout = host, port, src, timeout
        self.sock = None
        self.text = bytearray()
        self.pending = bytearray()
        self.negotiation = []
        self.first = None
        self.reset = False

    def connect(self):
        """'accepted', 'refused', 'timeout' or 'error: ...'."""
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        try:
            if self.src:
                s.bind((self.src, 0))
            s.connect((self.host, self.port))
        except socket.error as e:
            s.close()
            if getattr(e, 'errno', None) == errno.ECONNREFUSED:
                return 'refused'
            if isinstance(e, socket.timeout):
                return 'timeout'
            return 'error: %s' % e
        self.sock = s
        return 'accepted'

    def read_until(self, want):
        """Read until ``want`` (bytes) is in the text, or until the close if None.

        Returns 'prompt', 'closed', 'timeout' or 'error: ...'.
        """
        deadline = time.time() + self.timeout
        want = None if want is None else want.lower()
        while want is None or want not in self.text.lower():
            if time.time() >= deadline:
                return 'timeout'
            self.sock.settimeout(max(0.1, deadline - time.time()))
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                return 'timeout'
            except socket.error as e:
                if getattr(e, 'errno', None) == errno.ECONNRESET:
                    self.reset = True
                    return 'closed'
                return 'error: %s' % e
            if not data:
                return 'closed'
            if self.first is None:
                self.first = bytearray(data)[0]
            self.pending.extend(bytearray(data))
            self._negotiate()
        return 'prompt'

    def send(self, text):
        self.sock.sendall(text.encode('utf-8') + b'\r\n')

    def shut(self):
        self.sock.shutdown(socket.SHUT_WR)

    def _negotiate(self):
        """Move the text out of self.pending, refuse every option offered."""
        buf = self.pending
        reply = bytearray()
        i = 0
        while i < len(buf):
            c = buf[i]
            if c != IAC:
                self.text.append(c)
                i += 1
                continue
            if i + 1 >= len(buf):
                break
            cmd = buf[i + 1]
            if cmd in COMMANDS:
                if i + 2 >= len(buf):
                    break
                opt = buf[i + 2]
                self.negotiation.append('%s %d' % (COMMANDS[cmd], opt))
                if cmd == DO:
                    reply.extend([IAC, WONT, opt])
                elif cmd == WILL:
                    reply.extend([IAC, DONT, opt])
                i += 3
            elif cmd == SB:
                end = buf.find(bytearray([IAC, SE]), i + 2)
                if end < 0:
                    break
                i = end + 2
            elif cmd == IAC:
                self.text.append(IAC)
                i += 2
            else:
                i += 2
        del buf[:i]
        if reply:
            try:
                self.sock.sendall(bytes(reply))
            except socket.error:
                pass

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except socket.error:
                pass
            self.sock = None

    def report(self, result):
        return {'result': result, 'host': self.host, 'port': self.port, 'src': self.src,
                'text': bytes(self.text).decode('utf-8', 'replace')[-500:],
                'negotiation': self.negotiation, 'iac_first': self.first == IAC,
                'reset': self.reset}


def _emit(doc):
    print(json.dumps(doc, sort_keys=True))
    sys.stdout.flush()


def run_steps(sess, steps):
    """Run the steps on a connected session; return the result."""
    result = 'accepted'
    for kind, arg in steps:
        if kind == 'expect':
            result = sess.read_until(arg.encode('utf-8'))
        elif kind == 'shut':
            sess.shut()
            result = sess.read_until(None)
        elif kind == 'send':
            try:
                sess.send(arg)
            except socket.error as e:
                return 'closed' if getattr(e, 'errno', None) in (errno.EPIPE, errno.ECONNRESET) else 'error: %s' % e
        elif kind == 'await':
            doc = sess.report(result)
            doc['awaiting'] = arg
            _emit(doc)
            deadline = time.time() + AWAIT_LIMIT
            while not os.path.exists(arg) and time.time() < deadline:
                time.sleep(0.2)
        if result not in ('accepted', 'prompt'):
            return result
    return result


def connect(host, port, src, timeout, steps):
    sess = Session(host, port, src, timeout)
    try:
        result = sess.connect()
        if result == 'accepted':
            result = run_steps(sess, steps)
        return sess.report(result)
    finally:
        sess.close()


def connect_waiting(host, port, src, timeout, steps, wait):
    """connect(), retried for up to WAIT_LIMIT s until accepted/refused is ``wait``."""
    deadline = time.time() + WAIT_LIMIT
    while True:
        out = connect(host, port, src, timeout, steps)
        state = 'refused' if out['result'] == 'refused' else 'accepted'
        if wait is None or state == wait or time.time() >= deadline:
            return out, wait is None or state == wait
        time.sleep(0.2)


def as_text(out):
    """The one-line form: 'refused', the text, '(reset)' or '(open, no data)'."""
    if out['result'] == 'refused':
        return 'refused'
    return out['text'].strip() or ('(reset)' if out['reset'] else '(open, no data)')


def _proc_ports(names, want_state):
    ports = set()
    for name in names:
        try:
            with open('/proc/net/' + name) as f:
                lines = f.readlines()[1:]
        except (IOError, OSError):
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 3 and (want_state is None or fields[3] == want_state):
                ports.add(int(fields[1].rsplit(':', 1)[1], 16))
    return ports


def listening(ports):
    tcp = _proc_ports(('tcp', 'tcp6'), '0A')
    udp = _proc_ports(('udp', 'udp6'), None)
    return {'tcp': sorted(p for p in ports if p in tcp),
            'udp': sorted(p for p in ports if p in udp)}


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


def status(port, timeout):
    out = connect('127.0.0.1', port, None, timeout, [('expect', 'login:')])
    return {'xinetd_running': bool(xinetd_pids()),
            'listening_%d' % port: port in listening([port])['tcp'],
            'login_prompt': out['result'] == 'prompt',
            'greeting': out['text'], 'result': out['result']}


def _opt(args, name, default=None):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i:i + 2]
        return value
    return default


def _flag(args, name):
    if name in args:
        args.remove(name)
        return True
    return False


def _steps(args):
    """Take the STEP options out of args, in their order."""
    steps = []
    rest = []
    i = 0
    while i < len(args):
        kind = args[i][2:] if args[i].startswith('--') else None
        if kind in ('expect', 'send', 'await') and i + 1 < len(args):
            steps.append((kind, args[i + 1]))
            i += 2
        elif kind == 'shut':
            steps.append(('shut', None))
            i += 1
        else:
            rest.append(args[i])
            i += 1
    args[:] = rest
    return steps or [('expect', 'login:')]


def main(argv):
    args = list(argv)
    if not args:
        sys.stderr.write(__doc__)
        return 2
    mode = args.pop(0)
    port = int(_opt(args, '--port', '23'))
    src = _opt(args, '--src')
    timeout = float(_opt(args, '--timeout', '10' if mode == 'status' else '8'))
    wait = _opt(args, '--wait')
    text = _flag(args, '--text')
    steps = _steps(args) if mode == 'connect' else []
    if mode == 'connect' and len(args) == 1 and wait in (None, 'accepted', 'refused'):
        out, ok = connect_waiting(args[0], port, src, timeout, steps, wait)
        if text:
            print(as_text(out))
        else:
            _emit(out)
        return 0 if ok else 1
    if mode == 'listening' and args:
        out = listening([int(a) for a in args])
    elif mode == 'status' and not args:
        out = status(port, timeout)
    else:
        sys.stderr.write(__doc__)
        return 2
    _emit(out)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
