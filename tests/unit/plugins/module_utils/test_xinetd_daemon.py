# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""_xinetd_daemon against real processes.

A small stand-in daemon (an executable script named ``fakexNNNNNN``, so
the kernel names the process that; a unique name keeps the /proc scan away
from any real xinetd on the machine and from concurrent test runs) forks like xinetd, writes its pidfile,
binds the ports listed in its config on loopback, re-reads the config on
SIGHUP (keeping unchanged sockets, like xinetd), writes a dump file on
SIGUSR1 and exits when its config says ``exit`` (as xinetd does on a fatal
error in ``defaults``).  The real xinetd is exercised by the Molecule
scenario ``xinetd_modules``.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as daemon_mod

if not sys.platform.startswith('linux') or not os.path.isdir('/proc/self/fd'):
    pytest.skip('needs Linux /proc', allow_module_level=True)

# unique per test process: concurrent runs never see each other's daemons
NAME = 'fakex%06d' % (os.getpid() % 1000000)

FAKE = r'''#!%(python)s
import os, signal, socket, sys, time
conf = os.environ['FAKE_XINETD_CONF']
dump = os.environ['FAKE_XINETD_DUMP']
pidfile = sys.argv[sys.argv.index('-pidfile') + 1]
if '-dontfork' not in sys.argv:
    if os.fork():
        os._exit(0)
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
sockets = {}
def load():
    want = set()
    with open(conf) as f:
        for line in f:
            fields = line.split()
            if fields == ['exit']:
                os._exit(0)
            if len(fields) == 2:
                want.add((fields[0], int(fields[1])))
    for key in list(sockets):
        if key not in want:
            sockets.pop(key).close()
    for key in want:
        if key in sockets:
            continue
        kind = socket.SOCK_STREAM if key[0] == 'tcp' else socket.SOCK_DGRAM
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(('127.0.0.1', key[1]))
            if kind == socket.SOCK_STREAM:
                s.listen(5)
        except (OSError, socket.error):
            s.close()
            continue
        sockets[key] = s
def on_hup(signum, frame):
    load()
def on_usr1(signum, frame):
    with open(dump, 'w') as f:
        f.write('%%r\n' %% sorted(sockets))
signal.signal(signal.SIGHUP, on_hup)
signal.signal(signal.SIGUSR1, on_usr1)
load()
with open(pidfile, 'w') as f:
    f.write('%%d\n' %% os.getpid())
while True:
    time.sleep(1)
'''


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Env(object):
    def __init__(self, tmp_path, monkeypatch):
        self.dir = tmp_path
        self.binary = str(tmp_path / NAME)
        with open(self.binary, 'w') as handle:
            handle.write(FAKE % {'python': sys.executable})
        os.chmod(self.binary, 0o755)
        self.conf = str(tmp_path / 'conf')
        self.dump = str(tmp_path / 'xinetd.dump')
        self.pidfile = str(tmp_path / 'xinetd.pid')
        monkeypatch.setenv('FAKE_XINETD_CONF', self.conf)
        monkeypatch.setenv('FAKE_XINETD_DUMP', self.dump)
        self.pids = []

    def write_conf(self, text):
        with open(self.conf, 'w') as handle:
            handle.write(text)

    def daemon(self, **kwargs):
        options = dict(pidfiles=(self.pidfile,), dump_file=self.dump, binary=self.binary,
                       use_service_manager=False, timeout=3.0, settle=0.3, name=NAME)
        options.update(kwargs)
        return daemon_mod.Daemon(**options)

    def start(self):
        subprocess.check_call([self.binary, '-stayalive', '-pidfile', self.pidfile])
        pid = self.wait_pid()
        return pid

    def wait_pid(self):
        deadline = time.time() + 5
        while time.time() < deadline:
            try:
                with open(self.pidfile) as handle:
                    pid = int(handle.read())
                self.pids.append(pid)
                return pid
            except (IOError, ValueError):
                time.sleep(0.05)
        raise AssertionError('stand-in daemon did not start')

    def cleanup(self):
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        # kill() returns before the process is gone: wait until it is dead
        # (or a zombie) so that the next test's /proc scan cannot see it.
        checker = daemon_mod.Daemon(name=NAME)
        deadline = time.time() + 10
        while any(checker.is_alive(pid) for pid in self.pids) and time.time() < deadline:
            time.sleep(0.05)


