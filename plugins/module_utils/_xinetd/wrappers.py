# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd's ``only_from`` values written as TCP wrappers client patterns
(hosts_access(5)), for the ``/etc/hosts.allow`` line of telnet_hardening.

The two languages read the same text differently: ``10.1.0.0`` is the whole
10.1/16 network for xinetd (trailing zero octets are wildcards) but the one
address 10.1.0.0 for tcpd, and ``10.1.{2,3}`` means nothing to tcpd.  Each
value is therefore translated by what xinetd makes of it (the engine's
``checks.classify_address``) into the pattern tcpd reads the same way:

* an address stays as it is (short or non-decimal IPv4 forms in dotted quads);
* ``0.0.0.0`` (every client) becomes ``ALL``;
* trailing zero octets become tcpd's prefix pattern: ``10.1.0.0`` -> ``10.1.``;
* an IPv4 network becomes tcpd's ``net/mask`` pair, the form every tcpd
  reads (``10.1.0.0/16`` -> ``10.1.0.0/255.255.0.0``);
* IPv6 goes in brackets: ``[2001:db8::1]``, ``[2001:db8::]/32``;
* a factorized address becomes one prefix pattern (or address) per number:
  ``10.1.{2,3}`` -> ``10.1.2. 10.1.3.``;
* ``.example.com`` and host names stay as they are (both languages match
  them against the client's name; xinetd resolves a host name once, when it
  reads its configuration, tcpd looks the client up on each connection).

A value with no faithful translation (an IPv6 scope, a prefix longer than the
address, a value xinetd itself rejects) is refused, naming it, so that the
role never writes a hosts.allow line that admits or refuses other clients
than only_from does.

Pure standard library; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import classify_address, inet_aton, v4_int, v4_text


class WrappersError(ValueError):
    pass


def _v4_value(text):
    """The IPv4 address ``text`` as an integer, as libc's inet_aton reads it,
    or, for a dotted quad with a part such as ``08`` that inet_aton refuses
    but the engine accepts, read part by part in decimal."""
    value = inet_aton(text)
    return v4_int(text) if value is None else value


def _v4_mask(prefix):
    return v4_text((0xffffffff << (32 - prefix)) & 0xffffffff)


def _refuse(option, value, why):
    raise WrappersError('%s: %s %s; give telnet_hardening_tcp_wrappers_allow in hosts_access(5) syntax '
                        'instead' % (option, value, why))


def client_pattern(value, option='telnet_hardening_only_from'):
    """The hosts_access(5) pattern(s) for one only_from ``value``: a list of strings."""
    kind, remark = classify_address(value)
    if kind in ('bad', 'invalid'):
        _refuse(option, value, remark)
    if kind == 'any':
        return ['ALL']
    if kind == 'ipv4':
        return [v4_text(_v4_value(value))]
    if kind == 'ipv4-wildcard':
        parts = value.split('.')
        while parts and parts[-1] == '0':
            parts.pop()
        return ['.'.join(parts) + '.']
    if kind == 'cidr4':
        addr, _sep, bits = value.partition('/')
        if remark:
            _refuse(option, value, remark)
        prefix = int(bits)
        network = _v4_value(addr) & ((0xffffffff << (32 - prefix)) & 0xffffffff)
        if prefix == 0:
            return ['ALL']
        if prefix == 32:
            return [v4_text(network)]
        return ['%s/%s' % (v4_text(network), _v4_mask(prefix))]
    if kind in ('ipv6', 'cidr6'):
        if remark:
            _refuse(option, value, remark)
        addr, sep, bits = value.partition('/')
        if '%' in addr:
            _refuse(option, value, 'has an IPv6 scope, which hosts_access(5) patterns cannot name')
        return ['[%s]%s%s' % (addr, sep, bits)]
    if kind == 'factorized':
        if remark:
            _refuse(option, value, remark)
        m = re.match(r'^((?:[0-9]+\.){0,3})\{([0-9]+(?:,[0-9]+)*)\}$', value)
        head = [p for p in m.group(1).split('.') if p]
        out = []
        for number in m.group(2).split(','):
            octets = head + [str(int(number))]
            out.append('.'.join(octets) + ('' if len(octets) == 4 else '.'))
        return out
    # 'domain', 'hostname'
    return [value]


def client_list(values, option='telnet_hardening_only_from'):
    """The hosts_access(5) client list for only_from ``values`` (translated, duplicates dropped)."""
    out = []
    for value in values:
        for pattern in client_pattern(value, option):
            if pattern not in out:
                out.append(pattern)
    return out
