# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runtime control of classic services and their boot priorities.

What the ``service`` module needs beyond ``runlevels``, ``lsb`` and
``rclinks``: how the host runs an init script (``service NAME ACTION``,
the script itself, or ``systemctl``), what an LSB ``status`` exit code and
a pid file say, which actions a script implements, the
``/etc/chkconfig.d`` override that carries start/stop priorities, the
renumbering of S/K links the way ``chkconfig NAME resetpriorities`` does
it, and the ``disable`` line of one service block inside
``/etc/xinetd.conf``.

Pure standard library plus those and ``_xinetd.disable``; Python 2.7 and
3.6+.  Nothing here runs a command: the module passes a runner.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

from ansible_collections.sysv.services.plugins.module_utils._sysv import lsb as _lsb
from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks as _rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable

# LSB "Init Script Actions": exit codes of ``status``.
LSB_STATUS = {
    0: 'running',
    1: 'dead',       # program is dead and /var/run pid file exists
    2: 'dead',       # program is dead and /var/lock lock file exists
    3: 'stopped',    # program is not running
    4: 'unknown',    # program or service status is unknown
}
# LSB exit code of an action the script does not implement.
LSB_UNIMPLEMENTED = 3

SERVICE_BINARIES = ('/usr/sbin/service', '/sbin/service', '/usr/bin/service')
SYSTEMCTL_BINARIES = ('/usr/bin/systemctl', '/bin/systemctl')


class ServiceError(Exception):
    """An error with a message fit for the user."""


# ---------------------------------------------------------------------------
# How the host runs a script
# ---------------------------------------------------------------------------

def first_executable(candidates):
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def systemd_pid1(proc='/proc', run='/run/systemd/system'):
    """True when systemd is PID 1 (its runtime directory exists and
    /proc/1/comm says so)."""
    if not os.path.isdir(run):
        return False
    try:
        with open(os.path.join(proc, '1', 'comm')) as handle:
            return handle.read().strip() == 'systemd'
    except (IOError, OSError):
        return False


def control_argv(action, name, script, service_bin=None, systemctl=None, unit=None):
    """The command that runs ``action`` the way the host does: systemctl on
    the unit when systemd runs the machine and the unit exists, else
    ``service NAME ACTION`` when ``service`` exists, else the script."""
    if unit and systemctl:
        return [systemctl, action, unit]
    if service_bin:
        return [service_bin, name, action]
    return [script, action]


# ---------------------------------------------------------------------------
# Status: LSB exit codes and pid files
# ---------------------------------------------------------------------------

def read_pidfile(path):
    try:
        with open(path) as handle:
            return int(handle.read().split()[0])
    except (IOError, OSError, ValueError, IndexError):
        return None


def pid_alive(pid, proc='/proc'):
    """True when ``pid`` exists and is not a zombie."""
    if not pid or pid < 1:
        return False
    try:
        with open(os.path.join(proc, str(pid), 'stat')) as handle:
            text = handle.read()
    except (IOError, OSError):
        return False
    state = text.rsplit(')', 1)[-1].split()[0] if ')' in text else None
    return state is not None and state not in ('Z', 'X', 'x')


def default_pidfiles(name):
    return ('/run/%s.pid' % name, '/var/run/%s.pid' % name)


def pidfile_state(paths, proc='/proc'):
    """('running', pid, path) when a pid file names a live process,
    ('stopped', pid, path) when the first pid file found names none,
    (None, None, None) when there is no pid file."""
    found = None
    for path in paths:
        pid = read_pidfile(path)
        if pid is None:
            continue
        if pid_alive(pid, proc):
            return 'running', pid, path
        if found is None:
            found = ('stopped', pid, path)
    return found or (None, None, None)


