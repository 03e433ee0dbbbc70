# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Edit an existing xinetd file in place instead of rewriting it whole.

``keep_layout(old, new)`` returns a text with the meaning of ``new`` (its
entries and attribute lines) laid into ``old``: comments, blank lines and
every attribute line whose meaning does not change stay byte for byte;
changed attributes replace their line, removed ones lose it, new ones go
before the entry's closing brace.  When ``old`` already means what ``new``
means, ``old`` comes back unchanged, so the file is not rewritten.

A file already in the canonical form (one this collection wrote) gets
``new`` whole, so it stays canonical.  Whenever the two texts do not line up entry by entry (other entries or
ids, lines xinetd drops, an entry that is not closed), or the edited text
would not mean exactly what ``new`` means, ``new`` is returned: the caller
then writes its canonical text as before.

Pure standard library; runs on Python 2.7 and 3.6+.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import (
    Block,
    Directive,
    Junk,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse
from ansible_collections.sysv.services.plugins.module_utils._xinetd.render import (
    format_attribute,
    render,
)


def _entries(text):
    """``[(kind, name, [Attribute])]`` of ``text``, or None when it holds anything but clean entries."""
    doc, dummy = parse(text)
    out = []
    for node in doc.nodes:
        if isinstance(node, (Junk, Directive)):
            return None
        if isinstance(node, Block):
            if node.dropped or not node.closed or any(isinstance(i, Junk) for i in node.items):
                return None
            out.append((node, node.kind, node.name, node.attributes()))
    return out


def _meaning(entries):
    return [(kind, name, sorted((a.key, a.op, tuple(a.values)) for a in attrs))
            for dummy, kind, name, attrs in entries]


def same_meaning(old, new):
    """True when both texts hold the same entries with the same attribute lines (comments aside)."""
    a, b = _entries(old), _entries(new)
    return a is not None and b is not None and _meaning(a) == _meaning(b)


def _closing_line(lines, block):
    """0-based index of the ``}`` line of ``block`` in ``lines``, or None."""
    start = block.lineno or 1
    for item in block.items:
        if getattr(item, 'lineno', None):
            start = max(start, item.lineno)
    for index in range(start, len(lines)):
        if lines[index].strip() == '}':
            return index
    return None


def keep_layout(old, new, header=None):
    """``new``'s meaning in ``old``'s layout (see the module docstring).

    ``header`` is a comment line (without ``#``) put first when ``old`` does
    not hold it yet, and only when the text changes.
    """
    if old is None or new is None:
        return new
    old_entries, new_entries = _entries(old), _entries(new)
    if old_entries is None or new_entries is None or len(old_entries) != len(new_entries):
        return new
    if _meaning(old_entries) == _meaning(new_entries):
        return old
    if render(parse(old)[0]) == old:
        return new  # already in the canonical form: stay canonical
    lines = old.splitlines(True)
    replace = {}      # 0-based line index -> new text ('' removes the line)
    insert = {}       # 0-based index of a closing brace -> lines to put before it
    for (block, kind, name, old_attrs), (dummy, new_kind, new_name, new_attrs) in zip(old_entries, new_entries):
        if (kind, name) != (new_kind, new_name):
            return new
        if len(set((a.key, a.op) for a in old_attrs)) != len(old_attrs):
            return new  # repeated attribute lines: order would matter, rewrite
        unused = list(new_attrs)
        for attr in old_attrs:
            same = [n for n in unused if (n.key, n.op, n.values) == (attr.key, attr.op, attr.values)]
            if same:
                unused.remove(same[0])
                continue
            index = attr.lineno - 1
            other = [n for n in unused if (n.key, n.op) == (attr.key, attr.op)]
            if other:
                unused.remove(other[0])
                replace[index] = format_attribute(other[0].name, other[0].op, other[0].values) + '\n'
            else:
                replace[index] = ''
        if unused:
            closing = _closing_line(lines, block)
            if closing is None:
                return new
            insert[closing] = [format_attribute(n.name, n.op, n.values) + '\n' for n in unused]
    out = []
    if header and header not in old:
        out.append('# %s\n' % header)
    for index, line in enumerate(lines):
        out.extend(insert.get(index, ()))
        if index in replace:
            out.append(replace[index])
        else:
            if not line.endswith('\n'):
                line += '\n'
            out.append(line)
    text = ''.join(out)
    if not same_meaning(text, new):
        return new
    return text
