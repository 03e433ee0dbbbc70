# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The merge rules of the xinetd_role action (what the roles hand xinetd_config).

The steps themselves run against real hosts in the Molecule scenarios
role_xinetd, role_telnet_hardening, role_telnet_hardening_absent and systemd.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import os
import re

import pytest
import yaml

from ansible.errors import AnsibleError

from ansible_collections.sysv.services.plugins.action import xinetd_role as xr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def _yaml(*parts):
    with open(os.path.join(ROOT, *parts)) as f:
        return yaml.safe_load(f)


def role_variables(**overrides):
    """Both roles' defaults and vars, as Ansible would see them, with ``overrides``."""
    v = {}
    v.update(_yaml('roles', 'xinetd', 'defaults', 'main.yml'))
    v.update(_yaml('roles', 'telnet_hardening', 'defaults', 'main.yml'))
    v.update(_yaml('roles', 'telnet_hardening', 'vars', 'main.yml'))
    v.update(overrides)
    return v


def converge_args(**overrides):
    v = role_variables(**overrides)
    v.update(xr.telnet_contributions(v))
    return xr.xinetd_config_args(v)


def test_the_role_hands_the_module_what_the_literal_bench_task_says():
    # bench/playbooks/module.yml spells out, option by option, what the role
    # hands xinetd_config for bench/vars/telnet.yml; the bench checks both
    # reach the same end state on every host. Here the options themselves.
    literal = _yaml('bench', 'playbooks', 'module.yml')[0]['tasks'][0]['sysv.services.xinetd_config']
    args = converge_args(**_yaml('bench', 'vars', 'telnet.yml'))
    telnet = dict((k, v) for k, v in args['services']['telnet'].items() if v is not None)
    assert telnet == literal['services']['telnet']
    for key in ('packages', 'defaults', 'disable_ids', 'xinetd_state', 'runlevels'):
        assert args[key] == literal[key], key
    assert args['remove_packages'] == []
    assert (args['purge'], args['backup'], args['pidfile']) == (False, False, '')


def test_optional_values_left_empty_are_not_set():
    entry = converge_args(telnet_hardening_only_from=['10.0.0.0/8'])['services']['telnet']
    for key in ('no_access', 'access_times', 'log_type', 'banner', 'bind', 'server_args'):
        assert entry[key] is None, key
    entry = converge_args(telnet_hardening_only_from=['10.0.0.0/8'], telnet_hardening_bind='10.0.0.1',
                          telnet_hardening_access_times=['08:00-17:00'])['services']['telnet']
    assert (entry['bind'], entry['access_times']) == ('10.0.0.1', ['08:00-17:00'])


def test_absent_removes_the_entry_and_the_server_packages():
    args = converge_args(telnet_hardening_state='absent', telnet_hardening_xinetd_state='auto')
    assert args['services']['telnet'] == {'state': 'absent'}
    assert args['packages'] == ['xinetd']
    assert args['remove_packages'] == [{'dpkg': 'inetutils-telnetd', 'rpm': 'telnet-server'}, {'dpkg': 'telnetd'}]
    args = converge_args(telnet_hardening_state='absent', telnet_hardening_packages=['my-telnetd'])
    assert args['remove_packages'] == ['my-telnetd']


def test_builtins_left_alone_when_asked():
    args = converge_args(telnet_hardening_only_from=['127.0.0.1'], telnet_hardening_disable_builtins=False)
    assert args['disable_ids'] == []
    assert 'disabled' not in args['defaults']


def test_telnet_replaces_extra_inputs_and_adds_to_the_users_values():
    args = converge_args(telnet_hardening_only_from=['127.0.0.1'],
                         xinetd_extra_services={'other': {'state': 'absent'}},
                         xinetd_services={'tftp': {'enabled': False}, 'telnet': {'enabled': False}},
                         xinetd_defaults={'instances': 5, 'disabled': ['rsync']},
                         xinetd_disable_ids=['rsync'], xinetd_packages=['xinetd', 'rsync'])
    assert sorted(args['services']) == ['telnet', 'tftp']
    assert args['services']['telnet']['enabled'] is True
    assert args['defaults']['instances'] == 5
    assert args['defaults']['disabled'][:2] == ['rsync', 'chargen-dgram']
    assert args['disable_ids'][0] == 'rsync' and len(args['disable_ids']) == 11
    assert args['packages'] == ['xinetd', 'rsync', {'dpkg': 'inetutils-telnetd', 'rpm': 'telnet-server'}]


