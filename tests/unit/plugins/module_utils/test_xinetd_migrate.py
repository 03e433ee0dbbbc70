# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd_to_systemd's steps without systemd: the one-entry disable edit, the
TCP probe (real sockets on loopback), and the cutover with its rollback.

Only what cannot run here is stood in for: systemctl (a recorder that
answers like systemd) and the xinetd process (reload and the ports it
listens on).  Files are written and put back for real, the probes after the
cutover are real connections.  The whole migration, and a real rollback,
run in the systemd Molecule scenario.  No Ansible."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import socket
import threading

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd import migrate
from ansible_collections.sysv.services.plugins.module_utils._xinetd import migrate_host
from ansible_collections.sysv.services.plugins.module_utils._xinetd import socket_probe
from ansible_collections.sysv.services.plugins.module_utils._xinetd import systemd_units as units

FIXTURE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       'fixtures', 'xinetd', 'debian', 'xinetd.d', 'echo')


# -- the disable edit -----------------------------------------------------------------

def test_disable_entry_edits_only_that_block():
    with open(FIXTURE) as handle:
        text = handle.read().replace('disable\t\t= yes', 'disable\t\t= no')
    lines = text.split('\n')
    second = [i for i, line in enumerate(lines) if line.startswith('service echo')][1] + 1
    new = migrate_host.disable_entry(text, second)
    changed = [(a, b) for a, b in zip(text.split('\n'), new.split('\n')) if a != b]
    assert len(changed) == 1
    assert changed[0][1].split() == ['disable', '=', 'yes']
    assert len(new.split('\n')) == len(lines)
    assert 'disable\t\t= no' in new  # the first entry stays on


def test_disable_entry_unknown_line():
    with pytest.raises(migrate.Failure):
        migrate_host.disable_entry('service x\n{\n\twait = no\n}\n', 7)


# -- probes -----------------------------------------------------------------------------

def _server(behaviour, connections=1):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(connections)

    def serve():
        for dummy in range(connections):
            conn, dummy = listener.accept()
            if behaviour == 'send':
                conn.sendall(b'hello')
            elif behaviour == 'wait':
                conn.recv(1)
            conn.close()
    thread = threading.Thread(target=serve)
    thread.daemon = True
    thread.start()
    return listener, listener.getsockname()[1]


@pytest.mark.parametrize('behaviour, answer', [('send', 'served'), ('close', 'closed'), ('wait', 'open')])
def test_probe_answers(behaviour, answer):
    listener, port = _server(behaviour)
    try:
        assert socket_probe.probe('127.0.0.1', '127.0.0.1', port, 0.5) == answer
    finally:
        listener.close()


def _unused_port():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_probe_refused():
    assert socket_probe.probe('127.0.0.1', '127.0.0.1', _unused_port(), 0.5) == 'refused'


def test_probe_pairs():
    addresses = ['127.0.0.1', '::1', '10.0.0.2']
    assert socket_probe.probe_pairs(addresses, None) == [(a, a) for a in addresses]
    assert socket_probe.probe_pairs(addresses, '10.0.0.2') == [('127.0.0.1', '10.0.0.2'), ('10.0.0.2', '10.0.0.2')]


def test_ip_addr_output_loopback_first_without_link_local():
    out = ('2: eth0    inet 10.89.0.5/24 brd 10.89.0.255 scope global eth0\\       valid_lft forever\n'
           '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever\n'
           '1: lo    inet6 ::1/128 scope host \\       valid_lft forever\n'
           '2: eth0    inet6 fe80::1/64 scope link \\       valid_lft forever\n')
    assert socket_probe.loopback_first(socket_probe.parse_ip_addr(out)) == ['127.0.0.1', '::1', '10.89.0.5']


# -- the rollback plan and the replay decision ----------------------------------------------

def _entry(**attrs):
    base = {'socket_type': ['stream'], 'wait': ['no'], 'user': ['root'], 'server': ['/usr/sbin/telnetd'],
            'only_from': ['127.0.0.1']}
    base.update(attrs)
    return {'name': 'telnet', 'id': 'telnet', 'file': None, 'lineno': 1, 'port': 23, 'attributes': base}


def test_rollback_releases_the_port_before_xinetd_takes_it_again():
    steps = migrate.rollback_steps(units.plan(_entry()), 'disabled')
    assert steps == [
        ('stop-socket', ('disable', '--now', 'telnet.socket')),
        ('stop-services', ('stop', 'telnet@*.service')),
        ('reset-failed', ('reset-failed', 'telnet.socket', 'telnet@*.service')),
        ('restore-files', ()),
        ('daemon-reload', ('daemon-reload',)),
        ('reload-xinetd', ()),
        ('xinetd-listening', ()),
    ]


