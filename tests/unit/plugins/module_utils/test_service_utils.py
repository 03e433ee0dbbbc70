# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure tests of _service: LSB status codes and pid files (with real
scripts and processes), a script's actions, the chkconfig.d override,
chkconfig's renumbering on real directory trees, and the disable line of
one block of xinetd.conf.  No Ansible: runs on Python 2.7 and 3.6 too."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import sys
import time

import pytest

from ansible_collections.sysv.services.plugins.module_utils._sysv import lsb as _lsb
from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks as _rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
from ansible_collections.sysv.services.plugins.module_utils._sysv import service as _sysv_service

LSB_SCRIPT = '''#!/bin/sh
# chkconfig: 2345 80 20
# description: test
PIDFILE="$(dirname "$0")/daemon.pid"
case "$1" in
    start|restart) sleep 30 & echo $! > "$PIDFILE" ;;
    stop) kill "$(cat "$PIDFILE")"; rm -f "$PIDFILE" ;;
    reload|force-reload) exit 0 ;;
    "status")
        [ -s "$PIDFILE" ] || exit 3
        kill -0 "$(cat "$PIDFILE")" 2>/dev/null && exit 0
        exit 1
        ;;
    *) echo "Usage: $0 {start|stop|restart|reload|force-reload|status}"; exit 2 ;;
esac
'''

NO_STATUS_SCRIPT = '''#!/bin/sh
# chkconfig: 345 50 50
# description: no status action
if [ "$1" = status ]; then echo "status: unknown action"; exit 4; fi
exit 0
'''


def _write(path, text, mode=0o755):
    with open(str(path), 'w') as handle:
        handle.write(text)
    os.chmod(str(path), mode)
    return str(path)


def _status(script):
    return subprocess.call([script, 'status'])


# ------------------------------------------------------------------ status

def test_judge_status_codes():
    assert _sysv_service.judge_status(0) == (True, 'status exit code 0 (running)')
    assert _sysv_service.judge_status(3) == (False, 'status exit code 3 (not running)')
    assert _sysv_service.judge_status(1)[0] is False and 'stale' in _sysv_service.judge_status(1)[1]
    assert _sysv_service.judge_status(2)[0] is False
    assert _sysv_service.judge_status(4) == (None, 'status exit code 4 and no pid file')
    assert _sysv_service.judge_status(4, ('running', 42, '/run/x.pid'))[0] is True
    assert _sysv_service.judge_status(127, ('stopped', 42, '/run/x.pid'))[0] is False


def test_real_lsb_script_status_and_pidfile(tmp_path):
    script = _write(tmp_path / 'svc', LSB_SCRIPT)
    pidfile = str(tmp_path / 'daemon.pid')
    assert _sysv_service.judge_status(_status(script), _sysv_service.pidfile_state([pidfile]))[0] is False
    assert _sysv_service.pidfile_state([pidfile]) == (None, None, None)
    assert subprocess.call([script, 'start']) == 0
    try:
        state, pid, path = _sysv_service.pidfile_state([str(tmp_path / 'none.pid'), pidfile])
        assert (state, path) == ('running', pidfile) and _sysv_service.pid_alive(pid)
        assert _sysv_service.judge_status(_status(script), (state, pid, path)) == (True, 'status exit code 0 (running)')
    finally:
        assert subprocess.call([script, 'stop']) == 0
    assert _sysv_service.judge_status(_status(script))[0] is False


def test_stale_pidfile_is_dead(tmp_path):
    script = _write(tmp_path / 'svc', LSB_SCRIPT)
    proc = subprocess.Popen([sys.executable, '-c', 'pass'])
    proc.wait()
    _write(tmp_path / 'daemon.pid', '%d\n' % proc.pid, 0o644)
    rc = _status(script)
    assert rc == 1
    assert _sysv_service.judge_status(rc) == (False, 'status exit code 1 (dead, stale pid or lock file)')
    assert _sysv_service.pidfile_state([str(tmp_path / 'daemon.pid')])[0] == 'stopped'


def test_no_status_action_falls_back_to_pidfile(tmp_path):
    script = _write(tmp_path / 'svc', NO_STATUS_SCRIPT)
    rc = _status(script)
    assert rc == 4
    assert _sysv_service.judge_status(rc, _sysv_service.pidfile_state([str(tmp_path / 'x.pid')]))[0] is None
    proc = subprocess.Popen(['sleep', '30'])
    try:
        _write(tmp_path / 'x.pid', '%d\n' % proc.pid, 0o644)
        running, how = _sysv_service.judge_status(rc, _sysv_service.pidfile_state([str(tmp_path / 'x.pid')]))
        assert running is True and 'live process %d' % proc.pid in how
    finally:
        proc.kill()
        proc.wait()
    running, how = _sysv_service.judge_status(rc, _sysv_service.pidfile_state([str(tmp_path / 'x.pid')]))
    assert running is False and 'gone' in how


