# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every condition in the project's playbooks is an expression, not a mapping.

An unquoted ``- x == 'a: b'`` in an ``assert``'s ``that`` list is read by
YAML as the mapping ``{"x == 'a": "b'"}``, which Ansible takes as true: the
check passes whatever ``x`` is. The same holds for ``when``,
``changed_when``, ``failed_when`` and ``until``. This test reads every YAML
file of the roles, the Molecule scenarios, the demo, the bench and the tests
and fails on any condition that is not a string or a boolean.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

yaml = pytest.importorskip('yaml')

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TREES = ('roles', 'molecule', 'demo', 'bench', 'tests', 'docs')
CONDITION_KEYS = ('when', 'changed_when', 'failed_when', 'until')
ASSERT_KEYS = ('assert', 'ansible.builtin.assert', 'ansible.legacy.assert')
# text on Python 2.7 is str or unicode (non-ASCII), on Python 3 str
EXPRESSION_TYPES = (str, type(b''.decode('ascii')), bool)


def _yaml_files():
    for tree in TREES:
        for top, dirs, files in os.walk(os.path.join(ROOT, tree)):
            dirs[:] = [d for d in dirs if not d.startswith('.') and d != '__pycache__']
            for name in files:
                if name.endswith(('.yml', '.yaml')):
                    yield os.path.join(top, name)


def _bad_conditions(node, where):
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ASSERT_KEYS and isinstance(value, dict):
                that = value.get('that')
                for item in that if isinstance(that, list) else [that]:
                    if not isinstance(item, EXPRESSION_TYPES):
                        found.append('%s: %s that: %r' % (where, key, item))
            elif key in CONDITION_KEYS:
                for item in value if isinstance(value, list) else [value]:
                    if not isinstance(item, EXPRESSION_TYPES):
                        found.append('%s: %s: %r' % (where, key, item))
            found.extend(_bad_conditions(value, where))
    elif isinstance(node, list):
        for item in node:
            found.extend(_bad_conditions(item, where))
    return found


def test_every_condition_is_an_expression():
    checked = 0
    bad = []
    for path in _yaml_files():
        with open(path, 'rb') as f:
            try:
                docs = list(yaml.safe_load_all(f.read().decode('utf-8')))
            except yaml.YAMLError:
                continue  # templates and fixtures that are not plain YAML
        checked += 1
        bad.extend(_bad_conditions(docs, os.path.relpath(path, ROOT)))
    assert checked > 50, 'too few YAML files found: %d' % checked
    assert not bad, 'conditions that YAML reads as mappings (quote them):\n' + '\n'.join(bad)


def test_a_mapping_condition_is_found():
    text = ("- hosts: all\n  tasks:\n    - ansible.builtin.assert:\n        that:\n"
            "          - x == 'result: ok'\n          - \"y == 'result: ok'\"\n"
            "      when:\n        - z == 'a: b'\n")
    bad = _bad_conditions(yaml.safe_load(text), 'play.yml')
    assert len(bad) == 2, bad
    assert bad[0].startswith("play.yml: ansible.builtin.assert that: {")
    assert bad[1].startswith('play.yml: when: {')
