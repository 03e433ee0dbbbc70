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

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(HERE))))
sys.path.insert(0, os.path.join(REPO, 'tools'))
from module_runner import (  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
    MODULES, PYTREE, ansible_lib, run_module, skip_reason, target_python)


def interpreter(version):
    """sys.executable for 'controller', else the target Python from the environment, or skip."""
    reason = skip_reason(version)
    if reason:
        pytest.skip(reason)
    return sys.executable if version == 'controller' else target_python(version)


def local_ansible_tree(tmp_path, program, services):
    """A temporary tree for a real ``ansible``/``ansible-playbook`` run (connection local).

    The collection is linked under ``collections/``; ``etc/`` holds an empty
    ``xinetd.conf`` including ``etc/xinetd.d`` and a ``services`` file with the
    given text. Returns the program's path, the ``etc`` directory and the
    environment to run it with; skips when the program is not installed next to
    this interpreter.
    """
    path = os.path.join(os.path.dirname(sys.executable), program)
    if not os.path.exists(path):
        pytest.skip('%s is not installed next to %s' % (program, sys.executable))
    coll = tmp_path / 'collections' / 'ansible_collections' / 'sysv'
    coll.mkdir(parents=True)
    os.symlink(REPO, str(coll / 'services'))
    etc = tmp_path / 'etc'
    (etc / 'xinetd.d').mkdir(parents=True)
    (etc / 'services').write_text(u'' + services)
    (etc / 'xinetd.conf').write_text(u'defaults\n{\n}\nincludedir %s\n' % (etc / 'xinetd.d'))
    environ = dict(os.environ)
    environ.update(ANSIBLE_COLLECTIONS_PATH=str(tmp_path / 'collections'),
                   ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0',
                   ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0',
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    return path, etc, environ
