# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Arguments an action plugin hands to its module that are not options.

The xinetd action plugins render the service text on the controller and
pass it to the module with the module's arguments.  Those keys are not in
the module's argument spec, so they never show in ``ansible-doc``, in the
"Supported parameters" list of an error, or as something a task may set
(the action plugin validates the task's arguments against the spec first).

``AnsibleModule._load_params`` (a documented extension point that every
ansible-core from 2.1 to the newest calls before validating) is where the
module takes them out of its raw parameters, before validation sees them.

Runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule


class InternalArgsModule(AnsibleModule):
    """``AnsibleModule`` that removes ``INTERNAL`` keys from its raw parameters.

    They are available as ``module.internal`` (a dict holding the keys that
    were present).
    """

    INTERNAL = ()

    def _load_params(self):
        super(InternalArgsModule, self)._load_params()
        self.internal = {}
        for key in self.INTERNAL:
            if key in self.params:
                self.internal[key] = self.params.pop(key)


def internal_module(keys, **kwargs):
    """An ``AnsibleModule`` (``kwargs`` as for it) that takes ``keys`` out of its parameters."""
    cls = type('AnsibleModuleWithInternal', (InternalArgsModule,), dict(INTERNAL=tuple(keys)))
    return cls(**kwargs)