def test_rollback_of_a_wait_service_stops_the_service_holding_the_socket():
    steps = dict(migrate.rollback_steps(units.plan(_entry(wait=['yes'])), 'disabled'))
    assert steps['stop-services'] == ('stop', 'telnet.service')


def test_rollback_gives_a_socket_its_former_state():
    names = [s for s, a in migrate.rollback_steps(units.plan(_entry()), 'enabled', active_before=True)]
    assert names.index('enable-socket') > names.index('daemon-reload')
    assert names[-1] == 'start-socket' and names.index('xinetd-listening') < names.index('start-socket')


def test_replay_compares_let_in_or_kept_out():
    probes = [dict(source='127.0.0.1', destination='127.0.0.1', xinetd='served', socket='open'),
              dict(source='10.0.0.5', destination='10.0.0.5', xinetd='closed', socket='dropped')]
    assert migrate.replay_failure(probes, 'telnet.socket') is None
    probes[1]['socket'] = 'served'
    probes.append(dict(source='::1', destination='::1', xinetd='open', socket='refused'))
    msg = migrate.replay_failure(probes, 'telnet.socket')
    assert msg == ('after the cutover the real port answered differently: '
                   'from 10.0.0.5 to 10.0.0.5 xinetd answered closed, telnet.socket served; '
                   'from ::1 to ::1 xinetd answered open, telnet.socket refused')


# -- cutover and rollback, with files on disk ----------------------------------------------

class Systemctl(object):
    """Answers like systemctl; records every call.  ``start_rc``: what
    ``enable --now`` returns (1: the socket did not start)."""

    def __init__(self, start_rc=0, enabled='disabled', active='inactive'):
        self.calls = []
        self.start_rc = start_rc
        self.answers = {'is-enabled': enabled, 'is-active': active}

    def which(self, name):
        return '/bin/' + name

    def warn(self, msg):
        raise AssertionError('unexpected warning: %s' % msg)

    def run(self, argv):
        args = tuple(argv[1:])
        self.calls.append(args)
        if args[0] in self.answers:
            value = self.answers[args[0]]
            return (0 if value in ('enabled', 'active') else 3), value + '\n', ''
        if args[:2] == ('enable', '--now'):
            if self.start_rc:
                return self.start_rc, '', 'Job for %s failed.' % args[2]
            self.answers.update({'is-enabled': 'enabled', 'is-active': 'active'})
        if args[:2] == ('show', '-p'):
            return 0, '%s=resources\n' % args[2], ''
        return 0, '', ''


class Xinetd(object):
    """The xinetd process: listens on ``port`` while the entry is enabled in
    ``path`` (as the reload reads it)."""

    def __init__(self, path, port, serve_again=True):
        self.path, self.port, self.serve_again = path, port, serve_again
        self.reloads = 0
        self.serving = True

    def reload(self, pid):
        self.reloads += 1
        with open(self.path) as handle:
            enabled = 'disable\t\t= yes' not in handle.read()
        self.serving = enabled and (self.serve_again or self.reloads == 1)
        return 'systemd'

    def listening(self, pid):
        return set([('tcp', self.port)]) if self.serving else set()

    def check_health(self, pid, expected=()):
        missing = [e for e in expected if ('tcp', e[2]) not in self.listening(pid)]
        return 'xinetd (pid %s) is not listening on %s/tcp' % (pid, missing[0][2]) if missing else None


ENTRY_TEXT = ('# telnet, as the admin wrote it\nservice telnet\n{\n\tdisable\t\t= no\n\tsocket_type\t= stream\n'
              '\twait\t\t= no\n\tuser\t\t= root\n\tserver\t\t= /usr/sbin/telnetd\n\tonly_from\t= 127.0.0.1\n}\n')


def _migration(tmp_path, port, systemctl, serve_again=True):
    entry_file = tmp_path / 'telnet'
    entry_file.write_bytes(ENTRY_TEXT.encode())
    unit_dir = tmp_path / 'units'
    unit_dir.mkdir()
    entry = dict(_entry(), file=str(entry_file), lineno=2, port=port)
    result = {}
    mig = migrate.Migration(dict(name='telnet', unit_dir=str(unit_dir), probe_timeout=0.5), systemctl, result,
                            daemon=Xinetd(str(entry_file), port, serve_again))
    mig.entry, mig.active, mig.plan = entry, True, units.plan(entry)
    mig.read_files()
    mig.pid, mig.port = 4242, port
    mig.probes = [dict(source='127.0.0.1', destination='127.0.0.1', xinetd='closed', shadow='dropped', same=True)]
    return mig, result, entry_file, unit_dir


