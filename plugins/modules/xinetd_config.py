#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: xinetd_config
short_description: Manage /etc/xinetd.conf and a whole set of xinetd services in one task
version_added: 0.1.0
description:
  - Writes the main xinetd configuration (a C(defaults) entry from typed options and an C(includedir)) and,
    in the same call, every service of O(services) as M(sysv.services.xinetd_service) would.
  - Every file is validated before any file is written, and so is the whole configuration as it will be
    (entries of different files on one port, duplicate ids, C(defaults) values that make xinetd exit on
    this host); one invalid value fails the task and nothing is written.
  - All files are written, then xinetd is reloaded once. If xinetd does not survive the reload, or an
    enabled service of O(services) does not listen, every file is put back and xinetd is reloaded again
    (one transaction). The check waits until xinetd has handled the reload. SIGUSR1 follows the SIGHUP
    twice, and the second state dump xinetd appends to C(/var/run/xinetd.dump) comes after the reload
    (the first may not, since with both signals pending Linux runs the SIGUSR1 handler first). When the
    two dumps do not come within 3 seconds each, the module warns that it could not confirm the reload.
  - O(purge) removes or disables the service files of the include directory that are not in O(services);
    O(disable_ids) turns given service ids off wherever they are defined, editing only their C(disable) lines.
  - In the same module run, so that a converged host costs one round trip, it can also install the
    O(packages) that are missing (asked of C(dpkg-query) or C(rpm -q) on the host, no facts needed), set
    xinetd's boot-time state (O(runlevels)), stop xinetd, or run it only while a service is enabled
    (O(xinetd_state=auto)), and remove O(remove_packages) once the configuration no longer uses them.
  - Order of one run. Missing packages are installed; every file is validated; files are written and
    xinetd is reloaded, started or stopped (one transaction); the boot-time state is set; packages
    are removed.
author:
  - sysv.services maintainers (@sysv-services)
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.IDEMPOTENT
  - sysv.services.attributes.FILES
  - sysv.services.xinetd_attributes.APPLY
  - sysv.services.xinetd_locations
  - sysv.services.xinetd_locations.MAIN_FILE
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
  safe_file_operations:
    support: full
