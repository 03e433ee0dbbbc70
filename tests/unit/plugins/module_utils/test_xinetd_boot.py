# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd_config's own-state helpers on a directory tree (no Ansible needed):
boot-time links the chkconfig way, the systemd forward, the auto rule, the
per-id disable edit and the package queries."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.sysv.services.plugins.module_utils._sysv import packages as _packages
from ansible_collections.sysv.services.plugins.module_utils._xinetd import boot

DEBIAN_SCRIPT = """#!/bin/sh
### BEGIN INIT INFO
# Provides:          xinetd
# Required-Start:    $network $remote_fs $syslog
# Required-Stop:     $network $remote_fs $syslog
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: Starts or stops the xinetd daemon.
### END INIT INFO
"""

EL_SCRIPT = """#!/bin/bash
# chkconfig: 345 56 50
# description: xinetd
"""


def tree(tmp_path, script=DEBIAN_SCRIPT, rhel=False):
    root = str(tmp_path / 'root')
    init = os.path.join(root, 'etc/rc.d/init.d' if rhel else 'etc/init.d')
    os.makedirs(init)
    with open(os.path.join(init, 'xinetd'), 'w') as handle:
        handle.write(script)
    return root


def links(root, rhel=False):
    out = {}
    for level in range(7):
        directory = os.path.join(root, 'etc/rc.d/rc%d.d' % level if rhel else 'etc/rc%d.d' % level)
        names = sorted(os.listdir(directory)) if os.path.isdir(directory) else []
        out[level] = [(n, os.readlink(os.path.join(directory, n))) for n in names]
    return out


def test_boot_wanted_rules():
    assert boot.boot_wanted([3, 5], None) == {0: False, 1: False, 2: False, 3: True, 4: False, 5: True, 6: False}
    assert boot.boot_wanted([3, 5], False) == dict((lv, False) for lv in range(7))
    assert boot.boot_wanted(None, True) == {2: True, 3: True, 4: True, 5: True}
    assert boot.boot_wanted(None, None) is None
    assert boot.boot_wanted([], None) == dict((lv, False) for lv in range(7))


def test_native_links_then_no_op_then_off(tmp_path):
    root = tree(tmp_path)
    plan = boot.plan_boot(boot.boot_wanted([3, 5], True), root=root)
    assert plan['backend'] == 'native' and plan['changed'] is True
    assert plan['before'] == dict((str(lv), 'off') for lv in range(7))
    assert plan['after'] == {'0': 'off', '1': 'off', '2': 'off', '3': 'on', '4': 'off', '5': 'on', '6': 'off'}
    assert links(root)[3] == []         # planning writes nothing
    boot.apply_boot(plan)
    now = links(root)
    # chkconfig's LSB priorities: start 50 after nothing that is provided here, stop 50
    assert now[3] == [('S50xinetd', '../init.d/xinetd')] and now[5] == [('S50xinetd', '../init.d/xinetd')]
    assert now[0] == [('K50xinetd', '../init.d/xinetd')] and now[2] == [('K50xinetd', '../init.d/xinetd')]

    again = boot.plan_boot(boot.boot_wanted([3, 5], True), root=root)
    assert again['changed'] is False and again['ops'] == [] and again['before'] == plan['after']

    off = boot.plan_boot(boot.boot_wanted([3, 5], False), root=root)
    assert off['changed'] is True and off['after'] == dict((str(lv), 'off') for lv in range(7))
    boot.apply_boot(off)
    assert [entry for lv in range(7) for entry in links(root)[lv] if entry[0].startswith('S')] == []


def test_native_keeps_a_right_link_whatever_its_number(tmp_path):
    root = tree(tmp_path)
    os.makedirs(os.path.join(root, 'etc/rc3.d'))
    os.symlink('../init.d/xinetd', os.path.join(root, 'etc/rc3.d/S01xinetd'))
    plan = boot.plan_boot(boot.boot_wanted([3], True), root=root)
    boot.apply_boot(plan)
    assert links(root)[3] == [('S01xinetd', '../init.d/xinetd')]


def test_native_rhel_layout_uses_the_chkconfig_header(tmp_path):
    root = tree(tmp_path, EL_SCRIPT, rhel=True)
    boot.apply_boot(boot.plan_boot(boot.boot_wanted([3, 5], True), root=root))
    now = links(root, rhel=True)
    assert now[3] == [('S56xinetd', '../init.d/xinetd')] and now[4] == [('K50xinetd', '../init.d/xinetd')]


