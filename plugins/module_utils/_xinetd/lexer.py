# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd configuration: how xinetd cuts lines and words (``parsesup.c``).

Pure standard library; runs on Python 2.7 and 3.6+.

Input is split on ``\\n`` only (``\\r`` stays inside tokens); blank and
comment lines are found with C ``isspace()``, tokens are split on space and
tab only; an attribute line is read by :func:`get_attr_op` as xinetd
2.3.15's ``get_attr_op()`` reads it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

_TOKEN_SPLIT = re.compile(r'[ \t]+')


def tokenize(line):
    """Split one line the way xinetd does: on spaces and tabs only."""
    return [t for t in _TOKEN_SPLIT.split(line) if t != '']


# next_line() skips C isspace() characters to find blank and comment lines,
# while tokens are split on space and tab only
C_SPACE = ' \t\n\v\f\r'


def is_blank(line):
    return line.strip(C_SPACE) == ''


def is_comment(line):
    return line.lstrip(C_SPACE).startswith('#')


def line_has_only(line, char):
    """xinetd's line_has_only_1_char(): the char once, plus C white space."""
    seen = False
    for c in line:
        if c == char and not seen:
            seen = True
        elif c not in C_SPACE:
            return False
    return seen


def split_lines(text):
    if text is None:
        return []
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'surrogateescape') if str is not bytes else text
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return lines


def is_c_space(ch):
    return ch in C_SPACE


def get_attr_op(line):
    """xinetd 2.3.15's get_attr_op() + parse_line() on one line.

    Returns (name, op, values, error) with error one of None,
    'no-space-before-op' (``port=1``), 'bad-operator' (``x + = y``,
    ``x 5``), 'missing-operator' (``x`` then only white space) and
    'overrun' (a single word with nothing after it, not even a space: the
    C code runs past the end of the line into the next one, see
    parser._Parser._overrun).  The name ends at white space (C isspace) or '=';
    the operator is '=', '+=' or '-=' right after it (spaces allowed
    between), values are split on space and tab only.
    """
    n = len(line)
    p = 0
    while p < n and is_c_space(line[p]):
        p += 1
    start = p
    while p < n and not is_c_space(line[p]) and line[p] != '=':
        p += 1
    name = line[start:p]
    if p == n:
        return name, None, [], 'overrun'
    if line[p] == '=':
        return name, None, tokenize(line[p:]), 'no-space-before-op'
    p += 1
    while p < n and is_c_space(line[p]):
        p += 1
    if p == n:
        return name, None, [], 'missing-operator'
    if line[p] == '=':
        op = '='
    elif line[p] in '+-' and p + 1 < n and line[p + 1] == '=':
        op = line[p] + '='
        p += 1
    else:
        return name, None, tokenize(line[p:]), 'bad-operator'
    return name, op, tokenize(line[p + 1:]), None
