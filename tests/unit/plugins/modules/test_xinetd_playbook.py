# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The xinetd_service / xinetd_config action plugins and modules through a
real ansible-playbook run (connection local) on a temporary tree."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess

import pytest

pytest.importorskip('ansible')

from xinetd_module_helpers import local_ansible_tree, run_module  # noqa: E402

SERVICES = 'telnet\t\t23/tcp\ntftp\t\t69/udp\n'


@pytest.fixture
def env(tmp_path):
    ansible_playbook, etc, environ = local_ansible_tree(tmp_path, 'ansible-playbook', SERVICES)
    (tmp_path / 'templates').mkdir()
    return dict(tmp=tmp_path, etc=str(etc), dir=str(etc / 'xinetd.d'), playbook=ansible_playbook,
                environ=environ)


def play(env, tasks, check=False, module_defaults=None):
    common = dict(config_dir=env['dir'], main_config=os.path.join(env['etc'], 'xinetd.conf'),
                  services_file=os.path.join(env['etc'], 'services'),
                  pidfile=os.path.join(env['etc'], 'xinetd.pid'))
    tasks = [dict(task, register='r%d' % i) for i, task in enumerate(tasks)]
    out_file = str(env['tmp'] / 'results.json')
    names = ', '.join('r%d' % i for i in range(len(tasks)))
    tasks.append({'ansible.builtin.copy': {'content': '{{ [%s] | to_json }}' % names, 'dest': out_file},
                  'check_mode': False})
    if module_defaults is None:
        module_defaults = {'sysv.services.xinetd_service': dict(common, owner='root', file_group='root'),
                           'sysv.services.xinetd_config': dict(
                               (k, v) for k, v in common.items() if k not in ('config_dir', 'main_config'))}
    book = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local',
             'module_defaults': module_defaults, 'tasks': tasks}]
    path = str(env['tmp'] / 'play.json')
    with open(path, 'w') as handle:
        json.dump(book, handle)
    if os.path.exists(out_file):
        os.unlink(out_file)
    argv = [env['playbook'], '-i', 'localhost,', path]
    if check:
        argv.append('--check')
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env['environ'],
                            cwd=str(env['tmp']))
    out, err = proc.communicate()
    env['stdout'] = out.decode('utf-8', 'replace')
    env['stderr'] = err.decode('utf-8', 'replace')
    if not os.path.exists(out_file):
        raise AssertionError('ansible-playbook stopped (rc %s):\n%s\n%s'
                             % (proc.returncode, out.decode('utf-8', 'replace'), err.decode('utf-8', 'replace')))
    with open(out_file) as handle:
        return proc.returncode, json.load(handle)


TELNET = dict(name='telnet', socket_type='stream', wait=False, user='root', server='/bin/cat',
              only_from=['127.0.0.1', '10.0.0.0/8'], instances=10, cps=[5, 30],
              log_on_failure={'add': ['USERID']})


def test_builtin_template_matches_module_rendering(env):
    rc, results = play(env, [{'sysv.services.xinetd_service': TELNET},
                             {'sysv.services.xinetd_service': TELNET}])
    assert rc == 0, results
    first, second = results
    assert first['changed'] is True and second['changed'] is False
    path = os.path.join(env['dir'], 'telnet')
    with open(path) as handle:
        text = handle.read()
    assert '\tlog_on_failure  += USERID' in text
    # The module alone (no action plugin) renders the very same bytes.
    direct = run_module('xinetd_service', dict(TELNET, config_dir=env['dir'],
                                               main_config=os.path.join(env['etc'], 'xinetd.conf'),
                                               services_file=os.path.join(env['etc'], 'services'),
                                               pidfile=os.path.join(env['etc'], 'xinetd.pid')),
                        tmp_path=env['tmp'])
    assert direct.get('failed') is not True, direct
    assert direct['changed'] is False


def test_check_mode_writes_nothing(env):
    rc, results = play(env, [{'sysv.services.xinetd_service': TELNET}], check=True)
    assert rc == 0 and results[0]['changed'] is True
    assert os.listdir(env['dir']) == []


def test_user_template_and_its_validation(env):
    (env['tmp'] / 'templates' / 'site.j2').write_text(
        u'# site {{ site_name }}\nservice {{ xinetd_service.name }}\n{\n'
        u'{% for line in xinetd_attribute_lines %}{{ line }}\n{% endfor %}'
        u'\tbanner          = /etc/issue.{{ site_name }}\n}\n')
    (env['tmp'] / 'templates' / 'other.j2').write_text(
        u'service ftp\n{\n{% for line in xinetd_attribute_lines %}{{ line }}\n{% endfor %}}\n')
    tasks = [
        {'sysv.services.xinetd_service': dict(TELNET, src='site.j2'), 'vars': {'site_name': 'north'}},
        {'sysv.services.xinetd_service': dict(TELNET, src='site.j2'), 'vars': {'site_name': 'north'}},
        {'sysv.services.xinetd_service': dict(TELNET, src='other.j2'), 'ignore_errors': True},
    ]
    rc, results = play(env, tasks)
    assert results[0]['changed'] is True and results[1]['changed'] is False
    with open(os.path.join(env['dir'], 'telnet')) as handle:
        text = handle.read()
    assert text.startswith('# site north\nservice telnet\n{\n')
    assert '\tbanner          = /etc/issue.north\n' in text
    assert results[2]['failed'] is True and 'service telnet' in results[2]['msg']
    with open(os.path.join(env['dir'], 'telnet')) as handle:
        assert handle.read() == text


