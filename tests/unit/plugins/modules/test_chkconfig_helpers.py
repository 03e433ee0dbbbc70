# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the chkconfig module tests: run a module file the way a
target runs it (a separate interpreter, arguments in a JSON file) and build
root trees for the RHEL and Debian layouts."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
PYTREE = os.path.join(REPO, 'build', 'pytree')
MODULES = os.path.join(REPO, 'plugins', 'modules')
FIXTURES = os.path.join(REPO, 'tests', 'unit', 'fixtures', 'chkconfig')
PYENV = '/root/.pyenv/versions'


def ansible_lib():
    """A directory holding only the ``ansible`` package of the controller,
    so older target interpreters can import its module_utils."""
    import ansible
    pkg = os.path.dirname(ansible.__file__)
    tag = hashlib.sha1(pkg.encode('utf-8')).hexdigest()[:12]
    lib = os.path.join(REPO, 'build', 'ansible-lib-%s' % tag)      # one per controller venv
    link = os.path.join(lib, 'ansible')
    if not os.path.isdir(lib):
        os.makedirs(lib)
    if os.path.islink(link) and os.readlink(link) != pkg:
        os.unlink(link)
    if not os.path.lexists(link):
        os.symlink(pkg, link)
    return lib


def interpreter(version):
    """sys.executable for 'controller', else a pyenv interpreter or skip."""
    if version == 'controller':
        return sys.executable
    from ansible.release import __version__ as core
    if tuple(int(x) for x in core.split('.')[:2]) >= (2, 17) and version.split('.')[:2] in (['2', '7'], ['3', '6']):
        pytest.skip('ansible-core %s no longer runs modules on Python %s targets; the ansible-core 2.16 '
                    'run covers them' % (core, version))
    path = os.path.join(PYENV, version, 'bin', 'python')
    if not os.path.exists(path):
        pytest.skip('Python %s is not installed at %s: target-side run not tested with it' % (version, path))
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


def make_root(base, layout, scripts=(), xinetd=()):
    """A root tree: layout 'rhel' or 'debian', init scripts and xinetd
    files copied from fixtures (name -> fixture file or text)."""
    base = str(base)
    init = os.path.join(base, 'etc', 'rc.d', 'init.d') if layout == 'rhel' else os.path.join(base, 'etc', 'init.d')
    os.makedirs(init)
    for level in range(7):
        rc = os.path.join(base, 'etc', 'rc.d', 'rc%d.d' % level) if layout == 'rhel' \
            else os.path.join(base, 'etc', 'rc%d.d' % level)
        os.makedirs(rc)
    os.makedirs(os.path.join(base, 'etc', 'xinetd.d'))
    for name, source in dict(scripts).items():
        _place(source, os.path.join(init, name), 0o755)
    for name, source in dict(xinetd).items():
        _place(source, os.path.join(base, 'etc', 'xinetd.d', name), 0o644)
    return base


def _place(source, dest, mode):
    if os.path.isfile(os.path.join(FIXTURES, source)):
        shutil.copyfile(os.path.join(FIXTURES, source), dest)
    else:
        with open(dest, 'w') as handle:
            handle.write(source)
    os.chmod(dest, mode)


def rc_listing(root, layout):
    """{level: sorted [(entry, target)]} read with plain os calls."""
    out = {}
    for level in range(7):
        rc = os.path.join(root, 'etc', 'rc.d', 'rc%d.d' % level) if layout == 'rhel' \
            else os.path.join(root, 'etc', 'rc%d.d' % level)
        out[level] = sorted((e, os.readlink(os.path.join(rc, e))) for e in os.listdir(rc))
    return out


def warnings(result):
    """Warning texts of a module result (ansible-core 2.19+ returns them as
    structured summaries, earlier releases as strings)."""
    out = []
    for warning in result.get('warnings', []):
        if isinstance(warning, dict):
            warning = (warning.get('event') or {}).get('msg') or warning.get('msg') or str(warning)
        out.append(warning)
    return out
