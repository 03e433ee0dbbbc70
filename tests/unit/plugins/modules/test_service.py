# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The service module run as a target runs it (own interpreter, JSON
arguments) against real directory trees under ``root``: priorities and
boot state on both layouts, check and diff mode, idempotence, errors that
leave the tree untouched, xinetd entries in files and in xinetd.conf.
Starting and stopping real daemons is proven by the Molecule scenarios
``service`` and ``service_el6``."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import pytest

pytest.importorskip('ansible')

from test_chkconfig_helpers import interpreter, make_root, rc_listing, run_module, warnings  # noqa: E402

HTTPD = '#!/bin/sh\n# chkconfig: 2345 85 15\n# description: Apache\n'
LSB_APP = ('#!/bin/sh\n### BEGIN INIT INFO\n# Provides: app\n# Required-Start: db\n'
           '# Default-Start: 3 5\n# Default-Stop: 0 1 2 4 6\n### END INIT INFO\n')
DB = '#!/bin/sh\n# chkconfig: 345 56 50\n# description: db\n'
TELNET = 'service telnet\n{\n\tdisable\t= yes\n\tsocket_type\t= stream\n\twait\t= no\n}\n'


def tree_state(root):
    """Every file and link under root with its content or target."""
    out = {}
    for base, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(base, name)
            if os.path.islink(path):
                out[path] = ('link', os.readlink(path))
            elif os.path.isfile(path):
                with open(path) as handle:
                    out[path] = ('file', handle.read(), stat.S_IMODE(os.stat(path).st_mode))
            else:
                out[path] = ('dir',)
    return out


@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
def test_priorities_rhel_check_diff_idempotent(tmp_path, python):
    py = interpreter(python)
    root = make_root(tmp_path / 'root', 'rhel', scripts={'httpd': HTTPD})
    added = run_module('service', dict(name='httpd', enabled=True, root=root), python=py, tmp_path=tmp_path)
    assert added['changed'] is True and added['kind'] == 'sysv'
    assert rc_listing(root, 'rhel')[3] == [('S85httpd', '../init.d/httpd')]
    os.unlink(os.path.join(root, 'etc/rc.d/rc4.d/S85httpd'))
    os.symlink('../init.d/httpd', os.path.join(root, 'etc/rc.d/rc4.d/K15httpd'))

    args = dict(name='httpd', start_priority=30, stop_priority=70, root=root)
    before = tree_state(root)
    checked = run_module('service', args, check=True, diff=True, python=py, tmp_path=tmp_path)
    assert checked['changed'] is True
    assert tree_state(root) == before
    assert checked['links']['3'] == ['S30httpd'] and checked['links']['4'] == ['K70httpd']
    assert checked['diff'][1]['after'] == '# chkconfig: 2345 30 70\n'
    assert 'links: 0:K15httpd' in checked['diff'][0]['before']
    assert 'links: 0:K70httpd' in checked['diff'][0]['after']

    first = run_module('service', args, diff=True, python=py, tmp_path=tmp_path)
    assert first['changed'] is True
    assert (first['start_priority'], first['stop_priority']) == (30, 70)
    assert first['before'] == first['after']        # on/off kept: only the numbers change
    listing = rc_listing(root, 'rhel')
    for level in (2, 3, 5):
        assert listing[level] == [('S30httpd', '../init.d/httpd')]
    for level in (0, 1, 4, 6):
        assert listing[level] == [('K70httpd', '../init.d/httpd')]
    override = os.path.join(root, 'etc/chkconfig.d/httpd')
    with open(override) as handle:
        assert handle.read() == '# chkconfig: 2345 30 70\n'
    assert stat.S_IMODE(os.stat(override).st_mode) == 0o644
    assert first['override'] == override

    second = run_module('service', args, python=py, tmp_path=tmp_path)
    assert second['changed'] is False
    assert tree_state(root) == tree_state(root)
    only_stop = run_module('service', dict(name='httpd', stop_priority=70, root=root), python=py,
                           tmp_path=tmp_path)
    assert only_stop['changed'] is False


def test_enabled_with_runlevels_debian(tmp_path):
    root = make_root(tmp_path / 'root', 'debian', scripts={'httpd': HTTPD})
    args = dict(name='httpd', enabled=True, runlevels=[3], root=root)
    first = run_module('service', args, tmp_path=tmp_path)
    assert first['changed'] is True
    assert first['after'] == {'0': 'off', '1': 'off', '2': 'on', '3': 'on', '4': 'on', '5': 'on', '6': 'off'}
    assert run_module('service', args, tmp_path=tmp_path)['changed'] is False
    off = run_module('service', dict(name='httpd', enabled=False, runlevels=[2, 4], root=root), tmp_path=tmp_path)
    assert off['after'] == {'0': 'off', '1': 'off', '2': 'off', '3': 'on', '4': 'off', '5': 'on', '6': 'off'}
    assert rc_listing(root, 'debian')[2] == [('K15httpd', '../init.d/httpd')]


