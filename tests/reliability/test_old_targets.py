# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The modules for real on old target Pythons, and on the newest ansible-core.

pyenv's Python 2.7 and 3.6 (built for this host's Debian bookworm) are
bind-mounted read-only into a container of the project image at their own
path, and a playbook runs the collection's modules there with
``ansible_python_interpreter`` pointing at them, from ansible-core 2.16
(``.venv``).  The newest core (``.venv-newest``) runs the same play on the
image's own python3.  Then two plays converge the same container at the same
time.  Modules that do not exist yet in this checkout are reported, not
faked.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import tempfile
import threading

import pytest

import module_runner
import relhelpers

ROOT = relhelpers.ROOT
VENV = os.path.join(ROOT, '.venv')
VENV_NEWEST = os.path.join(ROOT, '.venv-newest')
COLLECTIONS = os.path.join(ROOT, 'build', 'collections')
MODULES = os.path.join(ROOT, 'plugins', 'modules')

TARGETS = [
    # (label, controller venv, interpreter inside the container, or the target Python
    # (SYSV_PY27 / SYSV_PY36, see tools/module_runner.py) mounted into it)
    ('python 2.7 target, ansible-core 2.16', VENV, None, '2.7'),
    ('python 3.6 target, ansible-core 2.16', VENV, None, '3.6'),
    ('image python3 target, newest ansible-core', VENV_NEWEST, '/usr/bin/python3', None),
]


def _have(module):
    return os.path.exists(os.path.join(MODULES, module + '.py'))


def _tasks():
    """The play's tasks for every module this checkout has (and the list of missing ones)."""
    tasks = []
    missing = []
    if _have('xinetd_config'):
        tasks.append({'name': 'xinetd_config: defaults and includedir', 'sysv.services.xinetd_config': {
            'includedir': '/etc/xinetd.d', 'defaults': {'instances': 50, 'log_on_failure': ['HOST']}},
            'register': 'cfg'})
    else:
        missing.append('xinetd_config')
    if _have('xinetd_service'):
        tasks.append({'name': 'xinetd_service: one UNLISTED service', 'sysv.services.xinetd_service': {
            'name': 'reltest', 'type': ['UNLISTED'], 'port': 20200, 'socket_type': 'stream',
            'wait': False, 'user': 'root', 'server': '/bin/cat', 'only_from': ['127.0.0.1'],
            'enabled': True}, 'register': 'svc'})
        tasks.append({'name': 'xinetd_service: idempotent', 'sysv.services.xinetd_service': {
            'name': 'reltest', 'type': ['UNLISTED'], 'port': 20200, 'socket_type': 'stream',
            'wait': False, 'user': 'root', 'server': '/bin/cat', 'only_from': ['127.0.0.1'],
            'enabled': True}, 'register': 'svc2'})
        tasks.append({'assert': {'that': ['svc is changed', 'svc2 is not changed']}})
    else:
        missing.append('xinetd_service')
    if _have('chkconfig'):
        tasks.append({'name': 'chkconfig: echo on (xinetd service)', 'sysv.services.chkconfig': {
            'name': 'echo', 'enabled': True}, 'register': 'echo_on'})
        tasks.append({'name': 'chkconfig: echo on again', 'sysv.services.chkconfig': {
            'name': 'echo', 'enabled': True}, 'register': 'echo_on2'})
        tasks.append({'assert': {'that': ['echo_on is changed', 'echo_on2 is not changed']}})
    else:
        missing.append('chkconfig')
    if _have('chkconfig_info'):
        tasks.append({'name': 'chkconfig_info', 'sysv.services.chkconfig_info': {}, 'register': 'ci'})
        tasks.append({'assert': {'that': ["ci.services.echo.kind == 'xinetd'",
                                          'ci.services.echo.enabled']}})
    else:
        missing.append('chkconfig_info')
    if _have('xinetd_info'):
        tasks.append({'name': 'xinetd_info', 'sysv.services.xinetd_info': {}, 'register': 'xi'})
        tasks.append({'assert': {'that': ['xi.services is mapping']}})
    else:
        missing.append('xinetd_info')
    tasks.append({'name': 'interpreter used', 'ansible.builtin.command': {
        'argv': ['{{ ansible_python_interpreter }}', '-c',
                 'import sys; print("%d.%d" % sys.version_info[:2])']},
        'register': 'pyver', 'changed_when': False})
    tasks.append({'name': 'show interpreter', 'ansible.builtin.debug': {'msg': 'PYVER={{ pyver.stdout }}'}})
    return tasks, missing


