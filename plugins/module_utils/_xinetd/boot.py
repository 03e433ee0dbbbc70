# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd's own state for xinetd_config: running or stopped, on or off at boot.

* ``wants_running(eff)``: ``xinetd_state: auto`` runs xinetd when the
  effective configuration (after the task's changes) has at least one
  active service, and stops it when it has none (STIG RHEL-06-000203).
* ``stop(daemon, pid)``: ``systemctl stop`` when systemd manages the
  running daemon, else SIGTERM to its pid and wait until it is gone
  (xinetd ends the servers it started, then exits; EL's init script sends
  the same signal, Debian's sends SIGQUIT, which exits without ending them).
* ``plan_boot`` / ``apply_boot``: xinetd's boot-time state the chkconfig
  way, with the collection's ``_sysv.rclinks`` algorithm (the one the
  ``chkconfig`` module's native backend uses): S links at the wanted
  runlevels, K links at the others.  On a host whose init is systemd and
  that has ``xinetd.service``, the request goes to ``systemctl
  enable|disable`` as chkconfig forwards it.

Nothing here reads the rules of the xinetd files; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
import time

from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks as _rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
from ansible_collections.sysv.services.plugins.module_utils._xinetd.process import (
    DaemonError,
    _default_runner,
    find_executable,
)

NAME = 'xinetd'
UNIT = 'xinetd.service'


def wants_running(eff):
    """True when the effective configuration has an active service."""
    return bool(eff is not None and eff.services)


def stop(daemon, pid):
    """Stop the xinetd ``pid``; return the method (``systemd`` or ``signal``).

    Raises ``DaemonError`` when it is still running after the daemon's timeout.
    """
    method = daemon.manager(pid)
    if method == 'systemd':
        rc, out, err = daemon.runner([find_executable('systemctl'), 'stop', UNIT])
        if rc != 0:
            raise DaemonError('systemctl stop %s failed (rc %s): %s' % (UNIT, rc, (err or out).strip()))
    else:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError as exc:
            raise DaemonError('cannot send SIGTERM to xinetd pid %s: %s' % (pid, exc))
    deadline = time.time() + daemon.timeout
    while daemon.is_alive(pid):
        if time.time() >= deadline:
            raise DaemonError('xinetd (pid %s) is still running %s s after it was told to stop'
                              % (pid, daemon.timeout))
        time.sleep(daemon.interval)
    # xinetd does not remove its pidfile; a stale one would make init
    # scripts report "running" for a pid that may be reused.
    for path in daemon.pidfiles:
        if daemon._read_pidfile(path) == pid:
            try:
                os.unlink(path)
            except OSError:
                pass
    return method


def boot_wanted(runlevels, running):
    """``{level: on}`` for xinetd at boot, or ``None`` (not managed).

    ``runlevels`` given: on at those, off at every other runlevel (chkconfig
    ``--level`` with every other level off).  ``running`` False (auto with no
    service enabled): off at every runlevel whatever ``runlevels`` says.
    ``running`` True and no ``runlevels``: on at 2-5, chkconfig's default
    for ``chkconfig xinetd on``, other levels left as they are.
    """
    if running is False:
        return _rclinks.desired_levels([], False, True)
    if runlevels is None:
        if running:
            return _rclinks.desired_levels(_runlevels.DEFAULT_LEVELS, True, False)
        return None
    return _rclinks.desired_levels(runlevels, True, True)


def _satisfied(links, wanted):
    for level, on in wanted.items():
        current = links.get(level, [])
        if not (len(current) == 1 and current[0][1] == ('S' if on else 'K')):
            return False
    return True


def plan_boot(wanted, root='/', runner=None):
    """What bringing xinetd's boot state to ``wanted`` takes.

    Returns a dict: ``backend`` (``native`` or ``systemd``), ``before`` and
    ``after`` (chkconfig's runlevel table, or ``{enabled}`` for systemd),
    ``changed``, and the ``ops`` (native link operations) or ``command``.
    Returns ``None`` when the host has neither an init script nor a unit
    for xinetd: nothing starts it at boot there.
    """
    if _runlevels.systemd_is_init(root) and _runlevels.systemd_unit(root, NAME) == UNIT:
        return _plan_systemd(wanted, root, runner)
    layout = _runlevels.Layout(root)
    if not os.path.isfile(layout.script(NAME)):
        return None
    links = _rclinks.read_links(layout, NAME)
    ops = []
    if not _satisfied(links, wanted):
        # The header (and, for LSB scripts, every other script) is read only
        # when a link has to be made: a no-op never reads them, nor loads
        # the header parser.
        from ansible_collections.sysv.services.plugins.module_utils._sysv import lsb as _lsb
        info = _lsb.read_service_info(layout, NAME)
        ops = _rclinks.plan_set(layout, info, links, wanted)
    after = _rclinks.simulate(links, ops, NAME)
    return dict(backend='native', before=_rclinks.table(links), after=_rclinks.table(after),
                changed=bool(ops), ops=ops, command=None)


def _plan_systemd(wanted, root, runner):
    runner = runner or _default_runner
    systemctl = find_executable('systemctl') or 'systemctl'
    root_args = [] if os.path.abspath(root) == '/' else ['--root=%s' % root]
    rc, out, err = runner([systemctl] + root_args + ['is-enabled', UNIT])
    word = out.strip().split('\n')[0] if out.strip() else ''
    if rc != 0 and word not in ('disabled', 'masked', 'static', 'indirect', 'linked'):
        raise _runlevels.RunlevelError('systemctl is-enabled %s failed (rc %s): %s'
                                       % (UNIT, rc, (err or out).strip()))
    current = word in ('enabled', 'enabled-runtime', 'alias')
    want = any(wanted.values())
    command = None
    if want != current:
        command = [systemctl] + root_args + ['enable' if want else 'disable', UNIT]
    return dict(backend='systemd', before={'enabled': current}, after={'enabled': want},
                changed=command is not None, ops=[], command=command)


def apply_boot(plan, runner=None):
    """Carry out ``plan_boot``'s plan (raises ``DaemonError`` on a failed command)."""
    if plan['ops']:
        _rclinks.apply_ops(plan['ops'])
    if plan['command']:
        rc, out, err = (runner or _default_runner)(plan['command'])
        if rc != 0:
            raise DaemonError('%s failed (rc %s): %s' % (' '.join(plan['command']), rc, (err or out).strip()))


def no_boot_manager(root='/'):
    """Why ``plan_boot`` found nothing to manage."""
    return ('there is no init script %s and no %s: nothing starts xinetd at boot on this host'
            % (_runlevels.Layout(root).script(NAME), UNIT))


def format_boot(table):
    """One line like ``chkconfig --list xinetd``, for the diff."""
    from ansible_collections.sysv.services.plugins.module_utils._sysv import listing as _listing
    return _listing.format_table(table, NAME)
