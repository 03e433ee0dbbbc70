# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The chkconfig module run as a target runs it (own interpreter, JSON
arguments) against real directory trees under ``root``."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

pytest.importorskip('ansible')

from test_chkconfig_helpers import interpreter, make_root, rc_listing, run_module, warnings  # noqa: E402

SSHD = '#!/bin/sh\n# chkconfig: 2345 55 25\n# description: OpenSSH server daemon\n'
HTTPD = '#!/bin/sh\n# chkconfig: - 85 15\n# description: Apache\n'
ALL_OFF = dict((str(level), 'off') for level in range(7))


def table(on):
    return dict((str(level), 'on' if level in on else 'off') for level in range(7))


# ------------------------------------------------------------------ native, init scripts

@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
def test_native_rhel_add_exclusive_idempotent(tmp_path, python):
    py = interpreter(python)
    root = make_root(tmp_path / 'root', 'rhel', scripts={'httpd': HTTPD})
    args = dict(name='httpd', runlevels=[3, 5], enabled=True, exclusive=True, root=root)

    checked = run_module('chkconfig', args, check=True, diff=True, python=py, tmp_path=tmp_path)
    assert checked['changed'] is True
    assert checked['after'] == table([3, 5])
    assert rc_listing(root, 'rhel') == dict((level, []) for level in range(7))   # check mode wrote nothing

    first = run_module('chkconfig', args, diff=True, python=py, tmp_path=tmp_path)
    assert first['changed'] is True and first['backend'] == 'native' and first['kind'] == 'sysv'
    assert first['before'] == ALL_OFF
    assert first['after'] == table([3, 5]) == checked['after']
    assert first['diff']['before'].split() == ['httpd'] + ['%d:off' % level for level in range(7)]
    assert '3:on' in first['diff']['after'] and '4:off' in first['diff']['after']
    listing = rc_listing(root, 'rhel')
    assert listing[3] == listing[5] == [('S85httpd', '../init.d/httpd')]
    for level in (0, 1, 2, 4, 6):
        assert listing[level] == [('K15httpd', '../init.d/httpd')]

    second = run_module('chkconfig', args, python=py, tmp_path=tmp_path)
    assert second['changed'] is False
    assert second['before'] == second['after'] == table([3, 5])


def test_native_on_without_exclusive_leaves_other_levels(tmp_path):
    root = make_root(tmp_path / 'root', 'rhel', scripts={'sshd': SSHD})
    rc2 = os.path.join(root, 'etc', 'rc.d', 'rc2.d')
    os.symlink('../init.d/sshd', os.path.join(rc2, 'K25sshd'))
    result = run_module('chkconfig', dict(name='sshd', runlevels=[3], enabled=True, state='present', root=root),
                        tmp_path=tmp_path)
    # --add filled the levels without links from the header, level 2 kept its K link
    listing = rc_listing(root, 'rhel')
    assert listing[2] == [('K25sshd', '../init.d/sshd')]
    assert listing[3] == listing[4] == listing[5] == [('S55sshd', '../init.d/sshd')]
    assert listing[0] == [('K25sshd', '../init.d/sshd')]
    assert result['after'] == table([3, 4, 5])
    # now level 4 off, others untouched
    result = run_module('chkconfig', dict(name='sshd', runlevels=[4], enabled=False, root=root), tmp_path=tmp_path)
    assert result['changed'] is True and result['after'] == table([3, 5])
    assert rc_listing(root, 'rhel')[4] == [('K25sshd', '../init.d/sshd')]


