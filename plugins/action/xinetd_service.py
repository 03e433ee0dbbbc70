# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of xinetd_service: render the entry, one module call.

The task's options are typed with the module's own argument spec, turned
into checked attribute lines (``options_to_attributes``), and rendered
through the collection's ``templates/xinetd_service.j2`` (read as a resource
of the collection package) or the user's ``src`` (looked up like
``ansible.builtin.template``'s).  The text goes to the module in
the argument ``_content``, which is not an option (see
``module_utils/_internal_args``); the module validates it on the target, compares, writes and
reloads.  A bad option value fails here, naming the option and the value.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import difflib
import os
import pkgutil

from ansible.errors import AnsibleError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.action import ActionBase

from ansible_collections.sysv.services.plugins.module_utils._xinetd.options import (
    OptionError,
    options_to_attributes,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import (
    SERVICE_HEADER,
    attribute_lines,
    service_argument_spec,
    service_options,
)

try:  # ansible-core 2.19 and later: template text must be trusted explicitly
    from ansible.template import trust_as_template
except ImportError:  # ansible-core 2.16 - 2.18
    trust_as_template = None

# the collection's own template: a resource of the collection package, found by
# the collection loader wherever the collection is installed
COLLECTION_PACKAGE = 'ansible_collections.sysv.services'
BUILTIN_TEMPLATE = 'templates/xinetd_service.j2'


def validate_args(spec, args, what):
    """Type ``args`` with ``spec``; return ``(params, error message or None)``.

    Errors read like ansible-core's own for a module, plus a did-you-mean for
    an unknown option: ``Unsupported parameters for (WHAT) module: instaces
    (did you mean instances?). Supported parameters include: ...``.
    """
    validated = ArgumentSpecValidator(spec).validate(args)
    if not validated.error_messages:
        return validated.validated_parameters, None
    known = set(spec)
    for option in spec.values():
        known.update(option.get('aliases') or ())
    messages = []
    for error in validated.errors:
        if isinstance(error, UnsupportedError):
            unknown = sorted(set(args) - known)
            named = []
            for name in unknown:
                close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
                named.append('%s (did you mean %s?)' % (name, close[0]) if close else name)
            messages.insert(0, 'Unsupported parameters for (%s) module: %s. Supported parameters include: %s.'
                            % (what, ', '.join(named), ', '.join(sorted(spec))))
        else:
            messages.append(to_text(error.msg))
    return None, '; '.join(messages)


def option_error_result(exc, prefix=''):
    return dict(failed=True, changed=False, option=prefix + exc.option,
                msg='%s%s: %r: %s' % (prefix, exc.option, exc.value, exc.message))


def builtin_template():
    """The text of the collection's ``templates/xinetd_service.j2``."""
    data = pkgutil.get_data(COLLECTION_PACKAGE, BUILTIN_TEMPLATE)
    if data is None:
        raise AnsibleError('the collection has no %s' % BUILTIN_TEMPLATE)
    return to_text(data, errors='surrogate_or_strict')


def read_template(source):
    """The text of a template file on the controller (the task's ``src``)."""
    with open(source, 'rb') as handle:
        return to_text(handle.read(), errors='surrogate_or_strict')


def render_template(action, data, source_dir, extra_vars, task_vars):
    """Render template text like ansible.builtin.template.

    ``source_dir``: the directory of the template file (searched for
    includes), or None.
    """
    searchpath = list(task_vars.get('ansible_search_path', []))
    searchpath.append(action._loader._basedir)
    if source_dir:
        searchpath.append(source_dir)
    paths = []
    for path in searchpath:
        paths.append(os.path.join(path, 'templates'))
        paths.append(path)
    variables = dict(task_vars)
    variables.update(extra_vars)
    if trust_as_template is not None:
        templar = action._templar.copy_with_new_env(searchpath=paths, available_variables=variables)
        text = templar.template(trust_as_template(data), escape_backslashes=False)
    else:
        from ansible.template import AnsibleEnvironment
        templar = action._templar.copy_with_new_env(environment_class=AnsibleEnvironment,
                                                    searchpath=paths, available_variables=variables)
        text = templar.do_template(data, preserve_trailing_newlines=True, escape_backslashes=False)
    text = to_text(text or '')
    if not text.endswith('\n'):
        text += '\n'
    return text


def render_entry(action, name, params, task_vars):
    """Text of one service entry (raises OptionError, AnsibleError)."""
    options = service_options(params)
    lines = attribute_lines(options_to_attributes(options))
    entry = dict(options)
    entry['name'] = name
    extra = dict(xinetd_service=entry, xinetd_attribute_lines=lines, xinetd_header=SERVICE_HEADER)
    src = params.get('src')
    if src:
        source = action._find_needle('templates', src)
        return render_template(action, read_template(source), os.path.dirname(source), extra,
                               task_vars)
    return render_template(action, builtin_template(), None, extra, task_vars)


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        params, error = validate_args(service_argument_spec(), args, 'sysv.services.xinetd_service')
        if error:
            result.update(failed=True, msg=error)
            return result
        if params['state'] == 'present':
            try:
                args['_content'] = render_entry(self, params['name'], params, task_vars)
            except OptionError as exc:
                result.update(option_error_result(exc))
                return result
            except AnsibleError as exc:
                result.update(failed=True, msg='rendering %s failed: %s'
                              % (params.get('src') or 'the service template', to_text(exc)))
                return result
        args.pop('src', None)
        result.update(self._execute_module(module_name='sysv.services.xinetd_service',
                                           module_args=args, task_vars=task_vars))
        return result
