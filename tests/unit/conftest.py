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
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import import_tree  # noqa: E402  pylint: disable=wrong-import-position

TREE = import_tree.ensure()
