# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""From one effective xinetd entry to a systemd socket unit and its service.

Pure standard library; runs on Python 2.7 and 3.6+.

``plan(entry, ...)`` takes an entry as ``_xinetd_effective.load`` returns it
(``attributes`` after defaults and operators, ``port``, ``protocol``) and
returns a :class:`Plan`: the unit files, the attributes that have no systemd
equivalent (``losses``), what cannot be migrated at all (``refusals``), the
differences a user must know (``notes``) and warnings (hostnames resolved,
factorized addresses expanded).

Access control.  xinetd lets a client in when it matches ``only_from`` (or
``only_from`` is unset) and does not match ``no_access``: an address in both
is denied (spec section 2, ``access.c``).  systemd's ``IPAddressAllow=`` wins
over ``IPAddressDeny=``: a packet is let through when it matches the allow
list, or when it does not match the deny list.  So:

* only ``only_from``: ``IPAddressAllow=`` the list, ``IPAddressDeny=any``;
* only ``no_access``: ``IPAddressDeny=`` the list;
* both: ``IPAddressAllow=`` the ``only_from`` networks minus the
  ``no_access`` networks (computed here, exactly, as CIDR blocks) and
  ``IPAddressDeny=any``;
* ``only_from`` present but empty: ``IPAddressDeny=any`` (xinetd denies
  everyone).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import socket

from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import classify_address


UNIT_DIR = '/etc/systemd/system'

# Attributes with no systemd equivalent: the migration refuses while one of
# these is in effect, unless its name is in accept_loss.
LOSS_REASONS = {
    'access_times': 'systemd socket units have no time-of-day access window',
    'banner': 'systemd does not send a banner file before starting the server',
    'banner_success': 'systemd does not send a banner file to accepted clients',
    'banner_fail': 'systemd drops refused packets; it sends no banner to refused clients',
    'USERID': 'systemd does not query the client\'s ident (RFC 1413) server',
    'max_load': 'systemd does not refuse connections above a load average',
    'libwrap': 'systemd socket units do not consult TCP wrappers (/etc/hosts.allow, /etc/hosts.deny)',
    'SENSOR': 'systemd has no sensor mode (deny the client everywhere for deny_time)',
    'deny_time': 'only used with the SENSOR flag, which systemd does not have',
    'RPC': 'systemd does not register the service with the portmapper (rpcbind)',
    'INTERCEPT': 'systemd has no INTERCEPT mode (access checks on every packet of a wait service)',
    'IDONLY': 'systemd does not require the client to run an ident server',
    'LABELED': 'systemd does not set the server\'s SELinux context from the client\'s',
    'NORETRY': 'systemd has no equivalent (xinetd: do not retry a failed fork)',
    'TRAFFIC': 'systemd-socket-proxyd does not log the bytes it forwards',
    'groups': 'xinetd runs the server without supplementary groups (groups = no); systemd gives '
              'User= all the groups of that user',
}

_RLIMITS = {
    'rlimit_as': 'LimitAS', 'rlimit_cpu': 'LimitCPU', 'rlimit_data': 'LimitDATA',
    'rlimit_rss': 'LimitRSS', 'rlimit_stack': 'LimitSTACK', 'rlimit_files': 'LimitNOFILE',
}

# systemd's MaxConnections= default (64) is lower than xinetd's UNLIMITED.
UNLIMITED_CONNECTIONS = 65536

SOCKET_PROXYD = '/lib/systemd/systemd-socket-proxyd'


