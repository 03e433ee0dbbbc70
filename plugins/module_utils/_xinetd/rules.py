# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The per-file rules: one attribute line, one entry.

Pure standard library; runs on Python 2.7 and 3.6+.

What xinetd does with each line and entry of one file on its own (the
value checks of the table, repetitions, ``disable`` lines, the rules of
confparse.c on required attributes).  What needs the host or the other
files is judged by ``effective.load``, which runs these rules too.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._xinetd.attrs import ATTRIBUTES
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import (
    BUILTINS,
    KNOWN_PROTOCOLS,
    PROTOCOL_SOCKET,
    SOCKET_PROTOCOL,
    access_times_kept,
    classify_address,
    ipv4_wildcard_prefix,
    long_prefix_problem,
    word_in,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import Diagnostic


def _diag(severity, code, message, attr=None, block=None, effect='none', value=None,
          lineno=None):
    return Diagnostic(severity, code, message,
                      lineno=lineno if lineno is not None else (attr.lineno if attr is not None else
                                                                (block.lineno if block is not None else None)),
                      service=(block.name if block is not None else None),
                      attribute=(attr.name if attr is not None else None),
                      value=(value if value is not None else
                             (' '.join(attr.values) if attr is not None else None)),
                      effect=effect)


def _where(block):
    if block is None:
        return ''
    if block.kind == 'defaults':
        return 'defaults: '
    return 'service %s: ' % block.name


def check_attribute(attr, in_defaults=False, block=None):
    """Check one attribute line on its own (name, place, operator, arity, values).

    Returns a list of Diagnostic.  Does not know about repetitions; see
    validate_block for that.
    """
    where = _where(block)
    spec = ATTRIBUTES.get(attr.key)
    ignored = _line_ignored(attr, spec, in_defaults, block, where)
    if ignored is not None:
        return [ignored]
    err = _value_error(attr, spec)
    if err:
        return [_bad_value(attr, block, where, err, in_defaults)]
    out = []
    if spec.note:
        out.append(_diag('warning', 'build-dependent', '%s%s' % (where, spec.note), attr, block))
    if attr.key in ('only_from', 'no_access', 'bind', 'interface'):
        for value in attr.values:
            out.extend(_address_remarks(attr, block, where, value))
    out.extend(_odd_values(attr, block, where))
    return out


def _line_ignored(attr, spec, in_defaults, block, where):
    """The Diagnostic of a line xinetd ignores (name, place, operator, arity), else None."""
    shown = ' '.join(attr.values)
    if spec is None:
        return _diag('warning', 'unknown-attribute',
                     '%sunknown attribute %s (%s %s): xinetd ignores the line'
                     % (where, attr.name, attr.op, shown), attr, block, 'line-ignored')
    if in_defaults and not spec.in_defaults:
        return _diag('warning', 'service-only',
                     '%sattribute %s is not allowed in defaults: xinetd ignores the line'
                     % (where, attr.name), attr, block, 'line-ignored')
    if not in_defaults and not spec.in_service:
        return _diag('warning', 'defaults-only',
                     '%sattribute %s is only allowed in defaults: xinetd ignores the line'
                     % (where, attr.name), attr, block, 'line-ignored')
    modifiable = spec.list_attr or (in_defaults and attr.key in ('log_type', 'enabled', 'disabled'))
    if not modifiable and attr.op != '=':
        return _diag('warning', 'bad-operator',
                     "%soperator '%s' cannot be used for %s (only '='): xinetd ignores the line"
                     % (where, attr.op, attr.name), attr, block, 'line-ignored')
    if isinstance(spec.arity, int) and spec.arity > 0 and len(attr.values) != spec.arity:
        extra = ''
        if any(v.startswith('#') for v in attr.values):
            extra = " ('#' in the middle of a line is not a comment)"
        return _diag('warning', 'arity',
                     '%s%s takes %d value%s but %d were given (%s)%s: xinetd ignores the line'
                     % (where, attr.name, spec.arity, '' if spec.arity == 1 else 's',
                        len(attr.values), shown, extra), attr, block, 'line-ignored')
    return None


def _value_error(attr, spec):
    """What is wrong with the values of a line xinetd reads, or None."""
    if spec.arity is None and not attr.values:
        return '%s needs at least one value' % attr.name
    if attr.key == 'env' and attr.op == '-=':
        return "operator '-=' is not supported for env"
    if attr.values or spec.arity != 0 or attr.key == 'server_args':
        return spec.check(attr.values)
    return None


def _bad_value(attr, block, where, err, in_defaults):
    shown = ' '.join(attr.values)
    if in_defaults:
        return _diag('fatal', 'bad-value',
                     '%sbad value for %s (%s): %s; an error in defaults makes xinetd exit'
                     % (where, attr.name, shown, err), attr, block, 'xinetd-exits')
    return _diag('error', 'bad-value',
                 '%sbad value for %s (%s): %s; xinetd disables the service'
                 % (where, attr.name, shown, err), attr, block, 'service-dropped')


def _address_remarks(attr, block, where, value):
    """What xinetd does with one address of only_from, no_access or bind."""
    out = []
    key = attr.key
    kind, remark = classify_address(value)
    if kind == 'invalid' and key in ('only_from', 'no_access'):
        out.append(_diag('error', 'bad-address',
                         '%s%s value %s %s: xinetd logs "failed to parse" and drops the '
                         'value%s' % (where, attr.name, value, remark,
                                      ' (an only_from left empty denies everyone)'
                                      if key == 'only_from' else ''),
                         attr, block, 'value-dropped', value=value))
    elif remark and kind in ('cidr4', 'cidr6'):
        out.append(_diag('warning', 'long-prefix', '%s%s value %s'
                         % (where, attr.name, long_prefix_problem(value)), attr, block, value=value))
    elif remark and kind != 'bad':
        out.append(_diag('warning', 'odd-address', '%s%s value %s %s'
                         % (where, attr.name, value, remark), attr, block, value=value))
    if kind == 'hostname':
        out.append(_diag('warning', 'unresolved-host',
                         '%s%s value %s is a host name, resolved when xinetd loads the '
                         'configuration; if it does not resolve then, xinetd drops it'
                         % (where, attr.name, value), attr, block, value=value))
    elif kind == 'ipv4-wildcard':
        out.append(_diag('info', 'address-wildcard',
                         '%s%s value %s: trailing zero octets are wildcards, so it '
                         'matches %s/%d' % (where, attr.name, value, value,
                                            ipv4_wildcard_prefix(value)),
                         attr, block, value=value))
    elif kind == 'any' and key in ('only_from', 'no_access'):
        out.append(_diag('info', 'address-wildcard',
                         '%s%s value 0.0.0.0 matches every address' % (where, attr.name),
                         attr, block, value=value))
    return out


def _odd_values(attr, block, where):
    """Values xinetd accepts although they are probably not meant."""
    out = []
    key = attr.key
    shown = ' '.join(attr.values)
    if key == 'cps' and any(v.startswith('-') for v in attr.values):
        out.append(_diag('warning', 'odd-value', '%scps %s: xinetd accepts a negative number '
                         '(read as a huge unsigned one)' % (where, shown), attr, block))
    if key == 'max_load' and attr.values[0].startswith('-'):
        out.append(_diag('warning', 'odd-value', '%smax_load %s is negative: xinetd accepts it'
                         % (where, shown), attr, block))
    if key == 'env' and any(v.startswith('=') for v in attr.values):
        out.append(_diag('warning', 'odd-value', '%senv %s: a variable with an empty name'
                         % (where, shown), attr, block))
    if key == 'flags' and word_in('IPv4', attr.values) and word_in('IPv6', attr.values):
        out.append(_diag('warning', 'version-dependent',
                         '%sflags IPv4 and IPv6 together disable the service in xinetd 2.3.14'
                         % where, attr, block))
    return out


def validate_block(block, as_enabled=True):
    """Check one service or defaults entry; returns [Diagnostic].

    Follows parse_entry()/identify_attribute(): a repeated scalar is ignored
    (first wins) unless the earlier line failed to parse; a bad value
    disables the service, a later valid ``disable = no`` enables it again
    (the service then runs without the bad attribute); at any ``disable``
    line of a disabled service xinetd stops reading the entry.

    With as_enabled=False ``disable = yes`` stops the check too (what xinetd
    loads now); with as_enabled=True (the default) the entry is checked as
    if it were enabled, so a file that is switched on later is known good.
    """
    reading = _EntryReading(block, as_enabled)
    stopped = False
    for attr in block.attributes():
        if reading.read(attr):
            stopped = True
            break
    out = reading.out
    if reading.in_defaults:
        return out
    if not reading.disabled_by_value:
        for diag in reading.bad_diags:
            _reenabled(diag, block)
    if reading.disabled_by_value or block.dropped:
        return out
    if stopped or (reading.explicit_yes and not as_enabled):
        return out
    out.extend(_ServiceRules(block, reading.effective).run())
    return out


class _EntryReading:
    """What xinetd knows while it reads the lines of one entry."""

    def __init__(self, block, as_enabled):
        self.block = block
        self.as_enabled = as_enabled
        self.in_defaults = block.kind == 'defaults'
        self.where = _where(block)
        self.out = []
        self.effective = {}             # key -> the line that counts (the first good one)
        self.disabled = False           # SC_IS_DISABLED()
        self.disabled_by_value = False
        self.explicit_yes = False
        self.bad_diags = []

    def read(self, attr):
        """Read one line; True when xinetd stops reading the entry there."""
        key = attr.key
        spec = ATTRIBUTES.get(key)
        if key == 'interface':
            key = 'bind'  # one attribute with two names (A_BIND)
        is_disable_line = key == 'disable' and not self.in_defaults
        modifiable = spec is not None and (spec.list_attr or (
            self.in_defaults and key in ('enabled', 'disabled', 'log_type')))
        if spec is not None and key in self.effective and not modifiable:
            self.out.append(_diag('warning', 'duplicate-attribute',
                                  '%s%s is already set on line %s: the first value wins and %s %s '
                                  'is ignored' % (self.where, attr.name, self.effective[key].lineno,
                                                  attr.op, ' '.join(attr.values)),
                                  attr, self.block, 'line-ignored'))
            if is_disable_line:
                self.out.append(_disable_ignored(self.block, attr, self.effective.get('disable')))
        elif self.in_defaults and key == 'log_type' and key in self.effective:
            self.out.append(_diag('fatal', 'duplicate-log-type',
                                  '%slog_type is set twice in defaults (%s): xinetd 2.3.15 exits'
                                  % (self.where, ' '.join(attr.values)), attr, self.block,
                                  'xinetd-exits'))
        else:
            self._check(attr, key, spec, is_disable_line)
        return is_disable_line and self.disabled

    def _check(self, attr, key, spec, is_disable_line):
        """A line that is not a repetition: its own checks, then what it changes."""
        diags = check_attribute(attr, in_defaults=self.in_defaults, block=self.block)
        self.out.extend(diags)
        ignored = any(d.effect == 'line-ignored' for d in diags)
        bad = [d for d in diags if d.code == 'bad-value']
        if is_disable_line and ignored:
            self.out.append(_disable_ignored(self.block, attr, self.effective.get('disable')))
        if ignored:
            return
        if bad:
            if not self.in_defaults:
                self.disabled = True
                self.disabled_by_value = True
                self.bad_diags.extend(bad)
            return
        if spec is None:
            return
        self.effective.setdefault(key, attr)
        if not is_disable_line:
            return
        if attr.values[0].lower() == 'yes':
            self.explicit_yes = True
            if not self.as_enabled:
                self.disabled = True
        else:
            self.disabled = False
            self.disabled_by_value = False


def _reenabled(diag, block):
    """A bad value whose entry a later ``disable = no`` enabled again (checked with 2.3.15.3)."""
    if diag.attribute is not None and diag.attribute.lower() == 'access_times':
        attr = [a for a in block.attributes() if a.lineno == diag.lineno][0]
        kept = access_times_kept(attr.values)
        head = diag.message.split('; xinetd disables the service')[0]
        if kept:
            diag.effect = 'value-dropped'
            what = 'admits connections only during %s (the intervals before the bad one)' \
                % ' '.join(kept)
        else:
            diag.effect = 'connections-refused'
            what = 'refuses every connection, at any hour'
        diag.message = ("%s; xinetd disables the entry, but the later 'disable = no' enables it "
                        "again: xinetd then listens on the port and %s" % (head, what))
        return
    diag.effect = 'line-ignored'
    diag.message = diag.message.replace(
        'xinetd disables the service',
        "xinetd disables the service, but the later 'disable = no' enables it again, "
        "so it runs without this attribute")


def _disable_ignored(block, attr, current):
    state = 'ENABLED' if current is None or current.values[0].lower() != 'yes' else 'disabled'
    return _diag('error', 'disable-ignored',
                 'service %s: the line %s %s %s is ignored, so the service stays %s'
                 % (block.name, attr.name, attr.op, ' '.join(attr.values), state),
                 attr, block, 'none')


def _first_values(eff, key):
    attr = eff.get(key)
    return list(attr.values) if attr is not None else None


def _first_value(eff, key):
    return (_first_values(eff, key) or [None])[0]


class _ServiceRules:
    """Per-service rules from confparse.c (required attributes and friends).

    ``eff``: the lines that count, by key (see :class:`_EntryReading`).
    """

    def __init__(self, block, eff):
        self.block = block
        self.eff = eff
        self.where = _where(block)
        self.out = []
        types = [t.upper() for t in (_first_values(eff, 'type') or [])]
        self.internal = 'INTERNAL' in types
        self.unlisted = 'UNLISTED' in types
        self.rpc = 'RPC' in types
        self.tcpmux = 'TCPMUX' in types or 'TCPMUXPLUS' in types

    def drop(self, code, message, attr=None):
        self.out.append(_diag('error', code, self.where + message, attr, self.block,
                              'service-dropped'))

    def warn(self, code, message, attr=None):
        self.out.append(_diag('warning', code, self.where + message, attr, self.block))

    def run(self):
        socket_type, protocol = self.socket()
        wait = _first_value(self.eff, 'wait')
        if wait is None:
            self.drop('missing-attribute', 'wait is required')
        self.required(socket_type)
        self.types(protocol)
        self.combinations(socket_type, protocol, wait)
        self.out.extend(_both_lists(self.block, self.eff))
        return self.out

    def socket(self):
        """socket_type and protocol, each implied by the other when missing."""
        socket_type = _first_value(self.eff, 'socket_type')
        protocol = _first_value(self.eff, 'protocol')
        if socket_type is None and protocol is not None:
            socket_type = PROTOCOL_SOCKET.get(protocol.lower())
        if protocol is None and socket_type is not None:
            protocol = SOCKET_PROTOCOL.get(socket_type.lower())
            if protocol is None:
                self.drop('missing-attribute',
                          'socket_type %s needs an explicit protocol' % socket_type)
        if socket_type is None:
            self.drop('missing-attribute', 'socket_type is required (or a protocol of tcp or udp)')
        elif protocol is not None and (socket_type.lower(), protocol.lower()) in (
                ('stream', 'udp'), ('dgram', 'tcp')):
            self.drop('protocol-mismatch', 'socket_type %s with protocol %s: creating the socket '
                      'fails and xinetd deactivates the service' % (socket_type, protocol),
                      self.eff.get('protocol'))
        return socket_type, protocol

    def required(self, socket_type):
        """A built-in name for INTERNAL; user and server (or redirect) otherwise."""
        block, eff = self.block, self.eff
        if self.internal and socket_type is not None and \
                socket_type.lower() not in BUILTINS.get(block.name.lower(), ()):
            self.drop('unknown-internal', 'xinetd has no internal service %s/%s (built-ins: %s)'
                      % (block.name, socket_type, ', '.join(sorted(BUILTINS))), eff.get('type'))
        if self.internal:
            return
        if 'user' not in eff:
            self.drop('missing-attribute', 'user is required for a service that is not INTERNAL')
        if 'server' in eff or 'redirect' in eff:
            return
        bad_server = None
        for attr in block.attributes():
            if attr.key == 'server' and len(attr.values) != 1:
                bad_server = attr
                break
        if bad_server is not None:
            self.drop('missing-attribute',
                      'server is required; the line server = %s was ignored because it has '
                      '%d values (arguments go in server_args)'
                      % (' '.join(bad_server.values), len(bad_server.values)), bad_server)
        else:
            self.drop('missing-attribute', 'server is required for a service that is not '
                      'INTERNAL and has no redirect')

    def types(self, protocol):
        """UNLISTED needs a port, RPC UNLISTED an rpc_number, TCPMUX is UNLISTED tcp."""
        if self.unlisted and not self.rpc and 'port' not in self.eff and not self.tcpmux:
            self.drop('missing-attribute', 'an UNLISTED service needs a port')
        if self.rpc and self.unlisted and 'rpc_number' not in self.eff:
            self.drop('missing-attribute', 'an RPC UNLISTED service needs rpc_number')
        if self.tcpmux:
            if not self.unlisted:
                self.drop('tcpmux', 'a TCPMUX service must also be UNLISTED')
            if protocol is not None and protocol.lower() != 'tcp':
                self.drop('tcpmux', 'a TCPMUX service must use tcp')

    def combinations(self, socket_type, protocol, wait):
        """TRAFFIC and redirect, dgram with wait = no, NAMEINARGS, the protocol name."""
        eff = self.eff
        log_on_success = [x.upper() for x in (_first_values(eff, 'log_on_success') or [])]
        if 'TRAFFIC' in log_on_success and 'redirect' not in eff:
            self.drop('traffic-without-redirect',
                      'log_on_success TRAFFIC is only valid with redirect')
        if 'redirect' in eff:
            if (socket_type or '').lower() != 'stream' or (wait or '').lower() != 'no':
                self.drop('redirect',
                          'redirect works only for a tcp (stream) service with wait = no')
        if socket_type is not None and socket_type.lower() == 'dgram' and wait is not None \
                and wait.lower() == 'no':
            self.warn('dgram-nowait', 'dgram with wait = no is accepted by xinetd 2.3.15.3 but '
                      'rejected by 2.3.15.4 and later', eff.get('wait'))
        flags = [f.upper() for f in (_first_values(eff, 'flags') or [])]
        if 'NAMEINARGS' in flags and 'server_args' not in eff:
            self.drop('nameinargs', 'flags NAMEINARGS needs server_args (its first word is argv[0])',
                      eff.get('flags'))
        if protocol is not None and not word_in(protocol, KNOWN_PROTOCOLS):
            self.warn('unknown-protocol', 'protocol %s is not a usual /etc/protocols name: xinetd '
                      'disables the service if getprotobyname() does not know it' % protocol,
                      eff.get('protocol'))


def _both_lists(block, eff):
    out = []
    of = _first_values(eff, 'only_from') or []
    na = _first_values(eff, 'no_access') or []
    lowered = set(v.lower() for v in na)
    for v in of:
        if v.lower() in lowered:
            out.append(_diag('warning', 'address-in-both',
                             '%s%s is in both only_from and no_access: xinetd denies it'
                             % (_where(block), v), eff.get('no_access'), block, value=v))
    return out
