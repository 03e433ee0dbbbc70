# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sockets and addresses of one host, from ``/proc/net`` (pure, Python 2.7 and 3.6+).

* :func:`parse_sockets` reads ``/proc/net/{tcp,tcp6,udp,udp6}``;
* :func:`parse_fib_trie` and :func:`parse_if_inet6` give the host's own
  IPv4 and IPv6 addresses;
* :func:`ip_bytes`, :func:`in_prefix`, :func:`is_loopback` and
  :func:`is_wildcard` compare addresses for the access rules.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import socket
import struct

TCP_LISTEN = '0A'
UDP_UNCONNECTED = '07'

LOOPBACK_NAMES = ('localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback')


# -- /proc/net ------------------------------------------------------------------

def _hex_ipv4(text):
    return socket.inet_ntoa(struct.pack('<I', int(text, 16)))


def _hex_ipv6(text):
    raw = b''.join(struct.pack('<I', int(text[i:i + 8], 16)) for i in range(0, 32, 8))
    try:
        return socket.inet_ntop(socket.AF_INET6, raw)
    except (AttributeError, ValueError, socket.error):
        return ':'.join(text[i:i + 4].lower() for i in range(0, 32, 4))


def parse_sockets(text, table):
    """One ``/proc/net/<table>`` file -> list of socket dicts.

    Each: protocol (tcp/udp), family (4/6), address, port, state (hex),
    listening (a TCP socket in LISTEN or an unconnected UDP socket), inode.
    """
    protocol = 'udp' if table.startswith('udp') else 'tcp'
    family = 6 if table.endswith('6') else 4
    out = []
    for line in (text or '').splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10 or ':' not in fields[1]:
            continue
        addr, _sep, port = fields[1].rpartition(':')
        try:
            port = int(port, 16)
            inode = int(fields[9])
            address = _hex_ipv6(addr) if family == 6 else _hex_ipv4(addr)
        except (ValueError, struct.error):
            continue
        state = fields[3].upper()
        listening = state == (UDP_UNCONNECTED if protocol == 'udp' else TCP_LISTEN)
        if protocol == 'udp' and listening:
            # an unconnected UDP socket has no remote end
            listening = fields[2].split(':')[0].strip('0') == ''
        out.append({'protocol': protocol, 'family': family, 'address': address,
                    'port': port, 'state': state, 'listening': listening, 'inode': inode})
    return out


def parse_fib_trie(text):
    """``/proc/net/fib_trie`` -> sorted local IPv4 addresses (loopback included)."""
    found = set()
    last = None
    for line in (text or '').splitlines():
        stripped = line.strip()
        m = re.match(r'^\|--\s+([0-9.]+)$', stripped)
        if m:
            last = m.group(1)
        elif '/32 host LOCAL' in stripped and last:
            found.add(last)
    return sorted(found, key=_ip_sort_key)


def parse_if_inet6(text):
    """``/proc/net/if_inet6`` -> sorted IPv6 addresses (loopback and link-local included)."""
    found = set()
    for line in (text or '').splitlines():
        fields = line.split()
        if not fields or len(fields[0]) != 32:
            continue
        try:
            raw = bytes(bytearray(int(fields[0][i:i + 2], 16) for i in range(0, 32, 2)))
            found.add(socket.inet_ntop(socket.AF_INET6, raw))
        except (ValueError, AttributeError, socket.error):
            continue
    return sorted(found)


def socket_owner_text(sock):
    owner = sock.get('owner')
    if owner:
        return '%s[%s]' % (owner.get('comm'), owner.get('pid'))
    return 'owner unknown'


def socket_text(sock):
    addr = sock['address']
    if sock['family'] == 6:
        addr = '[%s]' % addr
    return '%s%s %s:%s %s' % (sock['protocol'], '6' if sock['family'] == 6 else '', addr,
                              sock['port'], socket_owner_text(sock))


# -- addresses ------------------------------------------------------------------

def _ip_sort_key(ip):
    try:
        return (4, socket.inet_aton(ip))
    except (socket.error, OSError, ValueError):
        return (6, ip.encode('ascii', 'replace') if not isinstance(ip, bytes) else ip)


def ip_bytes(ip):
    """16-byte form (IPv4 as ::ffff:a.b.c.d) or None."""
    ip = ip.split('%', 1)[0]
    try:
        return b'\0' * 10 + b'\xff\xff' + socket.inet_aton(ip) if re.match(r'^[0-9.]+$', ip) \
            else socket.inet_pton(socket.AF_INET6, ip)
    except (socket.error, OSError, ValueError, AttributeError):
        return None


def is_v4(ip):
    b = ip_bytes(ip)
    return b is not None and b[:12] == b'\0' * 10 + b'\xff\xff'


def in_prefix(ip, network, bits, v4):
    """Is ``ip`` in ``network``/``bits`` (``v4``: an IPv4 prefix length)?"""
    a, n = ip_bytes(ip), ip_bytes(network)
    if a is None or n is None:
        return False
    if v4:
        if not is_v4(ip):
            return False
        bits += 96
    bits = max(0, min(128, bits))
    full, rest = divmod(bits, 8)
    if a[:full] != n[:full]:
        return False
    if rest:
        mask = (0xff << (8 - rest)) & 0xff
        return (bytearray(a)[full] & mask) == (bytearray(n)[full] & mask)
    return True


def is_loopback(ip):
    if ip in LOOPBACK_NAMES:
        return True
    b = ip_bytes(ip)
    if b is None:
        return False
    return (b[:12] == b'\0' * 10 + b'\xff\xff' and bytearray(b)[12] == 127) or b == b'\0' * 15 + b'\x01'


def is_wildcard(ip):
    return ip in ('0.0.0.0', '::', '*', '')
