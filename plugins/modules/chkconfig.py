#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: chkconfig
short_description: Set the runlevels of a service the chkconfig way, exactly and idempotently
version_added: 0.1.0
description:
  - Manages when a service starts at boot, as C(chkconfig) does, for both kinds of classic services.
  - B(Init script services) get C(S)/C(K) links in C(/etc/rc.d/rcN.d) (RHEL layout, used when
    C(/etc/rc.d/init.d) exists) or C(/etc/rcN.d) (Debian layout). Link names are
    C(S<start>NAME) or C(K<stop>NAME) pointing to C(../init.d/NAME); the priorities come from the
    script's C(# chkconfig:) line or, for LSB scripts, are computed as chkconfig does, and
    C(/etc/chkconfig.d/NAME) overrides the header.
  - B(xinetd services) (a file in I(xinetd_dir) and no init script of that name; chkconfig looks in
    init.d first) are turned on or off by editing only the C(disable) line of every service block
    in the file. Unlike C(chkconfig), blank lines, comments, other lines, the file mode and owner
    are kept. xinetd is reloaded only when the state really changed.
  - Only what differs from the wanted state is changed, so a second run reports no change;
    check mode and diff mode are supported.
options:
  name:
    description:
      - Name of the init script in C(init.d), or of the file in I(xinetd_dir).
    type: str
    required: true
    aliases: [service]
  runlevels:
    description:
      - Runlevels (0-6) that I(enabled) applies to, like C(chkconfig --level). Ignored for xinetd
        services (chkconfig ignores C(--level) for them too) and when forwarding to systemd.
    type: list
    elements: int
    default: [2, 3, 4, 5]
  enabled:
    description:
      - C(true) starts the service in I(runlevels) (C(S) link, or C(disable = no) for an xinetd
        service), C(false) stops it there (C(K) link, or C(disable = yes)).
      - When not given, only I(state) is applied.
    type: bool
  exclusive:
    description:
      - Make the per-runlevel state exact. With I(enabled=true) the service is on in the listed
        I(runlevels) and off (a C(K) link) in every other runlevel 0-6. With I(enabled=false)
        the service is off in every runlevel 0-6.
      - Without it, as with C(chkconfig --level), runlevels not listed are left as they are.
    type: bool
    default: false
  state:
    description:
      - C(present) adds the service like C(chkconfig --add) before I(enabled) is applied. In
        every runlevel that has no link yet, a C(S) link where the header's levels say so and a
        C(K) link elsewhere. Runlevels that already have a link are never changed by this step.
      - C(absent) removes every C(S)/C(K) link of the service in runlevels 0-6 like
        C(chkconfig --del); the init script itself stays. I(enabled) is then ignored.
      - Both are no-ops for xinetd services, as with chkconfig.
    type: str
    choices: [present, absent]
    default: present
  backend:
    description:
      - C(auto) picks, in this order, C(systemd) when C(/sbin/init) resolves to systemd and a unit
        C(NAME.service) (or C(NAME@.service) with C(NAME.socket)) exists, as chkconfig forwards;
        C(chkconfig) when the binary is on the path and I(root) is C(/); C(native) otherwise.
      - C(native) manages the links itself with chkconfig's algorithm, on both layouts. It is
        also the default on Debian, where it is exact and idempotent while C(update-rc.d)
        cannot express per-runlevel states and, with insserv, renumbers links.
      - C(chkconfig) runs the binary, always with C(LC_ALL=C) because its output is translated.
      - C(update-rc.d) (Debian layout only) uses C(update-rc.d NAME defaults), C(-f NAME remove)
        and C(NAME enable|disable LEVEL) for levels 2-5; it fails for what it cannot express
        (I(exclusive), levels 0, 1 and 6).
      - C(systemd) runs C(systemctl enable|disable) on the unit; runlevels are ignored.
      - xinetd services are always edited natively whatever the backend (chkconfig's own edit
        deletes blank lines and sets mode 0600).
    type: str
    choices: [auto, chkconfig, native, update-rc.d, systemd]
    default: auto
  root:
    description:
      - Directory to treat as C(/), for chroots and image builds. The C(chkconfig) backend needs
        C(/). C(update-rc.d) gets it as C(DPKG_ROOT), C(systemctl) as C(--root).
    type: path
    default: /
  reload_xinetd:
    description:
      - After an xinetd service changed state, make a running xinetd re-read its configuration
        (a reload, never a restart). A stopped xinetd stays stopped.
    type: bool
    default: true