def test_native_exclusive_turns_off_what_it_should(tmp_path):
    root = make_root(tmp_path / 'root', 'debian', scripts={'xinetd': 'init.d-xinetd.debian'})
    for level in (2, 3, 4, 5):      # as insserv would have made them
        os.symlink('../init.d/xinetd', os.path.join(root, 'etc', 'rc%d.d' % level, 'S01xinetd'))
    for level in (0, 1, 6):
        os.symlink('../init.d/xinetd', os.path.join(root, 'etc', 'rc%d.d' % level, 'K01xinetd'))
    result = run_module('chkconfig', dict(name='xinetd', runlevels=[3, 5], enabled=True, exclusive=True,
                                          root=root), tmp_path=tmp_path)
    assert result['changed'] is True and result['layout'] == 'debian'
    assert result['before'] == table([2, 3, 4, 5]) and result['after'] == table([3, 5])
    listing = rc_listing(root, 'debian')
    assert listing[3] == listing[5] == [('S01xinetd', '../init.d/xinetd')]   # in state: kept as is
    assert listing[2] == listing[4] == [('K50xinetd', '../init.d/xinetd')]   # LSB stop priority
    assert listing[0] == [('K01xinetd', '../init.d/xinetd')]


def test_native_absent(tmp_path):
    root = make_root(tmp_path / 'root', 'rhel', scripts={'sshd': SSHD})
    run_module('chkconfig', dict(name='sshd', root=root), tmp_path=tmp_path)
    assert rc_listing(root, 'rhel')[3] == [('S55sshd', '../init.d/sshd')]
    result = run_module('chkconfig', dict(name='sshd', state='absent', root=root), tmp_path=tmp_path)
    assert result['changed'] is True and result['after'] == ALL_OFF
    assert rc_listing(root, 'rhel') == dict((level, []) for level in range(7))
    assert os.path.isfile(os.path.join(root, 'etc', 'rc.d', 'init.d', 'sshd'))
    assert run_module('chkconfig', dict(name='sshd', state='absent', root=root), tmp_path=tmp_path)['changed'] is False


@pytest.mark.parametrize('args, words', [
    (dict(name='sshd', runlevels=[3, 9], enabled=True), ['runlevels', '9']),
    (dict(name='nosuch'), ['name', 'unknown service nosuch']),
    (dict(name='noheader'), ['noheader does not support chkconfig']),
    (dict(name='../sshd'), ['name', '../sshd']),
    (dict(name='sshd', backend='update-rc.d', exclusive=True, enabled=True), ['update-rc.d', 'Debian layout']),
])
def test_errors(tmp_path, args, words):
    root = make_root(tmp_path / 'root', 'rhel', scripts={'sshd': SSHD, 'noheader': '#!/bin/sh\necho hi\n'})
    args = dict(args, root=root)
    result = run_module('chkconfig', args, tmp_path=tmp_path)
    assert result.get('failed') is True, result
    for word in words:
        assert word in result['msg']
    assert rc_listing(root, 'rhel') == dict((level, []) for level in range(7))


# ------------------------------------------------------------------ xinetd services

HUP_CHILD = r'''
import ctypes, os, signal, sys, time
flag, dump = sys.argv[1], sys.argv[2]
# named like the daemon (PR_SET_NAME), so _xinetd_daemon.Daemon accepts the pid
ctypes.CDLL(None).prctl(15, b'xinetd', 0, 0, 0)
def hup(signum, frame):
    with open(flag, 'a') as handle:
        handle.write('hup\n')
def usr1(signum, frame):
    # xinetd writes its state dump on SIGUSR1: the reload waits for it
    if not os.path.isdir(os.path.dirname(dump)):
        os.makedirs(os.path.dirname(dump))
    with open(dump, 'w') as handle:
        handle.write('dump\n')
signal.signal(signal.SIGHUP, hup)
signal.signal(signal.SIGUSR1, usr1)
open(flag + '.ready', 'w').close()
deadline = time.time() + 60
while time.time() < deadline:
    time.sleep(0.05)
'''


@pytest.fixture
def fake_xinetd(tmp_path):
    """A process standing in for a running xinetd (named xinetd, pidfile, SIGHUP, SIGUSR1 dump)."""
    flag = str(tmp_path / 'hups')
    dump = str(tmp_path / 'root' / 'var' / 'run' / 'xinetd.dump')
    child = subprocess.Popen([sys.executable, '-c', HUP_CHILD, flag, dump])
    deadline = time.time() + 10
    while not os.path.exists(flag + '.ready') and time.time() < deadline:
        time.sleep(0.05)
    yield child, flag
    child.send_signal(signal.SIGTERM)
    child.wait()


