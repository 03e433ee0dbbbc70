# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run the xinetd modules the way a target runs them: a separate
interpreter (the controller's, Python 2.7 or 3.6), arguments in a JSON file.

The ``ansible`` package of the running controller is exposed to the target
interpreter through a directory named after that package's path, so test
runs from different virtualenvs never swap each other's ``ansible``.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
PYTREE = os.path.join(REPO, 'build', 'pytree')
MODULES = os.path.join(REPO, 'plugins', 'modules')
PYENV = '/root/.pyenv/versions'


def ansible_lib():
    import ansible
    pkg = os.path.dirname(ansible.__file__)
    digest = hashlib.sha1(pkg.encode('utf-8')).hexdigest()[:12]
    lib = os.path.join(REPO, 'build', 'ansible-lib-%s' % digest)
    link = os.path.join(lib, 'ansible')
    if not os.path.isdir(lib):
        try:
            os.makedirs(lib)
        except OSError:
            pass
    if not os.path.lexists(link):
        try:
            os.symlink(pkg, link)
        except OSError:
            pass
    return lib


def interpreter(version):
    """sys.executable for 'controller', else a pyenv interpreter or skip."""
    if version == 'controller':
        return sys.executable
    path = os.path.join(PYENV, version, 'bin', 'python')
    if not os.path.exists(path):
        pytest.skip('Python %s is not installed at %s: target-side run not tested with it' % (version, path))
    import ansible.release
    if version.startswith('2.') or version.startswith('3.6'):
        if tuple(int(x) for x in ansible.release.__version__.split('.')[:2]) > (2, 16):
            pytest.skip('ansible-core %s module_utils do not support Python %s targets'
                        % (ansible.release.__version__, version))
    return path


def run_module(module, args, check=False, diff=False, python=None, env=None, tmp_path=None):
    """Run plugins/modules/<module>.py with ``args``; return the parsed result."""
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
