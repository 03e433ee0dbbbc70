# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd's ``only_from`` / ``no_access`` values as the CIDR blocks systemd's
``IPAddressAllow=`` / ``IPAddressDeny=`` take (see ``systemd_units`` for how
the two lists are combined).

Pure standard library; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import socket

from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import classify_address, v4_int, v4_text


# -- addresses -------------------------------------------------------------------

def _v6_int(text):
    packed = socket.inet_pton(socket.AF_INET6, text)
    value = 0
    for ch in bytearray(packed):
        value = (value << 8) | ch
    return value


def _v6_text(value):
    packed = bytearray(16)
    for i in range(16):
        packed[15 - i] = (value >> (8 * i)) & 255
    return socket.inet_ntop(socket.AF_INET6, bytes(packed))


class Net(object):
    """One CIDR block: family 4 or 6, network as an integer, prefix length."""

    def __init__(self, family, network, prefix):
        bits = 32 if family == 4 else 128
        mask = ((1 << bits) - 1) ^ ((1 << (bits - prefix)) - 1)
        self.family = family
        self.prefix = prefix
        self.network = network & mask
        self.bits = bits

    def contains(self, other):
        if other.family != self.family or other.prefix < self.prefix:
            return False
        return Net(self.family, other.network, self.prefix).network == self.network

    def halves(self):
        step = 1 << (self.bits - self.prefix - 1)
        return Net(self.family, self.network, self.prefix + 1), Net(self.family, self.network + step, self.prefix + 1)

    def __eq__(self, other):
        return (self.family, self.network, self.prefix) == (other.family, other.network, other.prefix)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.family, self.network, self.prefix))

    def key(self):
        return (self.family, self.network, self.prefix)

    def __str__(self):
        text = v4_text(self.network) if self.family == 4 else _v6_text(self.network)
        return '%s/%d' % (text, self.prefix)

    __repr__ = __str__


def parse_net(text):
    """'10.1.2.0/24', '192.0.2.7', '2001:db8::/32', '::1' -> Net (host bits masked)."""
    addr, dummy, bits = text.partition('/')
    if ':' in addr:
        return Net(6, _v6_int(addr.split('%', 1)[0]), int(bits) if bits else 128)
    return Net(4, v4_int(addr), int(bits) if bits else 32)


def subtract(nets, removed):
    """The CIDR blocks covering ``nets`` minus ``removed`` (exact)."""
    result = []
    todo = list(nets)
    while todo:
        net = todo.pop(0)
        if any(r.contains(net) for r in removed):
            continue
        overlap = [r for r in removed if net.contains(r)]
        if not overlap:
            result.append(net)
            continue
        todo[0:0] = list(net.halves())
    return _unique(result)


def _unique(nets):
    seen = set()
    out = []
    for net in nets:
        if net.key() not in seen and not any(o.contains(net) and o != net for o in nets):
            seen.add(net.key())
            out.append(net)
    return out


def _ipv4_value(value, option, acc):
    if re.match(r'^[0-9]+(\.[0-9]+){3}$', value):
        acc['nets'].append(parse_net(value))
    else:
        acc['refusals'].append('%s: %s is a short or non-decimal IPv4 form; write it as a dotted quad'
                               % (option, value))


def _wildcard_value(value, option, acc):
    parts = value.split('.')
    n = 4
    while n > 0 and parts[n - 1] == '0':
        n -= 1
    acc['nets'].append(parse_net('%s/%d' % (value, n * 8)))


def _network_value(value, option, acc):
    try:
        acc['nets'].append(parse_net(value))
    except (ValueError, socket.error, OSError):
        acc['refusals'].append('%s: %s is not an address systemd accepts' % (option, value))


def _factorized_value(value, option, acc):
    m = re.match(r'^((?:[0-9]+\.){0,3})\{([0-9,]+)\}$', value)
    head = [p for p in m.group(1).split('.') if p]
    expanded = []
    for number in m.group(2).split(','):
        octets = head + [number]
        if any(int(o) > 255 for o in octets):
            continue
        prefix = 8 * len(octets)
        expanded.append(parse_net('%s/%d' % ('.'.join(octets + ['0'] * (4 - len(octets))), prefix)))
    acc['nets'].extend(expanded)
    acc['warnings'].append('%s: the factorized address %s is written as %s for systemd'
                           % (option, value, ' '.join(str(n) for n in expanded)))


def _hostname_value(value, option, acc, resolver):
    addresses = resolver(value) if resolver else None
    if not addresses:
        acc['refusals'].append(
            '%s: %s is a host name; systemd\'s IPAddressAllow=/IPAddressDeny= take addresses only%s'
            % (option, value, ', and it does not resolve here' if resolver else ''))
        return
    for address in addresses:
        acc['nets'].append(parse_net(address))
    acc['warnings'].append('%s: the host name %s is written as %s, the addresses it resolves to now '
                           '(xinetd also resolved it once, when it read its configuration)'
                           % (option, value, ' '.join(addresses)))


_VALUE_KINDS = {
    'ipv4': _ipv4_value,
    'ipv4-wildcard': _wildcard_value,
    'ipv6': _network_value,
    'cidr4': _network_value,
    'cidr6': _network_value,
    'factorized': _factorized_value,
}


def access_values(values, option, resolver=None):
    """xinetd ``only_from`` / ``no_access`` values -> ``(nets, any, warnings, refusals)``.

    ``any`` is True when a value matches every address (``0.0.0.0``).
    ``resolver(name) -> [address]`` resolves host names (as xinetd does when it
    reads its configuration); without it host names are refused.
    """
    acc = {'nets': [], 'warnings': [], 'refusals': [], 'any': False}
    for value in values:
        kind, dummy = classify_address(value)
        if kind == 'any':
            acc['any'] = True
        elif kind in _VALUE_KINDS:
            _VALUE_KINDS[kind](value, option, acc)
        elif kind == 'hostname':
            _hostname_value(value, option, acc, resolver)
        elif kind == 'domain':
            acc['refusals'].append('%s: %s is a domain suffix matched by reverse DNS; systemd\'s '
                                   'IPAddressAllow=/IPAddressDeny= match addresses only' % (option, value))
        else:
            acc['refusals'].append('%s: %s is not an address, a network or a host name systemd can '
                                   'express' % (option, value))
    return _unique(acc['nets']), acc['any'], acc['warnings'], acc['refusals']
