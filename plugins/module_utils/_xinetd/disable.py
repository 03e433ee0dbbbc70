# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ``disable`` line of xinetd service files: read and edited.

The entries of a file are the ones the engine's parser
(``_xinetd.parser.parse``, xinetd's own lexer) keeps; on top of them, the
``disable`` rule says whether xinetd runs each entry, and the one line
editor (``set_xinetd_enabled``, used by ``chkconfig``, ``service``,
``purge: disable`` and ``xinetd_to_systemd``) changes only disable lines.
``chkconfig_xinetd_enabled`` is chkconfig's own, different reading of a
file (its ``--list`` on/off), kept apart.

Pure standard library, Python 2.7 and 3.6+.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.sysv.services.plugins.module_utils._xinetd.lexer import C_SPACE, line_has_only
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse

_DISABLE_CANON = re.compile(r'^([ \t]*)disable([ \t]+)=([ \t]+)(yes|no)([ \t]*)$')


def _tokens(line):
    return [t for t in re.split(r'[ \t]+', line) if t]


def _is_disable_line(line):
    tokens = _tokens(line)
    if not tokens:
        return False
    first = tokens[0].lower()
    return first == 'disable' or re.match(r'^disable[+\-]?=', first) is not None


def _disable_value(line):
    """xinetd's reading of one disable line: True (disabled), False
    (enabled), 'bad' (bad value: service dropped), 'drop' (no space before
    the operator: entry dropped) or None (line ignored)."""
    tokens = _tokens(line.rstrip('\n'))
    if not tokens:
        return None
    if tokens[0].lower() != 'disable':
        return 'drop'
    if len(tokens) < 2 or tokens[1] != '=':
        return None if len(tokens) >= 2 and tokens[1] in ('+=', '-=') else 'drop'
    values = tokens[2:]
    if len(values) != 1:
        return None
    value = values[0].lower()
    if value == 'yes':
        return True
    if value == 'no':
        return False
    return 'bad'


def _first_line(lines, start, char):
    """Index of the first line from ``start`` holding only ``char``, or None."""
    for index in range(start, len(lines)):
        if line_has_only(lines[index], char):
            return index
    return None


def xinetd_blocks(text):
    """The ``service`` entries of an xinetd file that xinetd's parser keeps
    (the engine's ``parse``): list of dicts with ``kind`` ('service'),
    ``name``, and ``open`` / ``close``, the line indexes of ``{`` and ``}``.

    An entry xinetd loses (no ``{`` alone on the line after the header,
    no closing ``}``, swallowed by an unknown keyword before it) is not
    listed.  An entry xinetd drops is listed, with ``dropped`` True, since
    its disable line can still be read and edited: a line the parser
    rejects (``port=1``, a one-word line), or a carriage return at the end
    of one of its lines (xinetd keeps it inside names and values)."""
    lines = text.split('\n')
    document = parse(text)[0]
    blocks = []
    for block in document.services():
        if not block.closed:
            continue
        # '{' is the first line after the header holding only it; '}' the
        # first one after the entry's last line (lineno is 1-based)
        opening = _first_line(lines, block.lineno, '{')
        if opening is None:
            continue
        last = max([opening + 1] + [item.lineno for item in block.items if item.lineno])
        closing = _first_line(lines, last, '}')
        if closing is None:
            continue
        crlf = any(line.endswith('\r') and line.strip(C_SPACE) and not line.lstrip(C_SPACE).startswith('#')
                   for line in lines[block.lineno - 1:closing + 1])
        blocks.append({'kind': 'service', 'name': block.name, 'open': opening, 'close': closing,
                       'dropped': bool(block.dropped) or crlf})
    return blocks


def _disable_state(lines):
    """What the disable lines among ``lines`` (the inside of one entry) make
    of it: True (enabled) or False.  As xinetd 2.3.15.3 reads them (checked
    against the real daemon, tests/reliability): the first well-formed
    ``disable = VALUE`` line decides (values are case-insensitive).  A good
    value sets the attribute and xinetd skips every later disable line, a
    bad value included ("attribute already set"); a bad value disables the
    entry, and a later ``disable = no`` does not enable it again (2.3.14
    does: ``_xinetd.versions.ACCEPTED_BY_OLDER``).  Lines with a wrong
    number of values or a ``+=``/``-=`` are ignored; ``disable=yes`` (no
    space before the operator) drops the entry."""
    state = None
    for line in lines:
        if not _is_disable_line(line):
            continue
        value = _disable_value(line)
        if value == 'drop':
            return False
        if state is None and value is not None:
            state = False if value == 'bad' else not value
    return state is not False


def xinetd_states(text):
    """What xinetd does with each service of the file: [(name, enabled)]
    for each entry ``xinetd_blocks`` lists.  An entry xinetd drops is off;
    otherwise its disable lines decide (no disable line: enabled)."""
    lines = text.split('\n')
    return [(block['name'], not block['dropped'] and _disable_state(lines[block['open'] + 1:block['close']]))
            for block in xinetd_blocks(text)]


def xinetd_enabled(text):
    """True when xinetd serves at least one service of the file."""
    return any(enabled for _name, enabled in xinetd_states(text))


def chkconfig_xinetd_enabled(text):
    """chkconfig's own (different) reading, line by line and not by entry:
    the last line starting, after whitespace, with lowercase ``disable``
    decides; off only if its value after ``=`` starts with ``yes``; no such
    line means on.  So ``DISABLE = YES`` reads as on although xinetd
    disables the service."""
    enabled = True
    for line in text.split('\n'):
        if line.startswith('#'):
            continue
        body = line.lstrip(C_SPACE)
        if body.startswith('disable'):
            eq = body.find('=')
            if eq == -1:
                enabled = False
                continue
            value = body[eq + 1:].lstrip(C_SPACE)
            enabled = not value.startswith('yes')
    return enabled


def _eq_column(lines, start, end):
    """(indent, column of '=' with tabs expanded, uses_tabs) of the first
    attribute line of a block; column None when there is none."""
    for line in lines[start:end]:
        m = re.match(r'^([ \t]*)([^ \t#=]+)([ \t]+)=', line)
        if m:
            return m.group(1), len(m.group(0).expandtabs(8)) - 1, '\t' in m.group(3)
    return '\t', None, True


def _disable_line(indent, column, tabs, value):
    """``disable = yes|no`` with the block's indentation and '=' column
    (chkconfig's own ``\tdisable\t= no`` when the block has no model)."""
    word = 'yes' if value else 'no'
    if column is None:
        return '%sdisable\t= %s' % (indent, word)
    head = indent + 'disable'
    width = len(head.expandtabs(8))
    if tabs and column % 8 == 0 and column > width:
        pad = ''
        while width < column:
            pad += '\t'
            width = (width // 8 + 1) * 8
        return '%s%s= %s' % (head, pad, word)
    return '%s%s= %s' % (head, ' ' * max(1, column - width), word)


def _block_edits(lines, block, enabled, edits, inserts):
    """Record in ``edits`` / ``inserts`` what sets one entry to ``enabled``."""
    body = range(block['open'] + 1, block['close'])
    disable_idx = [i for i in body if _is_disable_line(lines[i])]
    current = _disable_state(lines[block['open'] + 1:block['close']])
    if not disable_idx:
        if current != enabled:
            indent, column, tabs = _eq_column(lines, block['open'] + 1, block['close'])
            inserts[block['close']] = _disable_line(indent, column, tabs, not enabled)
        return
    canonical = [i for i in disable_idx if _DISABLE_CANON.match(lines[i])]
    if len(disable_idx) == 1 and canonical == disable_idx and current == enabled:
        return
    first = disable_idx[0]
    indent = re.match(r'^([ \t]*)', lines[first]).group(1) or '\t'
    _indent, column, tabs = _eq_column(lines, block['open'] + 1, block['close'])
    match = _DISABLE_CANON.match(lines[first])
    if match:
        edits[first] = '%sdisable%s=%s%s' % (match.group(1), match.group(2), match.group(3),
                                             'no' if enabled else 'yes')
    else:
        edits[first] = _disable_line(indent, column, tabs, not enabled)
    for i in disable_idx[1:]:
        edits[i] = None


def set_xinetd_enabled(text, enabled):
    """Return ``text`` with every service entry of the file set to
    ``enabled``; only disable lines change.

    In an entry whose state is already right and whose disable line (if
    any) chkconfig and xinetd read the same way (``disable = yes|no`` in
    lower case), nothing changes.  Otherwise the entry's disable lines are
    replaced by one canonical ``disable = yes|no`` line (at the place of
    the first one, keeping its indentation and the entry's '=' column), or
    one is added before the closing ``}``.  Blank lines, comments and every
    other line stay byte for byte.  Whether an entry is on is read from its
    disable lines alone here, so an entry xinetd drops for another line
    keeps what its disable line says; one written with CRLF line endings
    is left as it is.
    """
    lines = text.split('\n')
    edits = {}          # line index -> replacement (None = delete)
    inserts = {}        # line index -> line to insert before it
    for block in xinetd_blocks(text):
        if lines[block['open']].endswith('\r') or lines[block['close']].endswith('\r'):
            continue    # CRLF: xinetd drops the entry whatever its disable line says
        _block_edits(lines, block, enabled, edits, inserts)
    if not edits and not inserts:
        return text
    out = []
    for index, line in enumerate(lines):
        if index in inserts:
            out.append(inserts[index])
        if index in edits:
            if edits[index] is not None:
                out.append(edits[index])
            continue
        out.append(line)
    return '\n'.join(out)
