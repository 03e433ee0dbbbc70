# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The per-file rules: one attribute line, one entry, one document.

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
    access_times_kept,
    classify_address,
    ipv4_wildcard_prefix,
    long_prefix_problem,
    word_in,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import Diagnostic
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse


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
    validate_document for that.
    """
    where = _where(block)
    key = attr.key
    spec = ATTRIBUTES.get(key)
    shown = ' '.join(attr.values)
    if spec is None:
        return [_diag('warning', 'unknown-attribute',
                      '%sunknown attribute %s (%s %s): xinetd ignores the line'
                      % (where, attr.name, attr.op, shown), attr, block, 'line-ignored')]
    if in_defaults and not spec.in_defaults:
        return [_diag('warning', 'service-only',
                      '%sattribute %s is not allowed in defaults: xinetd ignores the line'
                      % (where, attr.name), attr, block, 'line-ignored')]
    if not in_defaults and not spec.in_service:
        return [_diag('warning', 'defaults-only',
                      '%sattribute %s is only allowed in defaults: xinetd ignores the line'
                      % (where, attr.name), attr, block, 'line-ignored')]
    out = []
    modifiable = spec.list_attr or (in_defaults and key in ('log_type', 'enabled', 'disabled'))
    if not modifiable and attr.op != '=':
        return [_diag('warning', 'bad-operator',
                      "%soperator '%s' cannot be used for %s (only '='): xinetd ignores the line"
                      % (where, attr.op, attr.name), attr, block, 'line-ignored')]
    if isinstance(spec.arity, int) and spec.arity > 0 and len(attr.values) != spec.arity:
        extra = ''
        if any(v.startswith('#') for v in attr.values):
            extra = " ('#' in the middle of a line is not a comment)"
        return [_diag('warning', 'arity',
                      '%s%s takes %d value%s but %d were given (%s)%s: xinetd ignores the line'
                      % (where, attr.name, spec.arity, '' if spec.arity == 1 else 's',
                         len(attr.values), shown, extra), attr, block, 'line-ignored')]
    if spec.arity is None and not attr.values:
        err = '%s needs at least one value' % attr.name
    elif key == 'env' and attr.op == '-=':
        err = "operator '-=' is not supported for env"
    else:
        err = spec.check(attr.values) if (attr.values or spec.arity != 0 or key == 'server_args') else None
    if err:
        if in_defaults:
            out.append(_diag('fatal', 'bad-value',
                             '%sbad value for %s (%s): %s; an error in defaults makes xinetd exit'
                             % (where, attr.name, shown, err), attr, block, 'xinetd-exits'))
        else:
            out.append(_diag('error', 'bad-value',
                             '%sbad value for %s (%s): %s; xinetd disables the service'
                             % (where, attr.name, shown, err), attr, block, 'service-dropped'))
        return out
    if spec.note:
        out.append(_diag('warning', 'build-dependent', '%s%s' % (where, spec.note), attr, block))
    if key in ('only_from', 'no_access', 'bind', 'interface'):
        for v in attr.values:
            kind, remark = classify_address(v)
            if kind == 'invalid' and key in ('only_from', 'no_access'):
                out.append(_diag('error', 'bad-address',
                                 '%s%s value %s %s: xinetd logs "failed to parse" and drops the '
                                 'value%s' % (where, attr.name, v, remark,
                                              ' (an only_from left empty denies everyone)'
                                              if key == 'only_from' else ''),
                                 attr, block, 'value-dropped', value=v))
            elif remark and kind in ('cidr4', 'cidr6'):
                out.append(_diag('warning', 'long-prefix', '%s%s value %s'
                                 % (where, attr.name, long_prefix_problem(v)), attr, block, value=v))
            elif remark and kind != 'bad':
                out.append(_diag('warning', 'odd-address', '%s%s value %s %s'
                                 % (where, attr.name, v, remark), attr, block, value=v))
            if kind == 'hostname':
                out.append(_diag('warning', 'unresolved-host',
                                 '%s%s value %s is a host name, resolved when xinetd loads the '
                                 'configuration; if it does not resolve then, xinetd drops it'
                                 % (where, attr.name, v), attr, block, value=v))
            elif kind == 'ipv4-wildcard':
                out.append(_diag('info', 'address-wildcard',
                                 '%s%s value %s: trailing zero octets are wildcards, so it '
                                 'matches %s/%d' % (where, attr.name, v, v, ipv4_wildcard_prefix(v)),
                                 attr, block, value=v))
            elif kind == 'any' and key in ('only_from', 'no_access'):
                out.append(_diag('info', 'address-wildcard',
                                 '%s%s value 0.0.0.0 matches every address' % (where, attr.name),
                                 attr, block, value=v))
    if key == 'cps' and any(v.startswith('-') for v in attr.values):
        out.append(_diag('warning', 'odd-value', '%scps %s: xinetd accepts a negative number '
                         '(read as a huge unsigned one)' % (where, shown), attr, block))
    if key == 'max_load' and attr.values[0].startswith('-'):
        out.append(_diag('warning', 'odd-value', '%smax_load %s is negative: xinetd accepts it'
                         % (where, shown), attr, block))
    if key == 'env' and any(v.startswith('=') for v in attr.values):
        out.append(_diag('warning', 'odd-value', '%senv %s: a variable with an empty name'
                         % (where, shown), attr, block))
    if key == 'flags':
        if word_in('IPv4', attr.values) and word_in('IPv6', attr.values):
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
    in_defaults = block.kind == 'defaults'
    where = _where(block)
    out = []
    seen = {}
    effective = {}
    disabled = False          # SC_IS_DISABLED()
    disabled_by_value = False
    explicit_yes = False
    bad_diags = []
    stopped = False
    for attr in block.attributes():
        key = attr.key
        spec = ATTRIBUTES.get(key)
        if key == 'interface':
            key = 'bind'  # one attribute with two names (A_BIND)
        is_disable_line = key == 'disable' and not in_defaults
        modifiable = spec is not None and (spec.list_attr or (
            in_defaults and key in ('enabled', 'disabled', 'log_type')))
        if spec is not None and key in seen and not modifiable:
            out.append(_diag('warning', 'duplicate-attribute',
                             '%s%s is already set on line %s: the first value wins and %s %s is ignored'
                             % (where, attr.name, seen[key].lineno, attr.op, ' '.join(attr.values)),
                             attr, block, 'line-ignored'))
            if is_disable_line:
                out.append(_disable_ignored(block, attr, effective.get('disable')))
        elif in_defaults and key == 'log_type' and key in seen:
            out.append(_diag('fatal', 'duplicate-log-type',
                             '%slog_type is set twice in defaults (%s): xinetd 2.3.15 exits'
                             % (where, ' '.join(attr.values)), attr, block, 'xinetd-exits'))
        else:
            diags = check_attribute(attr, in_defaults=in_defaults, block=block)
            out.extend(diags)
            ignored = any(d.effect == 'line-ignored' for d in diags)
            bad = [d for d in diags if d.code == 'bad-value']
            if is_disable_line and ignored:
                out.append(_disable_ignored(block, attr, effective.get('disable')))
            if not ignored:
                if bad:
                    if not in_defaults:
                        disabled = True
                        disabled_by_value = True
                        bad_diags.extend(bad)
                elif spec is not None:
                    seen.setdefault(key, attr)
                    effective.setdefault(key, attr)
                    if is_disable_line:
                        if attr.values[0].lower() == 'yes':
                            explicit_yes = True
                            if not as_enabled:
                                disabled = True
                        else:
                            disabled = False
                            disabled_by_value = False
        if is_disable_line and disabled:
            stopped = True
            break
    if in_defaults:
        return out
    if not disabled_by_value:
        for d in bad_diags:
            _reenabled(d, block)
    if disabled_by_value or block.dropped:
        return out
    if stopped or (explicit_yes and not as_enabled):
        return out
    out.extend(_service_rules(block, effective))
    return out


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
    a = eff.get(key)
    return list(a.values) if a is not None else None


def _service_rules(block, eff):
    """Per-service rules from confparse.c (required attributes and friends)."""
    where = _where(block)
    out = []

    def drop(code, message, attr=None):
        out.append(_diag('error', code, where + message, attr, block, 'service-dropped'))

    types = [t.upper() for t in (_first_values(eff, 'type') or [])]
    flags = [f.upper() for f in (_first_values(eff, 'flags') or [])]
    internal = 'INTERNAL' in types
    unlisted = 'UNLISTED' in types
    rpc = 'RPC' in types
    tcpmux = 'TCPMUX' in types or 'TCPMUXPLUS' in types
    socket_type = (_first_values(eff, 'socket_type') or [None])[0]
    protocol = (_first_values(eff, 'protocol') or [None])[0]
    if socket_type is None and protocol is not None:
        socket_type = {'tcp': 'stream', 'udp': 'dgram'}.get(protocol.lower())
    if protocol is None and socket_type is not None:
        protocol = {'stream': 'tcp', 'dgram': 'udp'}.get(socket_type.lower())
        if protocol is None:
            drop('missing-attribute', 'socket_type %s needs an explicit protocol' % socket_type)
    if socket_type is None:
        drop('missing-attribute', 'socket_type is required (or a protocol of tcp or udp)')
    elif protocol is not None and (socket_type.lower(), protocol.lower()) in (
            ('stream', 'udp'), ('dgram', 'tcp')):
        drop('protocol-mismatch', 'socket_type %s with protocol %s: creating the socket fails '
             'and xinetd deactivates the service' % (socket_type, protocol), eff.get('protocol'))
    wait = (_first_values(eff, 'wait') or [None])[0]
    if wait is None:
        drop('missing-attribute', 'wait is required')
    if internal and socket_type is not None and \
            socket_type.lower() not in BUILTINS.get(block.name.lower(), ()):
        drop('unknown-internal', 'xinetd has no internal service %s/%s (built-ins: %s)'
             % (block.name, socket_type, ', '.join(sorted(BUILTINS))), eff.get('type'))
    if not internal:
        if 'user' not in eff:
            drop('missing-attribute', 'user is required for a service that is not INTERNAL')
        if 'server' not in eff and 'redirect' not in eff:
            bad_server = None
            for a in block.attributes():
                if a.key == 'server' and len(a.values) != 1:
                    bad_server = a
                    break
            if bad_server is not None:
                drop('missing-attribute',
                     'server is required; the line server = %s was ignored because it has '
                     '%d values (arguments go in server_args)'
                     % (' '.join(bad_server.values), len(bad_server.values)), bad_server)
            else:
                drop('missing-attribute', 'server is required for a service that is not '
                     'INTERNAL and has no redirect')
    if unlisted and not rpc and 'port' not in eff and not tcpmux:
        drop('missing-attribute', 'an UNLISTED service needs a port')
    if rpc and unlisted and 'rpc_number' not in eff:
        drop('missing-attribute', 'an RPC UNLISTED service needs rpc_number')
    if tcpmux:
        if not unlisted:
            drop('tcpmux', 'a TCPMUX service must also be UNLISTED')
        if protocol is not None and protocol.lower() != 'tcp':
            drop('tcpmux', 'a TCPMUX service must use tcp')
    los = [x.upper() for x in (_first_values(eff, 'log_on_success') or [])]
    if 'TRAFFIC' in los and 'redirect' not in eff:
        drop('traffic-without-redirect', 'log_on_success TRAFFIC is only valid with redirect')
    if 'redirect' in eff:
        if (socket_type or '').lower() != 'stream' or (wait or '').lower() != 'no':
            drop('redirect', 'redirect works only for a tcp (stream) service with wait = no')
    if socket_type is not None and socket_type.lower() == 'dgram' and wait is not None \
            and wait.lower() == 'no':
        out.append(_diag('warning', 'dgram-nowait',
                         '%sdgram with wait = no is accepted by xinetd 2.3.15.3 but rejected by '
                         '2.3.15.4 and later' % where, eff.get('wait'), block))
    if 'NAMEINARGS' in flags and 'server_args' not in eff:
        drop('nameinargs', 'flags NAMEINARGS needs server_args (its first word is argv[0])',
             eff.get('flags'))
    if protocol is not None and not word_in(protocol, KNOWN_PROTOCOLS):
        out.append(_diag('warning', 'unknown-protocol',
                         '%sprotocol %s is not a usual /etc/protocols name: xinetd disables the '
                         'service if getprotobyname() does not know it' % (where, protocol),
                         eff.get('protocol'), block))
    out.extend(_both_lists(block, eff))
    return out


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


def validate_document(document, as_enabled=True):
    """Every value and per-service rule of a parsed Document, one file on its own.

    What needs the host (users, groups, the server, /etc/services, names,
    bind addresses) or the other files (defaults, ports, ids) is judged by
    ``_xinetd_effective.load``, which runs these rules too.
    """
    out = []
    for block in document.blocks():
        out.extend(validate_block(block, as_enabled))
    return out


def check_text(text, filename=None):
    """parse + validate_document: (Document, [Diagnostic]) in line order."""
    doc, diags = parse(text, filename)
    more = validate_document(doc)
    for d in more:
        d.file = filename
    alld = diags + more
    alld.sort(key=lambda d: (d.lineno or 0))
    return doc, alld
