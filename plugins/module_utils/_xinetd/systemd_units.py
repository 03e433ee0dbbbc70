# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""From one effective xinetd entry to a systemd socket unit and its service.

Pure standard library; runs on Python 2.7 and 3.6+.

``plan(entry, ...)`` takes an entry as ``_xinetd.effective.load`` returns it
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

from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import classify_address
from ansible_collections.sysv.services.plugins.module_utils._xinetd.systemd_access import access_values, subtract


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


class _Entry(object):
    """The attributes of one effective entry that the mapping reads."""

    def __init__(self, entry, name=None):
        self.entry = entry
        self.attrs = dict((k.lower(), list(v)) for k, v in (entry.get('attributes') or {}).items())
        self.unit_name = name or entry.get('name') or entry.get('id')
        self.flags = [f.upper() for f in self.attrs.get('flags') or []]
        self.types = [t.upper() for t in self.attrs.get('type') or []]
        self.socket_type = (self.first('socket_type') or '').lower()
        self.wait = (self.first('wait') or 'no').lower() == 'yes'
        self.redirect = self.attrs.get('redirect')
        self.instances = self.first('instances')
        self.port = entry.get('port')
        if self.port is None and self.first('port'):
            try:
                self.port = int(self.first('port'))
            except ValueError:
                self.port = None
        # systemd accepts connections itself only for stream services that xinetd
        # runs once per connection
        self.accept = not self.wait and self.socket_type == 'stream' and not self.redirect

    def first(self, key):
        return _first(self.attrs, key)


def _refuse(p, e):
    """What cannot be migrated at all."""
    if 'INTERNAL' in e.types:
        p.refusals.append('type: INTERNAL: %s is one of xinetd\'s built-in servers; systemd has no '
                          'built-in servers to run instead' % e.unit_name)
    if 'TCPMUX' in e.types or 'TCPMUXPLUS' in e.types:
        p.refusals.append('type: TCPMUX: the service is reached through xinetd\'s tcpmux multiplexer, '
                          'which systemd does not provide')
    if 'RPC' in e.types:
        p.add_loss('RPC')
        if e.port is None:
            p.refusals.append('type: RPC without a fixed port: a socket unit needs a port')
    if e.socket_type not in ('stream', 'dgram'):
        p.refusals.append('socket_type: %s: only stream (ListenStream=) and dgram (ListenDatagram=) '
                          'services are migrated' % (e.socket_type or '(unset)'))
    if e.port is None and 'RPC' not in e.types:
        p.refusals.append('port: the entry has no port (not in /etc/services and no port attribute)')
    if e.socket_type == 'dgram' and not e.wait:
        p.refusals.append('wait: no with socket_type dgram: xinetd starts a server per datagram; '
                          'systemd accepts connections (Accept=yes) on stream sockets only')
    if e.redirect and e.wait:
        p.refusals.append('redirect: xinetd only redirects wait = no services')


def _losses(p, e, tcp_wrappers):
    """Attributes in effect that systemd cannot express, and what differs."""
    for key in ('access_times', 'banner', 'banner_success', 'banner_fail', 'max_load', 'libwrap'):
        if e.attrs.get(key):
            p.add_loss(key)
    for flag in ('SENSOR', 'INTERCEPT', 'IDONLY', 'LABELED', 'NORETRY'):
        if flag in e.flags:
            p.add_loss(flag)
    if 'SENSOR' in e.flags and e.attrs.get('deny_time'):
        p.add_loss('deny_time')
    logs = [v.upper() for v in (e.attrs.get('log_on_success') or []) + (e.attrs.get('log_on_failure') or [])]
    if 'USERID' in logs:
        p.add_loss('USERID')
    if 'TRAFFIC' in logs and e.redirect:
        p.add_loss('TRAFFIC')
    if tcp_wrappers and 'NOLIBWRAP' not in e.flags and 'libwrap' not in [n for n, _r in p.losses]:
        p.add_loss('libwrap')
    if (e.first('groups') or 'no').lower() == 'no' and (e.first('user') or 'root') not in ('root', '0') \
            and not e.redirect:
        p.notes.append('groups = no: xinetd starts the server with the group of user only; systemd also '
                       'gives it the supplementary groups of %s' % e.first('user'))
    if e.attrs.get('log_type') or [v for v in logs if v != 'USERID']:
        p.notes.append('log_type, log_on_success and log_on_failure: systemd logs each start and exit of '
                       'the service (with its pid and exit status) to the journal, not the client\'s '
                       'address; refused clients leave no log line (their packets are dropped)')


