# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd configuration: the canonical renderer.

Pure standard library; runs on Python 2.7 and 3.6+.

Comments are kept verbatim, one blank line where there were blank lines,
``service NAME`` / ``{`` / ``}`` on lines of their own, attribute lines as a
tab, the name left-justified to 16 columns, the operator and the values.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import (
    OPERATORS,
    Attribute,
    Blank,
    Block,
    Comment,
    Directive,
    Document,
    Junk,
)

NAME_WIDTH = 16


def format_attribute(name, op, values):
    """One canonical attribute line (no newline)."""
    if op not in OPERATORS:
        raise ValueError('bad operator %r' % (op,))
    head = name.ljust(NAME_WIDTH) if len(name) < NAME_WIDTH else name + ' '
    line = '\t' + head + op
    values = list(values)
    if values:
        line += ' ' + ' '.join(values)
    return line


def _render_items(items, out):
    prev_blank = False
    for item in items:
        if isinstance(item, Blank):
            if not prev_blank:
                out.append('')
            prev_blank = True
            continue
        prev_blank = False
        if isinstance(item, Attribute):
            out.append(format_attribute(item.name, item.op, item.values))
        elif isinstance(item, (Comment, Junk)):
            out.append(item.text)
        else:
            raise TypeError('cannot render %r inside a block' % (item,))


def render(document):
    """Canonical text of a Document: byte-stable, ends with a newline."""
    out = []
    prev_blank = False
    for node in document.nodes:
        if isinstance(node, Blank):
            if not prev_blank:
                out.append('')
            prev_blank = True
            continue
        prev_blank = False
        if isinstance(node, (Comment, Junk)):
            out.append(node.text)
        elif isinstance(node, Directive):
            out.append(' '.join([node.keyword, node.path] + list(node.extra)))
        elif isinstance(node, Block):
            if node.kind == 'service':
                out.append(' '.join(['service', node.name] + list(node.extra)))
            else:
                out.append(' '.join(['defaults'] + list(node.extra)))
            out.append('{')
            _render_items(node.items, out)
            if node.closed:
                out.append('}')
        else:
            raise TypeError('cannot render %r' % (node,))
    if not out:
        return ''
    return '\n'.join(out) + '\n'


def render_service(name, attributes, header_comments=()):
    """Render one service entry.

    attributes: iterable of (name, op, [values]);
    header_comments: lines put before the entry ('# ' is added when missing).
    """
    nodes = []
    for c in header_comments:
        c = c.rstrip('\n')
        if not c.lstrip(' \t').startswith('#'):
            c = '# ' + c if c else '#'
        nodes.append(Comment(c))
    items = [Attribute(n, op, list(values)) for n, op, values in attributes]
    nodes.append(Block('service', name=name, items=items))
    return render(Document(nodes))
