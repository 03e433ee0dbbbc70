#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: service
short_description: Start, stop, restart or reload an init script or an xinetd service; boot state and priorities
version_added: 0.1.0
description:
  - One module for both kinds of classic service, found the way C(chkconfig) looks for them. An
    init script C(init.d/NAME) comes first. Otherwise an xinetd service, a file in I(xinetd_dir)
    or a C(service NAME) block in I(xinetd_conf).
  - B(Init scripts) are run the way the host runs them. With C(systemctl) when systemd is PID 1
    and a unit C(NAME.service) exists, with C(service NAME ACTION) when the C(service) command
    exists, and as C(init.d/NAME ACTION) otherwise.
  - Whether an init script service runs is read from its C(status) exit code (LSB 0 running,
    3 not running, 1 and 2 dead with a stale pid or lock file). For any other code (4 unknown, or
    a script without C(status)) a pid file decides (I(pidfile), else C(/run/NAME.pid) and
    C(/var/run/NAME.pid)). When neither tells, the task fails rather than guess.
  - B(xinetd services) have no process of their own. C(started) enables the entry (its
    C(disable) line), starts xinetd when it is not running, and otherwise makes it re-read its
    configuration. C(stopped) disables the entry and makes a running xinetd re-read its
    configuration. A service counts as started when its entry is enabled and the running xinetd
    listens on its ports, and as stopped when its entry is disabled and xinetd does not listen on
    them, so an entry edited without a reload is brought in line.
  - B(Priorities) set the numbers of the service's C(S)/C(K) links as chkconfig does. The
    module writes them to C(/etc/chkconfig.d/NAME) (the override chkconfig reads instead of the
    script's C(# chkconfig:) line; the script itself is never edited) and renumbers the links
    the way C(chkconfig NAME resetpriorities) does.
  - Only what differs from the wanted state is changed (C(restarted) and C(reloaded) always act);
    check mode and diff mode are supported. Every input problem is found before anything runs
    or changes; when an action fails, the rc links and files the task changed are put back.
options:
  name:
    description:
      - Name of the init script in C(init.d), of the file in I(xinetd_dir), or of a C(service)
        block in I(xinetd_conf).
    type: str
    required: true
    aliases: [service]
  state:
    description:
      - C(started) and C(stopped) act only when the service is not in that state already.
      - C(restarted) always restarts (the script's C(restart), or C(stop) then C(start) when the
        script has no C(restart)) and reports a change. A stopped service is started.
      - C(reloaded) runs the script's C(reload) and reports a change; a stopped service is
        started instead. A script without C(reload) fails the task, whether that shows in its
        C(case) labels or, when the labels cannot tell, in its LSB exit code 3
        ("unimplemented").
      - For an xinetd service C(restarted) and C(reloaded) both make xinetd re-read its
        configuration (SIGHUP, or C(systemctl reload) when systemd runs xinetd), starting xinetd
        if it is not running. xinetd has no way to restart one service, and the entry's
        C(disable) line is not changed. See the notes for what a reload does to live sessions.
      - When not given, only I(enabled) and the priorities are applied.
    type: str
    choices: [started, stopped, restarted, reloaded]
  enabled:
    description:
      - Whether the service starts at boot.
      - For an init script, like C(chkconfig --add) followed by C(chkconfig --level RUNLEVELS NAME
        on|off). Runlevels without any link of the service first get the state the script's
        header gives, then I(runlevels) get C(S) (C(true)) or C(K) (C(false)) links. Runlevels
        already in the wanted state keep their links, whatever their number.
      - For a systemd unit, C(systemctl enable|disable).
      - For an xinetd service, the C(disable) line of its entries, and xinetd re-reads its
        configuration. An xinetd service runs exactly when it is enabled, so I(enabled=false)
        with I(state=started), or I(enabled=true) with I(state=stopped), is refused.
    type: bool
  runlevels:
    description:
      - Runlevels (0-6) that I(enabled) applies to, like C(chkconfig --level). Default 2, 3, 4 and
        5, as chkconfig. Other runlevels are left as they are (see M(sysv.services.chkconfig)
        and its C(exclusive) option for exact per-runlevel states).
      - Needs I(enabled). Ignored, with a warning, for xinetd services and systemd units.
    type: list
    elements: int
  start_priority:
    description:
      - Start priority (0-99) of the C(S) links, C(S<start_priority>NAME).
      - Written with the current stop priority and runlevels to C(/etc/chkconfig.d/NAME) when it
        differs from what the script's header (or that file) gives. Then every runlevel 0-6 gets
        one link, as C(chkconfig NAME resetpriorities) makes them. C(S<start>) where the level is
        on (its first link is an C(S) link), C(K<stop>) elsewhere, so a runlevel without a link
        gets a C(K) link.
      - For an LSB script chkconfig starts it after every script in its C(Required-Start) and
        C(Should-Start). A priority that would break that order is refused, naming the number
        chkconfig would use.
      - Init scripts only. Not for systemd units, which are ordered by dependencies.
    type: int
  stop_priority:
    description:
      - Stop priority (0-99) of the C(K) links, C(K<stop_priority>NAME); as I(start_priority).
    type: int
  pidfile:
    description:
      - Pid file of the init script's daemon, read when the C(status) exit code cannot tell (not
        0, 1, 2 or 3). Default C(/run/NAME.pid), then C(/var/run/NAME.pid).
    type: path
  timeout:
    description:
      - Seconds to wait, after C(start), C(stop), C(restart) or C(reload), until C(status) shows
        the wanted state (init scripts) or xinetd listens on the service's ports, or no longer
        does (xinetd services).
    type: int
    default: 10
  root:
    description:
      - Directory to treat as C(/) for the boot configuration (init script, rc links,
        C(/etc/chkconfig.d), xinetd files), for chroots and image builds. I(state) needs C(/), as
        nothing is started inside a directory tree.
    type: path
    default: /
  xinetd_conf:
    description:
      - xinetd's main configuration file (below I(root)). Its C(service) blocks count as xinetd
        services, and it tells which ports an xinetd service uses.
    type: path
    default: /etc/xinetd.conf
  xinetd_pidfile:
    description:
      - Pid file of xinetd. When given, xinetd is never looked up by process name (for hosts
        where other xinetd processes are visible, such as containers sharing C(/proc)).
    type: path
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.IDEMPOTENT
  - sysv.services.attributes.FILES
  - sysv.services.xinetd_locations.SERVICE_DIR
