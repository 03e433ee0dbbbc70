# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The TCP probes of xinetd_to_systemd's proof: one connection from a source
address of this host to a port, and what the server did with it.

Pure standard library; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import socket
import time

# the answers that mean "let in"
ALLOWED = ('served', 'open')


def probe(source, destination, port, timeout):
    """One TCP connection from ``source`` to ``destination:port``: what happened.

    served: the server sent bytes; open: connected, the server stayed silent;
    closed: connected, then closed with no byte (xinetd refusing a client);
    refused: RST (nothing listens); dropped: no answer to the SYN (a packet
    filter); reset: closed with RST after the connection.
    """
    family = socket.AF_INET6 if ':' in destination else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        try:
            sock.bind((source, 0))
            sock.connect((destination, port))
        except socket.timeout:
            return 'dropped'
        except socket.error as exc:
            if exc.errno == errno.ECONNREFUSED:
                return 'refused'
            return 'error: %s' % exc
        try:
            data = sock.recv(64)
        except socket.timeout:
            return 'open'
        except socket.error as exc:
            if exc.errno == errno.ECONNRESET:
                return 'reset'
            return 'error: %s' % exc
        return 'served' if data else 'closed'
    finally:
        sock.close()


def let_in(answer):
    return answer in ALLOWED


def differing(probes, first, second):
    """The probes whose ``first`` and ``second`` answers disagree on letting the client in."""
    return [p for p in probes if let_in(p.get(first)) != let_in(p.get(second))]


def parse_ip_addr(text):
    """Addresses in ``ip -o addr show`` output, link-local ones left out."""
    found = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 4 or fields[2] not in ('inet', 'inet6'):
            continue
        address = fields[3].split('/')[0]
        if address.lower().startswith('fe80:'):
            continue  # link-local: needs a scope id, and no client comes from there
        if address not in found:
            found.append(address)
    return found


def loopback_first(addresses):
    loop = [a for a in addresses if a.startswith('127.') or a == '::1']
    return loop + [a for a in addresses if a not in loop]


def probe_pairs(addresses, bind):
    """(source, destination) pairs: each address to itself, or to the bind address."""
    pairs = []
    for address in addresses:
        if bind:
            if (':' in bind) != (':' in address):
                continue
            pairs.append((address, bind))
        else:
            pairs.append((address, address))
    return pairs


def port_free(port):
    """True when ``port`` can be bound on every IPv4 and IPv6 address."""
    for family, address in ((socket.AF_INET, '0.0.0.0'), (socket.AF_INET6, '::')):
        try:
            sock = socket.socket(family, socket.SOCK_STREAM)
        except socket.error:
            continue  # no IPv6 on this host
        try:
            sock.bind((address, port))
        except socket.error as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
        finally:
            sock.close()
    return True


def free_port(start=40000, end=49999):
    """The first free port from ``start`` up, or None."""
    for port in range(start, end):
        if port_free(port):
            return port
    return None


def wait_until(check, timeout=10.0, interval=0.2):
    """Poll ``check()`` until it is true or ``timeout`` seconds pass; its last value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