def judge_status(rc, pid_state=(None, None, None)):
    """Running or not, from the ``status`` exit code and the pid file.

    Returns (running, how): ``running`` is True, False or None (cannot
    tell); ``how`` says what decided.  LSB 0 is running, 3 stopped, 1 and
    2 dead (stale pid or lock file: not running).  Any other code (4
    unknown, 127 no such command, a script without ``status``) leaves the
    decision to the pid file.
    """
    word = LSB_STATUS.get(rc)
    if word == 'running':
        return True, 'status exit code 0 (running)'
    if word == 'stopped':
        return False, 'status exit code 3 (not running)'
    if word == 'dead':
        return False, 'status exit code %s (dead, stale pid or lock file)' % rc
    state, pid, path = pid_state
    if state == 'running':
        return True, 'status exit code %s; pid file %s names live process %s' % (rc, path, pid)
    if state == 'stopped':
        return False, 'status exit code %s; pid file %s names process %s, which is gone' % (rc, path, pid)
    return None, 'status exit code %s and no pid file' % rc


# ---------------------------------------------------------------------------
# Actions a script implements
# ---------------------------------------------------------------------------

_CASE_LABEL = re.compile(r'''^\s*\(?\s*((?:["']?[A-Za-z][A-Za-z0-9_-]*["']?)'''
                         r'''(?:\s*\|\s*["']?[A-Za-z][A-Za-z0-9_-]*["']?)*)\s*\)''')


def script_actions(text):
    """The words of the script's ``case`` labels (``start)``,
    ``restart|force-reload)``...), or None when it has none (the script
    dispatches some other way: only its exit code can tell)."""
    found = set()
    for line in text.split('\n'):
        stripped = line.strip()
        if not stripped or stripped.startswith('#'):
            continue
        match = _CASE_LABEL.match(line)
        if match is None:
            continue
        for word in match.group(1).split('|'):
            found.add(word.strip().strip('"\''))
    return found or None


def supports(actions, action):
    """True / False when the labels tell, None when they cannot."""
    if actions is None:
        return None
    return action in actions


# ---------------------------------------------------------------------------
# Priorities: the /etc/chkconfig.d override and chkconfig's renumbering
# ---------------------------------------------------------------------------

_CHKCONFIG_LINE = re.compile(r'^[ \t]*#[ \t]*chkconfig:')


def levels_word(levels):
    return ''.join(str(level) for level in sorted(levels)) if levels else '-'


def override_text(existing, levels, start, stop):
    """/etc/chkconfig.d/NAME with ``# chkconfig: LEVELS START STOP``.

    An existing override keeps its other lines; its first chkconfig line
    is replaced (later ones, which chkconfig ignores, are removed).  The
    line ends with a newline: chkconfig needs white space after the stop
    priority."""
    line = '# chkconfig: %s %d %d' % (levels_word(levels), start, stop)
    if not existing:
        return line + '\n'
    out = []
    done = False
    for raw in existing.split('\n'):
        if _CHKCONFIG_LINE.match(raw):
            if not done:
                out.append(line)
                done = True
            continue
        out.append(raw)
    if not done:
        out.insert(0, line)
    text = '\n'.join(out)
    if not text.endswith('\n'):
        text += '\n'
    return text


def service_info(layout, name, override=None):
    """``_lsb.read_service_info`` with the override text given
    (``override=None``: the file on disk, if any)."""
    path = layout.script(name)
    if not os.path.isfile(path):
        raise _runlevels.RunlevelError("name: no init script %s" % path)
    info = _lsb.parse_header(_runlevels.read_text(path), name)
    if override is None:
        override_path = os.path.join(layout.chkconfig_d, name)
        if os.path.isfile(override_path):
            override = _runlevels.read_text(override_path)
    if override:
        try:
            _lsb.apply_override(info, _lsb.parse_header(override, name, partial=True))
        except _runlevels.HeaderError:
            pass
    if info.is_lsb:
        others = []
        for entry in _runlevels.list_init_scripts(layout):
            if entry == name:
                continue
            try:
                others.append(_lsb.read_service_info(layout, entry, resolve_lsb=False))
            except (_runlevels.RunlevelError, IOError, OSError):
                continue
        _lsb.lsb_priorities(info, others)
    return info


