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
import stat
import subprocess
import sys

import pytest

pytest.importorskip('ansible')

from test_chkconfig_helpers import FIXTURES, interpreter, make_root, rc_listing, run_module, warnings  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import realxinetd  # noqa: E402  pylint: disable=wrong-import-position
from realxinetd import tcp_echoes, tcp_refused, udp_echoes, wait_for  # noqa: E402

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
# The real xinetd (tests/unit/realxinetd.py) runs for the root tree: the tests
# check that the module's reload made it serve, or stop serving, the service
# on 127.0.0.1, and that no reload happens when nothing changed.


def loopback_echo(port):
    """The Debian echo file (tcp and udp blocks, a blank line between them) with
    both services moved to 127.0.0.1:port: UNLISTED so xinetd takes a port
    other than echo's 7 from /etc/services."""
    with open(os.path.join(FIXTURES, 'xinetd.d-echo.debian')) as handle:
        text = handle.read()
    assert text.count('\ttype\t\t= INTERNAL\n') == 2
    return text.replace('\ttype\t\t= INTERNAL\n', '\ttype\t\t= INTERNAL UNLISTED\n\tport\t\t= %d\n'
                        '\tbind\t\t= 127.0.0.1\n' % port)


@pytest.fixture
def real_xinetd(tmp_path):
    """Start the real xinetd of a root tree: ``start(root, var_run=False)`` -> ``(daemon, pid)``.

    It reads ``ROOT/etc/xinetd.conf`` (``includedir ROOT/etc/xinetd.d``), logs
    to a file outside the root and runs named ``xinetd`` with ``ROOT/run``
    (``ROOT/var/run`` a link to it) as its ``/run``: its pidfile
    ``/run/xinetd.pid`` and its SIGUSR1 dump ``/var/run/xinetd.dump`` are
    where the module looks for them under ``root``.  ``var_run=True``: a real
    ``ROOT/var/run`` directory instead (the pidfile the module tries second).
    See tests/unit/realxinetd.py; skips with the reason when xinetd cannot run.
    """
    realxinetd.require()
    daemons = []

    def start(root, var_run=False):
        os.makedirs(os.path.join(root, 'var'))
        if var_run:
            run_dir = os.path.join(root, 'var', 'run')
            os.makedirs(run_dir)
        else:
            run_dir = os.path.join(root, 'run')
            os.makedirs(run_dir)
            os.symlink('../run', os.path.join(root, 'var', 'run'))
        conf = os.path.join(root, 'etc', 'xinetd.conf')
        with open(conf, 'w') as handle:
            handle.write('defaults\n{\n}\n\nincludedir %s\n' % os.path.join(root, 'etc', 'xinetd.d'))
        daemon = realxinetd.Xinetd(str(tmp_path / 'daemon'), 'xinetd', conf=conf, run_dir=run_dir,
                                   pidfile=os.path.join(run_dir, 'xinetd.pid'))
        daemons.append(daemon)
        return daemon, daemon.start()
    try:
        yield start
    finally:
        for daemon in daemons:
            daemon.stop()


def _reloads(daemon, expected):
    """Wait until the daemon's log holds ``expected`` reconfigurations; the count."""
    wait_for(lambda: daemon.count(realxinetd.RECONFIGURED) >= expected)
    return daemon.count(realxinetd.RECONFIGURED)


def _no_reload_warning(result):
    return not any('xinetd' in w and ('reload' in w or 'fresh' in w) for w in warnings(result))


@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
def test_xinetd_service_on_off(tmp_path, real_xinetd, python):
    py = interpreter(python)
    port = realxinetd.free_port_both()
    root = make_root(tmp_path / 'root', 'debian', xinetd={'echo': loopback_echo(port)})
    daemon, pid = real_xinetd(root)
    path = os.path.join(root, 'etc', 'xinetd.d', 'echo')
    original = open(path).read()
    assert tcp_refused(port)                                          # disabled: xinetd does not listen

    checked = run_module('chkconfig', dict(name='echo', enabled=True, root=root), check=True, python=py,
                         tmp_path=tmp_path)
    # 'enabled': xinetd's reading of the file (the result may hold more keys)
    assert checked['changed'] is True and checked['after']['enabled'] is True
    assert open(path).read() == original
    assert daemon.count(realxinetd.RECONFIGURED) == 0

    result = run_module('chkconfig', dict(name='echo', enabled=True, root=root), diff=True, python=py,
                        tmp_path=tmp_path)
    assert result['changed'] is True and result['kind'] == 'xinetd'
    assert result['before']['enabled'] is False and result['after']['enabled'] is True
    assert result['reloaded'] is True and _no_reload_warning(result), result
    # the running xinetd re-read its configuration and serves both echo services now
    assert _reloads(daemon, 1) == 1, daemon.log_text()
    assert wait_for(lambda: tcp_echoes(port)), daemon.log_text()
    assert udp_echoes(port)
    assert daemon.pid_from_file() == pid and daemon.is_ours(pid)      # reloaded, not restarted
    new = open(path).read()
    assert new == original.replace('\tdisable\t\t= yes', '\tdisable\t\t= no')
    assert '\n\n# This is the udp version.' in new                  # blank line kept
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644            # not chkconfig's 0600
    assert sorted(os.listdir(os.path.dirname(path))) == ['echo']    # no temp file left
    assert result['diff'][1]['after'] == new

    again = run_module('chkconfig', dict(name='echo', enabled=True, root=root), python=py, tmp_path=tmp_path)
    assert again['changed'] is False and again['reloaded'] is False
    assert daemon.count(realxinetd.RECONFIGURED) == 1                 # no reload without a change
    assert tcp_echoes(port)

    off = run_module('chkconfig', dict(name='echo', enabled=False, root=root), python=py, tmp_path=tmp_path)
    assert off['changed'] is True and off['after']['enabled'] is False
    assert off['reloaded'] is True and _no_reload_warning(off), off
    assert open(path).read() == original
    # reloaded again: xinetd closed both sockets
    assert _reloads(daemon, 2) == 2, daemon.log_text()
    assert wait_for(lambda: tcp_refused(port)), daemon.log_text()
    assert not udp_echoes(port, timeout=0.5)
    assert daemon.pid_from_file() == pid and daemon.is_ours(pid)