def _rolled_back(mig, reason, entry_file, unit_dir):
    with pytest.raises(migrate.Failure) as failure:
        mig.roll_back(reason)
    assert entry_file.read_bytes() == ENTRY_TEXT.encode()
    assert sorted(os.listdir(str(unit_dir))) == []
    return str(failure.value)


def test_socket_that_does_not_start_is_rolled_back(tmp_path):
    systemctl = Systemctl(start_rc=1)
    mig, result, entry_file, unit_dir = _migration(tmp_path, _unused_port(), systemctl)
    reason = mig.cut_over()
    assert reason.startswith('the cutover failed: telnet.socket did not start on port')
    assert 'Result=resources' in reason
    assert mig.probes[0].get('socket') is None  # nothing was probed on a port nobody holds
    msg = _rolled_back(mig, reason, entry_file, unit_dir)
    start = systemctl.calls.index(('enable', '--now', 'telnet.socket'))
    assert systemctl.calls[start + 2:] == [
        ('disable', '--now', 'telnet.socket'), ('stop', 'telnet@*.service'),
        ('reset-failed', 'telnet.socket', 'telnet@*.service'), ('daemon-reload',)]
    assert result['rolled_back'] is True
    assert result['restored'] == [
        'telnet.socket stopped and disabled', 'telnet@*.service stopped',
        '%s put back' % entry_file,
        '%s/telnet.socket removed' % unit_dir, '%s/telnet@.service removed' % unit_dir, 'systemd reloaded (daemon-reload)', 'xinetd reloaded (systemd)',
        'xinetd listening on %s/tcp again' % mig.port]
    assert msg.startswith(reason + '; rolled back: telnet.socket stopped and disabled, ')
    assert 'INCOMPLETE' not in msg


def test_real_port_answering_differently_is_rolled_back(tmp_path):
    # the real port lets 127.0.0.1 in (it sends a greeting) where xinetd closed
    listener, port = _server('send')
    try:
        systemctl = Systemctl()
        mig, result, entry_file, unit_dir = _migration(tmp_path, port, systemctl)
        reason = mig.cut_over()
        # the cutover itself happened: units written, the entry disabled
        assert sorted(os.listdir(str(unit_dir))) == ['telnet.socket', 'telnet@.service']
        assert 'disable\t\t= yes' in entry_file.read_text()
        assert mig.probes[0]['socket'] == 'served'
        assert reason == ('after the cutover the real port answered differently: from 127.0.0.1 to 127.0.0.1 '
                          'xinetd answered closed, telnet.socket served')
        msg = _rolled_back(mig, reason, entry_file, unit_dir)
        assert mig.daemon.reloads == 2 and mig.daemon.serving
        assert 'xinetd listening on %s/tcp again' % port in msg
    finally:
        listener.close()


def test_same_answers_keep_the_cutover(tmp_path):
    listener, port = _server('close')
    try:
        mig, result, entry_file, unit_dir = _migration(tmp_path, port, Systemctl())
        assert mig.cut_over() is None
        assert mig.probes[0]['socket'] == 'closed'
        assert entry_file.read_text() == ENTRY_TEXT.replace('disable\t\t= no', 'disable\t\t= yes')
        assert (unit_dir / 'telnet.socket').read_text() == mig.plan.units['telnet.socket']
        assert 'rolled_back' not in result
    finally:
        listener.close()


def test_socket_enabled_before_is_enabled_again(tmp_path):
    systemctl = Systemctl(start_rc=1, enabled='enabled')
    mig, result, entry_file, unit_dir = _migration(tmp_path, _unused_port(), systemctl)
    _rolled_back(mig, mig.cut_over(), entry_file, unit_dir)
    assert systemctl.calls[-1] == ('enable', 'telnet.socket')
    assert 'telnet.socket enabled again, as it was' in result['restored']


def test_xinetd_not_serving_after_the_rollback_is_said(tmp_path):
    mig, result, entry_file, unit_dir = _migration(tmp_path, _unused_port(), Systemctl(start_rc=1),
                                                   serve_again=False)
    msg = _rolled_back(mig, mig.cut_over(), entry_file, unit_dir)
    assert msg.endswith('; the rollback is INCOMPLETE: xinetd-listening: xinetd (pid 4242) is not listening '
                        'on %s/tcp' % mig.port)
    assert 'xinetd listening' not in ' '.join(result['restored'])