options:
  defaults:
    description:
      - The C(defaults) entry, as typed options (the attributes xinetd allows in C(defaults); see
        M(sysv.services.xinetd_service) for their forms). Lists are written with C(=), which in C(defaults)
        adds to xinetd's built-in values.
      - When this option is not given, O(path) is not managed (only the services are).
      - C(enabled) and C(disabled) are lists of service ids; with C(enabled), every other id is off.
    type: dict
    suboptions:
      bind:
        description: "Address to listen on."
        type: str
      only_from:
        description: "Addresses allowed to connect (list or C({add, remove}) mapping)."
        type: raw
      no_access:
        description: "Addresses denied (list or C({add, remove}) mapping)."
        type: raw
      instances:
        description: "Maximum simultaneous servers per service (integer or V(UNLIMITED))."
        type: raw
      per_source:
        description: "Maximum servers per source address (integer or V(UNLIMITED))."
        type: raw
      cps:
        description: "Connection rate limit C([rate, seconds])"
        type: list
        elements: int
      max_load:
        description: "Load average above which connections are refused."
        type: float
      log_type:
        description: "C(SYSLOG facility [level]) or C(FILE path [soft [hard]]); only one is allowed."
        type: str
      log_on_success:
        description: "What to log on success (list or C({add, remove}) mapping)."
        type: raw
      log_on_failure:
        description: "What to log on failure (list or C({add, remove}) mapping)."
        type: raw
      banner:
        description: "Banner file."
        type: str
      banner_success:
        description: "Banner file on success."
        type: str
      banner_fail:
        description: "Banner file on failure."
        type: str
      passenv:
        description: "Environment variables passed to servers (list or C({add, remove}) mapping)."
        type: raw
      umask:
        description: "Octal umask as a string."
        type: str
      groups:
        description: "Give servers all the groups of their user."
        type: bool
      v6only:
        description: "Set C(IPV6_V6ONLY)."
        type: bool
      enabled:
        description: "The only service ids xinetd runs. An id listed twice is written once."
        type: list
        elements: str
      disabled:
        description: "Service ids xinetd never runs. An id listed twice is written once."
        type: list
        elements: str
  includedir:
    description:
      - The directory of service files, written as C(includedir) in O(path) and where O(services) are written.
    type: path
    default: /etc/xinetd.d
  services:
    description:
      - Service file name to M(sysv.services.xinetd_service) options (without O(sysv.services.xinetd_service#module:name)
        and the file options, which come from this task). C(state=absent) removes the file; C(src) renders a
        template of the controller.
    type: dict
  purge:
    description:
      - What to do with the files of O(includedir) that xinetd loads and that are not in O(services).
        V(false) keeps them, V(true) removes them, V(disable) rewrites them with C(disable = yes) in every entry.
        A YAML boolean is taken as V(true) or V(false).
      - Files xinetd never loads (names with C(.) or ending in C(~), such as backups) are left alone.
    type: str
    choices: ['false', 'true', 'disable']
    default: 'false'
  xinetd_state:
    description:
      - V(started) starts xinetd when it is not running (init script, C(systemctl), or C(xinetd -stayalive
        -pidfile /run/xinetd.pid) where there is no init system).
      - V(stopped) stops a running xinetd (C(systemctl stop) when systemd manages it, else SIGTERM to its pid,
        on which xinetd ends the servers it started and exits), after the files are written; it is not
        reloaded first.
      - V(auto) judges from the configuration as it is after the task (the main file, its includes and
        C(includedir), with the C(disabled) and C(enabled) lists of C(defaults)). With at least one active
        service, as V(started), and on at boot. With none, as V(stopped), and off at boot at every runlevel,
        whatever O(runlevels) says (STIG RHEL-06-000203 wants xinetd off when no service under it is on).
        Services that xinetd takes from C(/etc/inetd.conf) with C(-inetd_compat) are not counted.
      - V(unchanged) leaves a stopped xinetd stopped and a running one running.
    type: str
    choices: [started, stopped, auto, unchanged]
    default: unchanged
  runlevels:
    description:
      - Runlevels (0-6) at which xinetd starts at boot; it is off at every other runlevel. V([]) is off at
        every runlevel. Not given, the boot-time state is not managed, except with O(xinetd_state=auto)
        (on at 2-5 as C(chkconfig xinetd on) does, or off everywhere when no service is enabled).
      - The links are made as M(sysv.services.chkconfig) does with O(sysv.services.chkconfig#module:exclusive=true)
        and its native backend (C(S)/C(K) links in C(/etc/rc.d/rcN.d) or C(/etc/rcN.d), priorities from the
        init script's header; a runlevel already right keeps its link, whatever its number).
      - On a host whose init is systemd and that has C(xinetd.service), it is C(systemctl enable) (any runlevel
        listed) or C(systemctl disable) (none), as chkconfig forwards to systemd.
      - A host with neither an init script nor a unit for xinetd fails the task when O(runlevels) is given;
        with O(xinetd_state=auto) alone, RV(boot) says that nothing starts xinetd at boot there.
    type: list
    elements: int
  disable_ids:
    description:
      - Service ids (the C(id) attribute, else the service name) to turn off in the files of O(includedir)
        that are not in O(services), wherever they are defined (Debian's C(chargen) file holds both
        C(chargen-dgram) and C(chargen-stream); EL has one file per id).
      - Only the C(disable) line of each such entry changes (C(disable = yes), added before the closing
        C(}) when there is none), with the line editor of M(sysv.services.chkconfig); entries already off,
        other entries, comments, blank lines, the file mode and owner stay as they are.
      - Ignored when O(purge) is not V(false) (it already handles every unlisted file). An id that is
        also an enabled entry of O(services) is an error.
      - To make xinetd never run an id whatever its file says, list it in the C(disabled) list of O(defaults) too.
    type: list
    elements: str
  packages:
    description:
      - Packages that must be installed, checked on the host with C(dpkg-query -W) (Debian family) or
        C(rpm -q) (EL family) in the same run. Only the missing ones are installed, with C(apt-get install)
        (existing configuration files kept), C(dnf install) or C(yum install); the package lists are not
        refreshed.
      - "An item is a package name, or a mapping from package family to name, such as
        C({dpkg: inetutils-telnetd, rpm: telnet-server}), for a name that differs between families (a
        family left out installs nothing there). The family is the host's own (C(dpkg-query) found, else
        C(rpm)), so no facts are needed. The C(server) of a O(services) entry may be such a mapping too
        (C({dpkg: /usr/sbin/telnetd, rpm: /usr/sbin/in.telnetd})); that entry is then rendered on the host
        with the built-in template."
      - They are installed before anything else, as the checks of the services need their files. In check
        mode, when some would be installed, the task reports them and does not check the configuration.
      - Upgrades are not done; use M(ansible.builtin.package) with C(state=latest) for that.
    type: list
    elements: raw
  remove_packages:
    description:
      - Packages to remove when installed (C(apt-get remove), C(dnf remove), C(yum remove); configuration
        files are kept), after the files are written and xinetd reloaded or stopped.
      - Items as in O(packages).
    type: list
    elements: raw
seealso:
  - module: sysv.services.xinetd_service
  - module: sysv.services.xinetd_info
'''

EXAMPLES = r'''
- name: Defaults, telnet with limits, and nothing else served
  sysv.services.xinetd_config:
    defaults:
      log_type: SYSLOG daemon info
      log_on_success: [PID, HOST, DURATION, EXIT]
      log_on_failure: [HOST]
      instances: 50
      per_source: 10
      cps: [50, 10]
      disabled: [chargen-dgram, chargen-stream, echo-dgram, echo-stream]
    services:
      telnet:
        socket_type: stream
        wait: false
        user: root
        server: /usr/sbin/in.telnetd
        only_from: [10.1.2.0/24]
        instances: 10
      tftp:
        state: absent
    purge: disable
    backup: true
    xinetd_state: started

- name: Packages, telnet, built-ins off, xinetd on at runlevels 3 and 5, in one round trip
  sysv.services.xinetd_config:
    packages: [xinetd, inetutils-telnetd]
    services:
      telnet:
        socket_type: stream
        wait: false
        user: root
        server: /usr/sbin/telnetd
        only_from: [10.1.2.0/24]
    disable_ids: [chargen-dgram, chargen-stream, echo-dgram, echo-stream]
    runlevels: [3, 5]
    xinetd_state: auto

- name: No telnet any more; xinetd stops and is off at boot when nothing else is enabled
  sysv.services.xinetd_config:
    services:
      telnet:
        state: absent
    remove_packages: [inetutils-telnetd]
    runlevels: [3, 5]
    xinetd_state: auto

- name: Only converge services, keep the vendor xinetd.conf
  sysv.services.xinetd_config:
    services:
      rsync:
        src: xinetd/rsync.j2
'''

RETURN = r'''
path:
  description: The main configuration file.
  returned: always
  type: str
  sample: /etc/xinetd.conf
backup_file:
  description: Backup of the main file when it changed and O(backup=true).
  returned: changed and backup
  type: str
backup_files:
  description: Every backup made by this task, as a mapping of file to backup (empty without O(backup=true)
    or without a change).
  returned: when not in check mode
  type: dict
  sample: {"/etc/xinetd.d/telnet": "/etc/xinetd.d/telnet.2512.2024-05-01@10:11:12~"}
xinetd_started:
  description: Whether this task started xinetd (O(xinetd_state=started) and xinetd was not running).
  returned: when not in check mode
  type: bool
  sample: false
reload_method:
  description: How xinetd was reloaded or started, or null when it was neither - C(signal) (SIGHUP to its
    pid) or C(systemd) for a reload; C(systemd), C(sysv) (init script) or C(exec) for a start.
  returned: when not in check mode
  type: str
  sample: signal
warnings_found:
  description: Harmless findings about the texts (lines xinetd ignores), also shown as warnings.
  returned: success
  type: list
  elements: str
reloaded:
  description: Whether xinetd was reloaded.
  returned: always
  type: bool
rolled_back:
  description: Whether the change was undone because xinetd did not survive it (the task then fails).
  returned: always
  type: bool
xinetd_pid:
  description: The pid of the running xinetd, or null.
  returned: always
  type: int
files:
  description: Each file of the task (main file, services, purged files) and what happened to it
    (C(changed), C(state) present, absent or disabled).
  returned: always
  type: dict
  sample: {"/etc/xinetd.d/telnet": {"changed": true, "state": "present"}}
defaults:
  description: The effective defaults.
  returned: success
  type: dict
services:
  description: The effective entries xinetd would load from the files of O(services), by file name.
  returned: success
  type: dict
xinetd_running:
  description: Whether xinetd runs after the task (predicted in check mode).
  returned: success
  type: bool
xinetd_stopped:
  description: Whether the task stopped xinetd.
  returned: when it did
  type: bool
boot:
  description:
    - xinetd's boot-time state, C(before) and C(after) the task (chkconfig's runlevel table, or
      C(enabled) true or false with systemd), the C(backend) (C(native) or C(systemd)) and whether it C(changed).
  returned: when O(runlevels) is given or O(xinetd_state=auto)
  type: dict
  sample: {"backend": "native", "changed": false, "before": {"0": "off", "1": "off", "2": "off", "3": "on",
           "4": "off", "5": "on", "6": "off"}, "after": {"0": "off", "1": "off", "2": "off", "3": "on",
           "4": "off", "5": "on", "6": "off"}}
