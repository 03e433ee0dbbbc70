# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""_xinetd.daemon against the real xinetd.

Every test that needs a running daemon starts Debian's xinetd (``make
xinetd-root``; see ``tests/unit/realxinetd.py``) with its own configuration,
log, pidfile and ``/run`` under the test's temporary directory, its services
bound to 127.0.0.1 on free high ports, and a process name of its own
(``xinetdNNNNNN``) so the /proc scan never finds an xinetd of the host, of a
container or of a concurrent run.  What is checked is what the daemon really
does: the sockets it holds, a connection that is accepted and echoed (the
services are ``/bin/cat``), its pid, and the lines of its log.  Without the
binary (or root, or mount namespaces) those tests skip and say why.

The systemd tests at the end keep a stand-in runner and /proc tree: there is
no systemd running as init in this container to ask for xinetd.service.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
import socket
import sys
import threading
import time

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as daemon_mod

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import realxinetd  # noqa: E402  pylint: disable=wrong-import-position
from realxinetd import free_port, service, tcp_echoes, tcp_refused, wait_for  # noqa: E402

if not sys.platform.startswith('linux') or not os.path.isdir('/proc/self/fd'):
    pytest.skip('needs Linux /proc', allow_module_level=True)

# the process name of this run's daemons (at most 15 characters)
NAME = 'xinetd%06d' % (os.getpid() % 1000000)
FATAL_DEFAULTS = 'defaults\n{\n\tinstances = lots\n}\n'   # xinetd exits on it, also on a reload


@pytest.fixture
def xinetd(tmp_path):
    """The real xinetd, not started yet; stopped and reaped after the test."""
    realxinetd.require()
    daemon = realxinetd.Xinetd(tmp_path, NAME)
    try:
        yield daemon
    finally:
        daemon.stop()


def make_daemon(xinetd, **kwargs):
    """The code under test, pointed at this test's daemon (start() runs its launcher)."""
    options = dict(pidfiles=(xinetd.pidfile,), dump_file=xinetd.dump, binary=xinetd.launcher,
                   use_service_manager=False, timeout=3.0, settle=0.3, name=xinetd.name)
    options.update(kwargs)
    return daemon_mod.Daemon(**options)


def talk(sock, line):
    """Send ``line`` on an open session to a cat service; True when it comes back."""
    sock.sendall(line)
    data = b''
    deadline = time.time() + 3
    while line not in data and time.time() < deadline:
        chunk = sock.recv(64)
        if not chunk:
            break
        data += chunk
    return line in data


def listening(daemon, pid, expected):
    """Wait until ``pid``'s listening sockets are exactly ``expected``; the last seen."""
    return wait_for(lambda: daemon.listening(pid) == expected and expected) or daemon.listening(pid)


def test_parse_proc_net():
    text = ('  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
            '   0: 0100007F:0017 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1\n'
            '   1: 0100007F:9C40 0100007F:0017 01 00000000:00000000 00:00000000 00000000     0        0 4343 1\n')
    assert daemon_mod.parse_proc_net(text, 'tcp') == [(23, '0A', 4242), (40000, '01', 4343)]


def test_find_by_pidfile_and_by_proc_scan(xinetd):
    port = free_port()
    xinetd.write_conf(service('svc', port))
    pid = xinetd.start()
    daemon = make_daemon(xinetd)
    assert daemon.find() == pid
    assert daemon.is_alive(pid)
    # stale pidfile pointing at a process that is not xinetd: scan /proc
    with open(xinetd.pidfile, 'w') as handle:
        handle.write('%d\n' % os.getpid())
    assert not daemon.is_alive(os.getpid())
    assert daemon.find() == pid
    # no pidfile at all
    os.unlink(xinetd.pidfile)
    assert daemon.find() == pid
    # without the scan only the pidfile counts
    assert make_daemon(xinetd, scan=False).find() is None


def test_not_running(tmp_path):
    daemon = daemon_mod.Daemon(pidfiles=(str(tmp_path / 'xinetd.pid'),), name='no-such-daemon-name')
    assert daemon.find() is None
    assert not daemon.is_alive(None)


