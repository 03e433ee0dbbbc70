# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the chkconfig module tests: run a module file the way a
target runs it (a separate interpreter, arguments in a JSON file) and build
root trees for the RHEL and Debian layouts."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
FIXTURES = os.path.join(REPO, 'tests', 'unit', 'fixtures', 'chkconfig')
sys.path.insert(0, os.path.join(REPO, 'tools'))
from module_runner import (  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
    MODULES, PYTREE, ansible_lib, run_module, skip_reason, target_python)


def interpreter(version):
    """sys.executable for 'controller', else the target Python from the environment, or skip."""
    reason = skip_reason(version)
    if reason:
        pytest.skip(reason)
    return sys.executable if version == 'controller' else target_python(version)


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