def _hups(flag, expected):
    deadline = time.time() + 5
    count = 0
    while time.time() < deadline:
        count = open(flag).read().count('hup') if os.path.exists(flag) else 0
        if count >= expected:
            break
        time.sleep(0.05)
    time.sleep(0.2)
    return open(flag).read().count('hup') if os.path.exists(flag) else 0


@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
def test_xinetd_service_on_off(tmp_path, fake_xinetd, python):
    py = interpreter(python)
    child, flag = fake_xinetd
    root = make_root(tmp_path / 'root', 'debian', xinetd={'echo': 'xinetd.d-echo.debian'})
    os.makedirs(os.path.join(root, 'run'))
    with open(os.path.join(root, 'run', 'xinetd.pid'), 'w') as handle:
        handle.write('%d\n' % child.pid)
    path = os.path.join(root, 'etc', 'xinetd.d', 'echo')
    original = open(path).read()

    checked = run_module('chkconfig', dict(name='echo', enabled=True, root=root), check=True, python=py,
                         tmp_path=tmp_path)
    assert checked['changed'] is True and checked['after'] == {'enabled': True}
    assert open(path).read() == original

    result = run_module('chkconfig', dict(name='echo', enabled=True, root=root), diff=True, python=py,
                        tmp_path=tmp_path)
    assert result['changed'] is True and result['kind'] == 'xinetd'
    assert result['before'] == {'enabled': False} and result['after'] == {'enabled': True}
    assert result['reloaded'] is True
    assert _hups(flag, 1) == 1
    new = open(path).read()
    assert new == original.replace('\tdisable\t\t= yes', '\tdisable\t\t= no')
    assert '\n\n# This is the udp version.' in new                  # blank line kept
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644            # not chkconfig's 0600
    assert sorted(os.listdir(os.path.dirname(path))) == ['echo']    # no temp file left
    assert result['diff'][1]['after'] == new

    again = run_module('chkconfig', dict(name='echo', enabled=True, root=root), python=py, tmp_path=tmp_path)
    assert again['changed'] is False and again['reloaded'] is False
    assert _hups(flag, 2) == 1                                       # no reload without a change

    off = run_module('chkconfig', dict(name='echo', enabled=False, root=root), python=py, tmp_path=tmp_path)
    assert off['changed'] is True and off['after'] == {'enabled': False}
    assert open(path).read() == original
    assert _hups(flag, 2) == 2


def test_xinetd_normalizes_without_reload(tmp_path, fake_xinetd):
    child, flag = fake_xinetd
    text = 'service t\n{\n\tsocket_type\t= stream\n\n\tDISABLE\t\t= YES\n}\n'
    root = make_root(tmp_path / 'root', 'debian', xinetd={'t': text})
    os.makedirs(os.path.join(root, 'var', 'run'))
    with open(os.path.join(root, 'var', 'run', 'xinetd.pid'), 'w') as handle:
        handle.write('%d\n' % child.pid)
    result = run_module('chkconfig', dict(name='t', enabled=False, root=root), tmp_path=tmp_path)
    # xinetd already disables it (case-insensitive); the line is made readable for chkconfig too
    assert result['before'] == result['after'] == {'enabled': False}
    assert result['changed'] is True and result['reloaded'] is False
    assert open(os.path.join(root, 'etc', 'xinetd.d', 't')).read() == text.replace('DISABLE\t\t= YES', 'disable\t\t= yes')
    assert _hups(flag, 1) == 0


def test_xinetd_warns_about_runlevels(tmp_path):
    root = make_root(tmp_path / 'root', 'debian', xinetd={'telnet': 'xinetd.d-telnet.centos6'})
    result = run_module('chkconfig', dict(name='telnet', enabled=False, runlevels=[3], root=root), tmp_path=tmp_path)
    assert result['changed'] is True and result['reloaded'] is False   # no xinetd running
    assert any('runlevels' in w for w in warnings(result))


