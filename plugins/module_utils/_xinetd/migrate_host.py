# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What xinetd_to_systemd reads and runs on the host: systemctl, the entry in
xinetd's effective configuration, its ``disable`` line, the host's addresses,
TCP wrappers rules, name resolution.

``tools`` is any object with ``run(argv) -> (rc, out, err)``, ``which(name)``
and ``warn(msg)`` (``migrate.Tools`` wraps an AnsibleModule).  Standard
library only; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import socket

from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable
from ansible_collections.sysv.services.plugins.module_utils._xinetd import host as _xinetd_host
from ansible_collections.sysv.services.plugins.module_utils._xinetd import socket_probe
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import SOCKET_PROTOCOL

RUNTIME_DIR = '/run/systemd/system'


class Failure(Exception):
    """The task fails with this message; ``extra`` goes into the result."""

    def __init__(self, msg, **extra):
        Exception.__init__(self, msg)
        self.extra = extra


class Systemd(object):
    def __init__(self, tools, run_dir='/run/systemd/system'):
        self.tools = tools
        self.binary = tools.which('systemctl')
        self.run_dir = run_dir

    def running(self):
        return self.binary is not None and os.path.isdir(self.run_dir)

    def run(self, *args):
        rc, out, err = self.tools.run([self.binary] + list(args))
        return rc, out.strip(), err.strip()

    def must(self, *args):
        rc, out, err = self.run(*args)
        if rc != 0:
            raise Failure('systemctl %s failed (rc %s): %s' % (' '.join(args), rc, err or out))
        return out

    def state(self, unit):
        """(is-enabled, is-active) of ``unit``, as systemctl prints them."""
        dummy, enabled, dummy2 = self.run('is-enabled', unit)
        dummy, active, dummy2 = self.run('is-active', unit)
        return enabled.split('\n')[0], active.split('\n')[0]

    def show(self, unit, prop):
        """``PROP=value`` of ``unit`` (``systemctl show -p``)."""
        dummy, out, dummy2 = self.run('show', '-p', prop, unit)
        return out.split('\n')[0]


# -- the entry -----------------------------------------------------------------------

def find_entry(eff, name):
    """The active entry for ``name`` (name or id), or a disabled one, or None."""
    active = [rec for key, rec in eff.services.items()
              if name in (key, rec.get('id'), rec.get('name'))]
    if len(active) > 1:
        raise Failure('name: %s matches several active xinetd entries (%s); give the id of one'
                      % (name, ', '.join(sorted(r['id'] for r in active))))
    if active:
        return active[0], True
    disabled = [rec for rec in eff.inactive if rec.get('state') == 'disabled'
                and name in (rec.get('id'), rec.get('name'))]
    if len(disabled) == 1:
        return disabled[0], False
    return None, False


def disable_entry(text, lineno):
    """``text`` with ``disable = yes`` in the block that starts at line ``lineno``
    only; the other lines are kept byte for byte."""
    lines = text.split('\n')
    for block in _disable.xinetd_blocks(text):
        if block['kind'] != 'service':
            continue
        start = lineno - 1
        if not (start < block['open'] and all(
                not lines[i].strip(' \t') or lines[i].lstrip(' \t').startswith('#')
                for i in range(start + 1, block['open']))):
            continue
        part = '\n'.join(lines[start:block['close'] + 1]) + '\n'
        new_part = _disable.set_xinetd_enabled(part, False)
        return '\n'.join(lines[:start] + new_part[:-1].split('\n') + lines[block['close'] + 1:])
    raise Failure('cannot find the entry starting at line %s to disable it' % lineno)


def entry_port(entry, services_file='/etc/services'):
    """The port of an entry xinetd does not run: its port attribute, else /etc/services."""
    attrs = entry.get('attributes') or {}
    if attrs.get('port'):
        try:
            return int(attrs['port'][0])
        except ValueError:
            return None
    socket_type = (attrs.get('socket_type') or ['stream'])[0].lower()
    protocol = (attrs.get('protocol') or [SOCKET_PROTOCOL.get(socket_type, 'tcp')])[0]
    try:
        with open(services_file) as handle:
            db = _xinetd_host.parse_services(handle.read())
    except (IOError, OSError):
        return None
    return db.get((entry.get('name'), protocol.lower()))


# -- the host ------------------------------------------------------------------------

def tcp_wrappers_rules(paths=('/etc/hosts.allow', '/etc/hosts.deny')):
    """True when a TCP wrappers file has a rule."""
    for path in paths:
        try:
            with open(path) as handle:
                for line in handle:
                    if line.strip() and not line.lstrip().startswith('#'):
                        return True
        except (IOError, OSError):
            continue
    return False


def resolver(hostname):
    try:
        infos = socket.getaddrinfo(hostname, None, 0, socket.SOCK_STREAM)
    except socket.error:
        return []
    out = []
    for info in infos:
        address = info[4][0]
        if address not in out:
            out.append(address)
    return out


def read_text(path):
    try:
        with open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'surrogateescape' if str is not bytes else 'replace')
    except (IOError, OSError):
        return None


def local_addresses(tools):
    """The host's addresses usable as probe sources: loopback first."""
    found = []
    ip = tools.which('ip')
    if ip:
        rc, out, dummy = tools.run([ip, '-o', 'addr', 'show'])
        if rc == 0:
            found = socket_probe.parse_ip_addr(out)
    if not found:
        tools.warn('could not list the host\'s addresses (no "ip" command): the proof uses 127.0.0.1 only')
        found = ['127.0.0.1']
    return socket_probe.loopback_first(found)