attributes:
  check_mode:
    support: full
    details:
      - Check mode runs only the C(status) action of the script (and reads xinetd's sockets) to
        tell what would change.
  diff_mode:
    support: full
  idempotent:
    support: partial
    details:
      - C(restarted) and C(reloaded) always act and report a change; everything else is
        idempotent.
  safe_file_operations:
    support: full
    details:
      - Applies to C(/etc/chkconfig.d/NAME) and the xinetd files; rc links are made and removed
        one by one, as chkconfig does.
notes:
  - >-
    An xinetd reload is not a per-service restart. xinetd re-reads its whole configuration
    (C(hard_reconfig) in its C(reconfig.c), the same in 2.3.14 and 2.3.15). A service whose id,
    type, wait, protocol and port are unchanged keeps its socket, and its running servers keep
    running. A service that is removed or disabled, or changed in one of those (or in C(bind), the
    IPv4/IPv6 flags or C(INTERCEPT)), has its running servers killed, so C(stopped) ends the live
    sessions of that service.
  - >-
    Tightening access rules (C(only_from), C(no_access), C(access_times)) or lowering
    C(instances) and then reloading does not end live sessions. xinetd applies the new rules to
    new connections only. The xinetd(8) man page says a reload checks running servers again
    and kills those no longer allowed, but the code of 2.3.14 and 2.3.15 does not. The service
    scenario shows it with Debian's xinetd 2.3.15.3: after C(only_from) excluded the client and
    xinetd reloaded, the client's server was still running and a new connection was refused. To
    cut live sessions, stop the service (C(state=stopped)) and start it again.
  - The priorities follow chkconfig's rules, so on Debian, where C(update-rc.d) with insserv
    computes the numbers from LSB dependencies, a later C(update-rc.d) run may renumber the
    links again.
  - When systemd is PID 1 and the unit C(NAME.service) exists, runtime actions go through
    C(systemctl) and I(enabled) runs C(systemctl enable|disable), as chkconfig forwards.
seealso:
  - module: sysv.services.chkconfig
  - module: sysv.services.xinetd_service
author:
  - sysv.services maintainers (@sysv-services)
'''

EXAMPLES = r'''
- name: The classic "service httpd restart"
  sysv.services.service:
    name: httpd
    state: restarted

- name: Start sshd now and at boot (chkconfig --add sshd; chkconfig sshd on)
  sysv.services.service:
    name: sshd
    state: started
    enabled: true

- name: Start the database before the web server at boot, stop it after
  sysv.services.service:
    name: postgresql
    start_priority: 20
    stop_priority: 80

- name: Serve telnet through xinetd (enables the entry, starts or reloads xinetd)
  sysv.services.service:
    name: telnet
    state: started

- name: Stop the xinetd echo service (disable = yes, xinetd re-reads its configuration)
  sysv.services.service:
    name: echo
    state: stopped
'''

RETURN = r'''
name:
  description: The service name.
  returned: always
  type: str
  sample: httpd
kind:
  description: C(sysv) for an init script, C(systemd) for a unit run by systemd, C(xinetd) for an xinetd service.
  returned: always
  type: str
  sample: sysv
running:
  description:
    - Whether the service runs after the task (predicted in check mode).
    - For an xinetd service, whether it is enabled and xinetd listens on its ports.
  returned: when the state could be read
  type: bool
  sample: true
status:
  description: What decided whether the service runs before the task.
  returned: when state was given
  type: str
  sample: status exit code 3 (not running)
action:
  description: The action taken (or, in check mode, that would be taken) to reach I(state), or C(none).
  returned: when state was given
  type: str
  sample: start
commands:
  description: Commands run (or, in check mode, that would run) besides status queries.
  returned: always
  type: list
  elements: list
  sample: [["/usr/sbin/service", "httpd", "restart"]]
before:
  description: 'Boot state before the task, the runlevel table for init scripts, C({"enabled": bool}) otherwise.'
  returned: when enabled or a priority was given
  type: dict
  sample: {"0": "off", "1": "off", "2": "on", "3": "on", "4": "on", "5": "on", "6": "off"}
after:
  description: Boot state after the task (predicted in check mode), same form as I(before).
  returned: when enabled or a priority was given
  type: dict
  sample: {"0": "off", "1": "off", "2": "on", "3": "on", "4": "on", "5": "on", "6": "off"}
links:
  description: The service's rc links per runlevel after the task.
  returned: when kind is sysv and enabled or a priority was given
  type: dict
  sample: {"0": ["K20httpd"], "3": ["S80httpd"]}
start_priority:
  description: Start priority of the service's C(S) links, as chkconfig reads it after the task.
  returned: when kind is sysv and enabled or a priority was given
  type: int
  sample: 80
stop_priority:
  description: Stop priority of the service's C(K) links, as chkconfig reads it after the task.
  returned: when kind is sysv and enabled or a priority was given
  type: int
  sample: 20
override:
  description: The C(/etc/chkconfig.d) file holding the priorities.
  returned: when a priority was given for an init script
  type: str
  sample: /etc/chkconfig.d/httpd
path:
  description: The xinetd file holding the service.
  returned: when kind is xinetd
  type: str
  sample: /etc/xinetd.d/telnet
ports:
  description: The C([protocol, port]) pairs xinetd serves the service on when it is enabled.
  returned: when kind is xinetd
  type: list
  elements: list
  sample: [["tcp", 23]]
reloaded:
  description: Whether xinetd was made to re-read its configuration.
  returned: when kind is xinetd
  type: bool
  sample: true
xinetd_started:
  description: Whether xinetd was started.
  returned: when kind is xinetd
  type: bool
  sample: false
xinetd_pid:
  description: The pid of xinetd after the task, if it runs.
  returned: when kind is xinetd
  type: int
  sample: 1234
pid:
  description: The pid in the service's pid file after the task, if it names a live process.
  returned: when kind is sysv and state was given
  type: int
  sample: 4321
'''

import os
import time

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_bytes, to_native, to_text

from ansible_collections.sysv.services.plugins.module_utils import _import_once
_import_once.install()  # before the engine: one compile per module (see _import_once)

from ansible_collections.sysv.services.plugins.module_utils import _fileops
from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks as _rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
from ansible_collections.sysv.services.plugins.module_utils._sysv import service as _sysv_service
from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable
from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as _xinetd_daemon
from ansible_collections.sysv.services.plugins.module_utils._xinetd import judge as _xinetd_judge


class Failure(Exception):
    def __init__(self, msg, **extra):
        Exception.__init__(self, msg)
        self.extra = extra


def _is_root(root):
    return os.path.abspath(root or '/') == '/'


def _state_text(title, state):
    lines = ['%s' % title]
    for key in sorted(state):
        value = state[key]
        if isinstance(value, dict):
            value = ' '.join('%s:%s' % (k, ','.join(value[k]) if isinstance(value[k], list) else value[k])
                             for k in sorted(value))
        elif isinstance(value, bool):
            value = 'yes' if value else 'no'
        lines.append('%s: %s' % (key, value))
    return '\n'.join(lines) + '\n'


def _file_diff(path, before, after):
    return {'before_header': path, 'after_header': path, 'before': before or '', 'after': after or ''}


# ------------------------------------------------------------------ commands

class Runner(object):
    """Runs commands; in check mode only queries."""

    def __init__(self, module, result):
        self.module = module
        self.result = result

    def query(self, argv):
        return _xinetd_daemon._default_runner(argv)

    def act(self, argv):
        self.result['commands'].append(argv)
        if self.module.check_mode:
            return 0, '', ''
        return _xinetd_daemon._default_runner(argv)


def _output(out, err):
    text = ((err or '') + (out or '')).strip()
    return text[-2000:] if text else '(no output)'


# ------------------------------------------------------------------ init scripts: runtime

class Script(object):
    """How to run one init script service on this host."""

    def __init__(self, module, layout, name, unit):
        p = module.params
        self.name = name
        self.path = layout.script(name)
        self.unit = unit
        self.systemctl = _sysv_service.first_executable(_sysv_service.SYSTEMCTL_BINARIES) if unit else None
        if unit and self.systemctl is None:
            self.unit = None
        self.service_bin = None if self.unit else _sysv_service.first_executable(_sysv_service.SERVICE_BINARIES)
        self.pidfiles = (p['pidfile'],) if p['pidfile'] else _sysv_service.default_pidfiles(name)
        self.actions = None
        if os.path.isfile(self.path):
            with open(self.path, 'rb') as handle:
                self.actions = _sysv_service.script_actions(to_text(handle.read(), errors='surrogate_or_replace'))
        self.via = 'systemctl' if self.unit else ('service' if self.service_bin else 'script')

    def argv(self, action):
        return _sysv_service.control_argv(action, self.name, self.path, self.service_bin, self.systemctl, self.unit)

    def status(self, runner):
        """(running, how) from the status exit code and the pid file."""
        if self.unit:
            rc, out, err = runner.query([self.systemctl, 'is-active', self.unit])
            return rc == 0, 'systemctl is-active %s: %s' % (self.unit, (out or '').strip() or rc)
        rc, out, err = runner.query(self.argv('status'))
        return _sysv_service.judge_status(rc, _sysv_service.pidfile_state(self.pidfiles))

    def pid(self):
        state, pid, dummy = _sysv_service.pidfile_state(self.pidfiles)
        return pid if state == 'running' else None

    def supports(self, action):
        if self.unit:
            return True
        return _sysv_service.supports(self.actions, action)

    def wait(self, runner, want, timeout):
        deadline = time.time() + timeout
        while True:
            running, how = self.status(runner)
            if running == want or time.time() >= deadline:
                return running, how
            time.sleep(0.2)


def do_runtime_script(module, script, runner, result):
    p = module.params
    state = p['state']
    if state == 'reloaded' and script.supports('reload') is False:
        raise Failure("state: reloaded, but the init script %s has no reload action (its case labels "
                      "are %s); use state=restarted" % (script.path, ', '.join(sorted(script.actions))))
    running, how = script.status(runner)
    result['status'] = how
    if running is None and state in ('started', 'stopped'):
        raise Failure("state: cannot tell whether %s runs: %s (looked for %s); give the pidfile option"
                      % (script.name, how, ', '.join(script.pidfiles)))
    action = 'none'
    if state == 'started' and not running:
        action = 'start'
    elif state == 'stopped' and running:
        action = 'stop'
    elif state == 'restarted':
        action = 'restart' if running is not False else 'start'
    elif state == 'reloaded':
        action = 'reload' if running is not False else 'start'
    result['action'] = action
    result['via'] = script.via
    result['running'] = running if action == 'none' else state != 'stopped'
    if action == 'none':
        result['pid'] = script.pid()
        return False
    if module.check_mode:
        result['commands'].append(script.argv(action))
        return True
    steps = [action]
    if action == 'restart' and script.supports('restart') is False:
        steps = ['stop', 'start']
    for step in steps:
        rc, out, err = runner.act(script.argv(step))
        if rc != 0:
            if step == 'reload' and rc == _sysv_service.LSB_UNIMPLEMENTED:
                raise Failure("state: reloaded, but %s reload exited with 3, LSB's 'unimplemented "
                              "feature': the script cannot reload; use state=restarted. Output: %s"
                              % (script.name, _output(out, err)))
            raise Failure('%s failed (rc %s): %s' % (' '.join(script.argv(step)), rc, _output(out, err)))
    want = state != 'stopped'
    after, after_how = script.wait(runner, want, p['timeout'])
    if after is not want:
        raise Failure('%s %s returned 0 but the service is %s after %s s: %s'
                      % (script.name, action, 'still not running' if want else 'still running',
                         p['timeout'], after_how))
    result['running'] = after
    result['pid'] = script.pid()
    return True


# ------------------------------------------------------------------ init scripts: boot state

def plan_boot_script(module, layout, name):
    """Everything the boot part will do, computed before anything runs.
    Returns a dict (or None when nothing was asked)."""
    p = module.params
    priorities = p['start_priority'] is not None or p['stop_priority'] is not None
    if p['enabled'] is None and not priorities:
        return None
    try:
        info = _sysv_service.service_info(layout, name)
    except _runlevels.RunlevelError as exc:
        raise Failure(to_native(exc))
    plan = dict(override_path=None, override_before=None, override_after=None)
    if priorities:
        start = p['start_priority'] if p['start_priority'] is not None else info.start
        stop = p['stop_priority'] if p['stop_priority'] is not None else info.stop
        override_path = os.path.join(layout.chkconfig_d, name)
        data = _fileops.read_bytes(override_path)
        current = None if data is None else to_text(data, errors='surrogate_or_replace')
        plan.update(override_path=override_path, override_before=current, override_after=current)
        if (start, stop) != (info.start, info.stop):
            text = _sysv_service.override_text(current, info.levels, start, stop)
            new_info = _sysv_service.service_info(layout, name, text)
            for option, asked, got in (('start_priority', start, new_info.start),
                                       ('stop_priority', stop, new_info.stop)):
                if asked != got:
                    raise Failure("%s: %s breaks the LSB order of %s: chkconfig would use %s (it starts a "
                                  "script after what its Required-Start/Should-Start name and stops it "
                                  "before what its Required-Stop/Should-Stop name)" % (option, asked, name, got))
            plan['override_after'] = text
            info = new_info
    links = _rclinks.read_links(layout, name)
    wanted = _sysv_service.wanted_levels(info, links, p['enabled'], p['runlevels'] or _runlevels.DEFAULT_LEVELS, priorities)
    ops = _sysv_service.plan_links(layout, info, links, wanted, exact=priorities)
    plan.update(info=info, links=links, ops=ops, predicted=_rclinks.simulate(links, ops, name),
                changed=bool(ops) or plan['override_after'] != plan['override_before'])
    return plan


def apply_boot_script(module, layout, name, plan, result):
    result.update(before=_rclinks.table(plan['links']), start_priority=plan['info'].start,
                  stop_priority=plan['info'].stop)
    if plan['override_path']:
        result['override'] = plan['override_path']
    if module._diff:
        result['diff'].append({'before_header': '%s runlevels (before)' % name,
                               'after_header': '%s runlevels (after)' % name,
                               'before': _state_text(name, {'links': _sysv_service.links_dict(plan['links'])}),
                               'after': _state_text(name, {'links': _sysv_service.links_dict(plan['predicted'])})})
        if plan['override_after'] != plan['override_before']:
            result['diff'].append(_file_diff(plan['override_path'], plan['override_before'],
                                             plan['override_after']))
    predicted = plan['predicted']
    if plan['changed'] and not module.check_mode:
        if plan['override_after'] != plan['override_before']:
            directory = os.path.dirname(plan['override_path'])
            if not os.path.isdir(directory):
                os.makedirs(directory, 0o755)      # chkconfig's package owns it; Debian has none
                plan['made_dir'] = directory
            _fileops.atomic_write(plan['override_path'], to_bytes(plan['override_after']), mode=0o644)
        _rclinks.apply_ops(plan['ops'])
        predicted = _rclinks.read_links(layout, name)
    result['after'] = _rclinks.table(predicted)
    result['links'] = _sysv_service.links_dict(predicted)
    return plan['changed']


def restore_boot_script(layout, name, plan):
    """Put the links and the override back as they were before the task."""
    current = _rclinks.read_links(layout, name)
    ops = []
    for level in _runlevels.LEVELS:
        directory = layout.rc_dir(level)
        for entry in current.get(level, []):
            ops.append(('unlink', os.path.join(directory, entry[0])))
        for entry in plan['links'].get(level, []):
            ops.append(('symlink', entry[3] or _rclinks.LINK_TARGET % name, os.path.join(directory, entry[0])))
    _rclinks.apply_ops(ops)
    if plan['override_after'] != plan['override_before']:
        if plan['override_before'] is None:
            _fileops.remove(plan['override_path'])
            if plan.get('made_dir'):
                os.rmdir(plan['made_dir'])
        else:
            _fileops.atomic_write(plan['override_path'], to_bytes(plan['override_before']), mode=None)


# ------------------------------------------------------------------ systemd units: boot state

def do_boot_unit(module, script, runner, result):
    p = module.params
    if p['enabled'] is None:
        return False
    rc, out, err = runner.query([script.systemctl, 'is-enabled', script.unit])
    current = (out or '').strip().split('\n')[0] in ('enabled', 'enabled-runtime', 'alias')
    result['before'] = {'enabled': current}
    result['after'] = {'enabled': p['enabled']}
    if current == p['enabled']:
        return False
    argv = [script.systemctl, 'enable' if p['enabled'] else 'disable', script.unit]
    rc, out, err = runner.act(argv)
    if rc != 0:
        raise Failure('%s failed (rc %s): %s' % (' '.join(argv), rc, _output(out, err)))
    return True


# ------------------------------------------------------------------ xinetd services

def _xinetd_daemon_for(params, layout, warn):
    if not _is_root(layout.root):
        # A directory tree: only an xinetd whose pid file is in that tree.
        pidfiles = (params['xinetd_pidfile'],) if params['xinetd_pidfile'] else _xinetd_daemon.PIDFILES
        return _xinetd_daemon.Daemon(pidfiles=tuple(layout.path(f) for f in pidfiles), scan=False,
                                     use_service_manager=False, timeout=params['timeout'], warn=warn)
    if params['xinetd_pidfile']:
        return _xinetd_daemon.Daemon(pidfiles=(params['xinetd_pidfile'],), scan=False,
                                     timeout=params['timeout'], warn=warn)
    return _xinetd_daemon.Daemon(timeout=params['timeout'], warn=warn)


def _judge_params(services_file):
    """What the xinetd judgement needs: the host's /etc/services and /etc/protocols checks."""
    return dict(services_file=services_file, host_checks=['port', 'protocol'])


def _xinetd_ports(conf_path, services_file, path, text, name, where):
    """[(id, protocol, port)] of the service's entries once enabled."""
    enabled_text = _sysv_service.set_block_enabled(text, name, True) if where == 'conf' else \
        _disable.set_xinetd_enabled(text, True)
    entries = _xinetd_judge.expected_entries(conf_path, _judge_params(services_file), [path],
                                             changes={path: enabled_text})
    # in xinetd.conf, only the blocks of this service (the file holds others)
    return [(key, entry.get('protocol'), entry.get('port')) for key, entry in entries
            if where != 'conf' or key == name or entry.get('name') == name]


def _wait_closed(daemon, pid, ports, timeout):
    deadline = time.time() + timeout
    while True:
        if pid is None or not daemon.is_alive(pid):
            return []
        still = [item for item in ports if (item[1], int(item[2])) in daemon.listening(pid)]
        if not still or time.time() >= deadline:
            return still
        time.sleep(0.1)


def _xinetd_enabled_wanted(module, name, path):
    """The state the entry must get (True, False or None) from state and
    enabled; refuses what does not apply to an xinetd service."""
    p = module.params
    state, enabled = p['state'], p['enabled']
    if p['start_priority'] is not None or p['stop_priority'] is not None:
        raise Failure("start_priority/stop_priority: %s is an xinetd service (%s); it has no rc links, "
                      "priorities apply to init scripts only" % (name, path))
    if state == 'started' and enabled is False:
        raise Failure("enabled: false contradicts state: started for the xinetd service %s: an xinetd "
                      "service runs exactly when its entry is enabled" % name)
    if state == 'stopped' and enabled is True:
        raise Failure("enabled: true contradicts state: stopped for the xinetd service %s: an xinetd "
                      "service runs exactly when its entry is enabled" % name)
    if p['runlevels'] is not None:
        module.warn('runlevels do not apply to the xinetd service %s: xinetd services are on or off '
                    'as a whole (chkconfig ignores --level for them too)' % name)
    if state == 'started':
        return True
    if state == 'stopped':
        return False
    return enabled


def _xinetd_action(state, pid, file_changed, served, ports):
    """What to do with xinetd: 'none', 'reload' or 'start xinetd'."""
    if state in ('restarted', 'reloaded'):
        return 'reload' if pid else 'start xinetd'
    if state == 'started':
        if pid is None:
            return 'start xinetd'
        if file_changed or len(served) < len(ports):
            return 'reload'
    elif state == 'stopped':
        if pid is not None and (file_changed or served):
            return 'reload'
    elif file_changed and pid is not None:
        # enabled alone: the boot state of an xinetd service is its entry;
        # a running xinetd re-reads it, a stopped one stays stopped.
        return 'reload'
    return 'none'


def _refuse_unserved(name, conf_path, path, new_text, services_file):
    """Fail, before anything changes, when xinetd would not serve the enabled entry."""
    dummy, problems, dummy = _xinetd_judge.judge(conf_path, {path: new_text},
                                                 _judge_params(services_file))
    if problems:
        raise Failure('%s: enabling the entry would not make xinetd serve it, so nothing was changed: %s'
                      % (name, '; '.join(problems)), errors=problems)


def do_xinetd(module, layout, name, where, path, conf_path, result):
    """An xinetd service (its own file, or a block of xinetd.conf): the
    entry's disable line, then what xinetd must do (reload or start), with
    the ports checked and the file put back on failure.  Returns changed."""
    p = module.params
    enabled = _xinetd_enabled_wanted(module, name, path)
    with open(path, 'rb') as handle:
        # written back byte for byte but for the disable lines, UTF-8 or not
        text, codec = _fileops.decode_exact(handle.read())
    if where == 'conf' and not _sysv_service.block_states(text, name):
        raise Failure('name: no service block %s in %s' % (name, path))
    new_text = text
    if enabled is not None:
        new_text = _sysv_service.set_block_enabled(text, name, enabled) if where == 'conf' else \
            _disable.set_xinetd_enabled(text, enabled)
    services_file = layout.path('/etc/services')
    ports = _xinetd_ports(conf_path, services_file, path, text, name, where)
    if enabled:
        _refuse_unserved(name, conf_path, path, new_text, services_file)
    daemon = _xinetd_daemon_for(p, layout, module.warn)
    pid = daemon.find()
    listening = daemon.listening(pid) if pid else set()
    served = [item for item in ports if (item[1], int(item[2])) in listening]
    states = _sysv_service.block_states(text, name) if where == 'conf' else _disable.xinetd_states(text)
    new_states = _sysv_service.block_states(new_text, name) if where == 'conf' else _disable.xinetd_states(new_text)
    file_on = any(e for dummy, e in states)
    on_after = any(e for dummy, e in new_states)
    result.update(kind='xinetd', path=path, reloaded=False, xinetd_started=False, xinetd_pid=pid,
                  ports=[list(item) for item in sorted(set((proto, int(port)) for dummy, proto, port in ports))],
                  before={'enabled': file_on}, after={'enabled': on_after})
    file_changed = new_text != text
    if module._diff and file_changed:
        result['diff'].append(_file_diff(path, text, new_text))
    action = _xinetd_action(p['state'], pid, file_changed, served, ports)
    if p['state'] is not None:
        result['action'] = action
        result['status'] = 'entry %s, xinetd %s, listening on %s of %s port(s)' % (
            'enabled' if file_on else 'disabled', 'pid %s' % pid if pid else 'not running',
            len(served), len(ports))
    result['running'] = on_after and (pid is not None or action == 'start xinetd')
    changed = file_changed or action != 'none'
    if module.check_mode or not changed:
        return changed

    def write():
        if file_changed:
            _fileops.atomic_write(path, _fileops.encode_exact(new_text, codec), mode=None)
        return file_changed

    expected = ports if on_after else []
    if action == 'start xinetd' or (file_changed and action == 'reload' and expected):
        # Write, start or reload, check the ports; on failure the file is put back.
        outcome = _xinetd_daemon.apply(daemon, [path], write, expected=expected, reload=True,
                                       start=action == 'start xinetd')
        result.update(reloaded=outcome['reloaded'], xinetd_started=outcome['started'],
                      xinetd_pid=outcome['pid'])
        if outcome['failed']:
            raise Failure(outcome['msg'], rolled_back=outcome['rolled_back'])
        return True
    _write_then_reload(module, daemon, pid, path, write, action, (ports, expected), result)
    return True


def _write_then_reload(module, daemon, pid, path, write, action, port_lists, result):
    """Reload without a new port to wait for (a stop, or a reload asked
    for): write, reload, then check that xinetd serves ``expected`` or has
    closed ``ports``.  A failed write or reload puts the file back."""
    ports, expected = port_lists
    state_snapshot = _fileops.snapshot([path])
    try:
        write()
    except _fileops.FileOpsError as exc:
        _fileops.restore(state_snapshot)
        raise Failure('cannot write %s: %s' % (path, exc))
    if action != 'reload':
        return
    try:
        daemon.reload(pid)
    except _xinetd_daemon.DaemonError as exc:
        _fileops.restore(state_snapshot)
        raise Failure('%s; %s was put back' % (exc, path))
    result['reloaded'] = True
    if not daemon.is_alive(pid):
        module.warn('xinetd (pid %s) exited after the reload: no service is left enabled and it '
                    'runs without -stayalive' % pid)
        result['xinetd_pid'] = None
    elif expected:
        reason = daemon.check_health(pid, expected)
        if reason:
            raise Failure(reason)
    else:
        still = _wait_closed(daemon, pid, ports, module.params['timeout'])
        if still:
            raise Failure('xinetd (pid %s) still listens on %s after the reload'
                          % (pid, ', '.join('%s/%s' % (port, proto) for dummy, proto, port in still)))


# ------------------------------------------------------------------ main

def _check_params(p):
    """Refuse bad or contradictory options before anything is read; returns the name."""
    try:
        name = _runlevels.check_name(p['name'])
        if p['runlevels'] is not None:
            p['runlevels'] = list(_runlevels.check_runlevels(p['runlevels']))
    except _runlevels.RunlevelError as exc:
        raise Failure(to_native(exc))
    for option in ('start_priority', 'stop_priority'):
        if p[option] is not None and not 0 <= p[option] <= 99:
            raise Failure('%s: %s is out of range: chkconfig priorities are 0-99' % (option, p[option]))
    if p['runlevels'] is not None and p['enabled'] is None:
        raise Failure('runlevels: %s given without enabled: runlevels say where enabled applies'
                      % p['runlevels'])
    if p['state'] is None and p['enabled'] is None and p['start_priority'] is None \
            and p['stop_priority'] is None:
        raise Failure('nothing to do: give state, enabled, start_priority or stop_priority')
    root = p['root'] or '/'
    if not os.path.isdir(root):
        raise Failure('root: %s is not a directory' % root)
    if p['state'] is not None and not _is_root(root):
        raise Failure('state: %s needs root=/ (root is %s): nothing is started inside a directory tree'
                      % (p['state'], root))
    return name


def _service_unit(root, name):
    """The systemd unit NAME.service that runs the service when systemd is
    PID 1, else None."""
    if not (_is_root(root) and _sysv_service.systemd_pid1()):
        return None
    unit = _runlevels.systemd_unit('/', name)
    if unit is not None and not unit.endswith('.service'):
        return None
    return unit


def do_systemd_unit(module, script, runner, result):
    """A service that runs as a systemd unit: runtime state and boot state
    through systemctl."""
    p = module.params
    name = script.name
    if p['start_priority'] is not None or p['stop_priority'] is not None:
        raise Failure('start_priority/stop_priority: %s runs as the systemd unit %s, which '
                      'systemd orders by dependencies, not by priorities' % (name, script.unit))
    if p['runlevels'] is not None:
        module.warn('runlevels are ignored for %s: it runs as the systemd unit %s (chkconfig '
                    'ignores --level when it forwards to systemctl too)' % (name, script.unit))
    if p['state'] is not None:
        result['changed'] |= do_runtime_script(module, script, runner, result)
    result['changed'] |= do_boot_unit(module, script, runner, result)


def do_init_script(module, layout, script, runner, result):
    """A service run by its init script: boot links first, then the runtime
    state; a failed runtime action puts the links back."""
    p = module.params
    name = script.name
    # Validate everything before anything runs or changes.
    plan = plan_boot_script(module, layout, name)
    if p['state'] == 'reloaded' and script.supports('reload') is False:
        raise Failure("state: reloaded, but the init script %s has no reload action (its case "
                      "labels are %s); use state=restarted"
                      % (script.path, ', '.join(sorted(script.actions))))
    if plan is not None:
        result['changed'] |= apply_boot_script(module, layout, name, plan, result)
    if p['state'] is not None:
        try:
            result['changed'] |= do_runtime_script(module, script, runner, result)
        except Failure:
            if plan is not None and plan['changed'] and not module.check_mode:
                restore_boot_script(layout, name, plan)
                result['rolled_back'] = True
            raise


def run(module):
    p = module.params
    result = dict(changed=False, name=p['name'], commands=[], diff=[])
    name = _check_params(p)
    root = p['root'] or '/'
    layout = _runlevels.Layout(root, xinetd_dir=p['xinetd_dir'])
    conf_path = layout.path(p['xinetd_conf'])
    runner = Runner(module, result)
    unit = _service_unit(root, name)
    if os.path.isfile(layout.script(name)) or unit is not None:
        script = Script(module, layout, name, unit)
        result['kind'] = 'systemd' if script.unit or not os.path.isfile(layout.script(name)) else 'sysv'
        if script.unit:
            do_systemd_unit(module, script, runner, result)
        else:
            do_init_script(module, layout, script, runner, result)
        return result
    where, path = _sysv_service.find_xinetd(layout, name, conf_path)
    if where is None:
        raise Failure('name: unknown service %s: no init script %s and no xinetd service %s '
                      '(nor a "service %s" block in %s)'
                      % (name, layout.script(name), os.path.join(layout.xinetd_dir, name), name, conf_path))
    if p['state'] is not None and not _is_root(root):
        raise Failure('state needs root=/')
    result['changed'] = do_xinetd(module, layout, name, where, path, conf_path, result)
    return result


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True, aliases=['service']),
            state=dict(type='str', choices=['started', 'stopped', 'restarted', 'reloaded']),
            enabled=dict(type='bool'),
            runlevels=dict(type='list', elements='int'),
            start_priority=dict(type='int'),
            stop_priority=dict(type='int'),
            pidfile=dict(type='path'),
            timeout=dict(type='int', default=10),
            root=dict(type='path', default='/'),
            xinetd_dir=dict(type='path', default='/etc/xinetd.d'),
            xinetd_conf=dict(type='path', default='/etc/xinetd.conf'),
            xinetd_pidfile=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    result = None
    try:
        result = run(module)
    except Failure as exc:
        module.fail_json(msg=to_native(exc), name=module.params['name'], **exc.extra)
    except (_fileops.FileOpsError, _xinetd_daemon.DaemonError, IOError, OSError) as exc:
        module.fail_json(msg='%s: %s' % (module.params['name'], to_native(exc)))
    if not module._diff or not result['diff']:
        result.pop('diff', None)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