@pytest.fixture
def env(tmp_path, monkeypatch):
    environment = Env(tmp_path, monkeypatch)
    yield environment
    environment.cleanup()


def test_parse_proc_net():
    text = ('  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
            '   0: 0100007F:0017 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1\n'
            '   1: 0100007F:9C40 0100007F:0017 01 00000000:00000000 00:00000000 00000000     0        0 4343 1\n')
    assert daemon_mod.parse_proc_net(text, 'tcp') == [(23, '0A', 4242), (40000, '01', 4343)]


def test_find_by_pidfile_and_by_proc_scan(env):
    port = free_port()
    env.write_conf('tcp %d\n' % port)
    pid = env.start()
    daemon = env.daemon()
    assert daemon.find() == pid
    assert daemon.is_alive(pid)
    # stale pidfile pointing at a process that is not xinetd: scan /proc
    with open(env.pidfile, 'w') as handle:
        handle.write('%d\n' % os.getpid())
    assert not daemon.is_alive(os.getpid())
    assert daemon.find() == pid
    # no pidfile at all
    os.unlink(env.pidfile)
    assert daemon.find() == pid


def test_not_running(env):
    daemon = env.daemon(name='no-such-daemon-name')
    assert daemon.find() is None
    assert not daemon.is_alive(None)


def test_zombie_is_not_alive(env):
    proc = subprocess.Popen([env.binary, '-dontfork', '-pidfile', env.pidfile])
    env.write_conf('')
    pid = env.wait_pid()
    assert pid == proc.pid
    daemon = env.daemon()
    assert daemon.is_alive(pid)
    os.kill(pid, signal.SIGKILL)
    deadline = time.time() + 5
    while daemon._state(pid) != 'Z' and time.time() < deadline:
        time.sleep(0.05)
    assert daemon._state(pid) == 'Z'  # not reaped yet
    assert not daemon.is_alive(pid)
    proc.wait()


def test_listening_only_counts_sockets_of_the_daemon(env):
    tcp_port = free_port()
    udp_port = free_port(socket.SOCK_DGRAM)
    env.write_conf('tcp %d\nudp %d\n' % (tcp_port, udp_port))
    pid = env.start()
    daemon = env.daemon()
    assert daemon.check_health(pid, [('a', 'tcp', tcp_port), ('b', 'udp', udp_port)]) is None
    listening = daemon.listening(pid)
    assert ('tcp', tcp_port) in listening and ('udp', udp_port) in listening
    # a port someone else listens on does not count for the daemon
    other = socket.socket()
    other.bind(('127.0.0.1', 0))
    other.listen(1)
    try:
        other_port = other.getsockname()[1]
        assert ('tcp', other_port) not in daemon.listening(pid)
        reason = daemon.check_health(pid, [('busy', 'tcp', other_port)])
        assert reason is not None and '%d/tcp for service busy' % other_port in reason
    finally:
        other.close()


def test_reload_keeps_pid_and_applies_new_config(env):
    first, second = free_port(), free_port()
    env.write_conf('tcp %d\n' % first)
    pid = env.start()
    daemon = env.daemon()
    env.write_conf('tcp %d\ntcp %d\n' % (first, second))
    assert daemon.reload(pid) == 'signal'
    # the dump barrier was honoured: the new port is up right after reload
    assert ('tcp', second) in daemon.listening(pid)
    assert os.path.exists(env.dump)
    assert daemon.find() == pid
    assert daemon.warnings == []


def test_reload_that_is_not_confirmed_warns(env):
    first, second = free_port(), free_port()
    env.write_conf('tcp %d\n' % first)
    pid = env.start()
    daemon = env.daemon()
    env.write_conf('tcp %d\ntcp %d\n' % (first, second))
    # a stopped daemon gets the signals but handles none of them
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.time()
        assert daemon.reload(pid) == 'signal'
        waited = time.time() - started
    finally:
        os.kill(pid, signal.SIGCONT)
    assert 3.0 <= waited < 6.0
    assert len(daemon.warnings) == 1, daemon.warnings
    message = daemon.warnings[0]
    assert 'xinetd (pid %d) had not written a fresh %s' % (pid, env.dump) in message
    assert 'may have seen the configuration it had before' in message
    # the signals were queued, not lost: once running again it reloads
    deadline = time.time() + 5
    while ('tcp', second) not in daemon.listening(pid) and time.time() < deadline:
        time.sleep(0.05)
    assert ('tcp', second) in daemon.listening(pid)