def test_xinetd_normalizes_without_reload(tmp_path, real_xinetd):
    text = 'service t\n{\n\tsocket_type\t= stream\n\n\tDISABLE\t\t= YES\n}\n'
    root = make_root(tmp_path / 'root', 'debian', xinetd={'t': text})
    daemon, pid = real_xinetd(root, var_run=True)       # found by ROOT/var/run/xinetd.pid
    result = run_module('chkconfig', dict(name='t', enabled=False, root=root), tmp_path=tmp_path)
    # xinetd already disables it (case-insensitive); the line is made readable for chkconfig too:
    # chkconfig --list read 'on' (it reads only a lowercase 'disable' line), now 'off' - the change
    assert result['before'] == {'enabled': False, 'chkconfig_enabled': True}
    assert result['after'] == {'enabled': False, 'chkconfig_enabled': False}
    assert result['changed'] is True and result['reloaded'] is False
    assert open(os.path.join(root, 'etc', 'xinetd.d', 't')).read() == text.replace('DISABLE\t\t= YES', 'disable\t\t= yes')
    # the running xinetd got no signal: no reconfiguration, no state dump
    assert daemon.count(realxinetd.RECONFIGURED) == 0 and 'state dump' not in daemon.log_text()
    assert not os.path.exists(os.path.join(root, 'var', 'run', 'xinetd.dump'))
    assert daemon.pid_from_file() == pid and daemon.is_ours(pid)


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


# update-rc.d enable|disable reads the LSB header from /etc/init.d even with
# DPKG_ROOT, so it cannot run against a temporary root: the Molecule scenario
# chkconfig runs it on / in the container (converge.yml "Stop
# inetutils-syslogd in runlevel 2 through update-rc.d", checked by
# molecule/chkconfig/tests/test_chkconfig.py::test_update_rc_d_backend).


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


NO_SYSTEMCTL = not os.path.exists('/usr/bin/systemctl') and not os.path.exists('/bin/systemctl')


def test_systemd_forwarding_detection(tmp_path):
    root = _systemd_root(tmp_path, {'foo': SSHD})
    sysv = run_module('chkconfig', dict(name='foo', backend='native', enabled=True, root=root), check=True,
                      tmp_path=tmp_path)
    assert sysv['backend'] == 'native'
    # without systemd as init, the same service stays SysV
    os.unlink(os.path.join(root, 'sbin', 'init'))
    os.symlink('/lib/sysvinit/init', os.path.join(root, 'sbin', 'init'))
    auto = run_module('chkconfig', dict(name='foo', enabled=True, root=root), check=True, tmp_path=tmp_path)
    assert auto['backend'] == 'native'


@pytest.mark.skipif(NO_SYSTEMCTL, reason='systemctl is not installed: forwarding to systemd not testable here')
def test_systemd_forwarding_detection_with_systemctl(tmp_path):
    """With systemd as init in the root and systemctl on this machine, a
    service with both an init script and a unit goes to systemd."""
    root = _systemd_root(tmp_path, {'foo': SSHD})
    forwarded = run_module('chkconfig', dict(name='foo', enabled=True, root=root), check=True, tmp_path=tmp_path)
    assert forwarded['backend'] == 'systemd' and forwarded['unit'] == 'foo.service', forwarded
    assert forwarded['changed'] is True and forwarded['commands'][0][-2:] == ['enable', 'foo.service']


@pytest.mark.skipif(NO_SYSTEMCTL, reason='systemctl is not installed: forwarding to systemd not testable here')
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