def test_no_init_script_and_no_unit(tmp_path):
    root = str(tmp_path / 'empty')
    os.makedirs(root)
    assert boot.plan_boot({3: True}, root=root) is None
    assert 'no init script' in boot.no_boot_manager(root)


def test_systemd_forward(tmp_path):
    root = tree(tmp_path)
    os.makedirs(os.path.join(root, 'sbin'))
    os.makedirs(os.path.join(root, 'lib/systemd/system'))
    os.symlink('/lib/systemd/systemd', os.path.join(root, 'sbin/init'))
    open(os.path.join(root, 'lib/systemd/system/xinetd.service'), 'w').close()
    calls = []

    def runner(argv):
        calls.append(argv)
        return (1, 'disabled\n', '') if 'is-enabled' in argv else (0, '', '')
    plan = boot.plan_boot(boot.boot_wanted([3, 5], True), root=root, runner=runner)
    assert plan['backend'] == 'systemd' and plan['before'] == {'enabled': False}
    assert plan['command'][-2:] == ['enable', 'xinetd.service'] and '--root=%s' % root in plan['command']
    boot.apply_boot(plan, runner=runner)
    assert calls[-1] == plan['command']
    off = boot.plan_boot(boot.boot_wanted(None, False), root=root, runner=runner)
    assert off['changed'] is False      # already disabled


class Eff(object):
    def __init__(self, services):
        self.services = services


def test_wants_running():
    assert boot.wants_running(Eff({'telnet': {}})) is True
    assert boot.wants_running(Eff({})) is False
    assert boot.wants_running(None) is False


# -- packages ------------------------------------------------------------------

def fake_run(responses, calls):
    def run(argv, env):
        calls.append((argv, env))
        return responses.pop(0)
    return run


def test_dpkg_query_reading():
    calls = []
    out = 'xinetd\tii \ntelnetd\trc \nlibc6:amd64\tii \n'
    run = fake_run([(1, out, 'dpkg-query: no packages found matching nope\n')], calls)
    found = ('dpkg', '/usr/bin/dpkg-query', '/usr/bin/apt-get')
    state = _packages.query(['xinetd', 'telnetd', 'libc6', 'nope'], run, found)
    assert state == {'xinetd': True, 'telnetd': False, 'libc6': True, 'nope': False}
    assert calls[0][0][:2] == ['/usr/bin/dpkg-query', '-W'] and calls[0][1]['LC_ALL'] == 'C'
    with pytest.raises(_packages.PackageError) as info:
        _packages.query(['x'], fake_run([(2, '', 'database locked')], []), found)
    assert 'database locked' in str(info.value)


def test_rpm_query_reading_and_yum_argv():
    found = ('rpm', '/bin/rpm', '/usr/bin/yum')
    run = fake_run([(1, 'xinetd\npackage telnet-server is not installed\n', '')], [])
    assert _packages.query(['xinetd', 'telnet-server'], run, found) == {'xinetd': True, 'telnet-server': False}
    calls = []
    run = fake_run([(0, '', ''), (0, 'telnet-server\n', '')], calls)
    argv = _packages.install(['telnet-server'], run, found)
    assert argv == ['/usr/bin/yum', '-y', '-q', 'install', 'telnet-server'] and calls[0][0] == argv
    run = fake_run([(0, '', ''), (1, 'package telnet-server is not installed\n', '')], [])
    with pytest.raises(_packages.PackageError) as info:
        _packages.install(['telnet-server'], run, found)
    assert 'still missing' in str(info.value)
    with pytest.raises(_packages.PackageError) as info:
        _packages.install(['x'], run, ('rpm', '/bin/rpm', None))
    assert 'no package manager' in str(info.value)


def test_dpkg_query_counts_held_packages_as_installed():
    """The EL6 tools image holds its local xinetd 2.3.14 ("hi"): installed,
    so the roles never install Debian's xinetd over it."""
    lines = 'xinetd\thi \nel6-tools\tii \ntelnetd\tun \nbroken\tiF \n'
    calls = []

    def run(argv, env):
        calls.append(argv)
        return 1, lines, ''
    found = ('dpkg', '/usr/bin/dpkg-query', '/usr/bin/apt-get')
    assert _packages.query(['xinetd', 'el6-tools', 'telnetd', 'broken'], run, found) == {
        'xinetd': True, 'el6-tools': True, 'telnetd': False, 'broken': False}
    assert calls[0][:2] == ['/usr/bin/dpkg-query', '-W']
