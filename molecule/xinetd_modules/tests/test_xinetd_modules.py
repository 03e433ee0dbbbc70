# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""End state after converge, idempotence, check mode and the side effect."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import testinfra.utils.ansible_runner

testinfra_hosts = ['podman://' + name for name in testinfra.utils.ansible_runner.AnsibleRunner(
    os.environ['MOLECULE_INVENTORY_FILE']).get_hosts('all')]

# tools/telnet_probe.py, copied by the side effect
PROBE = 'python3 /var/tmp/telnet_probe connect 127.0.0.1 --port 23 --timeout 5'


def _xinetd_pid(host):
    return host.file('/run/xinetd.pid').content_string.strip()


def test_same_xinetd_since_prepare(host):
    # converge, idempotence, check mode, the change, two rollbacks: reloads only
    assert _xinetd_pid(host) == host.file('/var/tmp/xinetd.pid.prepare').content_string.strip()
    assert host.file('/proc/%s/comm' % _xinetd_pid(host)).content_string.strip() == 'xinetd'


def test_telnet_file(host):
    f = host.file('/etc/xinetd.d/telnet')
    assert f.user == 'root' and f.group == 'root' and f.mode == 0o644
    text = f.content_string
    assert text.startswith('# Managed by sysv.services.xinetd_service')
    for line in ('\tinstances       = 12', '\tper_source      = 5', '\tcps             = 25 10',
                 '\tonly_from       = 127.0.0.1', '\tlog_on_failure  += USERID', '\tdisable         = no'):
        assert line in text.splitlines()


def test_package_services_were_disabled_and_backed_up(host):
    for name in ('chargen', 'echo', 'time-udp', 'servers'):
        lines = host.file('/etc/xinetd.d/' + name).content_string.splitlines()
        disables = [line.split() for line in lines if line.strip().startswith('disable')]
        assert disables and all(d == ['disable', '=', 'yes'] for d in disables), (name, disables)
    backups = host.run('ls /etc/xinetd.d').stdout.split()
    # backups of the changed files exist and are names includedir skips
    assert any(b.startswith('telnet.') and b.endswith('~') for b in backups)


def test_loopback_client_is_looked_up_in_the_container(host):
    # telnetd looks the client (::ffff:127.0.0.1 on xinetd's IPv6 socket) up
    # before its first byte: the answer must come from the container's
    # /etc/hosts (tools/podman/hosts), not from the machine's DNS resolver
    assert host.check_output('getent hosts ::ffff:127.0.0.1').split()[1:] == ['localhost']


def test_telnet_answers_and_session_survived_the_reload(host):
    out = json.loads(host.check_output(PROBE))
    # telnetd opens with its option negotiation (IAC ...), then the login prompt
    assert out['iac_first'] and out['negotiation'] and out['result'] == 'prompt', json.dumps(out)
    session = [json.loads(line) for line in host.file('/tmp/session.out').content_string.splitlines()]
    # login prompt; after the reload, the password prompt on the same connection
    assert [(s.get('awaiting'), s['result']) for s in session[:2]] == [('/tmp/go', 'prompt'), ('/tmp/done', 'prompt')], session
    assert 'assword' in session[1]['text'], session


def test_ports_held_by_xinetd(host):
    pid = _xinetd_pid(host)
    inodes = host.check_output('ls -l /proc/%s/fd | grep -o "socket:\\[[0-9]*\\]" | tr -dc "0-9\\n"' % pid)
    inodes = set(inodes.split())
    listening = set()
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        for line in host.file(table).content_string.splitlines()[1:]:
            fields = line.split()
            if fields[3] == '0A' and fields[9] in inodes:
                listening.add(int(fields[1].rsplit(':', 1)[1], 16))
    assert {23, 7070} <= listening
    assert 7071 not in listening


def test_rollback_left_the_old_cat_service(host):
    text = host.file('/etc/xinetd.d/sysv-cat').content_string
    assert '\tport            = 7070' in text
    assert 'bind' not in text and '7071' not in text


def test_xinetd_info(host):
    info = json.loads(host.file('/var/tmp/xinetd_info.json').content_string)
    assert str(info['running']) == _xinetd_pid(host)
    telnet = info['services']['telnet']
    assert telnet['port'] == 23 and telnet['enabled'] is True
    assert telnet['attributes']['instances'] == ['12']
    assert telnet['attributes']['log_on_failure'] == ['HOST', 'USERID']
    assert info['services']['sysv-cat']['port'] == 7070
    assert ['tcp', 23] in info['listening'] and ['tcp', 7070] in info['listening']
    assert set(info['services']) == {'telnet', 'sysv-cat'}
    blocking = [p for p in info['problems'] if p['severity'] in ('error', 'fatal')
                and p['file'] in ('/etc/xinetd.d/telnet', '/etc/xinetd.d/sysv-cat', '/etc/xinetd.conf')]
    assert blocking == []
    assert any(s.startswith('/etc/xinetd.d/telnet.') for s in info['ignored_files'])
