# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Find, reload and start xinetd; check it is healthy; roll back changes.

Finding the daemon: the pid in ``/run/xinetd.pid`` or ``/var/run/xinetd.pid``
when that process is alive and is xinetd, else the first process in
``/proc`` whose name is ``xinetd`` (``_xinetd.process``: a run with
nothing to change finds the pid without importing this module).

Reloading: xinetd re-reads its configuration on SIGHUP (spec §3) and keeps
the sockets and children of services that did not change, so live sessions
survive.  Every platform's "reload" is that signal: the RHEL 6 init script
(``killproc -HUP``), the RHEL 7 unit (``kill -HUP $MAINPID``), Debian's init
script (``start-stop-daemon --signal 1``).  When systemd manages the running
daemon (its ``MainPID`` is the pid found) the reload goes through
``systemctl reload xinetd`` so systemd's view stays consistent; otherwise the
signal is sent directly to the pid found, which also works in a container
without any init system.  Never restart: a restart kills live sessions.

Health check after a reload: xinetd still runs (it exits on a fatal error in
``defaults``, or when no service is left and ``-stayalive`` is missing) and
every expected port is listening *on a socket held by the xinetd process*
(``/proc/net/{tcp,tcp6,udp,udp6}`` matched with ``/proc/PID/fd``), so a port
taken by another program does not count.  To know the reload has been
processed, SIGUSR1 is sent after SIGHUP, twice: xinetd appends a state dump
to ``/var/run/xinetd.dump`` for each SIGUSR1, and the second complete dump
comes after the reconfiguration even when Linux queued the first SIGUSR1
before SIGHUP (see ``Daemon.wait_processed``).  A build without the dump
falls back to a short settle delay.  xinetd logs only to syslog, so nothing else is read.

Transactions: ``apply`` snapshots every file a task may change, runs the
writes, reloads (or starts) xinetd and checks its health.  On failure every
file is put back, xinetd is reloaded again (or started again if the bad
configuration made it exit) and the result says ``rolled_back`` with the
reason.

Standard library only; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
import time

from ansible_collections.sysv.services.plugins.module_utils import _fileops
# the pid finder, the error and the runner live in _xinetd.process (what a
# run with nothing to change needs); they are this module's names too
from ansible_collections.sysv.services.plugins.module_utils._xinetd.process import (  # noqa: F401 pylint: disable=unused-import
    PIDFILES,
    SBIN_PATHS,
    DaemonError,
    Finder,
    _default_runner,
    find_executable,
)


DUMP_FILE = '/var/run/xinetd.dump'
INIT_SCRIPT = '/etc/init.d/xinetd'

TCP_LISTEN = '0A'
UDP_UNCONNECTED = '07'


def socket_inodes(pid, proc='/proc'):
    """Inodes of the sockets process ``pid`` holds (its ``fd`` links); empty when unreadable."""
    inodes = set()
    fd_dir = os.path.join(proc, str(pid), 'fd')
    try:
        names = os.listdir(fd_dir)
    except OSError:
        return inodes
    for name in names:
        try:
            target = os.readlink(os.path.join(fd_dir, name))
        except OSError:
            continue
        if target.startswith('socket:['):
            try:
                inodes.add(int(target[8:-1]))
            except ValueError:
                pass
    return inodes


def parse_proc_net(text, kind):
    """Parse one ``/proc/net/{tcp,udp}[6]`` file.

    Returns ``[(port, state, inode)]`` for every socket; ``kind`` is only
    used by callers to tell the tables apart.
    """
    sockets = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10 or ':' not in fields[1]:
            continue
        try:
            port = int(fields[1].rsplit(':', 1)[1], 16)
            inode = int(fields[9])
        except ValueError:
            continue
        sockets.append((port, fields[3].upper(), inode))
    return sockets


