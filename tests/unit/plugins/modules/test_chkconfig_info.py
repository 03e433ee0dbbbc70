# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""chkconfig_info run as a target runs it, on real trees and on the real
(English and Korean) chkconfig --list output."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

import pytest

pytest.importorskip('ansible')

from test_chkconfig_helpers import FIXTURES, interpreter, make_root, run_module, warnings  # noqa: E402

SSHD = '#!/bin/sh\n# chkconfig: 2345 55 25\n# description: OpenSSH server daemon\n'
HTTPD = '#!/bin/sh\n# chkconfig: - 85 15\n# description: Apache\n'


def table(on):
    return dict((str(level), 'on' if level in on else 'off') for level in range(7))


@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
@pytest.mark.parametrize('layout', ['rhel', 'debian'])
def test_native_listing(tmp_path, layout, python):
    py = interpreter(python)
    root = make_root(tmp_path / 'root', layout,
                     scripts={'sshd': SSHD, 'httpd': HTTPD, 'xinetd': 'init.d-xinetd.debian',
                              'rc.local': '#!/bin/sh\nexit 0\n', 'sshd.rpmsave': SSHD},
                     xinetd={'echo': 'xinetd.d-echo.debian', 'telnet': 'xinetd.d-telnet.centos6',
                             'telnet~': 'xinetd.d-telnet.centos6'})
    rc = (lambda n: os.path.join(root, 'etc', 'rc.d', 'rc%d.d' % n)) if layout == 'rhel' \
        else (lambda n: os.path.join(root, 'etc', 'rc%d.d' % n))
    for level in range(7):
        os.symlink('../init.d/sshd', os.path.join(rc(level), ('S55sshd' if level in (2, 3, 4, 5) else 'K25sshd')))
    os.symlink('../init.d/xinetd', os.path.join(rc(3), 'S50xinetd'))

    result = run_module('chkconfig_info', dict(root=root), python=py, tmp_path=tmp_path)
    assert result['changed'] is False and result['backend'] == 'native' and result['layout'] == layout
    assert result['services'] == {
        'sshd': {'kind': 'sysv', 'runlevels': table([2, 3, 4, 5])},
        'xinetd': {'kind': 'sysv', 'runlevels': table([3])},
        'echo': {'kind': 'xinetd', 'enabled': False},
        'telnet': {'kind': 'xinetd', 'enabled': True},
    }
    assert result['xinetd_enabled'] is True
    assert result['unconfigured'] == ['httpd']
    assert result['unsupported'] == ['rc.local']
    assert result['xinetd_services']['echo'] == [{'name': 'echo', 'enabled': False}] * 2
    # the table users know from chkconfig --list, in its own format
    assert result['list'] == [
        'sshd           \t0:off\t1:off\t2:on\t3:on\t4:on\t5:on\t6:off',
        'xinetd         \t0:off\t1:off\t2:off\t3:on\t4:off\t5:off\t6:off',
        '',
        'xinetd based services:',
        '\techo:          \toff',
        '\ttelnet:        \ton',
    ]


def test_xinetd_services_reported_when_xinetd_is_off(tmp_path):
    root = make_root(tmp_path / 'root', 'debian', scripts={'xinetd': 'init.d-xinetd.debian'},
                     xinetd={'telnet': 'xinetd.d-telnet.centos6'})
    for level in range(7):
        os.symlink('../init.d/xinetd', os.path.join(root, 'etc', 'rc%d.d' % level, 'K50xinetd'))
    result = run_module('chkconfig_info', dict(root=root), tmp_path=tmp_path)
    assert result['xinetd_enabled'] is False
    assert result['services']['telnet'] == {'kind': 'xinetd', 'enabled': True}
    # chkconfig shows no xinetd section while xinetd does not start at boot
    assert result['list'] == ['xinetd         \t0:off\t1:off\t2:off\t3:off\t4:off\t5:off\t6:off']