class Plan(object):
    """What the migration of one entry means.

    units:     {file name: text}, in the order socket, service
    socket:    the socket unit's file name; service: the service unit's
    template:  True when the service is a template (Accept=yes)
    losses:    [(name, reason)]: attributes (or flag/type/log values) in effect
               that systemd cannot express
    refusals:  [message]: what makes the migration impossible
    notes:     [message]: differences that remain (cps, instances, logging)
    warnings:  [message]: hostnames resolved, factorized addresses expanded
    access:    {'allow': [cidr] | None, 'deny': [cidr]} as systemd will apply it
    listen:    (address or None, port, 'stream' | 'dgram')
    """

    def __init__(self, name):
        self.name = name
        self.units = {}
        self.order = []
        self.socket = '%s.socket' % name
        self.service = None
        self.template = True
        self.losses = []
        self.refusals = []
        self.notes = []
        self.warnings = []
        self.access = {'allow': None, 'deny': []}
        self.listen = (None, None, None)

    def add_loss(self, name, reason=None):
        if name not in [n for n, _r in self.losses]:
            self.losses.append((name, reason or LOSS_REASONS.get(name, 'no systemd equivalent')))

    def unaccepted(self, accept_loss):
        accepted = set(a.lower() for a in (accept_loss or ()))
        return [(n, r) for n, r in self.losses if n.lower() not in accepted]

    def to_dict(self):
        return {
            'units': dict(self.units),
            'socket': self.socket,
            'service': self.service,
            'losses': [{'name': n, 'reason': r} for n, r in self.losses],
            'refusals': list(self.refusals),
            'notes': list(self.notes),
            'warnings': list(self.warnings),
            'access': {'allow': self.access['allow'], 'deny': list(self.access['deny'])},
            'listen': {'address': self.listen[0], 'port': self.listen[1], 'socket_type': self.listen[2]},
        }


# -- addresses -------------------------------------------------------------------

def _v4_int(text):
    a, b, c, d = [int(p) for p in text.split('.')]
    return (a << 24) | (b << 16) | (c << 8) | d


def _v4_text(value):
    return '.'.join(str((value >> s) & 255) for s in (24, 16, 8, 0))


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
        text = _v4_text(self.network) if self.family == 4 else _v6_text(self.network)
        return '%s/%d' % (text, self.prefix)

    __repr__ = __str__


def parse_net(text):
    """'10.1.2.0/24', '192.0.2.7', '2001:db8::/32', '::1' -> Net (host bits masked)."""
    addr, dummy, bits = text.partition('/')
    if ':' in addr:
        return Net(6, _v6_int(addr.split('%', 1)[0]), int(bits) if bits else 128)
    return Net(4, _v4_int(addr), int(bits) if bits else 32)


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


def access_values(values, option, resolver=None):
    """xinetd ``only_from`` / ``no_access`` values -> ``(nets, any, warnings, refusals)``.

    ``any`` is True when a value matches every address (``0.0.0.0``).
    ``resolver(name) -> [address]`` resolves host names (as xinetd does when it
    reads its configuration); without it host names are refused.
    """
    nets, warnings, refusals = [], [], []
    matches_any = False
    for value in values:
        kind, dummy = classify_address(value)
        if kind == 'any':
            matches_any = True
        elif kind == 'ipv4':
            if re.match(r'^[0-9]+(\.[0-9]+){3}$', value):
                nets.append(parse_net(value))
            else:
                refusals.append('%s: %s is a short or non-decimal IPv4 form; write it as a dotted quad'
                                % (option, value))
        elif kind == 'ipv4-wildcard':
            parts = value.split('.')
            n = 4
            while n > 0 and parts[n - 1] == '0':
                n -= 1
            nets.append(parse_net('%s/%d' % (value, n * 8)))
        elif kind in ('ipv6', 'cidr4', 'cidr6'):
            try:
                nets.append(parse_net(value))
            except (ValueError, socket.error, OSError):
                refusals.append('%s: %s is not an address systemd accepts' % (option, value))
        elif kind == 'factorized':
            m = re.match(r'^((?:[0-9]+\.){0,3})\{([0-9,]+)\}$', value)
            head = [p for p in m.group(1).split('.') if p]
            expanded = []
            for number in m.group(2).split(','):
                octets = head + [number]
                if any(int(o) > 255 for o in octets):
                    continue
                prefix = 8 * len(octets)
                expanded.append(parse_net('%s/%d' % ('.'.join(octets + ['0'] * (4 - len(octets))), prefix)))
            nets.extend(expanded)
            warnings.append('%s: the factorized address %s is written as %s for systemd'
                            % (option, value, ' '.join(str(n) for n in expanded)))
        elif kind == 'hostname':
            addresses = resolver(value) if resolver else None
            if not addresses:
                refusals.append('%s: %s is a host name; systemd\'s IPAddressAllow=/IPAddressDeny= take '
                                'addresses only, and it does not resolve here' % (option, value)
                                if resolver else
                                '%s: %s is a host name; systemd\'s IPAddressAllow=/IPAddressDeny= take '
                                'addresses only' % (option, value))
                continue
            for address in addresses:
                nets.append(parse_net(address))
            warnings.append('%s: the host name %s is written as %s, the addresses it resolves to now '
                            '(xinetd also resolved it once, when it read its configuration)'
                            % (option, value, ' '.join(addresses)))
        elif kind == 'domain':
            refusals.append('%s: %s is a domain suffix matched by reverse DNS; systemd\'s '
                            'IPAddressAllow=/IPAddressDeny= match addresses only' % (option, value))
        else:
            refusals.append('%s: %s is not an address, a network or a host name systemd can express'
                            % (option, value))
    return _unique(nets), matches_any, warnings, refusals