def chkconfig_is_on(entries):
    """chkconfig's isOn(): the first ``[SK]??NAME`` of the level, in glob
    (sorted) order, is an S link."""
    entries = sorted(entries)
    return bool(entries) and entries[0][1] == 'S'


def wanted_levels(info, links, enabled=None, runlevels=_runlevels.DEFAULT_LEVELS, renumber=False):
    """Per-level target {level: on}.

    ``enabled`` given: first, like ``chkconfig --add``, every level without
    a link gets the header's state; then ``runlevels`` get ``enabled``.
    ``renumber``: every other level keeps its state as chkconfig's
    ``resetpriorities`` reads it (on when its first link is an S link, off
    otherwise, so a level without a link gets a K link, as chkconfig
    does)."""
    wanted = {}
    if enabled is not None:
        wanted.update(_rclinks.added_levels(info, links))
        wanted.update(_rclinks.desired_levels(runlevels, enabled, False))
    if renumber:
        for level in _runlevels.LEVELS:
            if level not in wanted:
                wanted[level] = chkconfig_is_on(links.get(level, []))
    return wanted


def plan_links(layout, info, links, wanted, exact):
    """Link operations for ``wanted``.  ``exact``: a level is right only
    with exactly one link named ``S<start>NAME`` / ``K<stop>NAME`` (the
    priorities count); otherwise one link of the right kind is enough,
    whatever its number (``_rclinks.plan_set``)."""
    if not exact:
        return _rclinks.plan_set(layout, info, links, wanted)
    ops = []
    for level in sorted(wanted):
        on = wanted[level]
        current = links.get(level, [])
        entry = _rclinks.link_name(on, info.start if on else info.stop, info.name)
        if [e[0] for e in current] == [entry]:
            continue
        directory = layout.rc_dir(level)
        for old in current:
            ops.append(('unlink', os.path.join(directory, old[0])))
        ops.append(('symlink', _rclinks.LINK_TARGET % info.name, os.path.join(directory, entry)))
    return ops


def links_dict(links):
    return dict((str(level), [entry[0] for entry in links.get(level, [])]) for level in _runlevels.LEVELS)


# ---------------------------------------------------------------------------
# xinetd services: files and blocks of xinetd.conf
# ---------------------------------------------------------------------------

def find_xinetd(layout, name, conf_path):
    """('file', path) for xinetd_dir/NAME, ('conf', path) when
    xinetd.conf holds a ``service NAME`` block, else (None, None)."""
    path = os.path.join(layout.xinetd_dir, name)
    if os.path.isfile(path):
        return 'file', path
    if conf_path and os.path.isfile(conf_path):
        text = _runlevels.read_text(conf_path)
        for block in _disable.xinetd_blocks(text):
            if block['kind'] == 'service' and block['name'] == name:
                return 'conf', conf_path
    return None, None


def set_block_enabled(text, name, enabled):
    """``text`` with only the ``service NAME`` blocks set to ``enabled``
    (``_disable.set_xinetd_enabled`` applied to each of them)."""
    lines = text.split('\n')
    blocks = [b for b in _disable.xinetd_blocks(text) if b['kind'] == 'service' and b['name'] == name]
    for block in reversed(blocks):
        segment = ['service %s' % name] + lines[block['open']:block['close'] + 1]
        edited = _disable.set_xinetd_enabled('\n'.join(segment), enabled).split('\n')
        lines[block['open']:block['close'] + 1] = edited[1:]
    return '\n'.join(lines)


def block_states(text, name=None):
    """[(service, enabled)] as xinetd reads them, only ``name``'s when given."""
    return [s for s in _disable.xinetd_states(text) if name is None or s[0] == name]
