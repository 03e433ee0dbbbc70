# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd_service run as a target runs it (own interpreter, JSON arguments)
against a temporary configuration tree."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import pytest

pytest.importorskip('ansible')

from xinetd_module_helpers import interpreter, run_module  # noqa: E402

SERVICES = 'telnet\t\t23/tcp\ntftp\t\t69/udp\nsmtp\t\t25/tcp\t\tmail\n'

TELNET = dict(name='telnet', socket_type='stream', wait=False, user='root', server='/bin/cat',
              only_from=['127.0.0.1'], instances=10, per_source=3, cps=[5, 30])


class Tree(object):
    def __init__(self, base):
        self.base = str(base)
        self.dir = os.path.join(self.base, 'xinetd.d')
        os.makedirs(self.dir)
        self.main = os.path.join(self.base, 'xinetd.conf')
        with open(self.main, 'w') as handle:
            handle.write('defaults\n{\n\tinstances = 50\n\tlog_on_failure = HOST\n}\n'
                         'includedir %s\n' % self.dir)
        self.services = os.path.join(self.base, 'services')
        with open(self.services, 'w') as handle:
            handle.write(SERVICES)
        self.pidfile = os.path.join(self.base, 'xinetd.pid')

    def args(self, **kwargs):
        # An explicit pidfile keeps the module away from any real xinetd on
        # this machine: only the process named there may be signalled.
        base = dict(config_dir=self.dir, main_config=self.main, services_file=self.services,
                    pidfile=self.pidfile, owner=None, file_group=None)
        base.update(kwargs)
        return base

    def path(self, name):
        return os.path.join(self.dir, name)

    def read(self, name):
        with open(self.path(name)) as handle:
            return handle.read()


@pytest.fixture
def tree(tmp_path):
    return Tree(tmp_path / 'etc')


def run(tree, tmp_path, options=None, python=None, check=False, diff=False, **kwargs):
    merged = dict(options or {})
    merged.update(kwargs)
    args = tree.args(**merged)
    args = dict((k, v) for k, v in args.items() if v is not None)
    return run_module('xinetd_service', args, check=check, diff=diff, python=python, tmp_path=tmp_path)


@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
def test_create_check_diff_idempotent(tree, tmp_path, python):
    py = interpreter(python)
    checked = run(tree, tmp_path, TELNET, python=py, check=True, diff=True)
    assert checked.get('failed') is not True, checked
    assert checked['changed'] is True
    assert not os.path.exists(tree.path('telnet'))
    assert checked['diff']['before'] == ''
    assert 'service telnet' in checked['diff']['after']

    first = run(tree, tmp_path, TELNET, python=py, diff=True)
    assert first.get('failed') is not True, first
    assert first['changed'] is True and first['path'] == tree.path('telnet')
    assert first['reloaded'] is False and first['xinetd_pid'] is None  # no xinetd running
    text = tree.read('telnet')
    assert text == checked['diff']['after'] == first['diff']['after']
    assert text.startswith('# Managed by sysv.services.xinetd_service')
    lines = text.splitlines()
    assert lines[1:3] == ['service telnet', '{']
    assert '\tinstances       = 10' in lines
    assert '\tcps             = 5 30' in lines
    assert '\twait            = no' in lines
    assert lines[-2:] == ['\tdisable         = no', '}']
    assert stat.S_IMODE(os.stat(tree.path('telnet')).st_mode) == 0o644
    # effective view: own values plus the defaults of the main file
    assert first['attributes']['instances'] == ['10']
    assert first['attributes']['log_on_failure'] == ['HOST']
    assert first['services'][0]['port'] == 23 and first['services'][0]['enabled'] is True

    second = run(tree, tmp_path, TELNET, python=py, diff=True)
    assert second['changed'] is False
    assert not second.get('diff')
    assert tree.read('telnet') == text


def test_change_with_backup(tree, tmp_path):
    run(tree, tmp_path, TELNET)
    old = tree.read('telnet')
    changed = dict(TELNET, instances=20)
    result = run(tree, tmp_path, changed, backup=True, diff=True)
    assert result['changed'] is True
    assert result['backup_file'].startswith(tree.path('telnet') + '.')
    with open(result['backup_file']) as handle:
        assert handle.read() == old
    assert '-\tinstances' not in result['diff']['before']
    assert '\tinstances       = 20' in tree.read('telnet')


def test_mode_change_alone_is_a_change(tree, tmp_path):
    run(tree, tmp_path, TELNET)
    result = run(tree, tmp_path, TELNET, mode='0600')
    assert result['changed'] is True
    assert stat.S_IMODE(os.stat(tree.path('telnet')).st_mode) == 0o600
    assert run(tree, tmp_path, TELNET, mode='0600')['changed'] is False


def test_enabled_false_and_absent(tree, tmp_path):
    run(tree, tmp_path, TELNET)
    off = run(tree, tmp_path, TELNET, enabled=False)
    assert off['changed'] is True and '\tdisable         = yes' in tree.read('telnet')
    assert off['services'][0]['enabled'] is False
    gone = run(tree, tmp_path, state='absent', name='telnet', backup=True)
    assert gone['changed'] is True and not os.path.exists(tree.path('telnet'))
    assert os.path.exists(gone['backup_file'])
    assert run(tree, tmp_path, state='absent', name='telnet')['changed'] is False