# -- unit text -------------------------------------------------------------------

def quote_arg(arg):
    """One ExecStart= argument, quoted so systemd passes it byte for byte."""
    text = arg.replace('\\', '\\\\').replace('"', '\\"').replace('%', '%%').replace('$', '$$')
    if text and re.match(r'^[A-Za-z0-9_./:=,+@-]+$', text) and not text.startswith('@'):
        return text
    return '"%s"' % text


def listen_value(address, port):
    """The value of ListenStream= / ListenDatagram=."""
    if address and ':' in address:
        return '[%s]:%s' % (address, port)
    if address:
        return '%s:%s' % (address, port)
    return '%s' % port


def _unit(sections):
    out = []
    for title, lines in sections:
        if out:
            out.append('')
        out.append('[%s]' % title)
        out.extend(lines)
    return '\n'.join(out) + '\n'


def _first(attrs, key):
    values = attrs.get(key)
    return values[0] if values else None


def _limit(value):
    if value.upper() == 'UNLIMITED':
        return 'infinity'
    return value


def plan(entry, tcp_wrappers=False, resolver=None, socket_proxyd=SOCKET_PROXYD, name=None):
    """The systemd units for one effective xinetd entry (see module doc).

    ``tcp_wrappers``: True when this host's xinetd consults TCP wrappers for
    the entry (built with libwrap, rules present, no NOLIBWRAP flag).
    ``name``: the unit base name (default: the entry's name).
    """
    attrs = dict((k.lower(), list(v)) for k, v in (entry.get('attributes') or {}).items())
    unit_name = name or entry.get('name') or entry.get('id')
    p = Plan(unit_name)
    flags = [f.upper() for f in attrs.get('flags') or []]
    types = [t.upper() for t in attrs.get('type') or []]
    socket_type = (_first(attrs, 'socket_type') or '').lower()
    wait = (_first(attrs, 'wait') or 'no').lower() == 'yes'
    redirect = attrs.get('redirect')
    port = entry.get('port')
    if port is None and _first(attrs, 'port'):
        try:
            port = int(_first(attrs, 'port'))
        except ValueError:
            port = None

    # -- what cannot be migrated -----------------------------------------------
    if 'INTERNAL' in types:
        p.refusals.append('type: INTERNAL: %s is one of xinetd\'s built-in servers; systemd has no '
                          'built-in servers to run instead' % unit_name)
    if 'TCPMUX' in types or 'TCPMUXPLUS' in types:
        p.refusals.append('type: TCPMUX: the service is reached through xinetd\'s tcpmux multiplexer, '
                          'which systemd does not provide')
    if 'RPC' in types:
        p.add_loss('RPC')
        if port is None:
            p.refusals.append('type: RPC without a fixed port: a socket unit needs a port')
    if socket_type not in ('stream', 'dgram'):
        p.refusals.append('socket_type: %s: only stream (ListenStream=) and dgram (ListenDatagram=) '
                          'services are migrated' % (socket_type or '(unset)'))
    if port is None and 'RPC' not in types:
        p.refusals.append('port: the entry has no port (not in /etc/services and no port attribute)')
    if socket_type == 'dgram' and not wait:
        p.refusals.append('wait: no with socket_type dgram: xinetd starts a server per datagram; '
                          'systemd accepts connections (Accept=yes) on stream sockets only')
    if redirect and wait:
        p.refusals.append('redirect: xinetd only redirects wait = no services')

    # -- what is lost ------------------------------------------------------------
    for key in ('access_times', 'banner', 'banner_success', 'banner_fail', 'max_load', 'libwrap'):
        if attrs.get(key):
            p.add_loss(key)
    for flag in ('SENSOR', 'INTERCEPT', 'IDONLY', 'LABELED', 'NORETRY'):
        if flag in flags:
            p.add_loss(flag)
    if 'SENSOR' in flags and attrs.get('deny_time'):
        p.add_loss('deny_time')
    logs = [v.upper() for v in (attrs.get('log_on_success') or []) + (attrs.get('log_on_failure') or [])]
    if 'USERID' in logs:
        p.add_loss('USERID')
    if 'TRAFFIC' in logs and redirect:
        p.add_loss('TRAFFIC')
    if tcp_wrappers and 'NOLIBWRAP' not in flags and 'libwrap' not in [n for n, _r in p.losses]:
        p.add_loss('libwrap')
    if (_first(attrs, 'groups') or 'no').lower() == 'no' and (_first(attrs, 'user') or 'root') not in ('root', '0') \
            and not redirect:
        p.notes.append('groups = no: xinetd starts the server with the group of user only; systemd also '
                       'gives it the supplementary groups of %s' % _first(attrs, 'user'))
    if attrs.get('log_type') or [v for v in logs if v != 'USERID']:
        p.notes.append('log_type, log_on_success and log_on_failure: systemd logs each start and exit of '
                       'the service (with its pid and exit status) to the journal, not the client\'s '
                       'address; refused clients leave no log line (their packets are dropped)')

    # -- listening socket ------------------------------------------------------
    bind = _first(attrs, 'bind')
    listen_addr = None
    if bind:
        kind, dummy = classify_address(bind)
        if kind in ('ipv4', 'ipv6'):
            listen_addr = bind
        else:
            p.refusals.append('bind: %s: only a numeric address can be written as ListenStream= here' % bind)
    elif 'IPV4' in flags and 'IPV6' not in flags:
        listen_addr = '0.0.0.0'
    elif 'IPV6' in flags and 'IPV4' not in flags:
        listen_addr = '::'
    listen = listen_value(listen_addr, port)
    p.listen = (listen_addr, port, socket_type)

    socket_lines = ['%s=%s' % ('ListenDatagram' if socket_type == 'dgram' else 'ListenStream', listen)]
    accept = not wait and socket_type == 'stream' and not redirect
    socket_lines.append('Accept=%s' % ('yes' if accept else 'no'))
    if (_first(attrs, 'v6only') or 'no').lower() == 'yes':
        socket_lines.append('BindIPv6Only=ipv6-only')
    # xinetd always sets SO_REUSEADDR (the REUSE flag is a no-op)
    socket_lines.append('ReuseAddress=yes')
    if 'NODELAY' in flags:
        socket_lines.append('NoDelay=yes')
    if 'KEEPALIVE' in flags:
        socket_lines.append('KeepAlive=yes')

    instances = _first(attrs, 'instances')
    if accept:
        if instances and instances.upper() != 'UNLIMITED':
            socket_lines.append('MaxConnections=%s' % instances)
        else:
            socket_lines.append('MaxConnections=%d' % UNLIMITED_CONNECTIONS)
            p.notes.append('instances: UNLIMITED (xinetd\'s default) has no systemd equivalent; '
                           'MaxConnections=%d is written instead of systemd\'s default of 64'
                           % UNLIMITED_CONNECTIONS)
        per_source = _first(attrs, 'per_source')
        if per_source and per_source.upper() != 'UNLIMITED':
            socket_lines.append('MaxConnectionsPerSource=%s' % per_source)
    elif redirect:
        if _first(attrs, 'per_source') and _first(attrs, 'per_source').upper() != 'UNLIMITED':
            p.add_loss('per_source', 'systemd-socket-proxyd limits connections in total, not per source')
    cps = attrs.get('cps')
    if cps and len(cps) == 2:
        socket_lines.append('TriggerLimitIntervalSec=%ss' % cps[1])
        socket_lines.append('TriggerLimitBurst=%s' % cps[0])
        p.notes.append('cps = %s %s: xinetd stops accepting for %s seconds when more than %s connections '
                       'arrive in one second, then serves again; systemd\'s TriggerLimitBurst=%s within '
                       'TriggerLimitIntervalSec=%ss puts the socket unit in the failed state, where it '
                       'stays until "systemctl restart %s"'
                       % (cps[0], cps[1], cps[1], cps[0], cps[0], cps[1], p.socket))

    # access control
    only_from = attrs.get('only_from')
    no_access = attrs.get('no_access') or []
    allow_nets, allow_any, w1, r1 = access_values(only_from or [], 'only_from', resolver)
    deny_nets, deny_any, w2, r2 = access_values(no_access, 'no_access', resolver)
    p.warnings.extend(w1 + w2)
    p.refusals.extend(r1 + r2)
    allow_lines = []
    deny_lines = []
    if deny_any:
        deny_lines = ['any']
        p.access = {'allow': [], 'deny': ['any']}
    elif only_from is not None and not allow_any:
        allowed = subtract(allow_nets, deny_nets)
        allow_lines = [str(n) for n in allowed]
        deny_lines = ['any']
        p.access = {'allow': list(allow_lines), 'deny': ['any']}
    elif deny_nets:
        deny_lines = [str(n) for n in deny_nets]
        p.access = {'allow': None, 'deny': list(deny_lines)}
    if allow_lines:
        socket_lines.append('IPAddressAllow=%s' % ' '.join(allow_lines))
    if deny_lines:
        socket_lines.append('IPAddressDeny=%s' % ' '.join(deny_lines))

    # -- service -----------------------------------------------------------------
    p.template = accept
    p.service = '%s@.service' % unit_name if accept else '%s.service' % unit_name
    service_lines = []
    if redirect:
        target_host = redirect[0]
        target_port = redirect[1] if len(redirect) > 1 else ''
        if ':' in target_host:
            target_host = '[%s]' % target_host
        args = [socket_proxyd]
        if instances and instances.upper() != 'UNLIMITED':
            args.append('--connections-max=%s' % instances)
        args.append('%s:%s' % (target_host, target_port))
        service_lines.append('ExecStart=%s' % ' '.join(quote_arg(a) for a in args))
        if not re.match(r'^[0-9]+$', target_port or ''):
            p.refusals.append('redirect: %s: systemd-socket-proxyd needs a numeric port' % target_port)
    else:
        server = _first(attrs, 'server')
        if not server:
            if 'INTERNAL' not in types:
                p.refusals.append('server: the entry has no server to start')
        else:
            server_args = attrs.get('server_args') or []
            if 'NAMEINARGS' in flags:
                argv = server_args
                exec_start = '@%s %s' % (quote_arg(server), ' '.join(quote_arg(a) for a in argv))
            else:
                exec_start = ' '.join(quote_arg(a) for a in [server] + server_args)
            service_lines.append('ExecStart=%s' % exec_start.strip())
        user = _first(attrs, 'user')
        if user and user not in ('root', '0'):
            service_lines.append('User=%s' % user)
        group = _first(attrs, 'group')
        if group:
            service_lines.append('Group=%s' % group)
        nice = _first(attrs, 'nice')
        if nice:
            service_lines.append('Nice=%s' % nice)
        umask = _first(attrs, 'umask')
        if umask:
            service_lines.append('UMask=%04o' % int(umask, 8))
        for key in sorted(_RLIMITS):
            value = _first(attrs, key)
            if value:
                service_lines.append('%s=%s' % (_RLIMITS[key], _limit(value)))
        env = attrs.get('env') or []
        if env:
            service_lines.append('Environment=%s' % ' '.join(quote_arg(v) for v in env))
        passenv = attrs.get('passenv') or []
        if passenv:
            service_lines.append('PassEnvironment=%s' % ' '.join(passenv))
        service_lines.append('StandardInput=socket')
    if not accept and not redirect:
        service_lines.insert(0, 'Type=simple')

    origin = 'Migrated from the xinetd service %s' % (entry.get('id') or unit_name)
    if entry.get('file'):
        origin += ' (%s)' % entry['file']
    socket_text = _unit([
        ('Unit', ['Description=%s, socket' % origin]),
        ('Socket', socket_lines),
        ('Install', ['WantedBy=sockets.target']),
    ])
    service_unit = [('Unit', ['Description=%s' % origin])]
    if accept:
        service_unit[0][1].append('CollectMode=inactive-or-failed')
    else:
        service_unit[0][1].append('Requires=%s' % p.socket)
    service_unit.append(('Service', service_lines))
    service_text = _unit(service_unit)
    p.units[p.socket] = socket_text
    p.units[p.service] = service_text
    p.order = [p.socket, p.service]
    return p