@pytest.mark.parametrize('option,value', [
    ('server_args', '-h\n}\nservice evil\n{'),
    ('only_from', ['127.0.0.1 # all']),
    ('instances', 'many'),
])
def test_bad_option_fails_in_the_action_naming_option_and_value(env, option, value):
    rc, results = play(env, [{'sysv.services.xinetd_service': dict(TELNET, **{option: value}),
                              'ignore_errors': True}])
    result = results[0]
    assert result['failed'] is True
    assert result['msg'].startswith(option + ':')
    assert os.listdir(env['dir']) == []


def test_xinetd_config_services_defaults_purge(env):
    d = env['dir']
    with open(os.path.join(d, 'chargen'), 'w') as handle:
        handle.write('service chargen\n{\n\ttype = INTERNAL\n\tid = chargen-stream\n\tsocket_type = stream\n'
                     '\twait = no\n\tdisable = no\n}\n')
    with open(os.path.join(d, 'old.rpmsave'), 'w') as handle:
        handle.write('not loaded by xinetd\n')
    config = dict(path=os.path.join(env['etc'], 'xinetd.conf'), includedir=d,
                  defaults=dict(instances=50, log_on_failure=['HOST'], cps=[50, 10]),
                  services=dict(telnet=dict((k, v) for k, v in TELNET.items() if k != 'name'),
                                tftp=dict(state='absent')),
                  purge='disable')
    rc, results = play(env, [{'sysv.services.xinetd_config': config},
                             {'sysv.services.xinetd_config': config}])
    assert rc == 0, results
    first, second = results
    assert first['changed'] is True and second['changed'] is False
    files = first['files']
    assert files[os.path.join(d, 'chargen')] == {'changed': True, 'state': 'disabled'}
    assert files[os.path.join(d, 'telnet')]['changed'] is True
    with open(os.path.join(d, 'chargen')) as handle:
        # purge: disable edits only the disable lines (one added here, in the file's style)
        assert handle.read().endswith('\twait = no\n\tdisable = yes\n}\n')
    with open(os.path.join(d, 'old.rpmsave')) as handle:
        assert handle.read() == 'not loaded by xinetd\n'
    with open(config['path']) as handle:
        main = handle.read()
    assert '\tinstances       = 50' in main and 'includedir %s' % d in main
    assert first['services']['telnet'][0]['attributes']['instances'] == ['10']
    assert first['defaults']['instances'] == ['50']

    # one bad service: nothing at all is written
    bad_telnet = dict(config['services']['telnet'], access_times=['08:00-24:00'])
    bad = dict(config, services=dict(config['services'], telnet=bad_telnet), defaults=dict(instances=60))
    rc, results = play(env, [{'sysv.services.xinetd_config': bad, 'ignore_errors': True}])
    assert results[0]['failed'] is True
    assert 'services.telnet.access_times' in results[0]['msg'] and '24:00' in results[0]['msg']
    with open(config['path']) as handle:
        assert handle.read() == main

    # a YAML boolean is the word true, with no string-conversion warning
    purge = dict(config, purge=True)
    rc, results = play(env, [{'sysv.services.xinetd_config': purge}])
    assert rc == 0 and results[0]['changed'] is True
    assert not results[0].get('warnings'), results[0].get('warnings')
    assert sorted(os.listdir(d)) == ['old.rpmsave', 'telnet']

    # and the word itself, as a string
    with open(os.path.join(d, 'chargen'), 'w') as handle:
        handle.write('service chargen\n{\n\ttype = INTERNAL\n\tid = chargen-stream\n\tsocket_type = stream\n'
                     '\twait = no\n\tdisable = no\n}\n')
    purge = dict(config, purge='true')
    rc, results = play(env, [{'sysv.services.xinetd_config': purge}])
    assert rc == 0 and results[0]['changed'] is True
    assert sorted(os.listdir(d)) == ['old.rpmsave', 'telnet']


