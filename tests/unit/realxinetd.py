# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real xinetd daemon for unit tests, on loopback, isolated from the host.

Shared by the tests that prove reload, health check, rollback and restart
(``plugins/module_utils/test_xinetd_daemon.py``) and the chkconfig module's
reload of xinetd (``plugins/modules/test_chkconfig.py``).  Standard library
and pytest only; runs on Python 2.7 and 3.6+.

The binary is found like ``test_xinetd_effective_real.py`` finds it:
``XINETD_BIN``, else ``xinetd`` on PATH, else ``/usr/sbin/xinetd``, else
Debian's package unpacked by ``make xinetd-root`` under
``build/xinetd-root`` (its libwrap0 goes on ``LD_LIBRARY_PATH``).  Without
one, without root, or without mount namespaces the tests skip and say why.

Each daemon gets:

* its own configuration file (``-f``), log file (``-filelog``) and pidfile
  (``-pidfile``) under the test's temporary directory;
* its own process name: the binary is started through a symlink whose name
  becomes the kernel's process name (``/proc/PID/comm``), so a /proc scan
  for that name finds this daemon only, never an xinetd of the host, of a
  container or of a concurrent test run;
* its own ``/run``: xinetd writes its SIGUSR1 state dump to the compiled-in
  ``/var/run/xinetd.dump``, which the reload code waits for.  The daemon
  runs in a private mount namespace (``unshare --mount``) with a directory
  of the test bind-mounted on ``/run`` (where ``/var/run`` points), so the
  dump lands in that directory and never on the host's ``/run``.

Every service the tests write binds 127.0.0.1 on a free high port and all
traffic goes to 127.0.0.1.

``launcher`` is an executable script that does the above and then execs
xinetd with the arguments it was given, so ``Daemon.start()`` (which runs
``BINARY -stayalive -pidfile PIDFILE``) starts this same isolated daemon the
way an init script would.

Cleanup kills every process whose argv[0] is this daemon's symlink (the
daemon, whoever started it, and any forked child that has not exec'd yet)
and the children it forked, then reaps them: while a daemon runs the test
process is made a child subreaper (``PR_SET_CHILD_SUBREAPER``), so a
daemonized xinetd becomes its child instead of pid 1's (pid 1 in this
container does not reap orphans) and no zombie is left behind.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import io
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

try:
    from shlex import quote
except ImportError:  # Python 2.7
    from pipes import quote

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNPACKED = os.path.join(REPO, 'build', 'xinetd-root')
HINT = ('run `make xinetd-root` (unpacks Debian\'s xinetd and libwrap0 into build/xinetd-root), '
        'install xinetd, or set XINETD_BIN to an xinetd 2.3.15 binary')
PR_SET_CHILD_SUBREAPER = 36
STARTED = 'Started working'
RECONFIGURED = 'Reconfigured'


def _which(name):
    for directory in os.environ.get('PATH', '').split(os.pathsep):
        path = os.path.join(directory, name)
        if directory and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def find_binary():
    """``(path, library_path)`` of an xinetd binary, ``(None, None)`` when there is none."""
    path = os.environ.get('XINETD_BIN') or _which('xinetd')
    if not path and os.path.exists('/usr/sbin/xinetd'):
        path = '/usr/sbin/xinetd'
    if path:
        return path, None
    unpacked = os.path.join(UNPACKED, 'usr', 'sbin', 'xinetd')
    if os.path.exists(unpacked):
        libs = [os.path.join(UNPACKED, d) for d in (
            'usr/lib/x86_64-linux-gnu', 'lib/x86_64-linux-gnu', 'usr/lib', 'lib')]
        return unpacked, ':'.join(libs)
    return None, None


def binary_env(library_path):
    env = dict(os.environ)
    if library_path:
        old = env.get('LD_LIBRARY_PATH')
        env['LD_LIBRARY_PATH'] = ':'.join([library_path] + ([old] if old else []))
    return env