package_family:
  description: The host's package family (C(dpkg) or C(rpm)), when a package or a value by family was given.
  returned: when O(packages), O(remove_packages) or a value by family is given
  type: str
  sample: dpkg
packages_installed:
  description: Packages of O(packages) that were missing and were installed (would be, in check mode).
  returned: success
  type: list
  elements: str
packages_removed:
  description: Packages of O(remove_packages) that were installed and were removed (would be, in check mode).
  returned: success
  type: list
  elements: str
'''

import os

from ansible_collections.sysv.services.plugins.module_utils import _import_once
_import_once.install()  # before the engine: one compile per module (see _import_once)

from ansible_collections.sysv.services.plugins.module_utils._internal_args import internal_module
from ansible_collections.sysv.services.plugins.module_utils._xinetd.options import OptionError
from ansible_collections.sysv.services.plugins.module_utils._fileops import read_bytes
from ansible_collections.sysv.services.plugins.module_utils._xinetd.judge import (
    validate_config_text,
    validate_service_text,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import (
    CONFIG_INTERNAL,
    config_argument_spec,
    converge,
    disable_ids_text,
    file_services,
    keep_file_layout,
    loaded_names,
    make_host,
    normalize_purge,
    plan_file,
    render_config_text,
    render_service_text,
    service_name_problem,
    validate_entry,
)


def _run(module):
    def run(argv, env):
        return module.run_command(argv, environ_update=env)
    return run


def _family_mapped(params):
    """True when an option holds a value by package family."""
    values = list(params['packages'] or []) + list(params['remove_packages'] or [])
    values += [entry.get('server') for entry in (params['services'] or {}).values() if isinstance(entry, dict)]
    return any(isinstance(value, dict) for value in values)


def family_step(module, result):
    """Resolve the values given by package family (O(packages), O(remove_packages), C(server))."""
    params = module.params
    if not (params['packages'] or params['remove_packages'] or _family_mapped(params)):
        result.update(packages_installed=[], packages_removed=[])
        return None
    from ansible_collections.sysv.services.plugins.module_utils._sysv import packages as _packages
    try:
        found = _packages.backend()
        params['packages'] = _packages.names_for(params['packages'], found[0], 'packages')
        params['remove_packages'] = _packages.names_for(params['remove_packages'], found[0], 'remove_packages')
        services = params['services'] or {}
        for name in sorted(services):
            entry = services[name]
            if isinstance(entry, dict) and isinstance(entry.get('server'), dict):
                entry = dict(entry)
                entry['server'] = _packages.by_family(entry['server'], found[0], 'services.%s.server' % name)
                services[name] = entry
    except _packages.PackageError as exc:
        module.fail_json(msg=str(exc), **result)
    result['package_family'] = found[0]
    return found


def package_step(module, result):
    """Install the missing O(packages); return True when the rest must wait (check mode)."""
    found = family_step(module, result)
    wanted = module.params['packages'] or []
    unwanted = module.params['remove_packages'] or []
    both = sorted(set(wanted) & set(unwanted))
    if both:
        module.fail_json(msg='packages and remove_packages both name %s' % ', '.join(both))
    result.update(packages_installed=[], packages_removed=[])
    if not wanted and not unwanted:
        return False
    from ansible_collections.sysv.services.plugins.module_utils._sysv import packages as _packages
    try:
        state = _packages.query(list(wanted) + [n for n in unwanted if n not in wanted], _run(module), found)
    except _packages.PackageError as exc:
        module.fail_json(msg=str(exc), **result)
    missing = [name for name in wanted if not state.get(name)]
    if missing and not module.check_mode:
        try:
            _packages.install(missing, _run(module), found)
        except _packages.PackageError as exc:
            module.fail_json(msg=str(exc), **result)
    result['_package_state'] = (found, state)
    result['packages_installed'] = missing
    if missing:
        result['changed'] = True
    return bool(missing) and module.check_mode


def remove_step(module, result):
    """Remove the installed O(remove_packages), after the configuration no longer uses them."""
    found, state = result.pop('_package_state', (None, {}))
    present = [name for name in (module.params['remove_packages'] or []) if state.get(name)]
    if present and not module.check_mode:
        from ansible_collections.sysv.services.plugins.module_utils._sysv import packages as _packages
        try:
            _packages.remove(present, _run(module), found)
        except _packages.PackageError as exc:
            module.fail_json(msg=str(exc), **result)
    result['packages_removed'] = present
    if present:
        result['changed'] = True
    if module._diff and (result['packages_installed'] or present):
        before = sorted(n for n, on in state.items() if on)
        after = sorted((set(before) | set(result['packages_installed'])) - set(present))
        result.setdefault('diff', []).append(dict(
            before_header='installed packages', after_header='installed packages',
            before=''.join(n + '\n' for n in before), after=''.join(n + '\n' for n in after)))


def boot_step(module, result):
    """xinetd on or off at boot (O(runlevels); with O(xinetd_state=auto), off when nothing is enabled)."""
    params = module.params
    running = None
    if params['xinetd_state'] == 'auto':
        running = result.get('xinetd_running')
    elif params['xinetd_state'] == 'stopped' and params['runlevels'] is None:
        return
    if params['runlevels'] is None and running is None:
        return
    from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
    from ansible_collections.sysv.services.plugins.module_utils._xinetd import boot as _xinetd_boot
    try:
        levels = params['runlevels']
        wanted = _xinetd_boot.boot_wanted(levels, running)
        plan = _xinetd_boot.plan_boot(wanted)
        if plan is None:
            if levels is not None:
                module.fail_json(msg='runlevels: %s (is xinetd installed?)' % _xinetd_boot.no_boot_manager(),
                                 **result)
            # auto without runlevels: off at boot already holds; on cannot be had
            result['boot'] = dict(backend=None, changed=False, msg=_xinetd_boot.no_boot_manager())
            return
        if plan['changed'] and not module.check_mode:
            _xinetd_boot.apply_boot(plan)
    except (_runlevels.RunlevelError, _xinetd_boot.DaemonError, IOError, OSError) as exc:
        message = str(exc)
        module.fail_json(msg=message if message.startswith('runlevels') else 'runlevels: ' + message, **result)
    result['boot'] = dict(backend=plan['backend'], before=plan['before'], after=plan['after'],
                          changed=plan['changed'])
    if plan['changed']:
        result['changed'] = True
        if module._diff:
            result.setdefault('diff', []).append(dict(
                before_header='xinetd at boot (before)', after_header='xinetd at boot (after)',
                before=_xinetd_boot.format_boot(plan['before']), after=_xinetd_boot.format_boot(plan['after'])))


def _text_to_edit(module, path, warning):
    """The text of a file the task does not own, for a line edit; None when
    it is gone, or, with ``warning`` (``%s``: the path), when it is not
    UTF-8 (rewriting it as text would replace its other bytes)."""
    data = read_bytes(path)
    if data is None:
        return None
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        module.warn(warning % path)
        return None


def disable_ids_step(module, includedir, services, purge, plans, files):
    """Plans that turn the entries of O(disable_ids) off in the files the task does not manage."""
    ids = module.params['disable_ids'] or []
    if not ids or purge != 'false' or not os.path.isdir(includedir):
        return []
    errors = []
    for name, entry in sorted(services.items()):
        entry = entry or {}
        if isinstance(entry, dict) and entry.get('state', 'present') == 'present' and \
                entry.get('enabled', True) and str(entry.get('id') or name).lower() in \
                set(i.lower() for i in ids):
            errors.append('disable_ids: %s is also an enabled entry of services.%s'
                          % (entry.get('id') or name, name))
    for name in loaded_names(includedir):
        if name in services:
            continue
        path = os.path.join(includedir, name)
        text = _text_to_edit(module, path, 'disable_ids: %s is not UTF-8 text; its entries were not checked')
        if text is None:
            continue
        new_text, turned_off = disable_ids_text(text, ids)
        if turned_off:
            plans.append(plan_file(path, new_text, module.params, keep_attributes=True))
            files[path] = dict(state='disabled', ids=turned_off)
    return errors


class _Changes:
    """What the task is about to write: plans (``plan_file``), files by path, errors."""

    def __init__(self, params):
        self.params = params
        self.plans = []
        self.files = {}
        self.errors = []
        self.shape_errors = []
        self.managed = []

    def add(self, path, content, state, keep_attributes=False):
        self.plans.append(plan_file(path, content, self.params, keep_attributes=keep_attributes))
        self.files[path] = dict(state=state)


def _early_steps(module):
    """Check the runlevels and install the packages first; ``early`` result."""
    params = module.params
    early = dict(changed=False, path=params['path'])
    if params['runlevels'] is not None:
        from ansible_collections.sysv.services.plugins.module_utils._sysv.runlevels import RunlevelError, check_runlevels
        try:
            params['runlevels'] = list(check_runlevels(params['runlevels']))
        except RunlevelError as exc:
            module.fail_json(msg=str(exc))
    if package_step(module, early):
        early.pop('_package_state', None)
        early.update(files={}, msg='check mode: packages %s would be installed first; the configuration '
                     'is checked once they are (its files and programs come with them)'
                     % ', '.join(early['packages_installed']))
        module.exit_json(**early)
    return early


def _plan_main_file(module, changes):
    params = module.params
    if params['defaults'] is None:
        return
    path = params['path']
    try:
        content = render_config_text(params['defaults'], params['includedir'])
    except OptionError as exc:
        module.fail_json(msg='defaults.%s: %r: %s' % (exc.option, exc.value, exc.message),
                         option='defaults.' + exc.option)
    changes.shape_errors.extend(validate_config_text(content, path))
    changes.add(path, content, 'present')


def _plan_services(module, changes):
    includedir = module.params['includedir']
    services = module.params['services'] or {}
    rendered = module.internal.get('_services') or {}
    if services and not os.path.isdir(includedir):
        changes.errors.append('includedir: %s is not a directory (is xinetd installed?)' % includedir)
    for name in sorted(services):
        problem = service_name_problem(name)
        if problem:
            changes.errors.append('services: name %r %s' % (name, problem))
            continue
        entry, errs = validate_entry(name, services[name])
        if errs:
            changes.errors.extend(errs)
            continue
        service_path = os.path.join(includedir, name)
        changes.managed.append(service_path)
        if entry['state'] == 'absent':
            changes.add(service_path, None, 'absent')
            continue
        text = _service_text(name, entry, rendered, changes.errors)
        if text is None:
            continue
        changes.shape_errors.extend(validate_service_text(text, name, service_path))
        changes.add(service_path, keep_file_layout(service_path, text), 'present')


def _service_text(name, entry, rendered, errors):
    """The text of one service: from the action plugin, else rendered here (None: error)."""
    text = rendered.get(name)
    if text is None:
        if entry.get('src'):
            errors.append('services.%s: src needs the sysv.services.xinetd_config action plugin' % name)
            return None
        try:
            text = render_service_text(name, entry)
        except OptionError as exc:
            errors.append('services.%s.%s: %r: %s' % (name, exc.option, exc.value, exc.message))
            return None
    if not text.endswith('\n'):
        text += '\n'
    return text


def _plan_purge(module, changes, purge):
    """Files of the include directory the task does not manage: removed or disabled."""
    includedir = module.params['includedir']
    services = module.params['services'] or {}
    if purge != 'false' and os.path.isdir(includedir):
        for name in loaded_names(includedir):
            if name in services:
                continue
            other = os.path.join(includedir, name)
            if purge == 'true':
                changes.add(other, None, 'absent')
            else:
                text = _text_to_edit(module, other, 'purge: %s is not UTF-8 text: it was left as it is, '
                                                    'and its entries were not turned off')
                if text is None:
                    continue
                from ansible_collections.sysv.services.plugins.module_utils._xinetd.disable import set_xinetd_enabled
                # a line edit of a file the task does not own: its mode and owner stay
                changes.add(other, set_xinetd_enabled(text, False), 'disabled', keep_attributes=True)
    changes.errors.extend(disable_ids_step(module, includedir, services, purge, changes.plans,
                                           changes.files))


def main():
    module = internal_module(CONFIG_INTERNAL, argument_spec=config_argument_spec(),
                             supports_check_mode=True)
    params = module.params
    path = params['path']
    purge = normalize_purge(params['purge'])
    early = _early_steps(module)
    dummy, hooks = make_host(params)
    changes = _Changes(params)
    _plan_main_file(module, changes)
    _plan_services(module, changes)
    _plan_purge(module, changes, purge)
    # what the packages step did is reported even if the task fails below
    installed = dict((key, early[key]) for key in ('packages_installed', 'packages_removed', 'package_family')
                     if key in early)
    if changes.errors:
        errors = changes.errors + changes.shape_errors
        module.fail_json(msg='; '.join(errors), errors=errors, changed=early['changed'], **installed)

    files = changes.files
    validated = [p for p in files if files[p]['state'] == 'present']
    result, eff = converge(module, changes.plans, path, extra_result=dict(path=path, **installed), hooks=hooks,
                           validated=validated, errors=changes.shape_errors, changed_before=early['changed'])
    result['changed'] = result['changed'] or early['changed']
    if '_package_state' in early:
        result['_package_state'] = early['_package_state']
    boot_step(module, result)
    remove_step(module, result)
    for plan in changes.plans:
        files[plan['path']]['changed'] = plan['changed']
    result['files'] = files
    result['defaults'] = eff.defaults if eff is not None else {}
    result['services'] = dict((os.path.basename(p), file_services(eff, p)) for p in changes.managed
                              if files[p]['state'] == 'present')
    module.exit_json(**result)


if __name__ == '__main__':
    main()
