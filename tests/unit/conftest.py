# -*- coding: utf-8 -*-
"""Make ``ansible_collections.sysv.services`` importable for the unit tests.

The tests import the collection exactly as Ansible does on a target
(``ansible_collections.sysv.services.plugins.module_utils...``).  A small
package tree under ``build/pytree`` (regular packages with ``__init__.py``
files, so Python 2.7 can import it too) points at this checkout's
``plugins`` directory.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TREE = os.path.join(ROOT, 'build', 'pytree')


def _ensure_tree():
    pkg = os.path.join(TREE, 'ansible_collections', 'sysv', 'services')
    for level in (os.path.join(TREE, 'ansible_collections'),
                  os.path.join(TREE, 'ansible_collections', 'sysv'),
                  pkg):
        if not os.path.isdir(level):
            os.makedirs(level)
        init = os.path.join(level, '__init__.py')
        if not os.path.exists(init):
            open(init, 'w').close()
    link = os.path.join(pkg, 'plugins')
    if not os.path.islink(link):
        os.symlink(os.path.join(ROOT, 'plugins'), link)


_ensure_tree()
if TREE not in sys.path:
    sys.path.insert(0, TREE)
