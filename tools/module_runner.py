# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module file the way a target runs it, for tests/unit and tests/reliability.

A separate interpreter (the controller's, or an old target Python), the
arguments in a JSON file, the collection from ``build/pytree`` and the
controller's ``ansible`` package exposed through a directory named after
that package's path (so runs from different virtualenvs never swap each
other's ``ansible``).

Old target interpreters come from the environment, never from paths
written into tests: ``SYSV_PY27`` and ``SYSV_PY36`` (the Makefile exports
its ``PY27``/``PY36`` there).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import subprocess
import sys

import import_tree

ROOT = import_tree.ROOT
PYTREE = import_tree.TREE
MODULES = os.path.join(ROOT, 'plugins', 'modules')
TARGET_ENV = {'2.7': 'SYSV_PY27', '3.6': 'SYSV_PY36'}
# the last ansible-core release whose module_utils run on Python 2.7 / 3.6 targets
LAST_CORE_FOR_OLD_TARGETS = (2, 16)


def target_python(version):
    """Path of the Python ``version`` ('2.7', '3.6' or '2.7.18'...) from the environment, or None."""
    name = TARGET_ENV.get('.'.join(version.split('.')[:2]))
    path = os.environ.get(name) if name else None
    return path if path and os.path.exists(path) else None


def core_version():
    from ansible.release import __version__  # pylint: disable=import-outside-toplevel
    return tuple(int(x) for x in __version__.split('.')[:2])


def skip_reason(version):
    """Why modules cannot run on the target Python ``version`` here, or None."""
    if version == 'controller':
        return None
    if core_version() > LAST_CORE_FOR_OLD_TARGETS:
        return ('ansible-core %d.%d no longer runs modules on Python %s targets; the '
                'ansible-core 2.16 run covers them' % (core_version() + (version,)))
    if target_python(version) is None:
        return ('Python %s: set %s to its interpreter (make units sets it from the Makefile\'s '
                'PY27/PY36)' % (version, TARGET_ENV.get('.'.join(version.split('.')[:2]), '?')))
    return None


def ansible_lib():
    """A directory holding only the ``ansible`` package of the controller."""
    import ansible  # pylint: disable=import-outside-toplevel
    pkg = os.path.dirname(ansible.__file__)
    tag = hashlib.sha1(pkg.encode('utf-8')).hexdigest()[:12]
    lib = os.path.join(ROOT, 'build', 'ansible-lib-%s' % tag)      # one per controller venv
    link = os.path.join(lib, 'ansible')
    if not os.path.isdir(lib):
        try:
            os.makedirs(lib)
        except OSError:
            if not os.path.isdir(lib):
                raise
    if not os.path.lexists(link):
        try:
            os.symlink(pkg, link)
        except OSError:
            if not os.path.lexists(link):
                raise
    return lib


def run_module(module, args, check=False, diff=False, python=None, env=None, tmp_path=None):
    """Run plugins/modules/<module>.py with ``args``; return the parsed result."""
    import_tree.ensure(on_path=False)
    payload = dict(args)
    payload['_ansible_check_mode'] = check
    payload['_ansible_diff'] = diff
    argsfile = os.path.join(str(tmp_path), '.args-%s.json' % module)
    with open(argsfile, 'w') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': payload}, handle)
    environ = dict(os.environ)
    environ['PYTHONPATH'] = os.pathsep.join([ansible_lib(), PYTREE])
    if env:
        environ.update(env)
    proc = subprocess.Popen([python or sys.executable, os.path.join(MODULES, module + '.py'), argsfile],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ, cwd=str(tmp_path))
    out, err = proc.communicate()
    os.unlink(argsfile)
    try:
        return json.loads(out.decode('utf-8'))
    except ValueError:
        raise AssertionError('module printed no JSON (rc %s):\n%s\n%s' % (proc.returncode, out, err))
