# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What decides, after the whole parse, whether xinetd serves an entry.

Pure standard library; runs on Python 2.7 and 3.6+.

Part of the engine (``effective.load``): :class:`EntryChecks` is mixed into
its loader.  The protocol against /etc/protocols, the port against
/etc/services, the host hooks (user, group, server, bind address, host
names), unique ids and ports, TCPMUX; and, for a disabled entry of a file a
task writes, the same checks as if it were enabled (the collection's policy).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import classify_address


def _first(attrs, key):
    """The first value of an attribute of a record, or None."""
    return (attrs.get(key) or [None])[0]


class EntryChecks:
    """The per-entry checks of the loader's ``finish`` step.

    Expects the loader's ``host``, ``services_db``, ``protocol_known``,
    ``probing``, ``entries`` and its ``problem`` / ``policy`` methods.
    """

    def _probe(self, rec):
        """Policy: the host checks of a disabled entry of a judged file, as if enabled."""
        saved = dict((k, rec[k]) for k in ('enabled', 'state', 'reason', 'port'))
        saved_attrs = dict((k, list(v)) for k, v in rec['attributes'].items())
        rec['enabled'] = True
        self.probing = True
        try:
            self._protocol(rec)
            if rec['enabled']:
                self._port(rec)
            if rec['enabled']:
                self._host(rec)
        finally:
            self.probing = False
            rec.update(saved)
            rec['attributes'] = saved_attrs

    def _protocol(self, rec):
        attrs = rec['attributes']
        if self.protocol_known is not None and 'protocol' in attrs and \
                not self.protocol_known(attrs['protocol'][0].lower()):
            self._drop(rec, 'unknown-protocol', 'protocol %s is not in /etc/protocols: xinetd '
                       'does not serve the service' % attrs['protocol'][0], 'protocol',
                       attrs['protocol'][0])

    def _deactivate(self, rec, state, reason):
        rec['enabled'] = False
        rec['state'] = state
        rec['reason'] = reason

    def _drop(self, rec, code, message, attribute=None, value=None, severity='error'):
        self.problem(severity, code, 'service %s: %s' % (rec['name'], message), rec['file'],
                     rec['lineno'], 'service-dropped', rec['name'], attribute, value)
        if self.probing:
            rec['enabled'] = False
            return
        self._deactivate(rec, 'dropped', code)

    def _both_lists(self, rec):
        attrs = rec['attributes']
        na = set(attrs.get('no_access') or [])
        for v in attrs.get('only_from') or []:
            if v in na:
                self.problem('warning', 'address-in-both',
                             'service %s: %s is in both only_from and no_access (inherited '
                             'values included): xinetd denies it' % (rec['name'], v),
                             rec['file'], rec['lineno'], 'none', rec['name'], 'no_access', v)

    def _lookup_port(self, name, protocol):
        db = self.services_db
        if db is None:
            return None
        if callable(db):
            return db(name, protocol)
        return db.get((name, protocol))

    def _port(self, rec):
        attrs = rec['attributes']
        types = [t.upper() for t in attrs.get('type') or []]
        port = (attrs.get('port') or [None])[0]
        if 'RPC' in types:
            return
        if 'TCPMUX' in types or 'TCPMUXPLUS' in types:
            return
        if port is not None:
            rec['port'] = int(port)
        if 'UNLISTED' in types or rec['protocol'] is None:
            return
        if self.services_db is None:
            return
        listed = self._lookup_port(rec['name'], rec['protocol'])
        if listed is None:
            self._drop(rec, 'not-in-services',
                       '%s/%s is not in /etc/services (add type = UNLISTED and a port)'
                       % (rec['name'], rec['protocol']), 'type')
            return
        if port is not None and int(port) != int(listed):
            self._drop(rec, 'port-mismatch',
                       '/etc/services says %s/%s is port %s, but port = %s'
                       % (rec['name'], rec['protocol'], listed, port), 'port', port)
            return
        rec['port'] = int(listed)

    def _host(self, rec):
        """The host hooks, in xinetd's order; the first failing one drops the entry."""
        if self.host is None:
            return
        for step in (self._host_user, self._host_group, self._host_server, self._host_bind,
                     self._host_redirect):
            if not step(rec):
                return
        self._host_addresses(rec)

    def _host_account(self, rec, attr):
        """``user`` or ``group``: a name (not a number) the host does not know drops the entry."""
        name = _first(rec['attributes'], attr)
        exists = getattr(self.host, '%s_exists' % attr, None)
        if name and not name.isdigit() and exists is not None and not exists(name):
            self._drop(rec, 'unknown-%s' % attr, '%s %s does not exist: xinetd does not serve the '
                       'service' % (attr, name), attr, name)
            return False
        return True

    def _host_user(self, rec):
        return self._host_account(rec, 'user')

    def _host_group(self, rec):
        return self._host_account(rec, 'group')

    def _host_server(self, rec):
        attrs = rec['attributes']
        types = [t.upper() for t in attrs.get('type') or []]
        server = _first(attrs, 'server')
        problem_of = getattr(self.host, 'executable_problem', None)
        if not server or problem_of is None or 'INTERNAL' in types or 'redirect' in attrs:
            return True
        why = problem_of(server)
        if why == 'is not a regular file':
            # xinetd only checks access(X_OK): it loads the entry, exec fails later
            self.problem('warning', 'server-not-a-file',
                         'service %s: server %s is not a regular file: xinetd loads the '
                         'service and listens, but every connection fails when it runs '
                         'the server' % (rec['name'], server),
                         rec['file'], rec['lineno'], 'none', rec['name'], 'server', server)
            self.policy('server-not-a-file',
                        'server %s is not a regular file: xinetd serves the entry (it only '
                        'checks access(X_OK)) and every connection fails; the collection '
                        'refuses it on purpose (its policy: a server that cannot start)'
                        % server, rec, 'server', server)
        elif why:
            self._drop(rec, 'server-not-executable', 'server %s %s: xinetd does not serve '
                       'the service' % (server, why), 'server', server)
            return False
        return True

    def _host_bind(self, rec):
        bind = _first(rec['attributes'], 'bind')
        resolve = getattr(self.host, 'resolve', None)
        if resolve is not None and bind and classify_address(bind)[0] == 'hostname' and \
                not resolve(bind):
            self._drop(rec, 'unresolvable-host', 'bind %s does not resolve: xinetd does not '
                       'serve the service' % bind, 'bind', bind)
            return False
        problem_of = getattr(self.host, 'bind_problem', None)
        if bind and problem_of is not None:
            why = problem_of(bind)
            if why:
                self._drop(rec, 'bind-failed', 'bind %s %s: bind() fails (EADDRNOTAVAIL), '
                           'xinetd logs "bind failed" and does not serve the service'
                           % (bind, why), 'bind', bind)
                return False
        return True

    def _host_redirect(self, rec):
        redirect = rec['attributes'].get('redirect')
        resolve = getattr(self.host, 'resolve', None)
        if resolve is not None and redirect and \
                classify_address(redirect[0])[0] == 'hostname' and not resolve(redirect[0]):
            self._drop(rec, 'unresolvable-host', 'redirect host %s does not resolve: xinetd '
                       'does not serve the service' % redirect[0], 'redirect', redirect[0])
            return False
        return True

    def _host_addresses(self, rec):
        """only_from / no_access host names that do not resolve: xinetd drops those values."""
        resolve = getattr(self.host, 'resolve', None)
        if resolve is None:
            return
        attrs = rec['attributes']
        for key in ('only_from', 'no_access'):
            kept = []
            for value in attrs.get(key) or []:
                if classify_address(value)[0] == 'hostname' and not resolve(value):
                    self.problem('error', 'unresolvable-host',
                                 'service %s: %s value %s does not resolve: xinetd drops it%s'
                                 % (rec['name'], key, value,
                                    ' (an only_from left empty denies everyone)'
                                    if key == 'only_from' else ''),
                                 rec['file'], rec['lineno'],
                                 'value-dropped', rec['name'], key, value)
                    continue
                kept.append(value)
            if key in attrs:
                if key == 'only_from' and attrs[key] and not kept:
                    self.problem('error', 'only-from-empty',
                                 'service %s: every only_from value was dropped, so '
                                 'xinetd denies everyone' % rec['name'], rec['file'],
                                 rec['lineno'], 'none', rec['name'], 'only_from')
                attrs[key] = kept

    def _unique(self, rec, active_by_port, active_ids):
        """Duplicate ids; same port and protocol (confparse.c, [T]).

        ``active_ids`` (lower-case id -> first active entry) and
        ``active_by_port`` ((port, protocol) -> active entries) grow as the
        entries are judged in parse order, so loading stays linear.
        """
        other = active_ids.get(rec['id'].lower())
        if other is not None:
            self.problem('warning', 'duplicate-id',
                         'service %s: id %s is already used by the entry at %s:%s; '
                         'xinetd keeps both only if they do not clash on port and address'
                         % (rec['name'], rec['id'], other['file'], other['lineno']),
                         rec['file'], rec['lineno'], 'none', rec['name'], 'id', rec['id'])
            rec['_duplicate_id'] = True
        if rec['port'] is not None and not self._port_free(rec, active_by_port):
            return
        active_ids.setdefault(rec['id'].lower(), rec)

    def _port_free(self, rec, active_by_port):
        key = (rec['port'], rec['protocol'])
        bind = (rec['attributes'].get('bind') or [None])[0]
        for other in active_by_port.get(key, []):
            obind = (other['attributes'].get('bind') or [None])[0]
            where = '%s:%s' % (other['file'], other['lineno'])
            if bind is not None and obind is not None:
                if bind == obind:
                    self._drop(rec, 'duplicate-port',
                               'port %s/%s on %s is already taken by %s (%s): xinetd rejects '
                               'the later entry as not unique'
                               % (key[0], key[1], bind, other['id'], where), 'port', str(key[0]))
                    return False
                continue
            self._drop(rec, 'port-in-use',
                       'port %s/%s is also used by %s (%s) without a bind on both: the later '
                       'entry loads, but bind() fails with EADDRINUSE and xinetd deactivates it'
                       % (key[0], key[1], other['id'], where), 'port', str(key[0]))
            return False
        active_by_port.setdefault(key, []).append(rec)
        return True

    def _tcpmux(self):
        users = [r for r in self.entries if r['enabled'] and
                 any(t.upper() in ('TCPMUX', 'TCPMUXPLUS')
                     for t in r['attributes'].get('type') or [])]
        if not users:
            return
        has_server = any(r['enabled'] and r['name'].lower() == 'tcpmux' and
                         'INTERNAL' in [t.upper() for t in r['attributes'].get('type') or []]
                         for r in self.entries)
        if not has_server:
            for r in users:
                self._drop(r, 'tcpmux-missing',
                           'a TCPMUX service needs an active INTERNAL tcpmux entry', 'type')
