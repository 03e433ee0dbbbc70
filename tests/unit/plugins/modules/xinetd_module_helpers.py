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
