# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that need the host xinetd runs on.

xinetd resolves users, groups, the server path and the service's port when
it reads its configuration (spec §1 "Identity and ports", §2), and drops a
service whose lookup fails.  ``Host`` performs the same lookups before a file
is written:

* ``server`` exists and is executable (unless ``type`` has INTERNAL, or
  ``redirect`` replaces the server);
* ``user`` and ``group`` exist (names or numbers);
* a listed service (``type`` without UNLISTED and without RPC) is in
  ``/etc/services`` for its protocol, and an explicit ``port`` matches it;
  an UNLISTED service has a ``port``.

Every check can be switched off (chroot builds, images prepared offline):
``check_service(..., checks=('server', 'user', 'group', 'port'))``.

``root`` makes the checks look inside a directory tree (``root + path``)
for the server, ``etc/passwd``, ``etc/group`` and ``etc/services``.  With
``root='/'`` users and groups come from the system databases (``pwd``,
``grp``), so NSS sources such as LDAP count too.

Standard library only; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import grp
import os
import pwd
import socket


ALL_CHECKS = ('server', 'user', 'group', 'port')

SOCKET_PROTOCOL = {'stream': 'tcp', 'dgram': 'udp'}


def parse_services(text):
    """Parse ``/etc/services`` text into ``{(name, proto): port}``.

    Aliases are entries of their own, as ``getservbyname`` treats them.  The
    first entry for a (name, protocol) pair wins, like the C library.
    """
    table = {}
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        if len(fields) < 2 or '/' not in fields[1]:
            continue
        port_text, proto = fields[1].split('/', 1)
        try:
            port = int(port_text)
        except ValueError:
            continue
        proto = proto.lower()
        for name in [fields[0]] + fields[2:]:
            table.setdefault((name, proto), port)
    return table


def _parse_colon_db(text):
    """Parse passwd/group style text into ``({name: id}, set(ids))``."""
    names = {}
    ids = set()
    for line in text.splitlines():
        if not line or line.startswith('#'):
            continue
        fields = line.split(':')
        if len(fields) < 3:
            continue
        try:
            ident = int(fields[2])
        except ValueError:
            continue
        names.setdefault(fields[0], ident)
        ids.add(ident)
    return names, ids


def _read(path):
    try:
        with open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')
    except (IOError, OSError):
        return None


class Host(object):
    """Lookups on the machine (or the tree under ``root``) xinetd runs on."""

    def __init__(self, root='/', services_file=None):
        self.root = root or '/'
        self._services_file = services_file
        self._services = None
        self._passwd = None
        self._group = None
        self._protocols = None

    # -- paths -----------------------------------------------------------
    def path(self, path):
        """``path`` inside ``root``."""
        if self.root == '/':
            return path
        return os.path.join(self.root, path.lstrip('/'))

    @property
    def services_file(self):
        return self._services_file or self.path('/etc/services')

    # -- /etc/services -----------------------------------------------------
    def services(self):
        if self._services is None:
            text = _read(self.services_file)
            self._services = parse_services(text or '')
        return self._services

    def service_port(self, name, protocol):
        """Port of ``name``/``protocol`` in /etc/services, or ``None``."""
        return self.services().get((name, (protocol or '').lower()))

    # -- /etc/protocols ------------------------------------------------------
    def protocols(self):
        if self._protocols is None:
            names = set()
            for line in (_read(self.path('/etc/protocols')) or '').splitlines():
                fields = line.split('#', 1)[0].split()
                if len(fields) >= 2:
                    names.add(fields[0].lower())
                    names.update(f.lower() for f in fields[2:])
            self._protocols = names
        return self._protocols

    def protocol_exists(self, name):
        """True when ``name`` is in /etc/protocols (or the file is unreadable)."""
        names = self.protocols()
        return not names or name.lower() in names

    # -- names ------------------------------------------------------------------
    def resolve(self, hostname):
        """True when ``hostname`` resolves (xinetd resolves names when it parses)."""
        try:
            return bool(socket.getaddrinfo(hostname, None))
        except (socket.error, UnicodeError):
            return False

    # -- users and groups --------------------------------------------------
    def _db(self, which):
        if which == 'passwd':
            if self._passwd is None:
                self._passwd = _parse_colon_db(_read(self.path('/etc/passwd')) or '')
            return self._passwd
        if self._group is None:
            self._group = _parse_colon_db(_read(self.path('/etc/group')) or '')
        return self._group

    def user_exists(self, user):
        user = str(user)
        if self.root == '/':
            try:
                if user.isdigit():
                    return True  # xinetd accepts any numeric uid
                pwd.getpwnam(user)
                return True
            except KeyError:
                return False
        return user.isdigit() or user in self._db('passwd')[0]

    def group_exists(self, group):
        group = str(group)
        if self.root == '/':
            try:
                if group.isdigit():
                    return True  # xinetd accepts any numeric gid
                grp.getgrnam(group)
                return True
            except KeyError:
                return False
        return group.isdigit() or group in self._db('group')[0]

    # -- executables -------------------------------------------------------
    def executable_problem(self, server):
        """``None`` when ``server`` is an executable regular file, else why not."""
        if not server.startswith('/'):
            return 'is not an absolute path'
        path = self.path(server)
        if not os.path.exists(path):
            return 'does not exist'
        if not os.path.isfile(path):
            return 'is not a regular file'
        if not os.access(path, os.X_OK):
            return 'is not executable'
        return None