@pytest.mark.parametrize('name', ['tel.net', 'telnet~', '../telnet', 'a/b', '.', '..', 'tel net'])
def test_bad_names_are_refused(tree, tmp_path, name):
    result = run(tree, tmp_path, dict(TELNET, name=name))
    assert result['failed'] is True
    assert result['msg'].startswith('name: ')
    assert os.listdir(tree.dir) == []


@pytest.mark.parametrize('option,value,words', [
    ('server_args', ['-h', 'x\nservice evil'], ['server_args', 'newline']),
    ('only_from', ['127.0.0.1', '# comment'], ['only_from', '#']),
    ('only_from', ['10.0.0.1}'], ['only_from']),
    ('access_times', ['08:00-24:00'], ['access_times', '24:00']),
    ('user', 'root\n}', ['user']),
    ('log_on_success', ['PID', 'TRAFFIC'], ['TRAFFIC']),
    ('cps', [5], ['cps']),
    ('instances', 'lots', ['instances', 'lots']),
    ('server', '/bin/cat -n', ['server']),
])
def test_values_that_xinetd_rejects_or_that_inject_fail(tree, tmp_path, option, value, words):
    run(tree, tmp_path, TELNET)
    before = tree.read('telnet')
    result = run(tree, tmp_path, dict(TELNET, **{option: value}))
    assert result['failed'] is True, result
    for word in words:
        assert word in result['msg'], result['msg']
    assert tree.read('telnet') == before
    assert sorted(os.listdir(tree.dir)) == ['telnet']


def test_host_checks(tree, tmp_path):
    bad_user = run(tree, tmp_path, dict(TELNET, user='no-such-user-xyz'))
    assert bad_user['failed'] and 'no-such-user-xyz' in bad_user['msg']
    bad_server = run(tree, tmp_path, dict(TELNET, server='/usr/sbin/no-such-telnetd'))
    assert bad_server['failed'] and '/usr/sbin/no-such-telnetd' in bad_server['msg']
    unlisted = run(tree, tmp_path, dict(TELNET, name='sysvcat'))
    assert unlisted['failed'] and 'sysvcat' in unlisted['msg'] and 'services' in unlisted['msg']
    wrong_port = run(tree, tmp_path, dict(TELNET, port=2323))
    assert wrong_port['failed'] and '2323' in wrong_port['msg']
    assert os.listdir(tree.dir) == []
    # checks switched off (files prepared for another system)
    off = run(tree, tmp_path, dict(TELNET, user='no-such-user-xyz', server='/usr/sbin/no-such-telnetd'),
              host_checks=[])
    assert off.get('failed') is not True, off
    assert off['changed'] is True


def test_unlisted_service_needs_port(tree, tmp_path):
    args = dict(TELNET, name='sysvcat', type=['UNLISTED'])
    result = run(tree, tmp_path, args)
    assert result['failed'] and 'port' in result['msg']
    result = run(tree, tmp_path, dict(args, port=7070))
    assert result.get('failed') is not True, result
    assert '\tport            = 7070' in tree.read('sysvcat')


def test_list_mapping_renders_operators(tree, tmp_path):
    result = run(tree, tmp_path, dict(TELNET, log_on_failure={'add': ['USERID']},
                                      only_from={'add': ['10.0.0.0/8'], 'remove': ['10.1.0.0/16']}))
    assert result.get('failed') is not True, result
    text = tree.read('telnet')
    assert '\tlog_on_failure  += USERID' in text
    assert '\tonly_from       += 10.0.0.0/8' in text and '\tonly_from       -= 10.1.0.0/16' in text
    assert result['attributes']['log_on_failure'] == ['HOST', 'USERID']


def test_content_from_action_is_validated(tree, tmp_path):
    good = 'service telnet\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n\tserver = /bin/cat\n}\n'
    result = run(tree, tmp_path, name='telnet', _content=good)
    assert result.get('failed') is not True, result
    assert tree.read('telnet') == good
    for bad, word in [(good.replace('wait = no', 'wait=no'), 'wait'),
                      (good.replace('service telnet\n{', 'service telnet {'), '{'),
                      (good.replace('telnet', 'ftp'), 'telnet'),
                      (good + 'service other\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n'
                       '\tserver = /bin/cat\n}\n', 'other'),
                      ('defaults\n{\n}\n' + good, 'defaults'),
                      (good.replace('\n', '\r\n'), 'CRLF')]:
        result = run(tree, tmp_path, name='telnet', _content=bad)
        assert result['failed'] is True, (bad, result)
        assert word in result['msg'], (word, result['msg'])
        assert tree.read('telnet') == good


def test_missing_config_dir(tree, tmp_path):
    result = run(tree, tmp_path, dict(TELNET, config_dir=os.path.join(tree.base, 'nope')))
    assert result['failed'] and 'config_dir' in result['msg']


def test_src_without_action_plugin(tree, tmp_path):
    result = run(tree, tmp_path, src='x.j2', name='telnet')
    assert result['failed'] and 'action plugin' in result['msg']


def test_host_check_failure_carries_no_file_stat_noise(tree, tmp_path):
    assert run(tree, tmp_path, TELNET)['changed'] is True
    failed = run(tree, tmp_path, dict(TELNET, user='no-such-user-here'))
    assert failed['failed'] is True and 'no-such-user-here' in failed['msg']
    for noise in ('uid', 'gid', 'mode', 'size', 'owner', 'group', 'state'):
        assert noise not in failed, (noise, failed)