class Daemon(Finder):
    """xinetd on this machine: found, reloaded, started, checked (every path injectable for tests)."""

    def __init__(self, pidfiles=PIDFILES, proc='/proc', name='xinetd',
                 dump_file=DUMP_FILE, init_script=INIT_SCRIPT, binary=None,
                 runner=None, timeout=10.0, settle=1.0, interval=0.1,
                 use_service_manager=True, scan=True, warn=None):
        Finder.__init__(self, pidfiles=pidfiles, proc=proc, name=name, scan=scan)
        # warnings go to ``warn`` (a module's ``warn``); without one they are
        # kept in ``warnings``
        self.warnings = []
        self.warn = warn or self.warnings.append
        self.dump_file = dump_file
        self.init_script = init_script
        self.binary = binary
        self.runner = runner or _default_runner
        self.timeout = float(timeout)
        self.settle = float(settle)
        self.interval = float(interval)
        self.use_service_manager = use_service_manager

    # -- service managers ----------------------------------------------------
    def systemd_running(self):
        return os.path.isdir('/run/systemd/system') and find_executable('systemctl') is not None

    def systemd_show(self):
        """``{'MainPID': int or None, 'ControlGroup': str}`` of xinetd.service."""
        rc, out, dummy = self.runner([find_executable('systemctl'), 'show', '-p', 'MainPID',
                                      '-p', 'ControlGroup', 'xinetd.service'])
        shown = {'MainPID': None, 'ControlGroup': ''}
        if rc != 0:
            return shown
        for line in out.splitlines():
            if line.startswith('MainPID='):
                try:
                    shown['MainPID'] = int(line.split('=', 1)[1])
                except ValueError:
                    pass
            elif line.startswith('ControlGroup='):
                shown['ControlGroup'] = line.split('=', 1)[1].strip()
        return shown

    def systemd_main_pid(self):
        return self.systemd_show()['MainPID']

    def _cgroups(self, pid):
        try:
            with open(os.path.join(self.proc, str(pid), 'cgroup')) as handle:
                return set(line.rstrip('\n').split(':', 2)[-1] for line in handle if ':' in line)
        except (IOError, OSError):
            return set()

    def manager(self, pid=None):
        """How the daemon is managed: ``systemd`` or ``signal``.

        systemd manages ``pid`` when it is xinetd.service's MainPID, or when
        the process is in xinetd.service's control group: the unit systemd
        generates from Debian's init script has ``GuessMainPID=no``, so its
        MainPID stays 0 while systemd runs and reloads it.
        """
        if self.use_service_manager and self.systemd_running():
            if pid is None:
                return 'systemd'
            shown = self.systemd_show()
            if shown['MainPID'] == pid:
                return 'systemd'
            if shown['ControlGroup'] and shown['ControlGroup'] in self._cgroups(pid):
                return 'systemd'
        return 'signal'

    # -- reload and start ----------------------------------------------------
    DUMP_END = b'END OF DUMP'

    def _dump_state(self):
        """``(size, complete)`` of the dump file: xinetd appends each dump
        to it and ends a dump with ``END OF DUMP``; ``(None, False)`` when
        there is none."""
        try:
            with open(self.dump_file, 'rb') as handle:
                handle.seek(0, os.SEEK_END)
                size = handle.tell()
                handle.seek(max(0, size - 64))
                tail = handle.read()
        except (IOError, OSError):
            return None, False
        return size, tail.rstrip(b'\n').endswith(self.DUMP_END)

    def reload(self, pid):
        """Make ``pid`` re-read its configuration and wait until it has.

        Returns the method used (``systemd`` or ``signal``).
        """
        method = self.manager(pid)
        if method == 'systemd':
            rc, out, err = self.runner([find_executable('systemctl'), 'reload', 'xinetd.service'])
            if rc != 0:
                raise DaemonError('systemctl reload xinetd failed (rc %s): %s' % (rc, (err or out).strip()))
        else:
            try:
                os.kill(pid, signal.SIGHUP)
            except OSError as exc:
                raise DaemonError('cannot send SIGHUP to xinetd pid %s: %s' % (pid, exc))
        waited = time.time()
        if not self.wait_processed(pid) and self.is_alive(pid):
            self.warn('xinetd (pid %s) had not written two complete state dumps to %s %.1f s after the '
                      'reload (each asked for with SIGUSR1): nothing confirms that it has re-read its '
                      'configuration yet, so the checks after the reload may have seen the configuration '
                      'it had before' % (pid, self.dump_file, time.time() - waited))
        return method

    def wait_processed(self, pid):
        """Wait until xinetd has handled the signals sent so far.

        xinetd's signal handlers queue each signal in a pipe that its main
        loop reads in order, but when SIGHUP and SIGUSR1 are pending at the
        same time Linux runs the SIGUSR1 handler on top of SIGHUP's, so
        SIGUSR1 is queued first and its dump can come before the
        reconfiguration (seen with xinetd 2.3.15.3).  So two rounds: SIGUSR1,
        then wait for a complete new dump (xinetd appends each one to the
        dump file, ending it with ``END OF DUMP``); the second SIGUSR1, sent
        once the first dump is complete, is queued after SIGHUP.  Falls back
        to the settle delay when no signal can be sent.  True when both
        dumps came.
        """
        return self._one_dump(pid) and self._one_dump(pid)

    def _one_dump(self, pid):
        before, dummy = self._dump_state()
        started = time.time()
        try:
            os.kill(pid, signal.SIGUSR1)
        except OSError:
            time.sleep(self.settle)
            return False
        deadline = started + max(self.settle * 3, 3.0)
        while time.time() < deadline:
            size, complete = self._dump_state()
            if size is not None and size != before and complete:
                return True
            if not self.is_alive(pid):
                return False
            time.sleep(self.interval)
        return False

    def start(self):
        """Start xinetd; return ``(pid, method)``; raise ``DaemonError`` on failure."""
        if self.use_service_manager and self.systemd_running():
            method = 'systemd'
            argv = [find_executable('systemctl'), 'start', 'xinetd.service']
        elif self.use_service_manager and self.init_script and os.access(self.init_script, os.X_OK):
            method = 'sysv'
            argv = [self.init_script, 'start']
        else:
            method = 'exec'
            binary = self.binary or find_executable('xinetd')
            if binary is None:
                raise DaemonError('xinetd is not installed (no xinetd executable found)')
            argv = [binary, '-stayalive', '-pidfile', self.pidfiles[0]]
        rc, out, err = self.runner(argv)
        if rc != 0:
            raise DaemonError('%s failed (rc %s): %s' % (' '.join(argv), rc, (err or out).strip()))
        # xinetd daemonizes by forking: right after the start command returns,
        # the first xinetd process in /proc can be an intermediate one that
        # exits a moment later.  Trust the pidfile the daemon writes once it
        # has forked; a pid found only in /proc is trusted once it has stayed
        # the same for the settle time.
        started = time.time()
        deadline = started + self.timeout
        last = None
        while time.time() < deadline:
            for path in self.pidfiles:
                pid = self._read_pidfile(path)
                if pid and self.is_alive(pid):
                    return pid, method
            pid = self.find()
            if pid and pid == last and time.time() - started >= self.settle and self.is_alive(pid):
                return pid, method
            last = pid
            time.sleep(self.interval)
        raise DaemonError('xinetd did not start: %s returned %s but no xinetd process appeared'
                          % (' '.join(argv), rc))

    # -- health ----------------------------------------------------------------
    def socket_inodes(self, pid):
        return socket_inodes(pid, self.proc)

    def listening(self, pid):
        """``set((protocol, port))`` of sockets ``pid`` listens on."""
        inodes = self.socket_inodes(pid)
        found = set()
        for table, proto, state in (('tcp', 'tcp', TCP_LISTEN), ('tcp6', 'tcp', TCP_LISTEN),
                                    ('udp', 'udp', UDP_UNCONNECTED), ('udp6', 'udp', UDP_UNCONNECTED)):
            try:
                with open(os.path.join(self.proc, 'net', table)) as handle:
                    text = handle.read()
            except (IOError, OSError):
                continue
            for port, sock_state, inode in parse_proc_net(text, table):
                if sock_state == state and inode in inodes:
                    found.add((proto, port))
        return found

    def check_health(self, pid, expected=()):
        """Return ``None`` when healthy, else the reason.

        ``expected``: iterable of ``(service, protocol, port)`` that must be
        listening.  Polls until every port is up or the timeout expires.
        """
        expected = [(svc, proto, int(port)) for svc, proto, port in expected if port is not None]
        deadline = time.time() + self.timeout
        missing = expected
        while True:
            if not self.is_alive(pid):
                return ('xinetd (pid %s) is no longer running after the reload; the new '
                        'configuration made it exit (a bad value in defaults, or no service left)' % pid)
            listening = self.listening(pid)
            missing = [item for item in expected if (item[1], item[2]) not in listening]
            if not missing:
                return None
            if time.time() >= deadline:
                break
            time.sleep(self.interval)
        return 'xinetd (pid %s) is not listening on %s after the reload' % (
            pid, ', '.join('%s/%s for service %s' % (port, proto, svc) for svc, proto, port in missing))