extends_documentation_fragment:
  - sysv.services.attributes
  - sysv.services.attributes.IDEMPOTENT
  - sysv.services.attributes.FILES
  - sysv.services.xinetd_locations.SERVICE_DIR
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
  safe_file_operations:
    support: full
    details:
      - Applies to xinetd service files; rc links are created and removed one by one, as chkconfig does.
notes:
  - A runlevel already in the wanted state keeps its link as it is, whatever its number (links
    numbered by insserv are not renumbered). A runlevel with several links of the service, or
    with the wrong kind, gets them all removed and one link made, as chkconfig does.
  - LSB priorities follow chkconfig's rule as far as it can be reproduced without touching other
    services. Start at 50, start after every script named or provided in C(Required-Start) or
    C(Should-Start), and stop before every one in C(Required-Stop) or C(Should-Stop). As in
    chkconfig, such a script only counts when it is on in every runlevel the service will be on
    in. Facilities like C($network) only count when a script provides them. Unlike chkconfig,
    other services' links are never renumbered.
  - >-
    The reported xinetd state is what xinetd does, not what C(chkconfig --list) says. For example
    C(DISABLE = YES) is off for xinetd but on for chkconfig, and C(disable = yes # off) is ignored
    by xinetd, so the service stays on. Such lines are rewritten as a plain
    C(disable = yes|no) when the module changes the file.
  - A file with several services (Debian's C(echo) holds C(echo-stream) and C(echo-dgram)) is
    on when xinetd runs at least one of them. I(enabled) sets all of them, like chkconfig.
seealso:
  - module: sysv.services.chkconfig_info
author:
  - sysv.services maintainers (@sysv-services)
'''

EXAMPLES = r'''
- name: Start httpd in runlevels 3 and 5 only, off everywhere else
  sysv.services.chkconfig:
    name: httpd
    runlevels: [3, 5]
    enabled: true
    exclusive: true

- name: Like chkconfig --add sshd
  sysv.services.chkconfig:
    name: sshd

- name: Like chkconfig --level 2345 sshd on
  sysv.services.chkconfig:
    name: sshd
    enabled: true

- name: Turn the xinetd telnet service off (edits only its disable line, reloads xinetd)
  sysv.services.chkconfig:
    name: telnet
    enabled: false

- name: Remove every rc link of a service (chkconfig --del)
  sysv.services.chkconfig:
    name: cups
    state: absent
'''

RETURN = r'''
name:
  description: The service name.
  returned: always
  type: str
  sample: httpd
kind:
  description: C(sysv) for an init script service, C(xinetd) for an xinetd service, C(systemd) when forwarded.
  returned: always
  type: str
  sample: sysv
backend:
  description: The backend that did the work.
  returned: always
  type: str
  sample: native
before:
  description:
    - State before the task.
    - 'For init scripts the runlevel table C({"0": "off", ..., "6": "on"}), for systemd units
      C({"enabled": true}).'
    - 'For xinetd services C({"enabled": true, "chkconfig_enabled": true}): C(enabled) is whether xinetd
      serves the file, C(chkconfig_enabled) what C(chkconfig --list) shows, its own reading of the last
      C(disable) line, which differs for lines such as C(DISABLE = YES). The module reports C(changed)
      when either changes: it then rewrites the disable line so that both agree.'
  returned: always
  type: dict
  sample: {"0": "off", "1": "off", "2": "off", "3": "on", "4": "off", "5": "on", "6": "off"}
after:
  description: State after the task (predicted in check mode), same form as I(before).
  returned: always
  type: dict
  sample: {"0": "off", "1": "off", "2": "off", "3": "on", "4": "off", "5": "on", "6": "off"}
links:
  description: The service's links per runlevel after the task (native and update-rc.d backends).
  returned: when kind is sysv
  type: dict
  sample: {"0": ["K15httpd"], "3": ["S85httpd"]}
start_priority:
  description: Start priority used for new C(S) links.
  returned: when kind is sysv and the native backend read the header
  type: int
  sample: 85
stop_priority:
  description: Stop priority used for new C(K) links.
  returned: when kind is sysv and the native backend read the header
  type: int
  sample: 15
path:
  description: The xinetd service file.
  returned: when kind is xinetd
  type: str
  sample: /etc/xinetd.d/telnet
services:
  description: Per service block of the xinetd file, whether xinetd runs it, after the task.
  returned: when kind is xinetd
  type: list
  elements: dict
  sample: [{"name": "echo", "enabled": false}, {"name": "echo", "enabled": false}]
reloaded:
  description: Whether xinetd was told to re-read its configuration.
  returned: when kind is xinetd
  type: bool
  sample: true
unit:
  description: The systemd unit the request was forwarded to.
  returned: when backend is systemd
  type: str
  sample: httpd.service
commands:
  description: Commands run (or, in check mode, that would run) by the chkconfig, update-rc.d and systemd backends.
  returned: always
  type: list
  elements: list
  sample: [["/sbin/chkconfig", "--level", "35", "httpd", "on"]]
'''

import os

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.sysv.services.plugins.module_utils import _import_once
_import_once.install()  # before the engine: one compile per module (see _import_once)

from ansible_collections.sysv.services.plugins.module_utils import _fileops
from ansible_collections.sysv.services.plugins.module_utils._sysv import listing as _listing
from ansible_collections.sysv.services.plugins.module_utils._sysv import lsb as _lsb
from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks as _rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable
from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as _xinetd_daemon

C_ENV = {'LC_ALL': 'C', 'LANG': 'C', 'LANGUAGE': 'C'}


class Failure(Exception):
    pass


def _is_root(root):
    return os.path.abspath(root or '/') == '/'


def _diff(name, before, after, header='runlevels'):
    return {
        'before_header': '%s %s (before)' % (name, header),
        'after_header': '%s %s (after)' % (name, header),
        'before': _listing.format_table(before, name),
        'after': _listing.format_table(after, name),
    }


def _links_dict(links):
    return dict((str(level), [entry[0] for entry in links.get(level, [])]) for level in _runlevels.LEVELS)


# ------------------------------------------------------------------ xinetd

def _xinetd(root, warn):
    """The xinetd of ``root``: found by name on this host, by its pidfile under another root."""
    if _is_root(root):
        return _xinetd_daemon.Daemon(warn=warn)
    root = os.path.abspath(root)
    return _xinetd_daemon.Daemon(
        pidfiles=tuple(root + path for path in _xinetd_daemon.PIDFILES), scan=False,
        use_service_manager=False, dump_file=root + '/var/run/xinetd.dump', warn=warn)


def _reload_xinetd(module, root):
    """Reload a running xinetd; returns True when it was signalled."""
    daemon = _xinetd(root, module.warn)
    pid = daemon.find()
    if pid is None:
        return False
    try:
        daemon.reload(pid)
    except _xinetd_daemon.DaemonError as exc:
        module.warn('the file changed but xinetd could not be reloaded: %s' % to_native(exc))
        return False
    return True


def _write(path, text, codec):
    _fileops.atomic_write(path, _fileops.encode_exact(text, codec), mode=None)


def do_xinetd(module, layout, name, result):
    p = module.params
    path = os.path.join(layout.xinetd_dir, name)
    result.update(kind='xinetd', backend='native', path=path, reloaded=False)
    if p['backend'] not in ('auto', 'native', 'chkconfig'):
        raise Failure("backend: %s cannot manage the xinetd service %s; use auto or native"
                      % (p['backend'], name))
    if p['exclusive'] or sorted(p['runlevels']) != list(_runlevels.DEFAULT_LEVELS):
        if p['enabled'] is not None:
            module.warn('runlevels and exclusive do not apply to the xinetd service %s: '
                        'xinetd services are on or off as a whole' % name)
    with open(path, 'rb') as handle:
        data = handle.read()
    # written back byte for byte but for the disable lines, UTF-8 or not
    text, codec = _fileops.decode_exact(data)
    states = _disable.xinetd_states(text)
    # xinetd's reading, and chkconfig --list's own (it can differ: chkconfig
    # reads the last lowercase 'disable' line and only a value starting with
    # 'yes' as off); the file is rewritten only when one of them changes
    before = {'enabled': _disable.xinetd_enabled(text),
              'chkconfig_enabled': _disable.chkconfig_xinetd_enabled(text)}
    new_text = text
    if p['state'] == 'present' and p['enabled'] is not None:
        new_text = _disable.set_xinetd_enabled(text, p['enabled'])
    new_states = _disable.xinetd_states(new_text)
    after = {'enabled': _disable.xinetd_enabled(new_text),
             'chkconfig_enabled': _disable.chkconfig_xinetd_enabled(new_text)}
    changed = new_text != text
    result.update(before=before, after=after, changed=changed,
                  services=[{'name': n, 'enabled': e} for n, e in new_states])
    if module._diff:
        result['diff'] = [_diff(name, before, after, 'xinetd state'),
                          {'before_header': path, 'after_header': path,
                           'before': text, 'after': new_text}]
    if changed and not module.check_mode:
        _write(path, new_text, codec)
        if p['reload_xinetd'] and states != new_states:
            result['reloaded'] = _reload_xinetd(module, layout.root)


# ------------------------------------------------------------------ native

def _wanted(p, info, links):
    """Per-level target: --add for unconfigured levels, then enabled."""
    wanted = {}
    if p['state'] == 'present':
        wanted.update(_rclinks.added_levels(info, links))
    if p['enabled'] is not None:
        wanted.update(_rclinks.desired_levels(p['runlevels'], p['enabled'], p['exclusive']))
    return wanted


def _current(p, info, links):
    """The levels the service is on in after the task (chkconfig's
    currentLevels, which decides which LSB dependencies order it)."""
    current = set(level for level in _runlevels.LEVELS
                  if any(entry[1] == 'S' for entry in links.get(level, [])))
    if p['state'] == 'present' and not any(links.get(level) for level in _runlevels.LEVELS):
        current = set(info.levels)
    for level, on in _wanted(p, info, links).items():
        if on:
            current.add(level)
        else:
            current.discard(level)
    return current


def do_native(module, layout, name, result):
    p = module.params
    links = _rclinks.read_links(layout, name)
    try:
        info = _lsb.read_service_info(layout, name, current=lambda i: _current(p, i, links))
    except _runlevels.RunlevelError as exc:
        raise Failure(to_native(exc))
    if p['state'] == 'absent':
        ops = _rclinks.plan_del(layout, name, links)
    else:
        ops = _rclinks.plan_set(layout, info, links, _wanted(p, info, links))
    predicted = _rclinks.simulate(links, ops, name)
    result.update(kind='sysv', backend='native', before=_rclinks.table(links), changed=bool(ops),
                  start_priority=info.start, stop_priority=info.stop)
    if ops and not module.check_mode:
        _rclinks.apply_ops(ops)
        predicted = _rclinks.read_links(layout, name)
    result['after'] = _rclinks.table(predicted)
    result['links'] = _links_dict(predicted)
    result['layout'] = layout.kind


# ------------------------------------------------------------------ chkconfig binary

def _run(module, argv, result, env=None, check_rc=True):
    result['commands'].append(argv)
    environ = dict(C_ENV)
    if env:
        environ.update(env)
    rc, out, err = module.run_command(argv, environ_update=environ)
    if check_rc and rc != 0:
        raise Failure('%s failed (rc %s): %s' % (' '.join(argv), rc, (err or out).strip()))
    return rc, out, err


def _chkconfig_list(module, binary, name, result):
    rc, out, err = _run(module, [binary, '--list', name], result, check_rc=False)
    result['commands'].pop()    # reading is not an action
    if rc != 0:
        message = (err or out).strip()
        if 'not referenced in any runlevel' in message:
            return None
        raise Failure('name: %s: %s' % (name, message or 'chkconfig --list failed with rc %s' % rc))
    parsed = _listing.parse_list_output(out)
    entry = parsed['services'].get(name)
    if entry is None or entry['kind'] != 'sysv':
        raise Failure('cannot read the runlevels of %s from chkconfig --list: %r' % (name, out))
    return entry['runlevels']


def do_chkconfig(module, layout, name, result):
    p = module.params
    if not _is_root(layout.root):
        raise Failure('backend: chkconfig works on / only (root=%s); use backend native' % layout.root)
    binary = module.get_bin_path('chkconfig', required=True)
    current = _chkconfig_list(module, binary, name, result)
    result.update(kind='sysv', backend='chkconfig')
    all_off = dict((str(level), 'off') for level in _runlevels.LEVELS)
    result['before'] = dict(current or all_off)
    plan = []
    if p['state'] == 'absent':
        if current is not None:
            plan.append([binary, '--del', name])
        predicted = all_off
    else:
        predicted = dict(current or all_off)
        # chkconfig --add links every level that has no link yet, also when
        # --list already shows the service (links made by hand in some levels)
        links = _rclinks.read_links(layout, name)
        bare = [level for level in _runlevels.LEVELS if not links.get(level)]
        if current is None or (bare and len(bare) < len(_runlevels.LEVELS)):
            plan.append([binary, '--add', name])
            try:
                info = _lsb.read_service_info(layout, name)
                for level in (_runlevels.LEVELS if current is None else bare):
                    predicted[str(level)] = 'on' if level in info.levels else 'off'
            except _runlevels.RunlevelError:
                pass
        if p['enabled'] is not None:
            wanted = _rclinks.desired_levels(p['runlevels'], p['enabled'], p['exclusive'])
            # a level with several links of the service is made one link, as natively
            crowded = set(lv for lv in _runlevels.LEVELS if len(links.get(lv, [])) > 1)
            on = [lv for lv in sorted(wanted) if wanted[lv] and (predicted[str(lv)] != 'on' or lv in crowded)]
            off = [lv for lv in sorted(wanted)
                   if not wanted[lv] and (predicted[str(lv)] != 'off' or lv in crowded)]
            for levels, word in ((on, 'on'), (off, 'off')):
                if levels:
                    plan.append([binary, '--level', ''.join(str(lv) for lv in levels), name, word])
                    for lv in levels:
                        predicted[str(lv)] = word
    result['changed'] = bool(plan)
    if module.check_mode:
        result['commands'].extend(plan)
        result['after'] = predicted
        return
    for argv in plan:
        _run(module, argv, result)
    after = _chkconfig_list(module, binary, name, result) if plan else current
    result['after'] = dict(after or all_off)


# ------------------------------------------------------------------ update-rc.d

def do_update_rc_d(module, layout, name, result):
    p = module.params
    if layout.kind != 'debian':
        raise Failure('backend: update-rc.d needs the Debian layout (/etc/rcN.d), found %s' % layout.kind)
    if p['exclusive']:
        raise Failure('backend: update-rc.d cannot make exact per-runlevel states (exclusive); '
                      'use backend native')
    if p['enabled'] is not None:
        bad = [lv for lv in p['runlevels'] if lv not in (2, 3, 4, 5)]
        if bad:
            raise Failure('runlevels: update-rc.d enable/disable only handles runlevels 2-5, not %s; '
                          'use backend native' % ', '.join(str(lv) for lv in bad))
    binary = module.get_bin_path('update-rc.d', required=True)
    env = {} if _is_root(layout.root) else {'DPKG_ROOT': layout.root.rstrip('/')}
    try:
        info = _lsb.read_service_info(layout, name)
    except _runlevels.RunlevelError as exc:
        raise Failure(to_native(exc))
    links = _rclinks.read_links(layout, name)
    before = _rclinks.table(links)
    result.update(kind='sysv', backend='update-rc.d', before=before)
    plan = []
    predicted = dict(before)
    if p['state'] == 'absent':
        if _rclinks.configured_levels(links):
            plan.append([binary, '-f', name, 'remove'])
        predicted = dict((str(level), 'off') for level in _runlevels.LEVELS)
    else:
        configured = _rclinks.configured_levels(links)
        if not configured:
            plan.append([binary, name, 'defaults'])
            predicted = dict((str(level), 'on' if level in info.levels else 'off') for level in _runlevels.LEVELS)
            configured = set(_runlevels.LEVELS)
        if p['enabled'] is not None:
            word = 'enable' if p['enabled'] else 'disable'
            state = 'on' if p['enabled'] else 'off'
            for level in p['runlevels']:
                if predicted[str(level)] != state:
                    if level not in configured and plan[-1:] != [[binary, name, 'defaults']]:
                        raise Failure('runlevel %s of %s has no link for update-rc.d to turn %s; '
                                      'use backend native' % (level, name, state))
                    plan.append([binary, name, word, str(level)])
                    predicted[str(level)] = state
    result['changed'] = bool(plan)
    if module.check_mode:
        result['commands'].extend(plan)
        result['after'] = predicted
        return
    for argv in plan:
        _run(module, argv, result, env=env)
    after_links = _rclinks.read_links(layout, name)
    result['after'] = _rclinks.table(after_links)
    result['links'] = _links_dict(after_links)


# ------------------------------------------------------------------ systemd

def _systemd_enabled(module, binary, root_args, unit, result):
    rc, out, err = _run(module, [binary] + root_args + ['is-enabled', unit], result, check_rc=False)
    result['commands'].pop()
    word = out.strip().split('\n')[0] if out.strip() else ''
    if rc != 0 and word not in ('disabled', 'masked', 'static', 'indirect', 'linked'):
        raise Failure('systemctl is-enabled %s failed (rc %s): %s' % (unit, rc, (err or out).strip()))
    return word in ('enabled', 'enabled-runtime', 'alias')


def do_systemd(module, layout, name, unit, result):
    p = module.params
    binary = module.get_bin_path('systemctl', required=True)
    root_args = [] if _is_root(layout.root) else ['--root=%s' % layout.root]
    if p['exclusive'] or sorted(p['runlevels']) != list(_runlevels.DEFAULT_LEVELS):
        module.warn('runlevels and exclusive are ignored when %s is forwarded to systemd (%s), '
                    'as chkconfig does' % (name, unit))
    current = _systemd_enabled(module, binary, root_args, unit, result)
    want = current
    if p['state'] == 'absent':
        want = False
    elif p['enabled'] is not None:
        want = p['enabled']
    result.update(kind='systemd', backend='systemd', unit=unit,
                  before={'enabled': current}, after={'enabled': want}, changed=want != current)
    if want != current:
        argv = [binary] + root_args + ['enable' if want else 'disable', unit]
        if module.check_mode:
            result['commands'].append(argv)
        else:
            _run(module, argv, result)
            result['after'] = {'enabled': _systemd_enabled(module, binary, root_args, unit, result)}


# ------------------------------------------------------------------ main

def run(module):
    p = module.params
    result = dict(changed=False, name=p['name'], commands=[])
    try:
        name = _runlevels.check_name(p['name'])
        p['runlevels'] = list(_runlevels.check_runlevels(p['runlevels']))
    except _runlevels.RunlevelError as exc:
        raise Failure(to_native(exc))
    root = p['root'] or '/'
    if not os.path.isdir(root):
        raise Failure('root: %s is not a directory' % root)
    layout = _runlevels.Layout(root, xinetd_dir=p['xinetd_dir'])
    kind = _runlevels.find_service(layout, name)
    backend = p['backend']

    unit = None
    if backend in ('auto', 'systemd') and kind != 'xinetd':
        unit = _runlevels.systemd_unit(root, name) if _runlevels.systemd_is_init(root) or backend == 'systemd' else None
        if backend == 'systemd' and unit is None:
            raise Failure('backend: systemd, but there is no unit %s.service for %s' % (name, name))
    if unit is not None:
        do_systemd(module, layout, name, unit, result)
    elif kind == 'xinetd':
        do_xinetd(module, layout, name, result)
    elif backend == 'chkconfig' or (backend == 'auto' and kind == 'sysv' and _is_root(root)
                                    and module.get_bin_path('chkconfig') is not None):
        do_chkconfig(module, layout, name, result)
    elif kind is None:
        raise Failure("name: unknown service %s: no init script %s and no xinetd service %s"
                      % (name, layout.script(name), os.path.join(layout.xinetd_dir, name)))
    elif backend == 'update-rc.d':
        do_update_rc_d(module, layout, name, result)
    else:
        do_native(module, layout, name, result)
    if module._diff and 'diff' not in result:
        result['diff'] = _diff(name, result['before'], result['after'])
    return result


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True, aliases=['service']),
            runlevels=dict(type='list', elements='int', default=[2, 3, 4, 5]),
            enabled=dict(type='bool'),
            exclusive=dict(type='bool', default=False),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            backend=dict(type='str', default='auto',
                         choices=['auto', 'chkconfig', 'native', 'update-rc.d', 'systemd']),
            root=dict(type='path', default='/'),
            xinetd_dir=dict(type='path', default='/etc/xinetd.d'),
            reload_xinetd=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
    )
    try:
        result = run(module)
    except Failure as exc:
        module.fail_json(msg=to_native(exc), name=module.params['name'])
    except (IOError, OSError) as exc:
        module.fail_json(msg='%s: %s' % (module.params['name'], to_native(exc)))
    module.exit_json(**result)


if __name__ == '__main__':
    main()
