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

The checks are hooks that ``_xinetd.effective.load`` calls while it loads
the configuration (``_xinetd.converge.HostHooks`` exposes the ones a task
switched on); a missing hook skips its check.

``root`` makes the checks look inside a directory tree (``root + path``)
for the server, ``etc/passwd``, ``etc/group`` and ``etc/services``.  With
``root='/'`` users and groups come from the system databases (``pwd``,
``grp``), so NSS sources such as LDAP count too.

Standard library only; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import grp
import os
import pwd

from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import (
    SOCKET_PROTOCOL,
    classify_address,
)


def parse_services(text):
    """Parse ``/etc/services`` text into ``{(name, proto): port}``.

    Aliases are entries of their own, as ``getservbyname`` treats them.  The
    first entry for a (name, protocol) pair wins, like the C library.
    """
    table = {}
    for line in (text or '').splitlines():
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


def parse_protocols(text):
    """Parse ``/etc/protocols`` text into the set of lower-case names and aliases."""
    names = set()
    for line in (text or '').splitlines():
        fields = line.split('#', 1)[0].split()
        if len(fields) >= 2:
            names.add(fields[0].lower())
            names.update(f.lower() for f in fields[2:])
    return names


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
            self._protocols = parse_protocols(_read(self.path('/etc/protocols')))
        return self._protocols

    def protocol_exists(self, name):
        """True when ``name`` is in /etc/protocols (or the file is unreadable)."""
        names = self.protocols()
        return not names or name.lower() in names

    # -- names ------------------------------------------------------------------
    def resolve(self, hostname):
        """True when ``hostname`` resolves (xinetd resolves names when it parses)."""
        import socket  # only when there is a name to resolve: most module runs never import it
        try:
            return bool(socket.getaddrinfo(hostname, None))
        except (socket.error, UnicodeError):
            return False

    def bind_problem(self, address):
        """``None`` when xinetd can bind to ``address`` on this host, else why not.

        xinetd binds each service's socket to its ``bind`` address when it
        activates the service; an address the host does not have fails with
        EADDRNOTAVAIL and the service is not served.  A test socket bound to
        the same address (port 0) gets the same answer from the kernel.  Host
        names are judged by their first address; one that does not resolve
        is the ``resolve`` check's business.  Under another ``root`` the
        addresses of the target are unknown: no problem is reported.
        """
        if self.root != '/':
            return None
        kind = classify_address(address)[0]
        if kind not in ('ipv4', 'ipv6', 'hostname'):
            return None
        import socket  # only when there is a bind address: a module run that has none skips the 2 ms import
        try:
            family, dummy, dummy, dummy, sockaddr = socket.getaddrinfo(
                address, 0, 0, socket.SOCK_STREAM)[0]
        except (socket.error, UnicodeError):
            return None
        probe = socket.socket(family, socket.SOCK_STREAM)
        try:
            probe.bind((sockaddr[0], 0) + tuple(sockaddr[2:]))
        except socket.error as exc:
            if exc.errno == errno.EADDRNOTAVAIL:
                return 'is not an address of this host'
            return None
        finally:
            probe.close()
        return None

    # -- users and groups --------------------------------------------------
    def _db(self, which):
        if which == 'passwd':
            if self._passwd is None:
                self._passwd = _parse_colon_db(_read(self.path('/etc/passwd')) or '')
            return self._passwd
        if self._group is None:
            self._group = _parse_colon_db(_read(self.path('/etc/group')) or '')
        return self._group

    def _account_exists(self, name, lookup, database):
        """A numeric id (xinetd accepts any), or a name the host's passwd or
        group database knows: the system's own (``lookup``) on ``/``, else
        ``database`` under the root."""
        name = str(name)
        if name.isdigit():
            return True
        if self.root == '/':
            try:
                lookup(name)
                return True
            except KeyError:
                return False
        return name in self._db(database)[0]

    def user_exists(self, user):
        return self._account_exists(user, pwd.getpwnam, 'passwd')

    def group_exists(self, group):
        return self._account_exists(group, grp.getgrnam, 'group')

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


def service_protocol(attributes):
    """The protocol xinetd would use: ``protocol``, else inferred from socket_type."""
    protocol = _first(attributes, 'protocol')
    if protocol:
        return protocol.lower()
    return SOCKET_PROTOCOL.get((_first(attributes, 'socket_type') or '').lower())


def service_port(host, name, attributes):
    """The port the service will listen on, or ``None`` when unknown (RPC...)."""
    types = set(v.upper() for v in attributes.get('type') or [])
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