def test_lsb_priority_refused_nothing_written(tmp_path):
    root = make_root(tmp_path / 'root', 'rhel', scripts={'app': LSB_APP, 'db': DB})
    before = tree_state(root)
    result = run_module('service', dict(name='app', start_priority=40, root=root), tmp_path=tmp_path)
    assert result['failed'] is True
    assert 'start_priority: 40 breaks the LSB order of app: chkconfig would use 57' in result['msg']
    assert tree_state(root) == before
    ok = run_module('service', dict(name='app', start_priority=60, stop_priority=40, root=root),
                    tmp_path=tmp_path)
    assert ok['changed'] is True and ok['start_priority'] == 60
    # never added: like chkconfig resetpriorities, a K link in every runlevel
    assert all(links == [('K40app', '../init.d/app')] for links in rc_listing(root, 'rhel').values())
    on = run_module('service', dict(name='app', enabled=True, runlevels=[3, 5], root=root), tmp_path=tmp_path)
    assert on['changed'] is True
    assert rc_listing(root, 'rhel')[3] == [('S60app', '../init.d/app')]
    assert rc_listing(root, 'rhel')[0] == [('K40app', '../init.d/app')]


@pytest.mark.parametrize('args, message', [
    (dict(name='nosuch', enabled=True), 'name: unknown service nosuch: no init script %(root)s/etc/rc.d/init.d/nosuch '
     'and no xinetd service %(root)s/etc/xinetd.d/nosuch'),
    (dict(name='httpd', state='started'), 'state: started needs root=/'),
    (dict(name='httpd', start_priority=100), 'start_priority: 100 is out of range'),
    (dict(name='httpd', stop_priority=-1), 'stop_priority: -1 is out of range'),
    (dict(name='httpd', runlevels=[3]), 'runlevels: [3] given without enabled'),
    (dict(name='httpd', enabled=True, runlevels=[7]), 'runlevels: runlevel 7 is out of range'),
    (dict(name='../httpd', enabled=True), "name: '../httpd' is not a plain service name"),
    (dict(name='httpd'), 'nothing to do'),
    (dict(name='telnet', start_priority=10), 'telnet is an xinetd service'),
])
def test_errors_change_nothing(tmp_path, args, message):
    root = make_root(tmp_path / 'root', 'rhel', scripts={'httpd': HTTPD}, xinetd={'telnet': TELNET})
    before = tree_state(root)
    args = dict(args, root=root)
    result = run_module('service', args, tmp_path=tmp_path)
    assert result.get('failed') is True, result
    assert message % dict(root=root) in result['msg']
    assert tree_state(root) == before


def test_no_header_is_an_error(tmp_path):
    root = make_root(tmp_path / 'root', 'debian', scripts={'plain': '#!/bin/sh\nexit 0\n'})
    before = tree_state(root)
    result = run_module('service', dict(name='plain', start_priority=20, root=root), tmp_path=tmp_path)
    assert result['failed'] is True and 'does not support chkconfig' in result['msg']
    assert tree_state(root) == before


def test_xinetd_file_enabled_check_and_idempotent(tmp_path):
    root = make_root(tmp_path / 'root', 'rhel', xinetd={'telnet': TELNET})
    path = os.path.join(root, 'etc/xinetd.d/telnet')
    os.chmod(path, 0o600)
    checked = run_module('service', dict(name='telnet', enabled=True, root=root), check=True, diff=True,
                         tmp_path=tmp_path)
    assert checked['changed'] is True and checked['kind'] == 'xinetd'
    assert checked['diff'][0]['after'] == TELNET.replace('disable\t= yes', 'disable\t= no')
    with open(path) as handle:
        assert handle.read() == TELNET
    first = run_module('service', dict(name='telnet', enabled=True, runlevels=[3], root=root), tmp_path=tmp_path)
    assert first['changed'] is True and first['reloaded'] is False and first['xinetd_pid'] is None
    assert any('runlevels do not apply' in w for w in warnings(first))
    with open(path) as handle:
        assert handle.read() == TELNET.replace('disable\t= yes', 'disable\t= no')
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert run_module('service', dict(name='telnet', enabled=True, root=root), tmp_path=tmp_path)['changed'] is False


def test_xinetd_conf_block(tmp_path):
    root = make_root(tmp_path / 'root', 'debian')
    conf = os.path.join(root, 'etc/xinetd.conf')
    text = ('defaults\n{\n}\n\nservice daytime\n{\n\tdisable\t= yes\n\ttype\t= INTERNAL\n}\n\n'
            'service time\n{\n\tdisable\t= yes\n\ttype\t= INTERNAL\n}\n\nincludedir /etc/xinetd.d\n')
    with open(conf, 'w') as handle:
        handle.write(text)
    # xinetd would drop the entry (no socket_type, no wait): refused, file untouched
    refused = run_module('service', dict(name='time', enabled=True, root=root), tmp_path=tmp_path)
    assert refused['failed'] is True and 'wait is required' in refused['msg']
    with open(conf) as handle:
        assert handle.read() == text
    text = text.replace('\ttype\t= INTERNAL\n', '\ttype\t= INTERNAL\n\tsocket_type\t= stream\n\twait\t= no\n')
    with open(conf, 'w') as handle:
        handle.write(text)
    result = run_module('service', dict(name='time', enabled=True, root=root), tmp_path=tmp_path)
    assert result['changed'] is True and result['path'] == conf
    with open(conf) as handle:
        assert handle.read() == text.replace('disable\t= yes\n\ttype\t= INTERNAL\n\tsocket_type\t= stream\n'
                                             '\twait\t= no\n}\n\nincludedir',
                                             'disable\t= no\n\ttype\t= INTERNAL\n\tsocket_type\t= stream\n'
                                             '\twait\t= no\n}\n\nincludedir')
    assert run_module('service', dict(name='time', enabled=True, root=root), tmp_path=tmp_path)['changed'] is False