def test_zombie_is_not_alive():
    proc = subprocess.Popen(['true'])
    deadline = time.time() + 5
    while time.time() < deadline:
        with open('/proc/%d/stat' % proc.pid) as handle:
            if handle.read().rsplit(')', 1)[-1].split()[0] == 'Z':
                break
        time.sleep(0.05)
    assert _sysv_service.pid_alive(proc.pid) is False
    proc.wait()
    assert _sysv_service.pid_alive(proc.pid) is False
    assert _sysv_service.pid_alive(os.getpid()) is True


# ------------------------------------------------------------------ actions and commands

def test_script_actions():
    assert _sysv_service.script_actions(LSB_SCRIPT) == set(['start', 'restart', 'stop', 'reload', 'force-reload', 'status'])
    assert _sysv_service.supports(_sysv_service.script_actions(LSB_SCRIPT), 'reload') is True
    no_reload = 'case "$1" in\n  start)\n  ;;\n  stop|restart)\n  ;;\n  *)\n  ;;\nesac\n'
    assert _sysv_service.supports(_sysv_service.script_actions(no_reload), 'reload') is False
    # functions, $(...), comments and '*)' are not labels
    dispatch = '#!/bin/sh\n# reload) in a comment\naction_start() {\n  x=$(id -u)\n}\n"action_$1"\n'
    assert _sysv_service.script_actions(dispatch) is None
    assert _sysv_service.supports(None, 'reload') is None


def test_control_argv():
    assert _sysv_service.control_argv('start', 'httpd', '/etc/init.d/httpd') == ['/etc/init.d/httpd', 'start']
    assert _sysv_service.control_argv('start', 'httpd', '/etc/init.d/httpd', '/sbin/service') == \
        ['/sbin/service', 'httpd', 'start']
    assert _sysv_service.control_argv('reload', 'httpd', '/etc/init.d/httpd', '/sbin/service', '/bin/systemctl',
                                      'httpd.service') == ['/bin/systemctl', 'reload', 'httpd.service']


# ------------------------------------------------------------------ priorities

def test_override_text():
    assert _sysv_service.override_text(None, set([2, 3, 4, 5]), 30, 70) == '# chkconfig: 2345 30 70\n'
    assert _sysv_service.override_text('', set(), 5, 95) == '# chkconfig: - 5 95\n'
    existing = '# local order\n# chkconfig: 35 10 90\n# chkconfig: 2 1 1\n# description: x'
    assert _sysv_service.override_text(existing, set([3, 5]), 20, 80) == \
        '# local order\n# chkconfig: 35 20 80\n# description: x\n'
    assert _sysv_service.override_text('# description: y\n', set([3]), 1, 2) == '# chkconfig: 3 1 2\n# description: y\n'
    # what chkconfig reads back
    info = _lsb.parse_header(_sysv_service.override_text(None, set([3, 5]), 7, 93), 'x', partial=True)
    assert (info.levels, info.start, info.stop) == (set([3, 5]), 7, 93)


def _tree(tmp_path, kind, scripts):
    root = str(tmp_path / 'root')
    layout_dirs = ['etc/rc.d/init.d'] + ['etc/rc.d/rc%d.d' % n for n in range(7)] if kind == 'rhel' \
        else ['etc/init.d'] + ['etc/rc%d.d' % n for n in range(7)]
    for d in layout_dirs:
        os.makedirs(os.path.join(root, d))
    layout = _runlevels.Layout(root)
    for name, text in scripts.items():
        _write(layout.script(name), text)
    return layout


def _listing(layout, name):
    return dict((level, sorted(e for e in os.listdir(layout.rc_dir(level)) if e[3:] == name))
                for level in _runlevels.LEVELS)


def test_service_info_with_pending_override(tmp_path):
    layout = _tree(tmp_path, 'rhel', {'httpd': '#!/bin/sh\n# chkconfig: - 85 15\n'})
    info = _sysv_service.service_info(layout, 'httpd', '# chkconfig: 35 20 80\n')
    assert (info.levels, info.start, info.stop) == (set([3, 5]), 20, 80)
    assert not os.path.exists(layout.chkconfig_d)
    info = _sysv_service.service_info(layout, 'httpd')
    assert (info.levels, info.start, info.stop) == (set(), 85, 15)


def test_lsb_dependency_moves_priority(tmp_path):
    lsb = ('#!/bin/sh\n### BEGIN INIT INFO\n# Provides: app\n# Should-Start: db\n'
           '# Default-Start: 3 5\n# Default-Stop: 0 1 2 4 6\n### END INIT INFO\n')
    layout = _tree(tmp_path, 'rhel', {'app': lsb, 'db': '#!/bin/sh\n# chkconfig: 345 56 50\n'})
    assert _sysv_service.service_info(layout, 'app', '# chkconfig: 35 60 30\n').start == 60
    assert _sysv_service.service_info(layout, 'app', '# chkconfig: 35 50 30\n').start == 57