def test_reload_warnings_go_to_the_callback(env):
    port = free_port()
    env.write_conf('tcp %d\n' % port)
    pid = env.start()
    seen = []
    daemon = env.daemon(warn=seen.append)
    os.kill(pid, signal.SIGSTOP)
    try:
        daemon.reload(pid)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert len(seen) == 1 and 'had not written a fresh' in seen[0]
    assert daemon.warnings == []


def test_start_execs_the_daemon(env):
    port = free_port()
    env.write_conf('tcp %d\n' % port)
    daemon = env.daemon()
    assert daemon.find() is None
    pid, method = daemon.start()
    env.pids.append(pid)
    assert method == 'exec'
    assert daemon.check_health(pid, [('svc', 'tcp', port)]) is None


def test_start_without_binary_fails(env):
    daemon = env.daemon(binary=None)
    monkey_path = os.environ.get('PATH')
    os.environ['PATH'] = str(env.dir / 'empty')
    try:
        if daemon_mod.find_executable('xinetd') is not None:
            pytest.skip('an xinetd executable is installed in a system path')
        with pytest.raises(daemon_mod.DaemonError) as excinfo:
            daemon.start()
        assert 'not installed' in str(excinfo.value)
    finally:
        os.environ['PATH'] = monkey_path


def _transaction(env, new_text):
    target = str(env.dir / 'conf')

    def write():
        with open(target) as handle:
            if handle.read() == new_text:
                return False
        with open(target, 'w') as handle:
            handle.write(new_text)
        return True
    return target, write


def test_apply_success_reloads(env):
    old, new = free_port(), free_port()
    env.write_conf('tcp %d\n' % old)
    pid = env.start()
    daemon = env.daemon()
    target, write = _transaction(env, 'tcp %d\n' % new)
    result = daemon_mod.apply(daemon, [target], write, expected=[('svc', 'tcp', new)])
    assert result['failed'] is False, result['msg']
    assert result['changed'] and result['reloaded'] and not result['rolled_back']
    assert result['pid'] == pid and result['method'] == 'signal'
    assert daemon.listening(pid) == set([('tcp', new)])


def test_apply_no_change_does_not_reload(env):
    port = free_port()
    env.write_conf('tcp %d\n' % port)
    pid = env.start()
    daemon = env.daemon()
    target, write = _transaction(env, 'tcp %d\n' % port)
    before = os.path.exists(env.dump)
    result = daemon_mod.apply(daemon, [target], write, expected=[('svc', 'tcp', port)])
    assert not result['changed'] and not result['reloaded'] and not result['failed']
    assert os.path.exists(env.dump) == before  # no signal was sent
    assert result['pid'] == pid


def test_apply_rolls_back_when_port_is_taken(env):
    old = free_port()
    env.write_conf('tcp %d\n' % old)
    pid = env.start()
    daemon = env.daemon(timeout=1.0)
    blocker = socket.socket()
    blocker.bind(('127.0.0.1', 0))
    blocker.listen(1)
    busy = blocker.getsockname()[1]
    try:
        target, write = _transaction(env, 'tcp %d\n' % busy)
        result = daemon_mod.apply(daemon, [target], write, expected=[('svc', 'tcp', busy)])
    finally:
        blocker.close()
    assert result['failed'] and result['rolled_back'] and result['reloaded']
    assert '%d/tcp for service svc' % busy in result['msg']
    assert 'restored and xinetd reloaded' in result['msg']
    with open(target) as handle:
        assert handle.read() == 'tcp %d\n' % old
    assert daemon.find() == pid
    assert ('tcp', old) in daemon.listening(pid)


