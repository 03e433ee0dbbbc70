# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packages of xinetd_config: asked of the target's own package database.

``query`` finds which of the names are installed with one ``dpkg-query -W``
(Debian family: installed means the status is ``install ok installed``) or
one ``rpm -q`` (EL family), so a task needs no gathered facts.  ``install``
and ``remove`` run the target's package manager (``apt-get``, else ``dnf``,
else ``yum``) for the missing or present names only.

``run(argv, env)`` returns ``(rc, stdout, stderr)`` (``AnsibleModule.run_command``
in the module, a fake in tests).  Runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible_collections.sysv.services.plugins.module_utils._xinetd.process import SBIN_PATHS, find_executable

C_ENV = {'LC_ALL': 'C', 'LANG': 'C', 'LANGUAGE': 'C'}
APT_ENV = {'DEBIAN_FRONTEND': 'noninteractive', 'APT_LISTCHANGES_FRONTEND': 'none'}
# keep existing configuration files on install: never replace a file this
# collection (or the admin) manages with the package's copy
APT_OPTIONS = ['-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold']


class PackageError(Exception):
    pass


def which(name):
    """``name`` on PATH first, then in the usual sbin and bin directories."""
    return find_executable(name, os.environ.get('PATH', '').split(os.pathsep) + list(SBIN_PATHS))


def backend():
    """``('dpkg', dpkg-query, apt-get)`` or ``('rpm', rpm, dnf|yum)``; raises PackageError."""
    dpkg_query = which('dpkg-query')
    if dpkg_query:
        return 'dpkg', dpkg_query, which('apt-get')
    rpm = which('rpm')
    if rpm:
        return 'rpm', rpm, which('dnf') or which('yum')
    raise PackageError('packages: neither dpkg-query nor rpm is on this host; '
                       'xinetd_config manages packages on Debian and EL families only')


def dpkg_installed(abbrev):
    """Whether dpkg's ``${db:Status-Abbrev}`` says installed and sound.

    Its second letter is the state (``i`` installed), its first the wanted
    action, which may be ``h`` (hold: a local build pinned in place, as the
    EL6 tools image holds its xinetd 2.3.14), its third an error flag.
    """
    return len(abbrev) >= 2 and abbrev[1] == 'i' and abbrev[2:3].strip() == ''


def query(names, run, found=None):
    """``{name: installed}`` for ``names``."""
    kind, tool, dummy = found or backend()
    names = list(names)
    if not names:
        return {}
    installed = dict((name, False) for name in names)
    if kind == 'dpkg':
        rc, out, err = run([tool, '-W', '-f', '${Package}\\t${db:Status-Abbrev}\\n', '--'] + names, C_ENV)
        # rc 1 when some name is unknown; its lines are still printed for the others
        if rc not in (0, 1):
            raise PackageError('dpkg-query failed (rc %s): %s' % (rc, (err or out).strip()))
        for line in out.splitlines():
            fields = line.split('\t')
            if len(fields) == 2 and fields[0].split(':')[0] in installed and dpkg_installed(fields[1]):
                installed[fields[0].split(':')[0]] = True
        return installed
    rc, out, err = run([tool, '-q', '--qf', '%{NAME}\\n', '--'] + names, C_ENV)
    # rc = number of names not installed; "package X is not installed" for them
    for line in out.splitlines():
        name = line.strip()
        if name in installed:
            installed[name] = True
    if rc != 0 and all(installed.values()):
        raise PackageError('rpm -q failed (rc %s): %s' % (rc, (err or out).strip()))
    return installed


def _manager_argv(kind, manager, action, names):
    if manager is None:
        raise PackageError('packages: no package manager to %s %s with (%s found, but no %s)'
                           % (action, ', '.join(names), 'dpkg' if kind == 'dpkg' else 'rpm',
                              'apt-get' if kind == 'dpkg' else 'dnf or yum'))
    if kind == 'dpkg':
        return [manager, '-y', '-q'] + APT_OPTIONS + [action, '--'] + list(names)
    return [manager, '-y', '-q', action] + list(names)


def install(names, run, found=None):
    """Install ``names`` (all missing); raises PackageError with the manager's words."""
    return _change('install', names, run, found)


def remove(names, run, found=None):
    """Remove ``names`` (all installed), configuration files kept (not purged)."""
    return _change('remove', names, run, found)


def _change(action, names, run, found):
    found = found or backend()
    kind, dummy, manager = found
    argv = _manager_argv(kind, manager, action, names)
    env = dict(C_ENV)
    if kind == 'dpkg':
        env.update(APT_ENV)
    rc, out, err = run(argv, env)
    if rc != 0:
        raise PackageError('packages: %s failed (rc %s): %s'
                           % (' '.join(argv), rc, (err or out).strip()[-2000:]))
    after = query(names, run, found)
    wrong = [name for name in names if after.get(name) != (action == 'install')]
    if wrong:
        raise PackageError('packages: %s returned 0 but %s %s still %s'
                           % (' '.join(argv), ', '.join(wrong), 'is' if len(wrong) == 1 else 'are',
                              'missing' if action == 'install' else 'installed'))
    return argv


FAMILIES = ('dpkg', 'rpm')


def by_family(value, family, option):
    """``value``, or its entry for ``family`` when it is a mapping ``{dpkg: ..., rpm: ...}``.

    A mapping without an entry for ``family`` gives ``None`` (nothing on that family).
    """
    if not isinstance(value, dict):
        return value
    unknown = sorted(str(key) for key in value if key not in FAMILIES)
    if unknown:
        raise PackageError('%s: %s is not a package family (use %s)'
                           % (option, ', '.join(unknown), ' or '.join(FAMILIES)))
    return value.get(family)


def names_for(values, family, option):
    """The package names of ``values`` (names or family mappings) on ``family``."""
    out = []
    for value in values or ():
        name = by_family(value, family, option)
        if name is None:
            continue
        if not isinstance(name, (str, type(u''))) or not name or name.startswith('-') or any(c.isspace() for c in name):
            raise PackageError('%s: %r is not a package name' % (option, name))
        if name not in out:
            out.append(name)
    return out
