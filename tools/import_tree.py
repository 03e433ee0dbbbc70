# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The import tree that makes this checkout importable as ``ansible_collections.sysv.services``.

Tests, the reliability proof and the benchmarks import the collection as
Ansible does on a target (``ansible_collections.sysv.services.plugins...``).
``build/pytree`` holds regular packages (``__init__.py`` files, so Python 2.7
can import it too) whose ``plugins`` is a symlink to this checkout's
``plugins`` directory.  The one builder of that tree.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE = os.path.join(ROOT, 'build', 'pytree')


def ensure(on_path=True):
    """Build ``build/pytree`` if needed; put it first on ``sys.path``; return its path."""
    pkg = os.path.join(TREE, 'ansible_collections', 'sysv', 'services')
    for level in (os.path.join(TREE, 'ansible_collections'),
                  os.path.join(TREE, 'ansible_collections', 'sysv'), pkg):
        if not os.path.isdir(level):
            try:
                os.makedirs(level)
            except OSError:
                if not os.path.isdir(level):  # another process made it meanwhile
                    raise
        init = os.path.join(level, '__init__.py')
        if not os.path.exists(init):
            open(init, 'w').close()
    link = os.path.join(pkg, 'plugins')
    if not os.path.islink(link):
        try:
            os.symlink(os.path.join(ROOT, 'plugins'), link)
        except OSError:
            if not os.path.islink(link):
                raise
    if on_path and TREE not in sys.path:
        sys.path.insert(0, TREE)
    return TREE
