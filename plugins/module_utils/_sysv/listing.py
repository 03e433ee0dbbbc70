# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``chkconfig --list`` lines: rendered from a table, parsed in English
or translated (CentOS 6 Korean catalogue).

Pure standard library, Python 2.7 and 3.6+.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.sysv.services.plugins.module_utils._sysv.runlevels import LEVELS

ON_WORDS = {
    'on': True, 'off': False,
    # ko: chkconfig's Korean catalogue (CentOS 6 'chkconfig --list').
    u'\ud65c\uc131': True,    # 활성
    u'\ud574\uc81c': False,   # 해제
}


def format_table(tbl, name=None):
    """One line like chkconfig --list, for diffs."""
    if 'enabled' in tbl:
        return '%-15s\t%s\n' % (name or '', 'on' if tbl['enabled'] else 'off')
    cells = '\t'.join('%d:%s' % (level, tbl.get(str(level), 'off')) for level in LEVELS)
    return '%-15s\t%s\n' % (name or '', cells)


_LEVEL_CELL = re.compile(u'^([0-6]):(\\S+)$', re.UNICODE)


def _word_state(word):
    word = word.strip()
    if word in ON_WORDS:
        return ON_WORDS[word]
    if word.lower() in ON_WORDS:
        return ON_WORDS[word.lower()]
    return None


def _split_ws(line):
    # whitespace includes the no-break spaces that copies of listings carry
    return [t for t in re.split(u'[\\s\u00a0]+', line, flags=re.UNICODE) if t]


def parse_list_output(text):
    """Parse ``chkconfig --list [NAME]`` output, English or translated.

    Returns {'services': {name: {'kind': 'sysv', 'runlevels': {...}} or
    {'kind': 'xinetd', 'enabled': bool}}, 'xinetd_section': bool,
    'unknown_words': [...]}.  An init script line is a name followed by
    seven ``N:word`` cells; an xinetd line is ``name: word`` (the section
    header's wording is translated too, so it is recognised by shape).
    Words outside ON_WORDS are reported in ``unknown_words`` and the line
    is skipped rather than guessed.
    """
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'replace')
    services = {}
    unknown = []
    xinetd_section = False
    for raw in text.splitlines():
        tokens = _split_ws(raw)
        if not tokens:
            continue
        cells = [_LEVEL_CELL.match(t) for t in tokens[1:]]
        if len(tokens) == 8 and all(cells):
            levels = {}
            ok = True
            for m in cells:
                state = _word_state(m.group(2))
                if state is None:
                    unknown.append(m.group(2))
                    ok = False
                    break
                levels[m.group(1)] = 'on' if state else 'off'
            if ok and sorted(levels) == [str(level) for level in LEVELS]:
                services[tokens[0]] = {'kind': 'sysv', 'runlevels': levels}
            continue
        if len(tokens) == 2 and tokens[0].endswith(':') and len(tokens[0]) > 1:
            state = _word_state(tokens[1])
            if state is None:
                unknown.append(tokens[1])
                continue
            services[tokens[0][:-1]] = {'kind': 'xinetd', 'enabled': state}
            xinetd_section = True
            continue
        if len(tokens) == 2 and xinetd_section is False and raw[:1] not in (' ', '\t') \
                and _word_state(tokens[1]) is not None and ':' not in tokens[0]:
            # 'chkconfig --list telnet' prints 'telnet         \ton'
            services[tokens[0]] = {'kind': 'xinetd', 'enabled': _word_state(tokens[1])}
            continue
        if raw.rstrip().endswith(':') and len(tokens) >= 1:
            xinetd_section = True
    return {'services': services, 'xinetd_section': xinetd_section, 'unknown_words': unknown}
