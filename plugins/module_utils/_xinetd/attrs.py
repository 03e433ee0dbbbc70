# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The xinetd attribute table: one row per attribute.

Pure standard library; runs on Python 2.7 and 3.6+.

One table (:data:`ROWS`, by name :data:`ATTRIBUTES`) drives everything:
the value checker of each attribute (``checks``), where xinetd allows it
(service and/or defaults), whether it takes ``+=``/``-=``, the typed module
option that maps onto it (its argument spec in ``options``) and the order
attributes are rendered in.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._xinetd import checks


class AttrSpec:
    """One row of the attribute table.

    arity: int (exact count), None for "1..n", or 0 for "0..n".
    check: values -> error message or None (the value syntax xinetd accepts).
    list_attr: accepts += / -= in services (its typed option also takes
    {add, remove}).
    in_defaults / in_service: where xinetd allows it.
    option: the typed module option ('' for none); option_type, elements,
    choices: its argument spec.  split: a string value is split on white
    space into the attribute's values.
    note: a warning given wherever the attribute is used.
    The order of the rows is the order attributes are rendered in.
    """

    __slots__ = ('name', 'arity', 'list_attr', 'in_defaults', 'in_service',
                 'check', 'option', 'option_type', 'elements', 'choices', 'split', 'note')

    def __init__(self, name, arity, check, list_attr=False, in_defaults=False,
                 in_service=True, option=None, option_type='str', elements=None,
                 choices=None, split=False, note=None):
        self.name = name
        self.arity = arity
        self.list_attr = list_attr
        self.in_defaults = in_defaults
        self.in_service = in_service
        self.check = check
        self.option = option if option is not None else name
        self.option_type = option_type
        self.elements = elements if elements is not None else (
            'str' if option_type == 'list' else None)
        self.choices = list(choices) if choices is not None else None
        self.split = split
        self.note = note

    def argument_spec(self):
        """The Ansible argument spec of the typed option."""
        spec = {'type': self.option_type}
        if self.elements:
            spec['elements'] = self.elements
        if self.choices:
            spec['choices'] = list(self.choices)
        return spec


# To add an attribute: one row here (its place is its place in rendered
# files), its value checker in checks.py when none there fits, and its option
# in plugins/doc_fragments/xinetd_attributes.py (a unit test compares the two).
ROWS = [
    AttrSpec('id', 1, checks.any_value),
    AttrSpec('type', None, checks.one_of(checks.TYPES, 'service type'), option_type='list', choices=checks.TYPES,
             split=True),
    AttrSpec('flags', None, checks.one_of(checks.FLAGS, 'flag'), option_type='list', choices=checks.FLAGS, split=True),
    AttrSpec('socket_type', 1, checks.one_of(checks.SOCKET_TYPES, 'socket type'), choices=checks.SOCKET_TYPES),
    AttrSpec('protocol', 1, checks.protocol_name),
    AttrSpec('port', 1, checks.port_number, option_type='int'),
    AttrSpec('wait', 1, checks.yes_no, option_type='bool'),
    AttrSpec('user', 1, checks.name_or_number),
    AttrSpec('group', 1, checks.name_or_number),
    AttrSpec('server', 1, checks.absolute_path),
    AttrSpec('server_args', 0, checks.server_args, option_type='raw', split=True),
    AttrSpec('redirect', 2, checks.redirect, split=True),
    AttrSpec('rpc_version', 1, checks.rpc_version),
    AttrSpec('rpc_number', 1, checks.non_negative_int, option_type='int'),
    AttrSpec('bind', 1, checks.bind_address, in_defaults=True),
    AttrSpec('v6only', 1, checks.yes_no, in_defaults=True, option_type='bool'),
    AttrSpec('only_from', 0, checks.addresses, list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('no_access', 0, checks.addresses, list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('access_times', 0, checks.access_times, option_type='list', split=True),
    AttrSpec('instances', 1, checks.int_or_unlimited, in_defaults=True, option_type='raw'),
    AttrSpec('per_source', 1, checks.int_or_unlimited, in_defaults=True, option_type='raw'),
    AttrSpec('cps', 2, checks.cps, in_defaults=True, option_type='list', elements='int'),
    AttrSpec('max_load', 1, checks.max_load, in_defaults=True, option_type='float'),
    AttrSpec('deny_time', 1, checks.deny_time),
    AttrSpec('log_type', None, checks.log_type, in_defaults=True, split=True),
    AttrSpec('log_on_success', 0, checks.one_of(checks.LOG_ON_SUCCESS, 'log_on_success flag'),
             list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('log_on_failure', 0, checks.one_of(checks.LOG_ON_FAILURE, 'log_on_failure flag'),
             list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('banner', 1, checks.absolute_path, in_defaults=True),
    AttrSpec('banner_success', 1, checks.absolute_path, in_defaults=True),
    AttrSpec('banner_fail', 1, checks.absolute_path, in_defaults=True),
    AttrSpec('env', 0, checks.env_pairs, list_attr=True, option_type='raw'),
    AttrSpec('passenv', 0, checks.env_names, list_attr=True, in_defaults=True, option_type='raw'),
    AttrSpec('nice', 1, checks.signed_int, option_type='int'),
    AttrSpec('umask', 1, checks.umask, in_defaults=True),
    AttrSpec('groups', 1, checks.yes_no, in_defaults=True, option_type='bool'),
    AttrSpec('rlimit_as', 1, checks.rlimit_bytes),
    AttrSpec('rlimit_cpu', 1, checks.rlimit_int),
    AttrSpec('rlimit_data', 1, checks.rlimit_bytes),
    AttrSpec('rlimit_rss', 1, checks.rlimit_bytes),
    AttrSpec('rlimit_stack', 1, checks.rlimit_bytes),
    AttrSpec('rlimit_files', 1, checks.rlimit_int,
             note='rlimit_files exists only in openSUSE xinetd; Debian 2.3.15.3 and '
                  'upstream 2.3.14 ignore it as an unknown attribute'),
    AttrSpec('libwrap', 1, checks.any_value, note='libwrap depends on how xinetd was built'),
    AttrSpec('mdns', 1, checks.yes_no, option_type='bool',
             note='mdns depends on how xinetd was built; openSUSE 2.3.15.x does not know it'),
    # no typed option: another name of bind, the enabled switch, defaults-only lists
    AttrSpec('interface', 1, checks.bind_address, in_defaults=True, option=''),
    AttrSpec('disable', 1, checks.yes_no, option=''),
    AttrSpec('enabled', 0, checks.service_ids, in_defaults=True, in_service=False, option=''),
    AttrSpec('disabled', 0, checks.service_ids, in_defaults=True, in_service=False, option=''),
]

ATTRIBUTES = dict((row.name, row) for row in ROWS)

# typed options with {add, remove} (rendered with += / -=), and the canonical
# order of rendered attributes (disable always comes last): both from the table
LIST_OPTIONS = tuple(row.name for row in ROWS if row.option and row.list_attr)
OPTION_ORDER = tuple(row.name for row in ROWS if row.option)