def test_apply_restarts_when_config_kills_the_daemon(env):
    old = free_port()
    env.write_conf('tcp %d\n' % old)
    pid = env.start()
    daemon = env.daemon()
    target, write = _transaction(env, 'exit\n')
    result = daemon_mod.apply(daemon, [target], write)
    assert result['failed'] and result['rolled_back']
    assert 'no longer running' in result['msg'] and 'started again' in result['msg']
    new_pid = daemon.find()
    env.pids.append(new_pid)
    assert new_pid and new_pid != pid and result['pid'] == new_pid
    assert ('tcp', old) in daemon.listening(new_pid)


def test_apply_not_running_leaves_it_stopped(env):
    env.write_conf('')
    daemon = env.daemon()
    target, write = _transaction(env, 'tcp %d\n' % free_port())
    result = daemon_mod.apply(daemon, [target], write)
    assert result['changed'] and not result['reloaded'] and not result['started']
    assert result['pid'] is None and daemon.find() is None


def test_apply_starts_when_asked(env):
    env.write_conf('')
    daemon = env.daemon()
    port = free_port()
    target, write = _transaction(env, 'tcp %d\n' % port)
    result = daemon_mod.apply(daemon, [target], write, expected=[('s', 'tcp', port)], start=True)
    env.pids.append(result['pid'])
    assert not result['failed'], result['msg']
    assert result['started'] and result['method'] == 'exec'
    assert ('tcp', port) in daemon.listening(result['pid'])


def test_apply_write_failure_restores(env):
    env.write_conf('original\n')
    target = env.conf
    other = str(env.dir / 'other')

    def write():
        with open(other, 'w') as handle:
            handle.write('half of a transaction\n')
        raise IOError(28, 'No space left on device')
    result = daemon_mod.apply(env.daemon(), [target, other], write)
    assert result['failed'] and result['rolled_back'] and 'No space left' in result['msg']
    assert not os.path.exists(other)


# -- who manages the daemon: systemd's MainPID, or its control group ------------------

def _fake_systemd(tmp_path, monkeypatch, shown, cgroup_lines):
    proc = tmp_path / 'proc'
    (proc / '4242').mkdir(parents=True)
    (proc / '4242' / 'cgroup').write_text(u''.join(line + u'\n' for line in cgroup_lines))
    calls = []

    def runner(argv):
        calls.append(argv)
        return 0, shown, ''
    daemon = daemon_mod.Daemon(proc=str(proc), runner=runner)
    monkeypatch.setattr(daemon, 'systemd_running', lambda: True)
    monkeypatch.setattr(daemon_mod, 'find_executable', lambda name, paths=None: '/bin/' + name)
    return daemon, calls


def test_manager_systemd_by_main_pid(tmp_path, monkeypatch):
    daemon, calls = _fake_systemd(tmp_path, monkeypatch, 'MainPID=4242\nControlGroup=/system.slice/xinetd.service\n',
                                  ['0::/user.slice'])
    assert daemon.manager(4242) == 'systemd'
    assert calls[0][1:] == ['show', '-p', 'MainPID', '-p', 'ControlGroup', 'xinetd.service']


def test_manager_systemd_by_control_group_when_main_pid_is_zero(tmp_path, monkeypatch):
    # Debian: the unit generated from /etc/init.d/xinetd has GuessMainPID=no
    group = '/libpod_parent/libpod-abc/system.slice/xinetd.service'
    daemon, dummy = _fake_systemd(tmp_path, monkeypatch, 'MainPID=0\nControlGroup=%s\n' % group,
                                  ['9:name=systemd:%s' % group, '0::/libpod_parent/libpod-abc'])
    assert daemon.manager(4242) == 'systemd'


def test_manager_signal_for_a_daemon_outside_the_unit(tmp_path, monkeypatch):
    daemon, dummy = _fake_systemd(tmp_path, monkeypatch,
                                  'MainPID=0\nControlGroup=/system.slice/xinetd.service\n',
                                  ['0::/system.slice/ssh.service'])
    assert daemon.manager(4242) == 'signal'


def test_manager_signal_when_the_unit_has_no_control_group(tmp_path, monkeypatch):
    daemon, dummy = _fake_systemd(tmp_path, monkeypatch, 'MainPID=0\nControlGroup=\n', ['0::/'])
    assert daemon.manager(4242) == 'signal'