def test_init_script_wins_over_xinetd_file(tmp_path):
    root = make_root(tmp_path / 'root', 'rhel', scripts={'sshd': SSHD}, xinetd={'sshd': 'xinetd.d-echo.debian'})
    result = run_module('chkconfig', dict(name='sshd', root=root), tmp_path=tmp_path)
    assert result['kind'] == 'sysv'


# ------------------------------------------------------------------ chkconfig binary (fake)

FAKE_CHKCONFIG = r'''#!%(python)s
# -*- coding: utf-8 -*-
"""Stand-in for /sbin/chkconfig: this machine has no chkconfig package."""
import io, json, os, sys
state_file = os.environ['FAKE_CHKCONFIG_STATE']
with open(os.environ['FAKE_CHKCONFIG_LOG'], 'a') as log:
    log.write(json.dumps({'argv': sys.argv[1:], 'LC_ALL': os.environ.get('LC_ALL'),
                          'LANG': os.environ.get('LANG')}) + '\n')
state = json.load(open(state_file))
locale = os.environ.get('LC_ALL') or os.environ.get('LC_MESSAGES') or os.environ.get('LANG') or 'C'
words = {True: u'\ud65c\uc131', False: u'\ud574\uc81c'} if locale.startswith('ko') else {True: u'on', False: u'off'}
out = io.open(sys.stdout.fileno(), 'w', encoding='utf-8', closefd=False)
args = sys.argv[1:]

def save():
    json.dump(state, open(state_file, 'w'))

def svc(name):
    if name not in state:
        sys.stderr.write('error reading information on service %%s: No such file or directory\n' %% name)
        sys.exit(1)
    if state[name]['header'] is None:
        sys.stderr.write('service %%s does not support chkconfig\n' %% name)
        sys.exit(1)
    return state[name]

if args[0] == '--list':
    s = svc(args[1])
    if s['links'] is None:
        sys.stderr.write("service %%s supports chkconfig, but is not referenced in any runlevel "
                         "(run 'chkconfig --add %%s')\n" %% (args[1], args[1]))
        sys.exit(1)
    out.write(u'%%-15s' %% args[1] + u''.join(u'\t%%d:%%s' %% (i, words[s['links'][i] == 'S']) for i in range(7)) + u'\n')
elif args[0] == '--add':
    s = svc(args[1])
    links = s['links'] or [None] * 7
    s['links'] = [l if l else ('S' if i in s['header'] else 'K') for i, l in enumerate(links)]
    save()
elif args[0] == '--del':
    svc(args[1])['links'] = None
    save()
else:
    levels = [2, 3, 4, 5]
    if args[0] == '--level':
        levels = [int(c) for c in args[1]]
        args = args[2:]
    s = svc(args[0])
    links = s['links'] or [None] * 7
    for i in levels:
        links[i] = 'S' if args[1] == 'on' else 'K'
    s['links'] = links
    save()
'''


@pytest.fixture
def fake_chkconfig(tmp_path):
    """A fake chkconfig on a temporary PATH.  The real binary cannot run on
    this machine (Debian has no chkconfig package and no CentOS userland can
    be fetched), so this fake stands in for it: it records argv and locale
    variables and prints --list output in English, or in Korean unless
    LC_ALL=C is set, as the real one does."""
    bindir = tmp_path / 'bin'
    os.makedirs(str(bindir))
    exe = bindir / 'chkconfig'
    exe.write_text(FAKE_CHKCONFIG % {'python': sys.executable})
    os.chmod(str(exe), 0o755)
    statefile = str(tmp_path / 'state.json')
    with open(statefile, 'w') as handle:
        json.dump({'fakehttpd': {'header': [], 'links': None},
                   'fakebroken': {'header': None, 'links': None}}, handle)
    log = str(tmp_path / 'argv.log')
    env = {'PATH': str(bindir) + os.pathsep + os.environ.get('PATH', ''),
           'FAKE_CHKCONFIG_STATE': statefile, 'FAKE_CHKCONFIG_LOG': log,
           'LANG': 'ko_KR.UTF-8', 'LC_ALL': ''}

    def calls():
        if not os.path.exists(log):
            return []
        return [json.loads(line) for line in open(log)]
    return env, calls, str(exe)


