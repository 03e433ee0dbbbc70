# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``main()`` of a module file that only documents an action plugin.

``exposure_render`` and ``xinetd_role`` run on the controller; their module
files hold the documentation and the argument spec (which ansible-test
checks against it), and fail if a module run ever reaches a host.

Runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule


def action_only(name, argument_spec):
    """Fail: ``name`` runs through its action plugin; ``argument_spec`` is its options."""
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    module.fail_json(msg='%s runs on the controller through its action plugin; '
                         'this module file only documents it' % name)