def apply(daemon, paths, write, expected=(), reload=True, start=False):
    """Write files and make xinetd use them, or put everything back.

    ``paths``: every file ``write`` may create, change or remove.
    ``write``: callable doing the file changes; returns a truthy value
    when something changed.  ``expected``: ``(service, protocol, port)``
    that must listen afterwards, or a callable returning them (called after
    the write, so it can read the new files).  ``reload``: reload a running xinetd after
    a change.  ``start``: start xinetd when it is not running.

    Returns a dict: ``changed``, ``reloaded``, ``started``, ``pid``,
    ``method``, ``rolled_back``, ``failed``, ``msg``.
    """
    result = dict(changed=False, reloaded=False, started=False, pid=None,
                  method=None, rolled_back=False, failed=False, msg='')
    state = _fileops.snapshot(paths)
    if not _write_files(write, state, result):
        return result
    pid = daemon.find()
    result['pid'] = pid
    try:
        pid, acted = _activate(daemon, pid, result, reload, start)
        if not acted:
            return result
        reason = daemon.check_health(pid, expected() if callable(expected) else expected)
    except DaemonError as exc:
        reason = str(exc)
    if reason is None:
        return result
    result.update(failed=True, msg=reason)
    if result['changed']:
        _roll_back(daemon, state, result, reason, pid, expected)
    return result


