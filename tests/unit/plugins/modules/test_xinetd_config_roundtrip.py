# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The options that make xinetd_config the whole xinetd layer in one module
run: ``xinetd_state: auto``/``stopped``, ``disable_ids``, ``packages`` /
``remove_packages`` (and, in test_xinetd_boot, ``runlevels``).

The module runs as a target runs it.  The tests of ``xinetd_state`` run
it against the real xinetd of test_xinetd_config's ``Site`` (an explicit
``pidfile``, so no other process is ever signalled; see
tests/unit/realxinetd.py); they skip with the reason where it cannot run.
Packages are asked of the real ``dpkg-query`` where one is
installed (read only); installing and removing go to a fake ``apt-get`` /
``dpkg-query`` pair on PATH, since a test must not change the machine's
packages.  The real links and packages are exercised by the Molecule
scenarios ``role_xinetd``, ``role_telnet_hardening`` and
``role_telnet_hardening_absent``."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import sys
import time

import pytest

pytest.importorskip('ansible')

from xinetd_module_helpers import interpreter, run_module  # noqa: E402
from test_xinetd_config import Site, cat, confirmed, free_port  # noqa: E402
from realxinetd import tcp_echoes, tcp_refused  # noqa: E402

ECHO = ('# vendor file: keep me\nservice echo\n{\n\tdisable\t\t= no\n\ttype\t\t= INTERNAL\n'
        '\tid\t\t= echo-stream\n\tsocket_type\t= stream\n\twait\t\t= no\n}\n\n'
        'service echo\n{\n\ttype\t\t= INTERNAL\n\tid\t\t= echo-dgram\n\tsocket_type\t= dgram\n'
        '\twait\t\t= yes\n}\n')


@pytest.fixture
def site(tmp_path):
    s = Site(tmp_path)
    with open(s.main, 'w') as handle:
        handle.write('defaults\n{\n}\nincludedir %s\n' % s.dir)
    yield s
    s.stop()


