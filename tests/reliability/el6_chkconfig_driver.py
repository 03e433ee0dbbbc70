# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a chkconfig corpus inside an el6-tools container, one way.

    python3 el6_chkconfig_driver.py MODE CASES.json PYTREE ANSIBLE_SITE

MODE is ``binary`` (the real /sbin/chkconfig 1.3.49.5), ``native`` (the
``sysv.services.chkconfig`` module with ``backend: native``) or ``auto``
(the module with ``backend: auto``).  For every case the driver removes what
the previous case left (scripts, overrides and links named ``t-*``), writes
the case's init scripts, /etc/chkconfig.d overrides and hand-made links,
then runs each step and records the whole link set of /etc/rc.d/rc0.d to
rc6.d after it.  The module is called in-process the way Ansible runs it
(AnsibleModule reading its arguments), so hundreds of steps cost seconds.
Prints one JSON document: {case: [{step, snapshot, result}]}.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import json
import os
import subprocess
import sys

from inprocess_module import ModuleRunner

RC = '/etc/rc.d'
INIT = '/etc/rc.d/init.d'
OVERRIDES = '/etc/chkconfig.d'
PREFIX = 't-'
LEVELS = range(7)


def snapshot():
    """{level: [entry -> target]} for every entry of rc0.d..rc6.d."""
    result = {}
    for level in LEVELS:
        directory = '%s/rc%d.d' % (RC, level)
        entries = {}
        for entry in sorted(os.listdir(directory)):
            path = os.path.join(directory, entry)
            entries[entry] = os.readlink(path) if os.path.islink(path) else 'FILE'
        result[str(level)] = entries
    return result


def clean(initial):
    """Back to the image's state: rc dirs exactly as ``initial`` (chkconfig
    renumbers other LSB services' links), no t-* script or override."""
    for level in LEVELS:
        directory = '%s/rc%d.d' % (RC, level)
        wanted = initial[str(level)]
        for entry in os.listdir(directory):
            path = os.path.join(directory, entry)
            if entry not in wanted or not os.path.islink(path) or os.readlink(path) != wanted[entry]:
                os.unlink(path)
        for entry, target in wanted.items():
            path = os.path.join(directory, entry)
            if not os.path.lexists(path):
                os.symlink(target, path)
    for directory in (INIT, OVERRIDES):
        if os.path.isdir(directory):
            for entry in os.listdir(directory):
                if entry.startswith(PREFIX):
                    os.unlink(os.path.join(directory, entry))


def setup(case, initial):
    clean(initial)
    for name, text in sorted(case.get('scripts', {}).items()):
        path = os.path.join(INIT, name)
        with io.open(path, 'w', encoding='utf-8') as handle:
            handle.write(text)
        os.chmod(path, 0o755)
    if case.get('overrides') and not os.path.isdir(OVERRIDES):
        os.makedirs(OVERRIDES)
    for name, text in sorted(case.get('overrides', {}).items()):
        with io.open(os.path.join(OVERRIDES, name), 'w', encoding='utf-8') as handle:
            handle.write(text)
    for level, entry, target in case.get('links', []):
        path = '%s/rc%d.d/%s' % (RC, level, entry)
        if target == 'FILE':
            with open(path, 'w') as handle:
                handle.write('not a link\n')
        else:
            os.symlink(target, path)


def binary_argv(step):
    """The chkconfig command line of a step."""
    op, name = step['op'], step['name']
    levels = step.get('levels')
    if op == 'add':
        return [['chkconfig', '--add', name]]
    if op == 'del':
        return [['chkconfig', '--del', name]]
    if op in ('on', 'off', 'reset', 'resetpriorities'):
        argv = ['chkconfig']
        if levels is not None:
            argv += ['--level', ''.join(str(lv) for lv in levels)]
        return [argv + [name, op]]
    if op == 'exclusive':
        # exact state: on in the listed levels, off in all others
        on = [lv for lv in LEVELS if lv in step['levels']] if step['enabled'] else []
        off = [lv for lv in LEVELS if lv not in on]
        cmds = []
        if on:
            cmds.append(['chkconfig', '--level', ''.join(str(lv) for lv in on), name, 'on'])
        if off:
            cmds.append(['chkconfig', '--level', ''.join(str(lv) for lv in off), name, 'off'])
        return cmds
    raise ValueError('unknown op %r' % op)


def module_args(step, backend):
    """The module task of a step (what a playbook author writes for it)."""
    op, name = step['op'], step['name']
    args = {'name': name, 'backend': backend}
    if op == 'add':
        args['state'] = 'present'
    elif op == 'del':
        args['state'] = 'absent'
    elif op in ('on', 'off'):
        args['enabled'] = op == 'on'
        if step.get('levels') is not None:
            args['runlevels'] = step['levels']
    elif op == 'exclusive':
        args.update(enabled=step['enabled'], runlevels=step['levels'], exclusive=True)
    elif op == 'reset':
        # chkconfig [--level L] NAME reset: each level (of L, default all)
        # on where the header says so, off elsewhere. The module has no
        # "reset": the tasks state the header's levels.
        header = step['header_levels']
        where = step.get('levels')
        where = list(LEVELS) if where is None else where
        on = [lv for lv in where if lv in header]
        off = [lv for lv in where if lv not in header]
        tasks = []
        if on:
            tasks.append(dict(args, enabled=True, runlevels=on))
        if off:
            tasks.append(dict(args, enabled=False, runlevels=off))
        return tasks
    elif op == 'resetpriorities':
        # no module equivalent: a task that only makes sure the service is added
        args['state'] = 'present'
    else:
        raise ValueError('unknown op %r' % op)
    return [args]


def main():
    mode, cases_file = sys.argv[1], sys.argv[2]
    with io.open(cases_file, encoding='utf-8') as handle:
        cases = json.load(handle)
    runner = ModuleRunner(sys.argv[3], sys.argv[4]) if mode != 'binary' else None
    env = dict(os.environ, LC_ALL='C', LANG='C')
    results = {}
    initial = snapshot()
    for case in cases:
        setup(case, initial)
        steps = [{'step': 'setup', 'snapshot': snapshot(), 'result': None}]
        for step in case['steps']:
            if mode == 'binary':
                outcome = []
                for argv in binary_argv(step):
                    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                          env=env, universal_newlines=True, check=False)
                    outcome.append({'argv': argv, 'rc': proc.returncode, 'output': proc.stdout})
            else:
                outcome = []
                for args in module_args(step, mode):
                    res = runner.run(args)
                    outcome.append({'args': args, 'failed': bool(res.get('failed')),
                                    'msg': res.get('msg'), 'changed': res.get('changed'),
                                    'backend': res.get('backend'), 'commands': res.get('commands')})
            steps.append({'step': step, 'snapshot': snapshot(), 'result': outcome})
        results[case['name']] = steps
    clean(initial)
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