def _play(path, hosts='targets', tasks=None):
    # JSON is valid YAML
    with open(path, 'w') as handle:
        json.dump([{'hosts': hosts, 'gather_facts': False, 'tasks': tasks}], handle, indent=1)


def _inventory(path, container, interpreter):
    with open(path, 'w') as handle:
        json.dump({'all': {'children': {'targets': {'hosts': {container: {
            'ansible_connection': 'containers.podman.podman',
            'ansible_python_interpreter': interpreter}}}}}}, handle)


def _env(venv):
    env = relhelpers.podman_env()
    env['PATH'] = os.path.join(venv, 'bin') + os.pathsep + env.get('PATH', '')
    env['ANSIBLE_COLLECTIONS_PATH'] = os.pathsep.join([COLLECTIONS, os.path.join(VENV, 'collections')])
    env['ANSIBLE_HOST_KEY_CHECKING'] = 'False'
    env['ANSIBLE_NOCOLOR'] = '1'
    env['ANSIBLE_STDOUT_CALLBACK'] = 'default'
    env['ANSIBLE_LOCALHOST_WARNING'] = 'False'
    env['ANSIBLE_INVENTORY_UNPARSED_WARNING'] = 'False'
    return env


def _ensure_collections():
    link = os.path.join(COLLECTIONS, 'ansible_collections', 'sysv', 'services')
    if not os.path.islink(link):
        if not os.path.isdir(os.path.dirname(link)):
            os.makedirs(os.path.dirname(link))
        os.symlink(ROOT, link)


def _playbook(venv, inventory, playbook):
    proc = subprocess.run([os.path.join(venv, 'bin', 'ansible-playbook'), '-i', inventory, playbook],
                          env=_env(venv), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600, cwd=ROOT, check=False)
    return proc, proc.stdout


def _failures(output):
    """Task failures in the default callback's output (plus the recap)."""
    bad = [line for line in (output or '').splitlines()
           if line.startswith(('fatal:', 'failed:')) or 'FAILED!' in line]
    recap = [line for line in (output or '').splitlines() if ' failed=' in line]
    if not recap:
        bad.append('no PLAY RECAP in the output')
    bad += [line for line in recap if ' failed=0 ' not in line or ' unreachable=0 ' not in line]
    return bad


def _marker(output, name):
    for line in (output or '').splitlines():
        if '%s=' % name in line:
            return line.split('%s=' % name, 1)[1].strip().strip('"')
    return None