def _first(attributes, key):
    values = attributes.get(key)
    if values:
        return values[0]
    return None


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def service_protocol(attributes):
    """The protocol xinetd would use: ``protocol``, else inferred from socket_type."""
    protocol = _first(attributes, 'protocol')
    if protocol:
        return protocol.lower()
    return SOCKET_PROTOCOL.get((_first(attributes, 'socket_type') or '').lower())


def service_types(attributes):
    return set(v.upper() for v in attributes.get('type') or [])


def service_port(host, name, attributes):
    """The port the service will listen on, or ``None`` when unknown (RPC...)."""
    types = service_types(attributes)
    if 'RPC' in types:
        return None
    port = _first(attributes, 'port')
    if port is not None:
        try:
            return int(port)
        except ValueError:
            return None
    if 'UNLISTED' in types or host is None:
        return None
    return host.service_port(name, service_protocol(attributes))


def check_service(host, name, attributes, checks=ALL_CHECKS):
    """Return a list of problems (strings) for one service.

    ``attributes`` maps attribute keys to value lists as written in the
    service block (``{'server': ['/usr/sbin/in.telnetd'], ...}``).  Each
    message names the attribute and the value.
    """
    checks = set(checks or ())
    problems = []
    types = service_types(attributes)
    internal = 'INTERNAL' in types
    redirect = bool(attributes.get('redirect'))

    if 'server' in checks and not internal and not redirect:
        server = _first(attributes, 'server')
        if server:
            why = host.executable_problem(server)
            if why:
                problems.append('server = %s: %s on this host; xinetd would drop '
                                'service %s' % (server, why, name))

    if 'user' in checks:
        user = _first(attributes, 'user')
        if user and not host.user_exists(user):
            problems.append('user = %s: no such user on this host; xinetd would drop '
                            'service %s' % (user, name))

    if 'group' in checks:
        group = _first(attributes, 'group')
        if group and not host.group_exists(group):
            problems.append('group = %s: no such group on this host; xinetd would drop '
                            'service %s' % (group, name))

    if 'port' in checks and 'RPC' not in types:
        port = _first(attributes, 'port')
        protocol = service_protocol(attributes)
        if 'UNLISTED' in types:
            if port is None:
                problems.append('type = %s: an UNLISTED service needs port; xinetd would '
                                'drop service %s' % (' '.join(sorted(types)), name))
        else:
            listed = host.service_port(name, protocol)
            if listed is None:
                problems.append('service %s: not in %s for protocol %s; add it there or '
                                'use type UNLISTED with a port' % (name, host.services_file, protocol))
            elif port is not None and _as_int(port) != listed:
                problems.append('port = %s: %s lists %s/%s on port %s; xinetd would drop '
                                'service %s' % (port, host.services_file, name, protocol, listed, name))
    return problems