def _listen_lines(p, e):
    """ListenStream=/ListenDatagram=, Accept= and the socket options."""
    bind = e.first('bind')
    listen_addr = None
    if bind:
        kind, dummy = classify_address(bind)
        if kind in ('ipv4', 'ipv6'):
            listen_addr = bind
        else:
            p.refusals.append('bind: %s: only a numeric address can be written as ListenStream= here' % bind)
    elif 'IPV4' in e.flags and 'IPV6' not in e.flags:
        listen_addr = '0.0.0.0'
    elif 'IPV6' in e.flags and 'IPV4' not in e.flags:
        listen_addr = '::'
    p.listen = (listen_addr, e.port, e.socket_type)
    lines = ['%s=%s' % ('ListenDatagram' if e.socket_type == 'dgram' else 'ListenStream',
                        listen_value(listen_addr, e.port))]
    lines.append('Accept=%s' % ('yes' if e.accept else 'no'))
    if (e.first('v6only') or 'no').lower() == 'yes':
        lines.append('BindIPv6Only=ipv6-only')
    # xinetd always sets SO_REUSEADDR (the REUSE flag is a no-op)
    lines.append('ReuseAddress=yes')
    if 'NODELAY' in e.flags:
        lines.append('NoDelay=yes')
    if 'KEEPALIVE' in e.flags:
        lines.append('KeepAlive=yes')
    return lines


def _limit_lines(p, e):
    """instances, per_source and cps as the socket's limits."""
    lines = []
    instances = e.instances
    if e.accept:
        if instances and instances.upper() != 'UNLIMITED':
            lines.append('MaxConnections=%s' % instances)
        else:
            lines.append('MaxConnections=%d' % UNLIMITED_CONNECTIONS)
            p.notes.append('instances: UNLIMITED (xinetd\'s default) has no systemd equivalent; '
                           'MaxConnections=%d is written instead of systemd\'s default of 64'
                           % UNLIMITED_CONNECTIONS)
        per_source = e.first('per_source')
        if per_source and per_source.upper() != 'UNLIMITED':
            lines.append('MaxConnectionsPerSource=%s' % per_source)
    elif e.redirect:
        if e.first('per_source') and e.first('per_source').upper() != 'UNLIMITED':
            p.add_loss('per_source', 'systemd-socket-proxyd limits connections in total, not per source')
    cps = e.attrs.get('cps')
    if cps and len(cps) == 2:
        lines.append('TriggerLimitIntervalSec=%ss' % cps[1])
        lines.append('TriggerLimitBurst=%s' % cps[0])
        p.notes.append('cps = %s %s: xinetd stops accepting for %s seconds when more than %s connections '
                       'arrive in one second, then serves again; systemd\'s TriggerLimitBurst=%s within '
                       'TriggerLimitIntervalSec=%ss puts the socket unit in the failed state, where it '
                       'stays until "systemctl restart %s"'
                       % (cps[0], cps[1], cps[1], cps[0], cps[0], cps[1], p.socket))
    return lines


def _access_lines(p, e, resolver):
    """only_from / no_access as IPAddressAllow= / IPAddressDeny= (see the module doc)."""
    only_from = e.attrs.get('only_from')
    no_access = e.attrs.get('no_access') or []
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
        allow_lines = [str(n) for n in subtract(allow_nets, deny_nets)]
        deny_lines = ['any']
        p.access = {'allow': list(allow_lines), 'deny': ['any']}
    elif deny_nets:
        deny_lines = [str(n) for n in deny_nets]
        p.access = {'allow': None, 'deny': list(deny_lines)}
    lines = []
    if allow_lines:
        lines.append('IPAddressAllow=%s' % ' '.join(allow_lines))
    if deny_lines:
        lines.append('IPAddressDeny=%s' % ' '.join(deny_lines))
    return lines