def test_renumber_like_resetpriorities(tmp_path):
    layout = _tree(tmp_path, 'rhel', {'httpd': '#!/bin/sh\n# chkconfig: 2345 85 15\n'})
    info = _sysv_service.service_info(layout, 'httpd')
    links = _rclinks.read_links(layout, 'httpd')
    _rclinks.apply_ops(_rclinks.plan_set(layout, info, links, _rclinks.added_levels(info, links)))
    os.unlink(os.path.join(layout.rc_dir(4), 'S85httpd'))
    os.symlink('../init.d/httpd', os.path.join(layout.rc_dir(4), 'K15httpd'))
    # a level with two links: chkconfig's isOn reads the first (K) one
    os.symlink('../init.d/httpd', os.path.join(layout.rc_dir(2), 'K15httpd'))
    os.unlink(os.path.join(layout.rc_dir(6), 'K15httpd'))       # a level without a link
    new = _sysv_service.service_info(layout, 'httpd', '# chkconfig: 2345 30 70\n')
    links = _rclinks.read_links(layout, 'httpd')
    wanted = _sysv_service.wanted_levels(new, links, renumber=True)
    assert wanted == {0: False, 1: False, 2: False, 3: True, 4: False, 5: True, 6: False}
    ops = _sysv_service.plan_links(layout, new, links, wanted, exact=True)
    predicted = _rclinks.simulate(links, ops, 'httpd')
    _rclinks.apply_ops(ops)
    assert _listing(layout, 'httpd') == {0: ['K70httpd'], 1: ['K70httpd'], 2: ['K70httpd'], 3: ['S30httpd'],
                                         4: ['K70httpd'], 5: ['S30httpd'], 6: ['K70httpd']}
    assert _rclinks.table(predicted) == _rclinks.table(_rclinks.read_links(layout, 'httpd'))
    # idempotent
    links = _rclinks.read_links(layout, 'httpd')
    assert _sysv_service.plan_links(layout, new, links, _sysv_service.wanted_levels(new, links, renumber=True), exact=True) == []


def test_enabled_keeps_numbers_without_priorities(tmp_path):
    layout = _tree(tmp_path, 'debian', {'ssh': '#!/bin/sh\n# chkconfig: 2345 55 25\n'})
    os.symlink('../init.d/ssh', os.path.join(layout.rc_dir(3), 'S01ssh'))
    info = _sysv_service.service_info(layout, 'ssh')
    links = _rclinks.read_links(layout, 'ssh')
    wanted = _sysv_service.wanted_levels(info, links, enabled=True, runlevels=(3, 5))
    _rclinks.apply_ops(_sysv_service.plan_links(layout, info, links, wanted, exact=False))
    listing = _listing(layout, 'ssh')
    assert listing[3] == ['S01ssh'] and listing[5] == ['S55ssh'] and listing[0] == ['K25ssh']
    assert listing[2] == ['S55ssh']        # --add: the header's state where no link was


def test_chkconfig_is_on():
    assert _sysv_service.chkconfig_is_on([('S10x', 'S', 10, None)]) is True
    assert _sysv_service.chkconfig_is_on([('S10x', 'S', 10, None), ('K90x', 'K', 90, None)]) is False
    assert _sysv_service.chkconfig_is_on([]) is False


# ------------------------------------------------------------------ xinetd.conf blocks

CONF = '''defaults
{
\tinstances\t= 30
}

service daytime
{
\tdisable\t\t= yes
\ttype\t\t= INTERNAL
}

service echo
{
\ttype\t\t= INTERNAL
\tdisable\t\t= yes
}

includedir /etc/xinetd.d
'''


def test_set_block_enabled_touches_one_block(tmp_path):
    on = _sysv_service.set_block_enabled(CONF, 'daytime', True)
    assert on == CONF.replace('\tdisable\t\t= yes\n\ttype\t\t= INTERNAL\n}\n\nservice echo',
                              '\tdisable\t\t= no\n\ttype\t\t= INTERNAL\n}\n\nservice echo')
    assert _sysv_service.block_states(on) == [('daytime', True), ('echo', False)]
    assert _sysv_service.block_states(on, 'echo') == [('echo', False)]
    assert _sysv_service.set_block_enabled(on, 'daytime', True) == on
    assert _sysv_service.set_block_enabled(on, 'daytime', False) == CONF
    assert _sysv_service.set_block_enabled(CONF, 'nosuch', True) == CONF


def test_find_xinetd(tmp_path):
    root = tmp_path / 'root'
    os.makedirs(str(root / 'etc' / 'xinetd.d'))
    _write(root / 'etc' / 'xinetd.conf', CONF, 0o644)
    _write(root / 'etc' / 'xinetd.d' / 'telnet', 'service telnet\n{\n}\n', 0o644)
    layout = _runlevels.Layout(str(root))
    conf = str(root / 'etc' / 'xinetd.conf')
    assert _sysv_service.find_xinetd(layout, 'telnet', conf) == ('file', str(root / 'etc' / 'xinetd.d' / 'telnet'))
    assert _sysv_service.find_xinetd(layout, 'echo', conf) == ('conf', conf)
    assert _sysv_service.find_xinetd(layout, 'nosuch', conf) == (None, None)


@pytest.mark.parametrize('name', ['/etc/passwd', '..', 'a b', ''])
def test_bad_names_are_refused_by_runlevels(name):
    with pytest.raises(_runlevels.RunlevelError):
        _runlevels.check_name(name)