def _run(argv, env=None):
    with open(os.devnull, 'rb') as devnull:
        proc = subprocess.Popen(argv, stdin=devnull, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
        out, err = proc.communicate()
    return proc.returncode, (out + err).decode('utf-8', 'replace').strip()


_REASON = []


def skip_reason():
    """Why the real daemon cannot run here, or ``None`` (computed once)."""
    if not _REASON:
        _REASON.append(_skip_reason())
    return _REASON[0]


def _skip_reason():
    if not sys.platform.startswith('linux') or not os.path.isdir('/proc/self/fd'):
        return 'needs Linux /proc to see which sockets xinetd holds'
    binary, libs = find_binary()
    if not binary:
        return 'no xinetd binary on this machine: ' + HINT
    if os.geteuid() != 0:
        return ('needs root: the services run as user root and the daemon gets its own /run '
                'in a private mount namespace')
    try:
        rc, out = _run([binary, '-version'], binary_env(libs))
    except OSError as exc:
        return 'xinetd at %s cannot run: %s; %s' % (binary, exc, HINT)
    if rc != 0:
        return 'xinetd at %s cannot run (rc %s): %s; %s' % (binary, rc, out, HINT)
    unshare = _which('unshare') or '/usr/bin/unshare'
    try:
        rc, out = _run([unshare, '--mount', '--propagation', 'private', 'sh', '-c',
                        'mount -t tmpfs none /mnt && exec true'])
    except OSError as exc:
        rc, out = 127, str(exc)
    if rc != 0:
        return ('cannot give xinetd its own /run (for its compiled-in /var/run/xinetd.dump): '
                '`unshare --mount` + `mount` failed (rc %s): %s' % (rc, out))
    return None


def require():
    """``pytest.skip`` with the reason when the real daemon cannot run here."""
    reason = skip_reason()
    if reason:
        pytest.skip('real xinetd: ' + reason)


def free_port(kind=socket.SOCK_STREAM):
    """A port nobody uses on 127.0.0.1 right now (the kernel picks it)."""
    sock = socket.socket(socket.AF_INET, kind)
    try:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]
    finally:
        sock.close()


def wait_for(predicate, timeout=5.0, interval=0.05):
    """Poll ``predicate`` until it is true or ``timeout`` passes; its last value."""
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value or time.time() >= deadline:
            return value
        time.sleep(interval)


def service(name, port, protocol='tcp', lines=()):
    """An UNLISTED ``/bin/cat`` service on 127.0.0.1:port (``wait = yes`` for udp)."""
    body = ['type = UNLISTED',
            'socket_type = %s' % ('stream' if protocol == 'tcp' else 'dgram'),
            'protocol = %s' % protocol,
            'wait = %s' % ('no' if protocol == 'tcp' else 'yes'),
            'user = root', 'server = /bin/cat', 'port = %d' % port, 'bind = 127.0.0.1']
    return 'service %s\n{\n%s}\n' % (name, ''.join('\t%s\n' % line for line in body + list(lines)))


def tcp_echoes(port, timeout=2.0):
    """True when a connection to 127.0.0.1:port is accepted and echoes a line back."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(('127.0.0.1', port))
        sock.sendall(b'ping\n')
        data = b''
        deadline = time.time() + timeout
        while b'ping' not in data and time.time() < deadline:
            chunk = sock.recv(64)
            if not chunk:
                break
            data += chunk
        return b'ping' in data
    except (socket.error, socket.timeout):
        return False
    finally:
        sock.close()


def tcp_refused(port, timeout=2.0):
    """True when nothing listens on 127.0.0.1:port (the connection is refused)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(('127.0.0.1', port))
        return False
    except socket.error as exc:
        return exc.errno == errno.ECONNREFUSED
    finally:
        sock.close()