def _write_files(write, state, result):
    """Run ``write``; on failure put the snapshot back. False when it failed."""
    try:
        result['changed'] = bool(write())
        return True
    except Exception as exc:
        try:
            _fileops.restore(state)
        except _fileops.FileOpsError as restore_exc:
            result.update(failed=True, msg='write failed: %s; restoring the previous files failed '
                          'too: %s' % (exc, restore_exc))
            return False
        result.update(failed=True, rolled_back=True, msg='write failed: %s' % exc)
        return False


def _activate(daemon, pid, result, reload, start):
    """Start or reload xinetd as asked: ``(pid, acted)``; nothing to check when not acted."""
    if pid is None:
        if not start:
            return pid, False
        pid, method = daemon.start()
        result.update(started=True, pid=pid, method=method)
        return pid, True
    if result['changed'] and reload:
        result['method'] = daemon.reload(pid)
        result['reloaded'] = True
        return pid, True
    return pid, False


def _roll_back(daemon, state, result, reason, pid, expected):
    """Previous files back, reload again (or start again if xinetd died), check again."""
    try:
        _fileops.restore(state)
    except _fileops.FileOpsError as exc:
        result['msg'] = '%s; restoring the previous files failed: %s' % (reason, exc)
        return
    result['rolled_back'] = True
    try:
        if daemon.is_alive(pid):
            daemon.reload(pid)
            result['msg'] = '%s; the previous files were restored and xinetd reloaded' % reason
        else:
            pid, dummy = daemon.start()
            result['pid'] = pid
            result['msg'] = ('%s; the previous files were restored and xinetd started again '
                             '(pid %s)' % (reason, pid))
        if callable(expected):
            # The previous configuration must be served again.
            again = daemon.check_health(pid, expected())
            if again is not None:
                result['msg'] += '; after the rollback: %s' % again
    except (DaemonError, OSError) as exc:
        result['msg'] = '%s; the previous files were restored but xinetd could not be ' \
                        'reloaded: %s' % (reason, exc)
