# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module of the collection in this process, as Ansible runs it.

The EL6 drivers (el6_chkconfig_driver.py, el6_info_driver.py,
el6_refuse_driver.py) run inside an el6-tools container with the
collection tree (PYTREE) and the controller's Ansible (ANSIBLE_SITE)
mounted; calling ``main()`` in-process with AnsibleModule reading its
arguments makes hundreds of module runs cost seconds.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import io
import json
import os
import sys


class ModuleRunner(object):
    """One module of the collection, run in-process."""

    def __init__(self, pytree, site, name='chkconfig'):
        sys.path.insert(0, pytree)
        sys.path.append(site)
        from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel
        self.basic = basic
        self.module = importlib.import_module('ansible_collections.sysv.services.plugins.modules.' + name)

    def run(self, args, check_mode=False, env=None):
        """The module's result for ``args``; ``env`` is set in os.environ for the run only."""
        if check_mode:
            args = dict(args, _ansible_check_mode=True)
        saved_env = dict(os.environ)
        os.environ.update(env or {})
        self.basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
        out = io.StringIO()
        saved = sys.stdout
        sys.stdout = out
        try:
            try:
                self.module.main()
            except SystemExit:
                pass
        finally:
            sys.stdout = saved
            os.environ.clear()
            os.environ.update(saved_env)
        text = out.getvalue()
        try:
            return json.loads(text[text.index('{'):])
        except ValueError:
            return {'failed': True, 'msg': 'no JSON from the module: %r' % text[-500:]}