def _proxy_lines(p, e, socket_proxyd):
    """redirect: systemd-socket-proxyd forwards to the target."""
    target_host = e.redirect[0]
    target_port = e.redirect[1] if len(e.redirect) > 1 else ''
    if ':' in target_host:
        target_host = '[%s]' % target_host
    args = [socket_proxyd]
    if e.instances and e.instances.upper() != 'UNLIMITED':
        args.append('--connections-max=%s' % e.instances)
    args.append('%s:%s' % (target_host, target_port))
    if not re.match(r'^[0-9]+$', target_port or ''):
        p.refusals.append('redirect: %s: systemd-socket-proxyd needs a numeric port' % target_port)
    return ['ExecStart=%s' % ' '.join(quote_arg(a) for a in args)]


def _exec_lines(p, e):
    """server, server_args and the process settings of the service."""
    lines = []
    server = e.first('server')
    if not server:
        if 'INTERNAL' not in e.types:
            p.refusals.append('server: the entry has no server to start')
    else:
        server_args = e.attrs.get('server_args') or []
        if 'NAMEINARGS' in e.flags:
            exec_start = '@%s %s' % (quote_arg(server), ' '.join(quote_arg(a) for a in server_args))
        else:
            exec_start = ' '.join(quote_arg(a) for a in [server] + server_args)
        lines.append('ExecStart=%s' % exec_start.strip())
    user = e.first('user')
    if user and user not in ('root', '0'):
        lines.append('User=%s' % user)
    for key, setting in (('group', 'Group'), ('nice', 'Nice')):
        if e.first(key):
            lines.append('%s=%s' % (setting, e.first(key)))
    umask = e.first('umask')
    if umask:
        lines.append('UMask=%04o' % int(umask, 8))
    for key in sorted(_RLIMITS):
        value = e.first(key)
        if value:
            lines.append('%s=%s' % (_RLIMITS[key], _limit(value)))
    env = e.attrs.get('env') or []
    if env:
        lines.append('Environment=%s' % ' '.join(quote_arg(v) for v in env))
    passenv = e.attrs.get('passenv') or []
    if passenv:
        lines.append('PassEnvironment=%s' % ' '.join(passenv))
    lines.append('StandardInput=socket')
    return lines


def _render(p, e, socket_lines, service_lines):
    """The unit texts, in p.units and p.order."""
    p.template = e.accept
    p.service = '%s@.service' % e.unit_name if e.accept else '%s.service' % e.unit_name
    if not e.accept and not e.redirect:
        service_lines.insert(0, 'Type=simple')
    origin = 'Migrated from the xinetd service %s' % (e.entry.get('id') or e.unit_name)
    if e.entry.get('file'):
        origin += ' (%s)' % e.entry['file']
    socket_text = _unit([
        ('Unit', ['Description=%s, socket' % origin]),
        ('Socket', socket_lines),
        ('Install', ['WantedBy=sockets.target']),
    ])
    service_unit = [('Unit', ['Description=%s' % origin])]
    if e.accept:
        service_unit[0][1].append('CollectMode=inactive-or-failed')
    else:
        service_unit[0][1].append('Requires=%s' % p.socket)
    service_unit.append(('Service', service_lines))
    p.units[p.socket] = socket_text
    p.units[p.service] = _unit(service_unit)
    p.order = [p.socket, p.service]


def plan(entry, tcp_wrappers=False, resolver=None, socket_proxyd=SOCKET_PROXYD, name=None):
    """The systemd units for one effective xinetd entry (see module doc).

    ``tcp_wrappers``: True when this host's xinetd consults TCP wrappers for
    the entry (built with libwrap, rules present, no NOLIBWRAP flag).
    ``name``: the unit base name (default: the entry's name).
    """
    e = _Entry(entry, name)
    p = Plan(e.unit_name)
    _refuse(p, e)
    _losses(p, e, tcp_wrappers)
    socket_lines = _listen_lines(p, e) + _limit_lines(p, e) + _access_lines(p, e, resolver)
    service_lines = _proxy_lines(p, e, socket_proxyd) if e.redirect else _exec_lines(p, e)
    _render(p, e, socket_lines, service_lines)
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
