# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runlevels the chkconfig way: the names and levels it accepts, where
init scripts and rc links live (``Layout``), which files its listings
consider, and its forwarding to systemd (chkconfig 1.3.50+).

The rest of chkconfig's logic is split by subject: ``lsb`` (init script
headers and LSB priorities), ``rclinks`` (rc link naming and the on/off/del
algorithm), ``listing`` (``chkconfig --list`` lines).

Pure standard library, Python 2.7 and 3.6+.  The functions that touch the
file system take a ``root`` prefix so tests (and chroots) can point them at
a directory tree; nothing here runs a command.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

LEVELS = (0, 1, 2, 3, 4, 5, 6)
DEFAULT_LEVELS = (2, 3, 4, 5)

# chkconfig's skip list for init.d and xinetd.d listings (not xinetd's own
# includedir rule: 'foo.conf' is listed by chkconfig, never loaded by xinetd).
_SKIP_SUFFIXES = ('.rpmsave', '.rpmnew', '.rpmorig', '.swp')


class RunlevelError(Exception):
    """An error with a message fit for the user (names option and value)."""


class HeaderError(RunlevelError):
    """The init script has no header chkconfig can use."""


# ---------------------------------------------------------------------------
# Names and levels
# ---------------------------------------------------------------------------

def check_name(name):
    """Fail unless ``name`` is a plain file name (no path, not '.'/'..')."""
    if not name or '/' in name or '\0' in name or name in ('.', '..') \
            or name.strip() != name or any(c in name for c in '\n\r\t '):
        raise RunlevelError("name: %r is not a plain service name" % (name,))
    return name


def check_runlevels(runlevels, option='runlevels'):
    """Return a sorted tuple of ints 0-6; raise naming the bad value."""
    result = set()
    for value in runlevels:
        try:
            level = int(value)
        except (TypeError, ValueError):
            raise RunlevelError("%s: %r is not a runlevel (0-6)" % (option, value))
        if isinstance(value, float) and value != level:
            raise RunlevelError("%s: %r is not a runlevel (0-6)" % (option, value))
        if level < 0 or level > 6:
            raise RunlevelError("%s: runlevel %s is out of range (0-6)" % (option, value))
        result.add(level)
    return tuple(sorted(result))


def skipped_by_chkconfig(entry):
    """True for names chkconfig's listings skip (., .rpmsave, ~, ...)."""
    if not entry or entry.startswith('.'):
        return True
    dot = entry.rfind('.')
    if dot != -1 and entry[dot:] in _SKIP_SUFFIXES:
        return True
    return entry[-1] in '~,'


# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------

class Layout(object):
    """Where init scripts and rc links live under ``root``.

    RHEL: /etc/rc.d/init.d exists -> links in /etc/rc.d/rcN.d.
    Debian: /etc/init.d and /etc/rcN.d.
    """

    def __init__(self, root='/', kind=None, xinetd_dir='/etc/xinetd.d'):
        self.root = root or '/'
        if kind is None:
            kind = 'rhel' if os.path.isdir(self.path('/etc/rc.d/init.d')) else 'debian'
        self.kind = kind
        self.xinetd_dir = self.path(xinetd_dir)

    def path(self, absolute):
        if self.root in ('', '/'):
            return absolute
        return os.path.join(self.root, absolute.lstrip('/'))

    @property
    def init_dir(self):
        return self.path('/etc/rc.d/init.d' if self.kind == 'rhel' else '/etc/init.d')

    @property
    def chkconfig_d(self):
        return self.path('/etc/chkconfig.d')

    def rc_dir(self, level):
        if self.kind == 'rhel':
            return self.path('/etc/rc.d/rc%d.d' % level)
        return self.path('/etc/rc%d.d' % level)

    def script(self, name):
        return os.path.join(self.init_dir, name)


def list_init_scripts(layout):
    """Regular files in init.d that chkconfig's listing would consider."""
    try:
        entries = sorted(os.listdir(layout.init_dir))
    except OSError:
        return []
    result = []
    for entry in entries:
        if skipped_by_chkconfig(entry):
            continue
        if os.path.isfile(os.path.join(layout.init_dir, entry)):
            result.append(entry)
    return result


def read_text(path):
    """The text of ``path`` (UTF-8, else Latin-1, as init scripts come)."""
    with open(path, 'rb') as handle:
        data = handle.read()
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return data.decode('latin-1')


def find_service(layout, name):
    """'sysv' if init.d/NAME is a regular file, 'xinetd' if
    xinetd.d/NAME is, else None (chkconfig looks in init.d first)."""
    if os.path.isfile(layout.script(name)):
        return 'sysv'
    if os.path.isfile(os.path.join(layout.xinetd_dir, name)):
        return 'xinetd'
    return None


def list_xinetd_services(layout):
    """Files of the xinetd directory chkconfig's listing shows."""
    try:
        entries = sorted(os.listdir(layout.xinetd_dir))
    except OSError:
        return []
    return [e for e in entries if not skipped_by_chkconfig(e)
            and os.path.isfile(os.path.join(layout.xinetd_dir, e))]


def read_xinetd_file(layout, name):
    return read_text(os.path.join(layout.xinetd_dir, name))


# ---------------------------------------------------------------------------
# systemd forwarding (chkconfig 1.3.50+)
# ---------------------------------------------------------------------------

SYSTEMD_UNIT_DIRS = ('/lib/systemd/system', '/etc/systemd/system', '/usr/lib/systemd/system')


def systemd_is_init(root='/'):
    """True when ROOT/sbin/init resolves to a file named systemd."""
    layout = Layout(root, kind='debian')
    init = layout.path('/sbin/init')
    if not os.path.lexists(init):
        return False
    resolved = init
    for _i in range(40):
        if not os.path.islink(resolved):
            break
        target = os.readlink(resolved)
        if target.startswith('/'):
            resolved = layout.path(target)
        else:
            resolved = os.path.normpath(os.path.join(os.path.dirname(resolved), target))
    return os.path.basename(resolved) == 'systemd'


def systemd_unit(root, name):
    """The unit chkconfig would forward NAME to, or None: NAME.service in a
    unit directory, or NAME@.service together with NAME.socket."""
    layout = Layout(root, kind='debian')
    for directory in SYSTEMD_UNIT_DIRS:
        if os.path.exists(layout.path(directory + '/%s.service' % name)):
            return '%s.service' % name
    for directory in SYSTEMD_UNIT_DIRS:
        if os.path.exists(layout.path(directory + '/%s@.service' % name)) and \
                os.path.exists(layout.path(directory + '/%s.socket' % name)):
            return '%s.socket' % name
    return None