def udp_echoes(port, timeout=2.0):
    """True when a datagram to 127.0.0.1:port comes back (an xinetd echo service)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(timeout)
    try:
        sock.sendto(b'ping', ('127.0.0.1', port))
        data, dummy = sock.recvfrom(64)
        return data == b'ping'
    except (socket.error, socket.timeout):
        return False
    finally:
        sock.close()


def _set_subreaper(on):
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1 if on else 0, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _read(path):
    try:
        with io.open(path, encoding='utf-8', errors='replace') as handle:
            return handle.read()
    except (IOError, OSError):
        return ''


def _state(pid):
    text = _read('/proc/%d/stat' % pid)
    return text.rsplit(')', 1)[-1].split()[0] if ')' in text else None


def _ppid(pid):
    text = _read('/proc/%d/stat' % pid)
    try:
        return int(text.rsplit(')', 1)[-1].split()[1])
    except (IndexError, ValueError):
        return None


def _argv0(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as handle:
            return handle.read().split(b'\0')[0].decode('utf-8', 'replace')
    except (IOError, OSError):
        return None


def _pids():
    return [int(entry) for entry in os.listdir('/proc') if entry.isdigit()]


class Xinetd(object):
    """One real xinetd: configuration, log, pidfile, /run and process name of its own.

    ``base``: a directory of the test.  ``name``: the process name (at most
    15 characters; ``xinetd`` only where the code under test looks for that
    name, and then only by pidfile).  ``conf``, ``pidfile``, ``run_dir``,
    ``log``: paths, by default under ``base``.
    """

    def __init__(self, base, name, conf=None, pidfile=None, run_dir=None, log=None):
        reason = skip_reason()
        if reason:
            raise RuntimeError(reason)
        base = str(base)
        self.base = base
        self.name = name
        self.conf = conf or os.path.join(base, 'xinetd.conf')
        self.pidfile = pidfile or os.path.join(base, 'xinetd.pid')
        self.run_dir = run_dir or os.path.join(base, 'run')
        self.log = log or os.path.join(base, 'xinetd.log')
        self.dump = os.path.join(self.run_dir, 'xinetd.dump')
        for directory in (self.run_dir, os.path.join(base, 'xinetd-bin')):
            if not os.path.isdir(directory):
                os.makedirs(directory)
        binary, libs = find_binary()
        self.link = os.path.join(base, 'xinetd-bin', name)
        os.symlink(binary, self.link)
        self.launcher = os.path.join(base, 'xinetd-bin', 'start-' + name)
        target = os.path.realpath('/var/run')
        script = ['#!/bin/sh',
                  '# the real xinetd with its own /run (for /var/run/xinetd.dump), '
                  'configuration and log',
                  'exec unshare --mount --propagation private /bin/sh -c '
                  '\'mount --bind "$0" %s && exec "$@"\' %s %s -f %s -filelog %s "$@"'
                  % (quote(target), quote(self.run_dir), quote(self.link), quote(self.conf),
                     quote(self.log))]
        if libs:
            script.insert(2, 'LD_LIBRARY_PATH=%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}; '
                             'export LD_LIBRARY_PATH' % quote(libs))
        with open(self.launcher, 'w') as handle:
            handle.write('\n'.join(script) + '\n')
        os.chmod(self.launcher, 0o755)
        self.subreaper = _set_subreaper(True)
        self.popens = []

    # -- files ------------------------------------------------------------------
    def write_conf(self, text):
        with open(self.conf, 'w') as handle:
            handle.write(text)

    def log_text(self):
        return _read(self.log)

    def count(self, message):
        """How often ``message`` is in the daemon's log (e.g. ``Reconfigured``)."""
        return self.log_text().count(message)

    def pid_from_file(self):
        try:
            with open(self.pidfile) as handle:
                return int(handle.read().split()[0])
        except (IOError, OSError, ValueError, IndexError):
            return None

    def is_ours(self, pid):
        """``pid`` runs (not a zombie) and is this daemon."""
        return _state(pid) not in (None, 'Z', 'X', 'x') and _argv0(pid) == self.link

    def interpreter(self, python):
        """An executable that runs ``python`` (with its arguments) seeing this daemon's ``/run``.

        For code that finds xinetd's SIGUSR1 dump only at the compiled-in
        ``/var/run/xinetd.dump`` (a module run the way a target runs it): in
        a private mount namespace of its own, with ``run_dir`` bind-mounted on
        ``/run`` as for the daemon, so it reads this daemon's dump and the
        host's ``/run`` is neither read nor written.
        """
        python = str(python)
        path = os.path.join(self.base, 'xinetd-bin', 'python-%d' % (abs(hash(python)) % 10 ** 8))
        script = ['#!/bin/sh',
                  '# %s with the /run of the test xinetd %s' % (python, self.name),
                  'exec unshare --mount --propagation private /bin/sh -c '
                  '\'mount --bind "$0" %s && exec "$@"\' %s %s "$@"'
                  % (quote(os.path.realpath('/var/run')), quote(self.run_dir), quote(python))]
        with open(path, 'w') as handle:
            handle.write('\n'.join(script) + '\n')
        os.chmod(path, 0o755)
        return path

    # -- start ------------------------------------------------------------------
    def start(self, *args):
        """Start it daemonized as an init script would (``-stayalive`` unless told); its pid.

        Waits until the pidfile names a live process of this daemon and the
        log says it has started working (its sockets are bound then).
        """
        args = args or ('-stayalive',)
        before = self.count(STARTED)
        with open(os.devnull, 'rb') as devnull:
            rc = subprocess.call([self.launcher] + list(args) + ['-pidfile', self.pidfile],
                                 stdin=devnull)
        assert rc == 0, 'starting xinetd failed (rc %s):\n%s' % (rc, self.log_text())
        return self.wait_started(before)

    def popen(self, *args):
        """Start it in the foreground (``-dontfork``) as a child of the test; the ``Popen``."""
        before = self.count(STARTED)
        with open(os.devnull, 'rb') as devnull:
            proc = subprocess.Popen([self.launcher, '-dontfork'] + list(args) +
                                    ['-pidfile', self.pidfile], stdin=devnull)
        self.popens.append(proc)
        pid = self.wait_started(before)
        assert pid == proc.pid, (pid, proc.pid)
        return proc

    def wait_started(self, started_before=0, timeout=10.0):
        def ready():
            pid = self.pid_from_file()
            if pid and self.is_ours(pid) and self.count(STARTED) > started_before:
                return pid
            return None
        pid = wait_for(ready, timeout)
        assert pid, 'xinetd did not start within %s s:\n%s' % (timeout, self.log_text())
        return pid

    # -- stop -------------------------------------------------------------------
    def processes(self):
        """Pids of this daemon (argv[0] is its symlink) and of the children they forked."""
        ours = set(pid for pid in _pids() if _argv0(pid) == self.link)
        children = set(pid for pid in _pids() if _ppid(pid) in ours)
        return ours | children

    def stop(self, timeout=10.0):
        """SIGTERM, then SIGKILL, everything of this daemon; reap it; no process left.

        Only processes checked to be this daemon's (argv[0] is its symlink),
        their children, or unreaped children of the test get a signal: a pid
        seen earlier may belong to another program by now.
        """
        me = os.getpid()
        pids = self.processes()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
            if wait_for(lambda: self._gone(pids), timeout / 2):
                break
            # still ours: this daemon's, or our own children (an unreaped
            # child's pid cannot have been reused)
            pids = self.processes() | set(pid for pid in pids if _ppid(pid) == me)
        for proc in self.popens:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        # dead daemons (and orphans of it) re-parented to the test: reap them
        self._gone(pids | self._zombie_children())
        if self.subreaper:
            _set_subreaper(False)
            self.subreaper = False
        left = [pid for pid in pids if _state(pid) not in (None, 'Z', 'X', 'x')]
        assert not left, 'xinetd processes survived SIGKILL: %s' % left

    def _zombie_children(self):
        """Dead daemons of this name that are children of the test (a daemon that
        exited, e.g. on a fatal configuration, stays a zombie until reaped)."""
        me = os.getpid()
        return set(pid for pid in _pids() if _ppid(pid) == me and _state(pid) == 'Z'
                   and _read('/proc/%d/comm' % pid).strip() == self.name[:15])

    def _gone(self, pids):
        """Reap the ones that are our children; True when none of ``pids`` is left running."""
        running = False
        for pid in pids:
            try:
                os.waitpid(pid, os.WNOHANG)
            except OSError:
                pass  # not our child (or already reaped)
            if _state(pid) not in (None, 'Z', 'X', 'x'):
                running = True
        return not running


def free_port_both():
    """A port free on 127.0.0.1 for both TCP and UDP (for a service with both versions)."""
    for _attempt in range(50):
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            tcp.bind(('127.0.0.1', 0))
            port = tcp.getsockname()[1]
            try:
                udp.bind(('127.0.0.1', port))
            except socket.error:
                continue
            return port
        finally:
            tcp.close()
            udp.close()
    raise AssertionError('no port free for both TCP and UDP on 127.0.0.1')