FAKE_LIST = r'''#!%(python)s
"""Stand-in for /sbin/chkconfig --list (no chkconfig package on this
machine): prints a real listing saved from a CentOS 6 host."""
import os, sys
with open(os.environ['FAKE_LISTING'], 'rb') as handle:
    data = handle.read()
with open(os.environ['FAKE_ARGV'], 'w') as handle:
    handle.write(' '.join(sys.argv[1:]) + '|' + os.environ.get('LC_ALL', ''))
getattr(sys.stdout, 'buffer', sys.stdout).write(data)
'''


@pytest.mark.parametrize('listing', ['list-en.txt', 'list-ko.txt', 'list-ko.seed.txt'])
def test_binary_listing_english_and_korean(tmp_path, listing):
    """The binary cannot run here; a fake prints real listings (the Korean
    one as the host printed it) so the module's parsing is what is tested."""
    bindir = tmp_path / 'bin'
    os.makedirs(str(bindir))
    exe = bindir / 'chkconfig'
    exe.write_text(FAKE_LIST % {'python': sys.executable})
    os.chmod(str(exe), 0o755)
    env = {'PATH': str(bindir) + os.pathsep + os.environ.get('PATH', ''),
           'FAKE_LISTING': os.path.join(FIXTURES, listing), 'FAKE_ARGV': str(tmp_path / 'argv')}
    result = run_module('chkconfig_info', dict(backend='chkconfig'), env=env, tmp_path=tmp_path)
    assert result['backend'] == 'chkconfig', result
    assert open(str(tmp_path / 'argv')).read() == '--list|C'
    services = result['services']
    sysv = dict((k, v) for k, v in services.items() if v['kind'] == 'sysv')
    assert len(sysv) == 69
    assert services['xinetd']['runlevels'] == table([3, 4, 5])
    assert services['sshd']['runlevels'] == table([2, 3, 4, 5])
    assert services['httpd']['runlevels'] == table([])
    assert not warnings(result)
    with open(os.path.join(FIXTURES, listing), 'rb') as handle:
        printed = handle.read().decode('utf-8').rstrip('\n').split('\n')
    assert result['list'] == printed


def test_binary_needs_root_slash(tmp_path):
    result = run_module('chkconfig_info', dict(backend='chkconfig', root=str(tmp_path)), tmp_path=tmp_path)
    assert result['failed'] is True and 'root' in result['msg']


@pytest.mark.skipif(not os.path.exists('/usr/bin/systemctl') and not os.path.exists('/bin/systemctl'),
                    reason='systemctl is not installed: the systemd case of xinetd_enabled is not testable here')
def test_xinetd_enabled_through_systemd(tmp_path):
    """EL7: xinetd has a unit; chkconfig asks systemd whether it is enabled.
    systemctl --root works without a running systemd."""
    root = make_root(tmp_path / 'root', 'rhel', xinetd={'telnet': 'xinetd.d-telnet.centos6'})
    for path in ('sbin', 'lib/systemd/system', 'etc/systemd/system'):
        os.makedirs(os.path.join(root, path))
    open(os.path.join(root, 'lib', 'systemd', 'systemd'), 'w').close()
    os.symlink('/lib/systemd/systemd', os.path.join(root, 'sbin', 'init'))
    with open(os.path.join(root, 'lib', 'systemd', 'system', 'xinetd.service'), 'w') as handle:
        handle.write('[Unit]\nDescription=xinetd\n[Service]\nExecStart=/usr/sbin/xinetd\n'
                     '[Install]\nWantedBy=multi-user.target\n')
    assert run_module('chkconfig_info', dict(root=root), tmp_path=tmp_path)['xinetd_enabled'] is False
    os.makedirs(os.path.join(root, 'etc', 'systemd', 'system', 'multi-user.target.wants'))
    os.symlink('/lib/systemd/system/xinetd.service',
               os.path.join(root, 'etc', 'systemd', 'system', 'multi-user.target.wants', 'xinetd.service'))
    result = run_module('chkconfig_info', dict(root=root), tmp_path=tmp_path)
    assert result['xinetd_enabled'] is True
    assert result['services']['telnet'] == {'kind': 'xinetd', 'enabled': True}
