# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of xinetd_config: render every service, one module call.

Each value of ``services`` is typed with xinetd_service's spec and rendered
(built-in template or its own ``src``) like the xinetd_service action does;
the texts go to the module in the argument ``_services`` (name -> text),
which is not an option (see ``module_utils/_internal_args``).  The module
renders the main file from the typed ``defaults`` itself, validates
everything and applies it in one transaction.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

from ansible_collections.sysv.services.plugins.action.xinetd_service import (
    option_error_result,
    render_entry,
    validate_args,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.options import (
    OptionError,
    options_to_attributes,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import (
    config_argument_spec,
    service_name_problem,
    validate_entry,
)


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        params, error = validate_args(config_argument_spec(), args, 'sysv.services.xinetd_config')
        if error:
            result.update(failed=True, msg=error)
            return result
        if params.get('defaults') is not None:
            try:
                options_to_attributes(dict((k, v) for k, v in params['defaults'].items() if v is not None),
                                      context='defaults')
            except OptionError as exc:
                result.update(option_error_result(exc, prefix='defaults.'))
                return result

        rendered = {}
        services = params.get('services') or {}
        for name in sorted(services):
            problem = service_name_problem(name)
            if problem:
                result.update(failed=True, msg='services: name %r %s' % (name, problem))
                return result
            if isinstance(services[name], dict) and isinstance(services[name].get('server'), dict):
                # a server by package family: only the target knows its family,
                # the module renders this entry itself
                continue
            entry, errors = validate_entry(name, services[name])
            if errors:
                result.update(failed=True, msg='; '.join(errors))
                return result
            if entry['state'] != 'present':
                continue
            try:
                rendered[name] = render_entry(self, name, entry, task_vars)
            except OptionError as exc:
                result.update(option_error_result(exc, prefix='services.%s.' % name))
                return result
            except AnsibleError as exc:
                result.update(failed=True, msg='services.%s: rendering %s failed: %s'
                              % (name, entry.get('src') or 'the service template', to_text(exc)))
                return result
        if rendered:
            args['_services'] = rendered
        result.update(self._execute_module(module_name='sysv.services.xinetd_config',
                                           module_args=args, task_vars=task_vars))
        return result