def shadow(plan_, port, suffix='-sysv-shadow'):
    """The units of ``plan_`` renamed (NAME-sysv-shadow) and moved to ``port``."""
    name = plan_.name + suffix
    out = {}
    for fname, text in plan_.units.items():
        if fname == plan_.socket:
            new = '%s.socket' % name
            lines = []
            for line in text.split('\n'):
                for key in ('ListenStream', 'ListenDatagram'):
                    if line == '%s=%s' % (key, listen_value(plan_.listen[0], plan_.listen[1])):
                        line = '%s=%s' % (key, listen_value(plan_.listen[0], port))
                if line.startswith('Description='):
                    line = line + ' (shadow for the proof)'
                if line == '[Install]':
                    break
                lines.append(line)
            out[new] = '\n'.join(lines).rstrip('\n') + '\n'
        else:
            new = '%s@.service' % name if plan_.template else '%s.service' % name
            out[new] = text.replace('Requires=%s' % plan_.socket, 'Requires=%s.socket' % name)
    return name, out


def probe_socket_units(name, port, echo='/bin/echo'):
    """A socket unit with IPAddressDeny=any and a service that answers a word:
    a client that reads the word was let in, so the host does not enforce
    IPAddressDeny= (BPF) for socket units."""
    socket_text = _unit([
        ('Unit', ['Description=sysv.services: does this host enforce IPAddressDeny=?']),
        ('Socket', ['ListenStream=127.0.0.1:%d' % port, 'Accept=yes', 'IPAddressDeny=any']),
    ])
    service_text = _unit([
        ('Unit', ['Description=sysv.services: IPAddressDeny= probe answer', 'CollectMode=inactive-or-failed']),
        ('Service', ['ExecStart=%s sysv-probe-served' % echo, 'StandardInput=socket']),
    ])
    return {'%s.socket' % name: socket_text, '%s@.service' % name: service_text}
