# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Find the running xinetd; run a command the way the daemon code does.

The part of ``_xinetd.daemon`` that a run with nothing to change needs:
the pid of the running xinetd (the pid in ``/run/xinetd.pid`` or
``/var/run/xinetd.pid`` when that process is alive and is xinetd, else the
first process in ``/proc`` whose name is ``xinetd``), the error the daemon
code raises, and its command runner.  Reloading, starting, the health
check and the rollback live in ``_xinetd.daemon``, which a module imports
only when it has something to write, start, reload or stop.

Standard library only; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import tempfile


PIDFILES = ('/run/xinetd.pid', '/var/run/xinetd.pid')
SBIN_PATHS = ('/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin')


class DaemonError(Exception):
    pass


def _default_runner(argv):
    """Run ``argv``; return ``(rc, stdout, stderr)`` as text.

    Output goes through temporary files, not pipes: a daemon started by
    ``argv`` may keep the inherited descriptors open for its whole life.
    """
    env = dict(os.environ)
    env['LC_ALL'] = 'C'
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    try:
        try:
            # Not AnsibleModule.run_command: it reads the output through pipes
            # until EOF, and the daemon this starts keeps inherited pipes open.
            with open(os.devnull, 'rb') as devnull:
                rc = subprocess.call(argv, stdout=out, stderr=err,  # pylint: disable=ansible-bad-function
                                     stdin=devnull, env=env, close_fds=True)
        except OSError as exc:
            return 127, '', str(exc)
        out.seek(0)
        err.seek(0)
        return rc, out.read().decode('utf-8', 'replace'), err.read().decode('utf-8', 'replace')
    finally:
        out.close()
        err.close()


def find_executable(name, paths=SBIN_PATHS):
    for directory in list(paths) + os.environ.get('PATH', '').split(os.pathsep):
        if not directory:
            continue
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


class Finder(object):
    """The running xinetd on this machine, found by pidfile or name (paths injectable for tests)."""

    def __init__(self, pidfiles=PIDFILES, proc='/proc', name='xinetd', scan=True):
        self.pidfiles = tuple(pidfiles)
        self.proc = proc
        self.name = name
        self.scan = scan

    # -- processes -----------------------------------------------------------
    def _comm(self, pid):
        try:
            with open(os.path.join(self.proc, str(pid), 'comm')) as handle:
                return handle.read().strip()
        except (IOError, OSError):
            return None

    def _state(self, pid):
        try:
            with open(os.path.join(self.proc, str(pid), 'stat')) as handle:
                text = handle.read()
        except (IOError, OSError):
            return None
        # "pid (comm) S ...": comm may contain spaces and parentheses.
        return text.rsplit(')', 1)[-1].split()[0] if ')' in text else None

    def is_alive(self, pid):
        """True when ``pid`` runs, is not a zombie, and is named like xinetd."""
        if not pid:
            return False
        state = self._state(pid)
        if state is None or state in ('Z', 'X', 'x'):
            return False
        return self._comm(pid) == self.name

    def _read_pidfile(self, path):
        try:
            with open(path) as handle:
                return int(handle.read().split()[0])
        except (IOError, OSError, ValueError, IndexError):
            return None

    def find(self):
        """The pid of the running xinetd, or ``None``.

        The pidfiles first; then, unless ``scan`` is off (an explicit
        pidfile was given), the processes named ``name`` in ``/proc``.
        """
        for path in self.pidfiles:
            pid = self._read_pidfile(path)
            if pid and self.is_alive(pid):
                return pid
        if not self.scan:
            return None
        try:
            entries = os.listdir(self.proc)
        except OSError:
            return None
        candidates = []
        for entry in entries:
            if entry.isdigit() and self.is_alive(int(entry)):
                candidates.append(int(entry))
        if not candidates:
            return None
        # The master is the oldest: children of a forking xinetd share its name
        # only until they exec, and their parent is the master.
        for pid in sorted(candidates):
            if self._ppid(pid) not in candidates:
                return pid
        return min(candidates)

    def _ppid(self, pid):
        try:
            with open(os.path.join(self.proc, str(pid), 'stat')) as handle:
                return int(handle.read().rsplit(')', 1)[-1].split()[1])
        except (IOError, OSError, ValueError, IndexError):
            return None
