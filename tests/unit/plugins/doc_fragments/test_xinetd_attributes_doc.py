# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The xinetd_attributes doc fragment documents exactly the attribute table's typed options."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

yaml = pytest.importorskip('yaml', reason='PyYAML reads the doc fragment (it comes with ansible-core)')

from ansible_collections.sysv.services.plugins.doc_fragments.xinetd_attributes import (  # noqa: E402
    ModuleDocFragment,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.attrs import OPTION_ORDER  # noqa: E402
from ansible_collections.sysv.services.plugins.module_utils._xinetd.options import SERVICE_OPTIONS  # noqa: E402


def disagreements(documented, table):
    """What differs between documented options and the table's argument specs."""
    out = []
    for name in sorted(set(documented) | set(table)):
        if name not in table:
            out.append('%s is documented but not in the attribute table' % name)
            continue
        if name not in documented:
            out.append('%s is in the attribute table but not documented' % name)
            continue
        doc, spec = documented[name], table[name]
        for key in ('type', 'elements', 'choices'):
            if doc.get(key) != spec.get(key):
                out.append('%s: %s is %r in the doc fragment, %r in the table'
                           % (name, key, doc.get(key), spec.get(key)))
    return out


def documented_options():
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']


def test_doc_fragment_and_attribute_table_agree():
    assert disagreements(documented_options(), SERVICE_OPTIONS) == []


def test_doc_fragment_lists_the_options_in_table_order():
    names = [n for n in documented_options() if n != 'enabled']
    assert names == list(OPTION_ORDER)


def test_a_disagreement_is_reported():
    table = dict(SERVICE_OPTIONS)
    table['new_attribute'] = {'type': 'str'}
    table['cps'] = {'type': 'list', 'elements': 'str'}
    found = disagreements(documented_options(), table)
    assert 'new_attribute is in the attribute table but not documented' in found
    assert any(f.startswith('cps: elements') for f in found)
