# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Exposure of one host: who may reach which service, from where and when.

Pure computation (no file or process access), Python 2.7 and 3.6+; the
``exposure_info`` module gathers the inputs and the controller-side report
evaluates the fleet with ``access.reachable``. This file assembles the
per-host report: :func:`service_record` for one xinetd entry,
:func:`host_report` for the host, from the pieces in ``sockets`` (``/proc/net``
and own addresses), ``access`` (``only_from`` / ``no_access``, TCP wrappers,
``access_times``, the verdicts) and ``checks`` (CIS and STIG).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._exposure.access import (
    exposure_level,
    wrapper_daemons,
)
from ansible_collections.sysv.services.plugins.module_utils._exposure.checks import host_checks
from ansible_collections.sysv.services.plugins.module_utils._exposure.sockets import (
    ip_bytes,
    is_loopback,
    is_wildcard,
    socket_text,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import classify_address

SCHEMA_VERSION = 1


# -- one host -----------------------------------------------------------------------

def _first(attrs, key):
    return (attrs.get(key) or [None])[0]


def _int_or_text(value):
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def _matching_sockets(rec, sockets, xinetd_pid):
    port, proto = rec.get('port'), rec.get('protocol')
    bind = _first(rec['attributes'], 'bind')
    found = []
    for s in sockets:
        if not s['listening'] or s['port'] != port or s['protocol'] != proto:
            continue
        if bind and not is_wildcard(s['address']) and ip_bytes(bind) is not None and \
                ip_bytes(s['address']) != ip_bytes(bind):
            continue
        owner = s.get('owner') or {}
        if xinetd_pid and owner.get('pid') not in (None, xinetd_pid):
            continue
        found.append(s)
    return found


def _who(only_from, no_access, wrappers, bind):
    parts = []
    if bind and not is_wildcard(bind):
        parts.append('bound to %s' % bind)
    if only_from is None:
        parts.append('only_from not set (every address)')
    elif not only_from:
        parts.append('only_from empty (nobody)')
    else:
        parts.append('only_from %s' % ' '.join(only_from))
    if no_access:
        parts.append('no_access %s' % ' '.join(no_access))
    for w in wrappers:
        parts.append('TCP wrappers (%s as %s%s)' % (w['via'], w['daemon'],
                                                    '' if w['certain'] else ', if built with libwrap'))
    return '; '.join(parts)


def service_record(rec, sockets, xinetd_pid, xinetd_running, libwrap, resolved=None,
                   allow_rules=None, deny_rules=None):
    """One xinetd entry of ``_xinetd.effective.Effective`` -> the report's service dict."""
    attrs = rec.get('attributes') or {}
    enabled = bool(rec.get('enabled'))
    only_from = list(attrs['only_from']) if 'only_from' in attrs else None
    no_access = list(attrs.get('no_access') or [])
    bind = _first(attrs, 'bind')
    wrappers = wrapper_daemons(dict(attrs, _name=[rec.get('name')]), rec.get('id'), libwrap) \
        if enabled else []
    socks = _matching_sockets(rec, sockets, xinetd_pid) if (enabled and xinetd_running) else []
    names = [v for v in (only_from or []) + no_access if classify_address(v)[0] == 'hostname']
    out = {
        'id': rec.get('id'),
        'name': rec.get('name'),
        'kind': 'xinetd',
        'file': rec.get('file'),
        'lineno': rec.get('lineno'),
        'enabled': enabled,
        'state': rec.get('state') or ('enabled' if enabled else 'disabled'),
        'reason': rec.get('reason'),
        'port': rec.get('port'),
        'protocol': rec.get('protocol'),
        'socket_type': _first(attrs, 'socket_type'),
        'bind': bind,
        'server': _first(attrs, 'server'),
        'server_args': list(attrs.get('server_args') or []),
        'user': _first(attrs, 'user'),
        'type': list(attrs.get('type') or []),
        'flags': list(attrs.get('flags') or []),
        'only_from': only_from,
        'no_access': no_access,
        'access_times': list(attrs.get('access_times') or []),
        'instances': _int_or_text(_first(attrs, 'instances')) or 'UNLIMITED',
        'per_source': _int_or_text(_first(attrs, 'per_source')) or 'UNLIMITED',
        'cps': [_int_or_text(v) for v in attrs.get('cps') or []] or None,
        'tcp_wrappers': wrappers,
        'listening': bool(socks),
        'sockets': [socket_text(s) for s in socks],
        'resolved': dict((n, list((resolved or {}).get(n) or [])) for n in names),
    }
    out['who'] = _who(only_from, no_access, wrappers, bind) if enabled else 'off (%s)' % (
        out['reason'] or 'disabled')
    out['exposure'] = exposure_level(out, allow_rules, deny_rules)
    return out


def host_report(effective, sockets, xinetd_pid, libwrap, libwrap_evidence, resolved,
                allow_rules, deny_rules, xinetd_boot, packages, sysv, chkconfig_view,
                addresses, minute_of_day, clock):
    """Everything the report needs from one host, as plain data.

    effective: ``_xinetd.effective.Effective.to_dict()`` (or None when there
    is no xinetd configuration); sockets: ``sockets.parse_sockets`` output with
    an optional 'owner' ({'pid', 'comm'}) on each; the rest as in
    ``checks.host_checks`` and :func:`service_record`.
    """
    effective = effective or {'services': {}, 'inactive': [], 'problems': [], 'files': [],
                              'xinetd_exits': False}

    def record(rec):
        return service_record(rec, sockets, xinetd_pid, bool(xinetd_pid), libwrap, resolved,
                              allow_rules, deny_rules)
    services, inactive = _service_records(effective, record)
    active = dict((k, v) for k, v in services.items() if v['enabled'])
    return {
        'schema_version': SCHEMA_VERSION,
        'addresses': list(addresses),
        'clock': clock,
        'minute_of_day': minute_of_day,
        'xinetd': _xinetd_state(effective, xinetd_pid, xinetd_boot, libwrap, libwrap_evidence),
        'services': services,
        'init_scripts': sysv or {},
        'other_listeners': _other_listeners(sockets, xinetd_pid, active),
        'tcp_wrappers': {'allow': allow_rules or [], 'deny': deny_rules or []},
        'checks': host_checks(active, inactive, packages, xinetd_boot, xinetd_pid, sysv, chkconfig_view),
    }


def _service_records(effective, record):
    """The records of every entry by id (the active ones first, then those xinetd
    parses but does not run, keyed id@file:line when the id is taken), and the
    list of the inactive ones."""
    services = {}
    for key, rec in sorted(effective['services'].items()):
        services[key] = record(rec)
    inactive = []
    for rec in effective.get('inactive') or []:
        r = record(rec)
        inactive.append(r)
        key = r['id'] or r['name']
        if key in services:
            key = '%s@%s:%s' % (key, r['file'], r['lineno'])
        services.setdefault(key, r)
    return services, inactive


def _other_listeners(sockets, xinetd_pid, active):
    """Listening sockets that are not an active xinetd entry's, sorted."""
    xinetd_ports = set((s['protocol'], s['port']) for s in active.values() if s['listening'])
    others = []
    for s in sockets:
        if not s['listening']:
            continue
        owner = s.get('owner') or {}
        if xinetd_pid and owner.get('pid') == xinetd_pid and (s['protocol'], s['port']) in xinetd_ports:
            continue
        others.append({'protocol': s['protocol'], 'family': s['family'], 'address': s['address'],
                       'port': s['port'], 'process': owner.get('comm'), 'pid': owner.get('pid'),
                       'local_only': is_loopback(s['address'])})
    others.sort(key=lambda o: (o['protocol'], o['port'], o['family'], o['address']))
    return others


def _xinetd_state(effective, xinetd_pid, xinetd_boot, libwrap, libwrap_evidence):
    """The report's ``xinetd`` section: process, boot state, libwrap, files, problems."""
    return {
        'running': xinetd_pid or None,
        'boot_enabled': bool((xinetd_boot or {}).get('enabled')),
        'boot_evidence': (xinetd_boot or {}).get('evidence'),
        'libwrap': libwrap,
        'libwrap_evidence': libwrap_evidence,
        'files': list(effective.get('files') or []),
        'exits': bool(effective.get('xinetd_exits')),
        'problems': [p for p in effective.get('problems') or []
                     if p.get('severity') in ('fatal', 'error', 'warning')],
    }