def alive(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    with open('/proc/%d/stat' % pid) as handle:
        return handle.read().rsplit(')', 1)[-1].split()[0] != 'Z'


def wait_gone(pid, seconds=5):
    deadline = time.time() + seconds
    while alive(pid) and time.time() < deadline:
        time.sleep(0.05)
    return not alive(pid)


# -- xinetd_state -------------------------------------------------------------

@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
def test_auto_keeps_xinetd_while_a_service_is_enabled_and_stops_it_after(site, tmp_path, python):
    py = interpreter(python)
    pid = site.start()
    py = site.python(py)
    port = free_port()
    on = run_module('xinetd_config', site.args(services={'svc': cat(port)}, xinetd_state='auto'),
                    python=py, tmp_path=tmp_path)
    assert on.get('failed') is not True, on
    assert on['xinetd_running'] is True and on['xinetd_pid'] == pid and on['reloaded'] is True
    assert confirmed(on), on
    assert tcp_echoes(port) and site.serving(pid), site.daemon.log_text()

    # check mode: says it would stop xinetd, leaves it running
    args = site.args(services={'svc': dict(cat(port), enabled=False)}, xinetd_state='auto')
    checked = run_module('xinetd_config', args, check=True, python=py, tmp_path=tmp_path)
    assert checked['changed'] is True and checked['xinetd_running'] is False, checked
    assert alive(pid) and site.serving(pid) and tcp_echoes(port)

    off = run_module('xinetd_config', args, python=py, tmp_path=tmp_path)
    assert off.get('failed') is not True, off
    assert off['changed'] is True and off['xinetd_stopped'] is True and off['xinetd_running'] is False
    assert off['reloaded'] is False and off['rolled_back'] is False
    assert wait_gone(pid) and tcp_refused(port)
    assert 'disable         = yes' in site.read('svc')
    assert not os.path.exists(site.pidfile)     # no stale pidfile left behind
    assert not site.daemon.processes(), site.daemon.processes()     # no xinetd of this site left

    again = run_module('xinetd_config', args, python=py, tmp_path=tmp_path)
    assert again['changed'] is False and again['xinetd_running'] is False, again
    # this machine has no xinetd init script or unit: said, not faked
    assert again['boot']['backend'] is None and 'nothing starts xinetd at boot' in again['boot']['msg']


def test_auto_counts_the_defaults_disabled_list(site, tmp_path):
    """An entry switched off by the defaults' disabled list is not a reason to run."""
    pid = site.start()
    port = free_port()
    args = site.args(defaults=dict(disabled=['svc']), services={'svc': cat(port)}, xinetd_state='auto')
    result = run_module('xinetd_config', args, python=site.python(), tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['xinetd_stopped'] is True and wait_gone(pid)
    assert tcp_refused(port) and not site.daemon.processes()


def test_stopped_without_a_running_xinetd_is_a_no_op(site, tmp_path):
    result = run_module('xinetd_config', site.args(xinetd_state='stopped'), tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['changed'] is False and result['xinetd_running'] is False
    assert 'boot' not in result


def test_bad_state_and_runlevels_are_refused_before_anything(site, tmp_path):
    bad = run_module('xinetd_config', site.args(xinetd_state='sometimes'), tmp_path=tmp_path)
    assert bad['failed'] is True and 'xinetd_state' in bad['msg'] and 'sometimes' in bad['msg']
    bad = run_module('xinetd_config', site.args(runlevels=[3, 9], services={'svc': cat(free_port())}),
                     tmp_path=tmp_path)
    assert bad['failed'] is True and bad['msg'] == 'runlevels: runlevel 9 is out of range (0-6)'
    assert os.listdir(site.dir) == []
    # a host with no init script for xinetd cannot take runlevels: said, nothing written
    none = run_module('xinetd_config', site.args(runlevels=[3, 5]), tmp_path=tmp_path)
    if os.path.exists('/etc/init.d/xinetd'):
        pytest.skip('this machine has /etc/init.d/xinetd: the no-init-script case cannot be shown here')
    assert none['failed'] is True and 'no init script' in none['msg'], none


# -- disable_ids ----------------------------------------------------------------

@pytest.mark.parametrize('python', ['controller', '2.7.18'])
def test_disable_ids_edits_only_disable_lines(site, tmp_path, python):
    py = interpreter(python)
    echo = os.path.join(site.dir, 'echo')
    with open(echo, 'w') as handle:
        handle.write(ECHO)
    os.chmod(echo, 0o600)
    with open(os.path.join(site.dir, 'time'), 'w') as handle:
        handle.write('service time\n{\n\ttype = INTERNAL\n\tid = time-stream\n\tsocket_type = stream\n'
                     '\twait = no\n\tdisable = yes\n}\n')
    time_before = os.stat(os.path.join(site.dir, 'time')).st_mtime
    args = site.args(disable_ids=['echo-stream', 'ECHO-DGRAM', 'time-stream', 'daytime-stream'])

    checked = run_module('xinetd_config', args, check=True, diff=True, python=py, tmp_path=tmp_path)
    assert checked['changed'] is True
    assert open(echo).read() == ECHO
    assert [d['after_header'] for d in checked['diff']] == [echo]

    result = run_module('xinetd_config', args, diff=True, python=py, tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['files'][echo] == dict(state='disabled', ids=['echo-dgram', 'echo-stream'], changed=True)
    expected = ECHO.replace('\tdisable\t\t= no', '\tdisable\t\t= yes').replace(
        '\twait\t\t= yes\n}', '\twait\t\t= yes\n\tdisable\t\t= yes\n}')
    assert open(echo).read() == expected
    assert oct(os.stat(echo).st_mode & 0o777) == oct(0o600)     # mode kept: a line edit
    assert os.stat(os.path.join(site.dir, 'time')).st_mtime == time_before

    again = run_module('xinetd_config', args, tmp_path=tmp_path)
    assert again['changed'] is False and again['files'] == {}, again


def test_disable_ids_conflicting_with_services_is_refused(site, tmp_path):
    result = run_module('xinetd_config', site.args(services={'svc': cat(free_port())}, disable_ids=['svc']),
                        tmp_path=tmp_path)
    assert result['failed'] is True
    assert 'disable_ids: svc is also an enabled entry of services.svc' in result['msg']
    assert os.listdir(site.dir) == []


# -- packages -------------------------------------------------------------------

def installed_dpkg_package():
    """A package the real dpkg database says is installed, or skip."""
    if not shutil.which('dpkg-query'):
        pytest.skip('no dpkg-query on this machine: the real package query cannot run')
    return 'dpkg'


def test_packages_no_op_and_check_mode_with_the_real_dpkg_query(site, tmp_path):
    installed_dpkg_package()
    present = run_module('xinetd_config', site.args(packages=['dpkg', 'coreutils']), tmp_path=tmp_path)
    assert present.get('failed') is not True, present
    assert present['changed'] is False and present['packages_installed'] == []

    missing = 'sysv-services-no-such-package'
    checked = run_module('xinetd_config', site.args(packages=['dpkg', missing], services={'svc': cat(1)}),
                         check=True, tmp_path=tmp_path)
    assert checked.get('failed') is not True, checked
    assert checked['changed'] is True and checked['packages_installed'] == [missing]
    assert 'would be installed first' in checked['msg']
    assert os.listdir(site.dir) == []

    removed = run_module('xinetd_config', site.args(remove_packages=[missing]), check=True, tmp_path=tmp_path)
    assert removed['changed'] is False and removed['packages_removed'] == []

    both = run_module('xinetd_config', site.args(packages=['dpkg'], remove_packages=['dpkg']), tmp_path=tmp_path)
    assert both['failed'] is True and 'both name dpkg' in both['msg']


FAKE_DPKG_QUERY = r'''#!%(python)s
import json, sys
db = json.load(open(%(db)r))
rc = 0
for name in sys.argv[sys.argv.index('--') + 1:]:
    if db.get(name):
        sys.stdout.write('%%s\tii \n' %% name)
    else:
        sys.stderr.write('dpkg-query: no packages found matching %%s\n' %% name)
        rc = 1
sys.exit(rc)
'''

FAKE_APT_GET = r'''#!%(python)s
import json, os, sys
db = json.load(open(%(db)r))
with open(%(log)r, 'a') as log:
    log.write(json.dumps([sys.argv[1:], os.environ.get('DEBIAN_FRONTEND')]) + '\n')
args = sys.argv[1:]
action = [a for a in args if a in ('install', 'remove')][0]
for name in args[args.index('--') + 1:]:
    if name == 'broken-package':
        sys.stderr.write('E: Unable to locate package broken-package\n')
        sys.exit(100)
    db[name] = action == 'install'
json.dump(db, open(%(db)r, 'w'))
'''


@pytest.fixture
def fake_apt(tmp_path):
    """A fake dpkg-query/apt-get pair on PATH over a JSON package database."""
    bindir = tmp_path / 'fakebin'
    bindir.mkdir()
    db = str(tmp_path / 'packages.json')
    log = str(tmp_path / 'apt.log')
    with open(db, 'w') as handle:
        json.dump({'xinetd': True, 'inetutils-telnetd': False, 'telnetd': True}, handle)
    for name, text in (('dpkg-query', FAKE_DPKG_QUERY), ('apt-get', FAKE_APT_GET)):
        path = str(bindir / name)
        with open(path, 'w') as handle:
            handle.write(text % dict(python=sys.executable, db=db, log=log))
        os.chmod(path, 0o755)
    env = dict(PATH=str(bindir) + os.pathsep + os.environ.get('PATH', ''))

    def calls():
        if not os.path.exists(log):
            return []
        with open(log) as handle:
            return [json.loads(line) for line in handle]

    def database():
        with open(db) as handle:
            return json.load(handle)
    return env, calls, database


@pytest.mark.parametrize('python', ['controller', '2.7.18'])
def test_packages_install_missing_then_configure_then_remove(site, tmp_path, fake_apt, python):
    py = interpreter(python)
    env, calls, database = fake_apt
    args = site.args(packages=['xinetd', 'inetutils-telnetd'], remove_packages=['telnetd'],
                     services={'svc': cat(free_port())})
    result = run_module('xinetd_config', args, diff=True, env=env, python=py, tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['packages_installed'] == ['inetutils-telnetd'] and result['packages_removed'] == ['telnetd']
    assert result['changed'] is True
    assert database() == {'xinetd': True, 'inetutils-telnetd': True, 'telnetd': False}
    made = calls()
    assert [c[0][-2:] for c in made] == [['--', 'inetutils-telnetd'], ['--', 'telnetd']]
    assert 'install' in made[0][0] and 'remove' in made[1][0] and made[0][1] == 'noninteractive'
    assert 'Dpkg::Options::=--force-confold' in made[0][0]
    assert result['diff'][-1] == dict(before_header='installed packages', after_header='installed packages',
                                      before='telnetd\nxinetd\n', after='inetutils-telnetd\nxinetd\n')

    again = run_module('xinetd_config', args, env=env, tmp_path=tmp_path)
    assert again['changed'] is False and again['packages_installed'] == [] and again['packages_removed'] == []
    assert len(calls()) == 2     # nothing installed or removed on the rerun


def test_package_manager_failure_is_reported_and_writes_nothing(site, tmp_path, fake_apt):
    env, calls, database = fake_apt
    result = run_module('xinetd_config', site.args(packages=['broken-package'], services={'svc': cat(1)}),
                        env=env, tmp_path=tmp_path)
    assert result['failed'] is True
    assert 'install' in result['msg'] and 'rc 100' in result['msg'] and 'Unable to locate package' in result['msg']
    assert os.listdir(site.dir) == []
    # the result carries the documented keys only, not the module's internal package state
    assert not [key for key in result if key.startswith('_')]


@pytest.mark.parametrize('bad', [
    dict(services={'svc': dict(cat(1), user='nosuchuser-sysv')}),     # refused by the judgement
    dict(services={'svc': cat(1)}, owner='nosuchuser-sysv'),          # refused before it
    dict(services={'bad name': cat(1)}),                              # refused while planning
])
def test_a_task_refused_after_installing_packages_says_it_changed_the_host(site, tmp_path, fake_apt, bad):
    # the packages step runs first; a refusal after it must not report
    # "changed: false" and drop what was installed
    env, calls, database = fake_apt
    result = run_module('xinetd_config', site.args(packages=['inetutils-telnetd'], **bad), env=env,
                        tmp_path=tmp_path)
    assert result['failed'] is True, result
    assert database()['inetutils-telnetd'] is True
    assert result['changed'] is True
    assert result['packages_installed'] == ['inetutils-telnetd']
    assert os.listdir(site.dir) == []


def test_values_by_package_family(site, tmp_path, fake_apt):
    env, calls, database = fake_apt
    port = free_port()
    entry = dict(cat(port), server={'dpkg': '/bin/cat', 'rpm': '/usr/sbin/no-such-server'})
    args = site.args(packages=['xinetd', {'dpkg': 'inetutils-telnetd', 'rpm': 'telnet-server'}],
                     remove_packages=[{'rpm': 'xinetd-extra'}, {'dpkg': 'telnetd'}],
                     services={'svc': entry})
    result = run_module('xinetd_config', args, env=env, tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['package_family'] == 'dpkg'
    assert result['packages_installed'] == ['inetutils-telnetd'] and result['packages_removed'] == ['telnetd']
    assert 'server          = /bin/cat' in site.read('svc')
    again = run_module('xinetd_config', args, env=env, tmp_path=tmp_path)
    assert again['changed'] is False, again

    bad = run_module('xinetd_config', site.args(packages=[{'deb': 'x'}]), env=env, tmp_path=tmp_path)
    assert bad['failed'] is True and bad['msg'] == 'packages: deb is not a package family (use dpkg or rpm)'
    bad = run_module('xinetd_config', site.args(packages=['-oops']), env=env, tmp_path=tmp_path)
    assert bad['failed'] is True and "packages: '-oops' is not a package name" in bad['msg']