def test_extra_defaults_replace_keys_except_disabled():
    v = role_variables(xinetd_defaults={'instances': 50, 'cps': [50, 10], 'disabled': ['a']},
                       xinetd_extra_defaults={'cps': [5, 5], 'disabled': ['b']})
    args = xr.xinetd_config_args(v)
    assert args['defaults'] == {'instances': 50, 'cps': [5, 5], 'disabled': ['a', 'b']}
    # the user's variable is not modified in place
    assert v['xinetd_defaults']['disabled'] == ['a']


def test_stopped_xinetd_is_off_at_every_runlevel():
    assert xr.xinetd_config_args(role_variables(xinetd_state='stopped'))['runlevels'] == []
    assert xr.xinetd_config_args(role_variables(xinetd_state='auto'))['runlevels'] == [3, 5]


@pytest.mark.parametrize('server, allow, expected', [
    # only_from translated for tcpd (test_wrappers_tcpd.py): 10.0.0.0/8 as a net/mask pair
    ('', [], ('in.telnetd telnetd: 10.0.0.0/255.0.0.0', 'in.telnetd telnetd: ALL')),
    ('/usr/sbin/in.telnetd', ['LOCAL', '.example.com'], ('in.telnetd: LOCAL .example.com', 'in.telnetd: ALL')),
])
def test_tcp_wrappers_lines(server, allow, expected):
    v = role_variables(telnet_hardening_only_from=['10.0.0.0/8'], telnet_hardening_server=server,
                       telnet_hardening_tcp_wrappers_allow=allow)
    regexp, allow_line, deny_line = xr.wrappers_lines(v)
    assert (allow_line, deny_line) == expected
    # the regexp finds the role's own line, and not another daemon's
    assert re.match(regexp, allow_line) and re.match(regexp, deny_line)
    assert not re.match(regexp, 'sshd: ALL')


def test_tcp_wrappers_regexp_of_a_custom_server_is_escaped():
    regexp = xr.wrappers_lines(role_variables(telnet_hardening_only_from=['x'],
                                              telnet_hardening_server='/opt/in.telnetd'))[0]
    assert re.match(regexp, 'in.telnetd : x')
    assert not re.match(regexp, 'inXtelnetd: x')


def test_packages_by_family():
    items = ['xinetd', {'dpkg': 'inetutils-telnetd', 'rpm': 'telnet-server'}]
    assert xr.resolve_by_family(items, 'rpm', 'xinetd_packages') == ['xinetd', 'telnet-server']
    # a mapping without the host's family names nothing there, as for the install on the host
    assert xr.resolve_by_family(['xinetd', {'dpkg': 'telnetd'}], 'rpm', 'xinetd_packages') == ['xinetd']
    assert xr.resolve_by_family([{'dpkg': 'telnetd'}], 'rpm', 'xinetd_packages') == []
    with pytest.raises(AnsibleError, match=r"xinetd_packages: apk is not a package family"):
        xr.resolve_by_family([{'apk': 'telnetd'}], 'rpm', 'xinetd_packages')
    # names are checked as xinetd_config checks them on the host
    assert xr.resolve_by_family(['xinetd', 'xinetd'], None, 'xinetd_packages') == ['xinetd']
    with pytest.raises(AnsibleError, match=r"xinetd_packages: 5 is not a package name"):
        xr.resolve_by_family(['xinetd', 5], None, 'xinetd_packages')


def test_contributions_do_not_share_the_role_defaults():
    v = role_variables(telnet_hardening_only_from=['127.0.0.1'])
    before = copy.deepcopy(v)
    contributions = xr.telnet_contributions(v)
    contributions['xinetd_extra_packages'].append('x')
    contributions['xinetd_extra_disable_ids'].append('x')
    assert v == before