@pytest.mark.parametrize('label,venv,interpreter,pyver', TARGETS, ids=['py27', 'py36', 'newest'])
def test_modules_on_target(container_reason, label, venv, interpreter, pyver):
    if container_reason:
        relhelpers.record('skipped', label=label, reason=container_reason)
        pytest.skip(container_reason)
    if not os.path.exists(os.path.join(venv, 'bin', 'ansible-playbook')):
        reason = '%s has no ansible-playbook (run make setup)' % venv
        relhelpers.record('skipped', label=label, reason=reason)
        pytest.skip(reason)
    extra = []
    if pyver:
        python = module_runner.target_python(pyver)
        if python is None:
            reason = module_runner.skip_reason(pyver)
            relhelpers.record('skipped', label=label, reason=reason)
            pytest.skip(reason)
        # the interpreter's installation prefix, mounted at the same path
        prefix = os.path.dirname(os.path.dirname(os.path.realpath(python)))
        extra = ['-v', '%s:%s:ro' % (prefix, prefix)]
        interpreter = python
    _ensure_collections()
    tasks, missing = _tasks()
    work = tempfile.mkdtemp(prefix='sysv-old-')
    container = relhelpers.Container('sysv-old', network='none', extra=extra)
    with container:
        # the interpreter must really run in the container
        check = container.exec_(interpreter, '-c', 'import sys; print(sys.version)', check=False)
        assert check.returncode == 0, 'cannot run %s in the container: %s' % (interpreter, check.stderr)
        container.sh('/etc/init.d/xinetd start >/dev/null')
        inventory = os.path.join(work, 'inventory.json')
        playbook = os.path.join(work, 'play.yml')
        _inventory(inventory, container.name, interpreter)
        _play(playbook, tasks=tasks)
        proc, result = _playbook(venv, inventory, playbook)
        ran = _marker(result, 'PYVER')
        ok = proc.returncode == 0 and not _failures(result)
        relhelpers.record('oldpython', label='%s (modules: %s%s)' % (
            label, ', '.join(sorted(set(['xinetd_config', 'xinetd_service', 'chkconfig',
                                         'chkconfig_info', 'xinetd_info']) - set(missing)))
            or 'none', '; not in this checkout yet: %s' % ', '.join(missing) if missing else ''),
            ok=ok)
        failures = '\n'.join(_failures(result))
        assert ok, 'play failed on %s:\n%s\n%s\n%s' % (label, failures, proc.stdout[-4000:], proc.stderr[-2000:])
        if pyver:
            assert ran == pyver, (ran, proc.stdout[-2000:])
        # xinetd is still alive and serves echo (turned on by chkconfig)
        if _have('chkconfig'):
            def echo_listens():
                tables = container.sh('cat /proc/net/tcp /proc/net/tcp6', check=False).stdout
                return ':0007 ' in tables
            assert relhelpers.wait_for(echo_listens, 10)


@pytest.mark.usefixtures('need_containers')
def test_two_plays_at_once():
    """Two ansible-playbook runs converge the same container at the same time."""
    if not os.path.exists(os.path.join(VENV, 'bin', 'ansible-playbook')):
        pytest.skip('%s has no ansible-playbook (run make setup)' % VENV)
    _ensure_collections()
    tasks, missing = _tasks()
    work = tempfile.mkdtemp(prefix='sysv-twice-')
    container = relhelpers.Container('sysv-twice', network='none')
    with container:
        container.sh('/etc/init.d/xinetd start >/dev/null')
        before = container.tree_digest('/etc')
        inventory = os.path.join(work, 'inventory.json')
        playbook = os.path.join(work, 'play.yml')
        _inventory(inventory, container.name, '/usr/bin/python3')
        # no asserts about 'changed' here: either play may be the one that changes
        _play(playbook, tasks=[t for t in tasks if 'assert' not in t])
        results = [None, None]

        def run(i):
            results[i] = _playbook(VENV, inventory, playbook)
        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = container.tree_digest('/etc')
        for proc, result in results:
            assert proc.returncode == 0, '\n'.join(_failures(result)) + proc.stdout[-3000:] + proc.stderr[-2000:]
        # every xinetd file still parses the way xinetd reads it, with no loss
        import sys
        sys.path.insert(0, os.path.join(ROOT, 'build', 'pytree'))
        from ansible_collections.sysv.services.plugins.module_utils._xinetd import parser as _xinetd_parser
        changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
        broken = []
        for path in changed:
            if path.startswith('/etc/xinetd'):
                text = container.read(path)
                assert text is not None, '%s disappeared' % path
                dummy, diags = _xinetd_parser.parse(text)
                broken += ['%s: %s' % (path, d.message) for d in diags
                           if d.effect in ('lines-lost', 'service-dropped')]
        leftovers = [p for p in after if '/.' in p and p.startswith('/etc/xinetd') and p.endswith('~')]
        pid = container.sh('cat /run/xinetd.pid', check=False).stdout.strip()
        alive = container.sh('kill -0 %s' % pid, check=False).returncode == 0 if pid else False
        survived = not broken and not leftovers and alive
        relhelpers.record('fault', label='two plays at once (%d files changed)' % len(changed),
                          injected=1, survived=1 if survived else 0, data_lost=len(broken))
        assert not broken, broken
        assert not leftovers, leftovers
        assert alive, 'xinetd is not running after two concurrent plays'