def test_zombie_is_not_alive(xinetd):
    xinetd.write_conf(service('svc', free_port()))
    proc = xinetd.popen()      # -dontfork: a child of the test, reaped only by proc.wait()
    daemon = make_daemon(xinetd)
    assert daemon.is_alive(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    assert wait_for(lambda: daemon._state(proc.pid) == 'Z')  # dead, not reaped yet
    assert not daemon.is_alive(proc.pid)
    assert daemon.find() is None
    proc.wait()


def test_listening_only_counts_sockets_of_the_daemon(xinetd):
    tcp_port = free_port()
    udp_port = free_port(socket.SOCK_DGRAM)
    xinetd.write_conf(service('a', tcp_port) + service('b', udp_port, 'udp'))
    pid = xinetd.start()
    daemon = make_daemon(xinetd)
    assert daemon.check_health(pid, [('a', 'tcp', tcp_port), ('b', 'udp', udp_port)]) is None
    assert daemon.listening(pid) == set([('tcp', tcp_port), ('udp', udp_port)])
    assert tcp_echoes(tcp_port)
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


def test_reload_keeps_pid_and_serves_the_new_config(xinetd):
    first, second = free_port(), free_port()
    xinetd.write_conf(service('first', first))
    pid = xinetd.start()
    daemon = make_daemon(xinetd)
    session = socket.create_connection(('127.0.0.1', first), timeout=3)
    try:
        assert talk(session, b'before\n')
        assert tcp_refused(second)
        xinetd.write_conf(service('first', first) + service('second', second))
        assert daemon.reload(pid) == 'signal'
        assert daemon.warnings == []
        assert os.path.exists(xinetd.dump)          # the SIGUSR1 dump it waited for
        assert wait_for(lambda: xinetd.count(realxinetd.RECONFIGURED) == 1), xinetd.log_text()
        # polled, not read once: reload() can return a moment before xinetd has
        # re-read its configuration (test_reload_returns_after_the_reconfiguration)
        assert listening(daemon, pid, set([('tcp', first), ('tcp', second)])) == \
            set([('tcp', first), ('tcp', second)])
        assert tcp_echoes(second)
        # the same process, and the session opened before the reload still
        # works: a restart would have cut it
        assert daemon.find() == pid == xinetd.pid_from_file()
        assert xinetd.count(realxinetd.STARTED) == 1
        assert talk(session, b'after\n')
    finally:
        session.close()


# With SIGHUP and SIGUSR1 pending together (here the daemon is stopped while
# reload() sends them), Linux runs the SIGUSR1 handler on top of SIGHUP's, so
# xinetd queues USR1 first and its first dump predates the reconfiguration:
# reload() waits for a second complete dump, asked for after the first.
def test_reload_returns_after_the_reconfiguration(xinetd):
    """The dump reload() waits for must come from after xinetd re-read its configuration."""
    first, second = free_port(), free_port()
    xinetd.write_conf(service('first', first))
    pid = xinetd.start()
    daemon = make_daemon(xinetd)
    xinetd.write_conf(service('first', first) + service('second', second))
    mark = len(xinetd.log_text())
    os.kill(pid, signal.SIGSTOP)
    resume = threading.Timer(0.5, os.kill, (pid, signal.SIGCONT))
    resume.start()
    try:
        daemon.reload(pid)
    finally:
        resume.join()
        os.kill(pid, signal.SIGCONT)
    assert wait_for(lambda: realxinetd.RECONFIGURED in xinetd.log_text()[mark:]), xinetd.log_text()
    log = xinetd.log_text()[mark:]
    assert 'generated state dump' in log[log.index(realxinetd.RECONFIGURED):], log


def test_reload_that_is_not_confirmed_warns(xinetd):
    first, second = free_port(), free_port()
    xinetd.write_conf(service('first', first))
    pid = xinetd.start()
    daemon = make_daemon(xinetd)
    xinetd.write_conf(service('first', first) + service('second', second))
    # a stopped daemon gets the signals but handles none of them
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.time()
        assert daemon.reload(pid) == 'signal'
        waited = time.time() - started
        assert xinetd.count(realxinetd.RECONFIGURED) == 0
    finally:
        os.kill(pid, signal.SIGCONT)
    assert 3.0 <= waited < 6.0
    assert len(daemon.warnings) == 1, daemon.warnings
    message = daemon.warnings[0]
    assert 'xinetd (pid %d) had not written two complete state dumps to %s' % (pid, xinetd.dump) in message
    assert 'may have seen the configuration it had before' in message
    # the signals were queued, not lost: once running again it reloads
    assert wait_for(lambda: ('tcp', second) in daemon.listening(pid)), xinetd.log_text()
    assert tcp_echoes(second)
    assert wait_for(lambda: xinetd.count(realxinetd.RECONFIGURED) == 1), xinetd.log_text()


def test_reload_warnings_go_to_the_callback(xinetd):
    xinetd.write_conf(service('svc', free_port()))
    pid = xinetd.start()
    seen = []
    daemon = make_daemon(xinetd, warn=seen.append)
    os.kill(pid, signal.SIGSTOP)
    try:
        daemon.reload(pid)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert len(seen) == 1 and 'had not written two complete state dumps' in seen[0]
    assert daemon.warnings == []


def test_start_execs_the_daemon(xinetd):
    port = free_port()
    xinetd.write_conf(service('svc', port))
    daemon = make_daemon(xinetd)
    assert daemon.find() is None
    pid, method = daemon.start()
    assert method == 'exec'
    assert pid == xinetd.pid_from_file() and xinetd.is_ours(pid)
    assert daemon.check_health(pid, [('svc', 'tcp', port)]) is None
    assert tcp_echoes(port)
    assert wait_for(lambda: 'Started working: 1 available service' in xinetd.log_text()), xinetd.log_text()


def test_start_without_binary_fails(tmp_path, monkeypatch):
    daemon = daemon_mod.Daemon(pidfiles=(str(tmp_path / 'xinetd.pid'),), binary=None,
                               use_service_manager=False, name='no-such-daemon-name')
    monkeypatch.setenv('PATH', str(tmp_path / 'empty'))
    if daemon_mod.find_executable('xinetd') is not None:
        pytest.skip('an xinetd executable is installed in a system path')
    with pytest.raises(daemon_mod.DaemonError) as excinfo:
        daemon.start()
    assert 'not installed' in str(excinfo.value)


def _transaction(path, new_text):
    def write():
        with open(path) as handle:
            if handle.read() == new_text:
                return False
        with open(path, 'w') as handle:
            handle.write(new_text)
        return True
    return write


def read(path):
    with open(path) as handle:
        return handle.read()


def test_apply_success_reloads(xinetd):
    old, new = free_port(), free_port()
    xinetd.write_conf(service('svc', old))
    pid = xinetd.start()
    daemon = make_daemon(xinetd)
    write = _transaction(xinetd.conf, service('svc', new))
    result = daemon_mod.apply(daemon, [xinetd.conf], write, expected=[('svc', 'tcp', new)])
    assert result['failed'] is False, result['msg']
    assert result['changed'] and result['reloaded'] and not result['rolled_back']
    assert result['pid'] == pid and result['method'] == 'signal'
    assert listening(daemon, pid, set([('tcp', new)])) == set([('tcp', new)])
    assert tcp_echoes(new) and tcp_refused(old)
    assert daemon.find() == pid


def test_apply_no_change_does_not_reload(xinetd):
    port = free_port()
    xinetd.write_conf(service('svc', port))
    pid = xinetd.start()
    daemon = make_daemon(xinetd)
    write = _transaction(xinetd.conf, service('svc', port))
    result = daemon_mod.apply(daemon, [xinetd.conf], write, expected=[('svc', 'tcp', port)])
    assert not result['changed'] and not result['reloaded'] and not result['failed']
    assert result['pid'] == pid
    # no signal was sent: no dump, no reconfiguration in the log
    assert not os.path.exists(xinetd.dump)
    assert xinetd.count(realxinetd.RECONFIGURED) == 0 and 'state dump' not in xinetd.log_text()
    assert tcp_echoes(port)


def test_apply_rolls_back_when_port_is_taken(xinetd):
    old = free_port()
    xinetd.write_conf(service('svc', old))
    pid = xinetd.start()
    daemon = make_daemon(xinetd, timeout=1.0)
    blocker = socket.socket()
    blocker.bind(('127.0.0.1', 0))
    blocker.listen(1)
    busy = blocker.getsockname()[1]
    try:
        write = _transaction(xinetd.conf, service('svc', busy))
        result = daemon_mod.apply(daemon, [xinetd.conf], write, expected=[('svc', 'tcp', busy)])
    finally:
        blocker.close()
    assert result['failed'] and result['rolled_back'] and result['reloaded']
    assert '%d/tcp for service svc' % busy in result['msg']
    assert 'restored and xinetd reloaded' in result['msg']
    # xinetd really could not bind the port, and was reloaded twice, same process
    log = xinetd.log_text()
    assert 'bind failed (Address already in use' in log and 'Service svc failed to start' in log
    assert wait_for(lambda: xinetd.count(realxinetd.RECONFIGURED) == 2), xinetd.log_text()
    assert read(xinetd.conf) == service('svc', old)
    assert daemon.find() == pid
    # the previous configuration is served again
    assert listening(daemon, pid, set([('tcp', old)])) == set([('tcp', old)])
    assert tcp_echoes(old)


def test_apply_restarts_when_config_kills_the_daemon(xinetd):
    old = free_port()
    good = service('svc', old)
    xinetd.write_conf(good)
    pid = xinetd.start()
    daemon = make_daemon(xinetd)
    write = _transaction(xinetd.conf, FATAL_DEFAULTS + good)
    result = daemon_mod.apply(daemon, [xinetd.conf], write)
    assert result['failed'] and result['rolled_back']
    assert 'no longer running' in result['msg'] and 'started again' in result['msg']
    # the real daemon exited on the bad defaults ...
    assert 'A fatal error was encountered while parsing the default section' in xinetd.log_text()
    assert not daemon.is_alive(pid)
    # ... and a new one serves the restored configuration
    assert read(xinetd.conf) == good
    new_pid = daemon.find()
    assert new_pid and new_pid != pid and result['pid'] == new_pid
    # start() returns once the pidfile names a live xinetd, which it writes
    # before it logs that it has started working
    assert wait_for(lambda: xinetd.count(realxinetd.STARTED) == 2), xinetd.log_text()
    assert daemon.check_health(new_pid, [('svc', 'tcp', old)]) is None
    assert tcp_echoes(old)


def test_apply_not_running_leaves_it_stopped(tmp_path):
    conf = str(tmp_path / 'xinetd.conf')
    with open(conf, 'w') as handle:
        handle.write('')
    daemon = daemon_mod.Daemon(pidfiles=(str(tmp_path / 'xinetd.pid'),), name=NAME,
                               dump_file=str(tmp_path / 'xinetd.dump'), use_service_manager=False)
    result = daemon_mod.apply(daemon, [conf], _transaction(conf, service('svc', free_port())))
    assert result['changed'] and not result['reloaded'] and not result['started']
    assert result['pid'] is None and daemon.find() is None


def test_apply_starts_when_asked(xinetd):
    xinetd.write_conf('')
    daemon = make_daemon(xinetd)
    port = free_port()
    write = _transaction(xinetd.conf, service('s', port))
    result = daemon_mod.apply(daemon, [xinetd.conf], write, expected=[('s', 'tcp', port)], start=True)
    assert not result['failed'], result['msg']
    assert result['started'] and result['method'] == 'exec'
    assert result['pid'] == xinetd.pid_from_file() and xinetd.is_ours(result['pid'])
    assert ('tcp', port) in daemon.listening(result['pid'])
    assert tcp_echoes(port)


def test_apply_write_failure_restores(tmp_path):
    target = str(tmp_path / 'conf')
    with open(target, 'w') as handle:
        handle.write('original\n')
    other = str(tmp_path / 'other')

    def write():
        with open(other, 'w') as handle:
            handle.write('half of a transaction\n')
        raise IOError(28, 'No space left on device')
    daemon = daemon_mod.Daemon(pidfiles=(str(tmp_path / 'xinetd.pid'),), name='no-such-daemon-name')
    result = daemon_mod.apply(daemon, [target, other], write)
    assert result['failed'] and result['rolled_back'] and 'No space left' in result['msg']
    assert not os.path.exists(other)
    assert read(target) == 'original\n'


# -- who manages the daemon: systemd's MainPID, or its control group ------------------
# A stand-in runner and /proc tree: no systemd runs as init here to answer
# `systemctl show xinetd.service` (the Molecule scenario `systemd` has one).

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
