# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How the loader merges ``defaults`` entries and reads ``service`` entries.

Pure standard library; runs on Python 2.7 and 3.6+.

Part of the engine (``effective.load``): :class:`EntryMerger` is mixed into
its loader.  A ``defaults`` entry is merged into the global defaults (``=``
on a list attribute acts as ``+=`` there); a service takes the copied
defaults when it is parsed, then its own lines: ``=`` replaces a list,
``+=`` adds, ``-=`` removes, the first value of a scalar wins.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._xinetd.attrs import ATTRIBUTES
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import (
    access_times_kept,
    classify_address,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import Attribute
from ansible_collections.sysv.services.plugins.module_utils._xinetd.rules import validate_block

# attributes copied from defaults when a service is parsed (parse.c)
COPIED_AT_PARSE = ('log_on_success', 'log_on_failure', 'only_from', 'no_access',
                   'passenv', 'banner', 'banner_success', 'banner_fail')
# values compared case-insensitively in list operations
ENUM_LISTS = ('log_on_success', 'log_on_failure')
# list attributes that defaults accumulate (besides the list attributes of the table)
DEFAULTS_LISTS = ('enabled', 'disabled', 'log_type')


def add_values(key, current, values):
    """``+=``: append the values not there yet (enum lists in upper case)."""
    for value in values:
        if key in ENUM_LISTS:
            if value.upper() not in [c.upper() for c in current]:
                current.append(value.upper())
        elif value not in current:
            current.append(value)


def remove_values(key, current, values):
    """``-=``: the list without ``values``."""
    if key in ENUM_LISTS:
        gone = set(v.upper() for v in values)
        return [c for c in current if c.upper() not in gone]
    gone = set(values)
    return [c for c in current if c not in gone]


def _attribute_key(attr):
    """The table key of a line: ``interface`` is another name of ``bind`` (A_BIND)."""
    return 'bind' if attr.key == 'interface' else attr.key


class EntryMerger:
    """The ``defaults_block`` and ``service_block`` steps of the loader.

    Expects the loader's ``defaults``, ``defaults_set``, ``entries``,
    ``judged``, ``host``, ``protocol_known``, ``probing``, ``eff`` and its
    ``problem`` / ``from_diag`` methods.
    """

    # -- defaults -------------------------------------------------------------
    def defaults_block(self, block, path):
        skip, lost_values = self._defaults_diags(block, path)
        for attr in block.attributes():
            if attr.lineno in skip:
                continue
            if lost_values:
                attr = Attribute(attr.name, attr.op, [v for v in attr.values
                                                      if (attr.lineno, v) not in lost_values],
                                 attr.lineno)
            key = _attribute_key(attr)
            spec = ATTRIBUTES.get(key)
            if spec is None:
                continue
            if spec.list_attr or key in DEFAULTS_LISTS:
                self._merge_default_list(key, attr, path)
            else:
                self._set_default_scalar(key, attr, path)

    def _defaults_diags(self, block, path):
        """Report the rules on the entry: ``(lines xinetd skips, (lineno, value) it drops)``."""
        skip = set()
        lost_values = set()
        for diag in validate_block(block):
            self.from_diag(diag, path)
            if diag.effect in ('line-ignored', 'xinetd-exits') or diag.code == 'bad-value':
                skip.add(diag.lineno)
            if diag.effect == 'value-dropped':
                lost_values.add((diag.lineno, diag.value))
        return skip, lost_values

    def _merge_default_list(self, key, attr, path):
        current = self.defaults.setdefault(key, [])
        if key == 'log_type':
            if current:
                if not any(p.code == 'duplicate-log-type' and p.lineno == attr.lineno
                           and p.file == path for p in self.eff.problems):
                    self.problem('fatal', 'duplicate-log-type',
                                 'defaults: log_type is already set by an earlier '
                                 'defaults entry: xinetd 2.3.15 exits ("Cannot set more '
                                 'than one log_type attribute")', path, attr.lineno,
                                 'xinetd-exits', attribute=attr.name,
                                 value=' '.join(attr.values))
                return
            current.extend(attr.values)
        elif attr.op == '-=':
            self.defaults[key] = remove_values(key, current, attr.values)
        else:
            add_values(key, current, attr.values)

    def _set_default_scalar(self, key, attr, path):
        resolve = getattr(self.host, 'resolve', None)
        if key == 'bind' and resolve is not None and \
                classify_address(attr.values[0])[0] == 'hostname' and \
                not resolve(attr.values[0]):
            self.problem('fatal', 'unresolvable-host',
                         'defaults: bind %s does not resolve: xinetd exits'
                         % attr.values[0], path, attr.lineno, 'xinetd-exits',
                         attribute=attr.name, value=attr.values[0])
            return
        if key in self.defaults_set:
            # only possible across files: validate_block sees one block
            self.problem('warning', 'duplicate-attribute',
                         'defaults: %s is already set in an earlier defaults entry; '
                         'the first value wins' % attr.name, path, attr.lineno,
                         'line-ignored', attribute=attr.name, value=' '.join(attr.values))
            return
        self.defaults_set.add(key)
        self.defaults[key] = list(attr.values)

    # -- services -------------------------------------------------------------
    def service_block(self, block, path):
        rec = {
            'name': block.name, 'id': block.name, 'file': path, 'lineno': block.lineno,
            'attributes': {}, 'enabled': True, 'state': 'enabled', 'reason': None,
        }
        attrs = rec['attributes']
        for key in COPIED_AT_PARSE:
            if key in self.defaults:
                attrs[key] = list(self.defaults[key])
        diags = validate_block(block, as_enabled=False)
        if path in self.judged:
            self._judge_as_enabled(block, rec, diags)
        found = self._service_diags(diags, path)
        rec['_specified'] = self._service_attributes(block, attrs, found)
        if 'id' in attrs:
            rec['id'] = attrs['id'][0]
        if found['dropped']:
            rec['enabled'] = False
            rec['state'] = 'dropped'
            rec['reason'] = found['dropped']
        elif (attrs.get('disable') or ['no'])[0].lower() == 'yes':
            rec['enabled'] = False
            rec['state'] = 'disabled'
            rec['reason'] = 'disable = yes'
        self.entries.append(rec)

    def _service_diags(self, diags, path):
        """Report the rules on one entry; what they mean for its lines.

        Returns a dict: ``ignored`` (line numbers xinetd skips),
        ``lost_values`` ((lineno, value) it drops), ``kept_times`` (lines of
        an access_times a later ``disable = no`` re-enabled), ``dropped``
        (the code that makes xinetd drop the entry, or None).
        """
        found = dict(ignored=set(), lost_values=set(), kept_times=set(), dropped=None)
        for diag in diags:
            if diag.code == 'address-in-both':
                continue  # judged on the merged lists in finish()
            if diag.code == 'unknown-protocol' and self.protocol_known is not None:
                continue  # judged against /etc/protocols in finish()
            self.from_diag(diag, path)
            if diag.effect == 'line-ignored':
                found['ignored'].add(diag.lineno)
            if diag.attribute and diag.attribute.lower() == 'access_times' and \
                    diag.effect in ('value-dropped', 'connections-refused'):
                found['kept_times'].add(diag.lineno)
            elif diag.effect == 'value-dropped':
                found['lost_values'].add((diag.lineno, diag.value))
            if diag.effect == 'service-dropped' and found['dropped'] is None:
                found['dropped'] = diag.code
        return found

    def _service_attributes(self, block, attrs, found):
        """Apply the lines of a service to ``attrs``; returns the keys it sets."""
        specified = set()
        for attr in block.attributes():
            if attr.lineno in found['ignored']:
                continue
            key = _attribute_key(attr)
            spec = ATTRIBUTES.get(key)
            if spec is None:
                continue
            if spec.list_attr:
                values = [v for v in attr.values if (attr.lineno, v) not in found['lost_values']]
                if attr.op == '=':
                    attrs[key] = values
                elif attr.op == '+=':
                    add_values(key, attrs.setdefault(key, []), values)
                else:
                    attrs[key] = remove_values(key, attrs.get(key, []), values)
                specified.add(key)
            elif key not in specified:
                if attr.lineno in found['kept_times']:
                    attrs[key] = access_times_kept(attr.values)
                else:
                    attrs[key] = list(attr.values)
                specified.add(key)
            # xinetd stops reading at 'disable = yes'; the rest is still
            # collected so that the report shows what the entry declares
        return specified

    def _judge_as_enabled(self, block, rec, diags):
        """Policy: a disabled entry of a judged file must load once enabled.

        The rules xinetd applies to the entry as it is are in ``diags``; the
        ones it would apply once ``disable = yes`` is gone are the policy
        findings (the host checks follow in ``finish``).
        """
        seen = set((d.code, d.lineno, d.message) for d in diags)
        self.probing = True
        try:
            for diag in validate_block(block, as_enabled=True):
                if (diag.code, diag.lineno, diag.message) not in seen and \
                        diag.severity in ('error', 'fatal'):
                    self.problem(diag.severity, diag.code, diag.message, rec['file'],
                                 diag.lineno, diag.effect, block.name, diag.attribute,
                                 diag.value)
        finally:
            self.probing = False
        rec['_as_enabled'] = True