class _PlainTemplar(object):
    """Stands in for Ansible's templar: these values hold no template."""

    def template(self, value):
        return value


def _reader():
    action = xr.ActionModule.__new__(xr.ActionModule)
    action._templar = _PlainTemplar()
    return action


def test_booleans_given_as_strings_are_read_as_booleans():
    # "-e telnet_hardening_tcp_wrappers=false" hands the action a string; the
    # role's argument-spec check accepts it and passes it on unchanged
    names = ('telnet_hardening_tcp_wrappers', 'xinetd_backup')
    values = _reader()._variables({'telnet_hardening_tcp_wrappers': 'false', 'xinetd_backup': 'yes'}, names)
    assert values == {'telnet_hardening_tcp_wrappers': False, 'xinetd_backup': True}
    with pytest.raises(AnsibleError, match=r"telnet_hardening_tcp_wrappers: 'maybe' is not a boolean"):
        _reader()._variables({'telnet_hardening_tcp_wrappers': 'maybe'}, names[:1])


def test_a_missing_variable_is_named():
    with pytest.raises(AnsibleError, match='the role variable xinetd_defaults is not defined'):
        _reader()._variables({}, ('xinetd_defaults',))
    assert _reader()._variables({}, ('xinetd_extra_role',), optional=('xinetd_extra_role',)) == {}


def _upgrader(pkg_mgr, runs):
    """The action with the host's answers stood in: its package manager, and the runs it asks for."""
    action = _reader()

    def execute_module(module_name, task_vars, module_args):
        runs.append((module_name, module_args))
        return {'ansible_facts': {'ansible_pkg_mgr': pkg_mgr}}

    def run_action(name, plugin, task_vars, args, check=True):
        runs.append((plugin, dict(args)))
        return {'changed': False, 'step': name}

    action._execute_module = execute_module
    action._action = run_action
    return action


def test_upgrade_leaves_out_a_mapping_without_the_hosts_family():
    # as xinetd_config's install does on the host: nothing for that family
    runs = []
    steps = _upgrader('dnf', runs)._upgrade({}, ['xinetd', {'dpkg': 'inetutils-telnetd'}])
    assert runs[1:] == [('ansible.legacy.package', {'state': 'latest', 'use': 'dnf', 'name': ['xinetd']})]
    assert [s['step'] for s in steps] == ['package manager', 'upgrade']
    # nothing left for this host: no upgrade run at all
    runs = []
    steps = _upgrader('dnf', runs)._upgrade({}, [{'dpkg': 'inetutils-telnetd'}])
    assert [r[0] for r in runs] == ['ansible.legacy.setup']
    assert [s['step'] for s in steps] == ['package manager']


def test_upgrade_by_name_asks_the_host_nothing():
    runs = []
    _upgrader('apt', runs)._upgrade({}, ['xinetd'])
    assert runs == [('ansible.legacy.package', {'state': 'latest', 'name': ['xinetd']})]


def test_variables_telnet_hardening_replaces_are_named():
    # the xinetd role's defaults: nothing the user set, nothing to warn about
    v = role_variables()
    assert xr.replaced_variables(v, xr.telnet_contributions(v)) == []
    for name, default in xr._XINETD_DEFAULTS.items():
        assert _yaml('roles', 'xinetd', 'defaults', 'main.yml')[name] == default
    # values the user gave that telnet_hardening replaces
    v = role_variables(xinetd_state='stopped', xinetd_extra_packages=['rsync'],
                       telnet_hardening_xinetd_state='auto')
    assert xr.replaced_variables(v, xr.telnet_contributions(v)) == ['xinetd_extra_packages', 'xinetd_state']
    # the same value as telnet_hardening's is no conflict
    v = role_variables(xinetd_state='auto', telnet_hardening_xinetd_state='auto')
    assert xr.replaced_variables(v, xr.telnet_contributions(v)) == []