def test_chkconfig_backend(tmp_path, fake_chkconfig):
    env, calls, exe = fake_chkconfig
    args = dict(name='fakehttpd', runlevels=[3, 5], enabled=True, exclusive=True, backend='chkconfig')

    checked = run_module('chkconfig', args, check=True, env=env, tmp_path=tmp_path)
    assert checked['changed'] is True
    assert checked['commands'] == [[exe, '--add', 'fakehttpd'], [exe, '--level', '35', 'fakehttpd', 'on']]
    assert [c['argv'] for c in calls()] == [['--list', 'fakehttpd']]       # check mode only reads

    result = run_module('chkconfig', args, env=env, tmp_path=tmp_path)
    assert result['changed'] is True and result['backend'] == 'chkconfig'
    assert result['before'] == ALL_OFF and result['after'] == table([3, 5])
    argvs = [c['argv'] for c in calls()][1:]
    assert argvs == [['--list', 'fakehttpd'], ['--add', 'fakehttpd'], ['--level', '35', 'fakehttpd', 'on'],
                     ['--list', 'fakehttpd']]
    assert all(c['LC_ALL'] == 'C' for c in calls())

    again = run_module('chkconfig', args, env=env, tmp_path=tmp_path)
    assert again['changed'] is False and again['commands'] == []

    off = run_module('chkconfig', dict(args, runlevels=[5], enabled=False, exclusive=False), env=env,
                     tmp_path=tmp_path)
    assert off['commands'] == [[exe, '--level', '5', 'fakehttpd', 'off']] and off['after'] == table([3])

    gone = run_module('chkconfig', dict(name='fakehttpd', state='absent', backend='chkconfig'), env=env,
                      tmp_path=tmp_path)
    assert gone['commands'] == [[exe, '--del', 'fakehttpd']] and gone['after'] == ALL_OFF


def test_chkconfig_backend_errors(tmp_path, fake_chkconfig):
    env, calls, exe = fake_chkconfig
    result = run_module('chkconfig', dict(name='fakebroken', enabled=True, backend='chkconfig'), env=env,
                        tmp_path=tmp_path)
    assert result['failed'] is True and 'does not support chkconfig' in result['msg']
    result = run_module('chkconfig', dict(name='fakehttpd', backend='chkconfig', root=str(tmp_path)), env=env,
                        tmp_path=tmp_path)
    assert result['failed'] is True and 'root' in result['msg']


def test_fake_prints_korean_without_lc_all(fake_chkconfig, tmp_path):
    """The reason for LC_ALL=C: the same fake, asked without it, answers in Korean."""
    env, calls, exe = fake_chkconfig
    environ = dict(os.environ, **env)
    subprocess.check_call([exe, '--add', 'fakehttpd'], env=environ)
    out = subprocess.check_output([exe, '--list', 'fakehttpd'], env=environ).decode('utf-8')
    assert u'3:\ud574\uc81c' in out


# ------------------------------------------------------------------ update-rc.d (real, DPKG_ROOT)

UPDATE_RC_D = '/usr/sbin/update-rc.d'


@pytest.mark.skipif(not os.path.exists(UPDATE_RC_D), reason='update-rc.d (init-system-helpers) is not installed')
def test_update_rc_d_backend_defaults_and_remove(tmp_path):
    root = make_root(tmp_path / 'root', 'debian', scripts={'xinetd': 'init.d-xinetd.debian'})
    result = run_module('chkconfig', dict(name='xinetd', backend='update-rc.d', root=root), tmp_path=tmp_path)
    assert result['changed'] is True and result['backend'] == 'update-rc.d', result
    assert result['after'] == table([2, 3, 4, 5])
    listing = rc_listing(root, 'debian')
    assert [e for e, _t in listing[3]] == ['S01xinetd'] and [e for e, _t in listing[0]] == ['K01xinetd']
    again = run_module('chkconfig', dict(name='xinetd', backend='update-rc.d', root=root), tmp_path=tmp_path)
    assert again['changed'] is False
    gone = run_module('chkconfig', dict(name='xinetd', backend='update-rc.d', state='absent', root=root),
                      tmp_path=tmp_path)
    assert gone['changed'] is True and gone['commands'][0][1:] == ['-f', 'xinetd', 'remove']
    assert rc_listing(root, 'debian') == dict((level, []) for level in range(7))


