# -*- coding: utf-8 -*-
"""Make ``ansible_collections.sysv.services`` importable for the unit tests.

The tests import the collection exactly as Ansible does on a target
(``ansible_collections.sysv.services.plugins.module_utils...``).  A small
package tree under ``build/pytree`` (regular packages with ``__init__.py``
files, so Python 2.7 can import it too) points at this checkout's
``plugins`` directory.  Hypothesis stores its files under
``build/hypothesis`` instead of ``./.hypothesis``.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import import_tree  # noqa: E402  pylint: disable=wrong-import-position

TREE = import_tree.ensure()

# hypothesis (tests/unit/plugins/module_utils/test_properties_conf.py) keeps
# caches (unicode tables, collected constants) in ./.hypothesis by default:
# send them to build/ so a test run leaves the working tree clean. Set here,
# before any test draws an example; Python 2.7 / 3.6 environments without
# hypothesis skip those tests anyway.
try:
    from hypothesis import configuration as _hypothesis_configuration
except ImportError:
    pass
else:
    _hypothesis_configuration.set_hypothesis_home_dir(os.path.join(ROOT, 'build', 'hypothesis'))