def test_prefix_longer_than_the_address_is_refused_with_the_likely_fix(env):
    (env['tmp'] / 'templates' / 'wide.j2').write_text(
        u'service telnet\n{\n{% for line in xinetd_attribute_lines %}{{ line }}\n{% endfor %}'
        u'\tonly_from       += 172.20.0.0/33\n}\n')
    rc, results = play(env, [
        {'sysv.services.xinetd_service': dict(TELNET, only_from=['172.20.0.0/33']), 'ignore_errors': True},
        {'sysv.services.xinetd_service': dict(TELNET, src='wide.j2'), 'ignore_errors': True},
    ])
    typed, template = results
    assert typed['failed'] is True and typed['msg'].startswith('only_from: ')
    assert 'prefix longer than /32' in typed['msg'] and 'did you mean 172.20.0.0/16?' in typed['msg']
    assert template['failed'] is True and 'did you mean 172.20.0.0/16?' in template['msg']
    assert "the collection's policy" in template['msg']
    assert os.listdir(env['dir']) == []


def test_a_sentence_as_only_from_gives_one_message(env):
    rc, results = play(env, [{'sysv.services.xinetd_service': dict(TELNET, only_from='not an address'),
                              'ignore_errors': True}])
    msg = results[0]['msg']
    assert results[0]['failed'] is True
    assert msg.startswith("only_from: 'not an address': is not an address")
    assert msg.count(';') == 1 and msg.count('only_from') == 1


def test_warnings_are_shown_as_ansible_warnings(env):
    # a host name in only_from: xinetd resolves it when it loads the file
    rc, results = play(env, [{'sysv.services.xinetd_service': dict(
        TELNET, only_from=['127.0.0.1', 'localhost'], host_checks=['server', 'user'])}])
    assert rc == 0, env['stdout']
    assert any('localhost is a host name' in w for w in results[0]['warnings_found'])
    shown = env['stdout'] + env['stderr']
    assert '[WARNING]' in shown and 'localhost is a host name' in shown


def test_internal_arguments_are_not_options(env):
    for module in ('xinetd_service', 'xinetd_config'):
        doc = subprocess.Popen([os.path.join(os.path.dirname(env['playbook']), 'ansible-doc'), '--json',
                                'sysv.services.' + module], stdout=subprocess.PIPE, env=env['environ'])
        out = doc.communicate()[0]
        options = json.loads(out.decode('utf-8'))['sysv.services.' + module]['doc']['options']
        assert not [name for name in options if name.startswith('_')], options.keys()
    rc, results = play(env, [
        {'sysv.services.xinetd_service': dict(TELNET, _content='service telnet\n{\n}\n'), 'ignore_errors': True},
        {'sysv.services.xinetd_config': {'_services': {'telnet': 'x'}}, 'ignore_errors': True},
    ])
    for result in results:
        assert result['failed'] is True
        assert result['msg'].startswith('Unsupported parameters for (sysv.services.xinetd_')
        supported = result['msg'].split('Supported parameters include: ')[1]
        assert '_content' not in supported and '_services' not in supported
    assert os.listdir(env['dir']) == []


def test_a_typo_reads_like_ansible_with_a_did_you_mean(env):
    rc, results = play(env, [
        {'sysv.services.xinetd_service': dict(TELNET, instaces=4), 'ignore_errors': True},
        {'sysv.services.xinetd_config': {'includedir': env['dir'],
                                         'services': {'telnet': dict(
                                             [(k, v) for k, v in TELNET.items() if k != 'name'], instaces=4)}},
         'ignore_errors': True},
        {'sysv.services.xinetd_config': {'includedir': env['dir'], 'purg': 'true'}, 'ignore_errors': True},
    ])
    service, entry, config = results
    assert service['msg'].startswith('Unsupported parameters for (sysv.services.xinetd_service) module: '
                                     'instaces (did you mean instances?). Supported parameters include: ')
    assert entry['msg'].startswith('Unsupported parameters for services.telnet: '
                                   'instaces (did you mean instances?).')
    assert config['msg'].startswith('Unsupported parameters for (sysv.services.xinetd_config) module: '
                                    'purg (did you mean purge?).')
    assert os.listdir(env['dir']) == []


def test_module_defaults_group_sets_the_shared_options(env):
    shared = dict(services_file=os.path.join(env['etc'], 'services'), pidfile=os.path.join(env['etc'], 'xinetd.pid'),
                  backup=True, mode='0640', owner='root', file_group='root')
    defaults = {'group/sysv.services.xinetd': shared}
    main = os.path.join(env['etc'], 'xinetd.conf')
    rc, results = play(env, [
        {'sysv.services.xinetd_service': dict(TELNET, config_dir=env['dir'], main_config=main)},
        {'sysv.services.xinetd_service': dict(TELNET, config_dir=env['dir'], main_config=main, instances=5)},
        {'sysv.services.xinetd_config': {'path': main, 'includedir': env['dir'],
                                         'services': {'tftp': {'state': 'absent'}}}},
    ], module_defaults=defaults)
    assert rc == 0, env['stdout']
    first, second, config = results
    assert first['changed'] is True and oct(os.stat(first['path']).st_mode & 0o777) == oct(0o640)
    assert list(second['backup_files']) == [first['path']]    # backup: true came from the group
    assert config['changed'] is False and config.get('failed') is not True