def test_update_rc_d_enable_disable_under_root():
    pytest.skip('update-rc.d enable|disable reads the LSB header from /etc/init.d even with DPKG_ROOT, '
                'so it cannot run against a temporary root; molecule/chkconfig runs it on / in the container')


# ------------------------------------------------------------------ systemd forwarding

def _systemd_root(tmp_path, scripts=None):
    root = make_root(tmp_path / 'root', 'debian', scripts=scripts or {})
    os.makedirs(os.path.join(root, 'sbin'))
    os.makedirs(os.path.join(root, 'lib', 'systemd', 'system'))
    os.makedirs(os.path.join(root, 'etc', 'systemd', 'system'))
    with open(os.path.join(root, 'lib', 'systemd', 'systemd'), 'w'):
        pass
    os.symlink('/lib/systemd/systemd', os.path.join(root, 'sbin', 'init'))
    with open(os.path.join(root, 'lib', 'systemd', 'system', 'foo.service'), 'w') as handle:
        handle.write('[Unit]\nDescription=foo\n[Service]\nExecStart=/bin/true\n'
                     '[Install]\nWantedBy=multi-user.target\n')
    return root


def test_systemd_forwarding_detection(tmp_path):
    root = _systemd_root(tmp_path, {'foo': SSHD})
    sysv = run_module('chkconfig', dict(name='foo', backend='native', enabled=True, root=root), check=True,
                      tmp_path=tmp_path)
    assert sysv['backend'] == 'native'
    if os.path.exists('/usr/bin/systemctl') or os.path.exists('/bin/systemctl'):
        forwarded = run_module('chkconfig', dict(name='foo', enabled=True, root=root), check=True, tmp_path=tmp_path)
        assert forwarded['backend'] == 'systemd' and forwarded['unit'] == 'foo.service', forwarded
        assert forwarded['changed'] is True and forwarded['commands'][0][-2:] == ['enable', 'foo.service']
    # without systemd as init, the same service stays SysV
    os.unlink(os.path.join(root, 'sbin', 'init'))
    os.symlink('/lib/sysvinit/init', os.path.join(root, 'sbin', 'init'))
    auto = run_module('chkconfig', dict(name='foo', enabled=True, root=root), check=True, tmp_path=tmp_path)
    assert auto['backend'] == 'native'


@pytest.mark.skipif(not os.path.exists('/usr/bin/systemctl') and not os.path.exists('/bin/systemctl'),
                    reason='systemctl is not installed: forwarding to systemd not testable here')
def test_systemd_forwarding_offline_root(tmp_path):
    """systemctl --root works without a running systemd; the container has
    no systemd, so this is the only real forwarding path tested.  The root
    holds only the unit: with an init script of the same name systemctl
    would also run update-rc.d inside the root, which this tree lacks."""
    root = _systemd_root(tmp_path)
    wants = os.path.join(root, 'etc', 'systemd', 'system', 'multi-user.target.wants', 'foo.service')
    result = run_module('chkconfig', dict(name='foo', enabled=True, runlevels=[3], root=root), tmp_path=tmp_path)
    assert result['backend'] == 'systemd' and result['unit'] == 'foo.service', result
    assert result['before'] == {'enabled': False} and result['after'] == {'enabled': True}
    assert any('ignored' in w for w in warnings(result))
    assert os.path.islink(wants)
    assert rc_listing(root, 'debian') == dict((level, []) for level in range(7))    # no SysV links
    again = run_module('chkconfig', dict(name='foo', enabled=True, root=root), tmp_path=tmp_path)
    assert again['changed'] is False
    off = run_module('chkconfig', dict(name='foo', enabled=False, root=root), tmp_path=tmp_path)
    assert off['changed'] is True and not os.path.lexists(wants)
