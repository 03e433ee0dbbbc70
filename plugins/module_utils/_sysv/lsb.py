# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Init script headers the chkconfig way (leveldb.c parseServiceInfo):
``# chkconfig:`` lines, LSB ``INIT INFO`` blocks, ``/etc/chkconfig.d``
overrides and the start/stop priorities chkconfig computes for LSB scripts.

Pure standard library, Python 2.7 and 3.6+.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv.runlevels import (
    HeaderError, RunlevelError, list_init_scripts, read_text)

LSB_DEFAULT_PRIORITY = 50

# C isspace() in the C locale.
_C_SPACE = ' \t\n\v\f\r'


def parse_levels(text):
    """chkconfig's parseLevels(): a string of digits 0-6 -> set, else None."""
    if not text:
        return None
    levels = set()
    for char in text:
        if char not in '0123456':
            return None
        levels.add(int(char))
    return levels


class ServiceInfo(object):
    """What chkconfig reads from an init script header."""

    def __init__(self, name):
        self.name = name
        self.levels = None          # set of ints, None = not given
        self.start = None           # start priority, None = not given
        self.stop = None            # stop priority, None = not given
        self.is_lsb = False
        self.description = None
        self.provides = []
        self.required_start = []
        self.required_stop = []
        self.should_start = []
        self.should_stop = []
        self.source = None          # 'chkconfig' or 'lsb' (what gave the levels)
        self.current = None         # levels the service is on in (chkconfig's currentLevels)


def _sscanf_header(text):
    """Emulate ``sscanf(text, "%15s %d %d%c")``: return (levels, spri, kpri,
    overflow) with None for the fields that did not convert."""
    pos = 0
    n = len(text)

    def skip_ws(p):
        while p < n and text[p] in _C_SPACE:
            p += 1
        return p

    def read_int(p):
        p = skip_ws(p)
        start = p
        if p < n and text[p] in '+-':
            p += 1
        digits = p
        while p < n and text[p].isdigit() and text[p] in '0123456789':
            p += 1
        if p == digits:
            return None, start
        return int(text[start:p]), p

    pos = skip_ws(pos)
    start = pos
    while pos < n and text[pos] not in _C_SPACE and pos - start < 15:
        pos += 1
    if pos == start:
        return None, None, None, None
    levelbuf = text[start:pos]
    spri, pos = read_int(pos)
    if spri is None:
        return levelbuf, None, None, None
    kpri, pos = read_int(pos)
    if kpri is None:
        return levelbuf, spri, None, None
    overflow = text[pos] if pos < n else None
    return levelbuf, spri, kpri, overflow


def _strtol_levels(text):
    """Default-Start/Default-Stop: successive strtol() until one fails."""
    levels = []
    for match in re.finditer(r'\S+', text):
        m = re.match(r'[+-]?\d+', match.group(0))
        if not m:
            break
        levels.append(int(m.group(0)))
        if m.end() != len(match.group(0)):
            break
    return levels


def _words(text):
    return [w for w in re.split('[' + _C_SPACE + ']+', text) if w]


def _lstrip_c(text):
    return text.lstrip(_C_SPACE)


def _description(lines, index, rest):
    """chkconfig's readDescription for the English form ``description: ...``
    (with ``\\`` continuations).  Returns the text or None."""
    if not rest.startswith(':'):
        return None     # localized '(xx)': chkconfig only uses it for $LANG
    desc = _lstrip_c(rest[1:])
    if not desc:
        return None
    while desc.endswith('\\'):
        desc = desc[:-1]
        index += 1
        if index >= len(lines):
            return None
        nxt = _lstrip_c(lines[index])
        if not nxt.startswith('#'):
            return None
        nxt = _lstrip_c(nxt[1:])
        if not nxt:
            return None
        desc += nxt
    return desc


def parse_header(text, name, partial=False):
    """Parse an init script (or /etc/chkconfig.d override) like chkconfig.

    Only comment lines are read.  ``# chkconfig: <levels|-> <start> <stop>``
    is read with ``sscanf("%15s %d %d%c")`` and needs whitespace after the
    stop priority (a header at EOF without a newline fails).  The first
    chkconfig line's values win (fields already set are not overwritten);
    ``### BEGIN INIT INFO`` switches LSB on and ``Default-Start`` /
    ``Default-Stop`` add and remove levels.  Raises HeaderError when
    chkconfig would say "service NAME does not support chkconfig"; with
    ``partial=True`` (override files) missing fields are fine.
    """
    info = ServiceInfo(name)
    lines = text.split('\n')
    offsets = _line_offsets(lines)
    for index, raw in enumerate(lines):
        line = _lstrip_c(raw)
        if not line.startswith('#'):
            continue
        after_hash = line[1:]
        if after_hash.startswith('## BEGIN INIT INFO'):
            info.is_lsb = True
        body = _lstrip_c(after_hash)
        if body.startswith('chkconfig:'):
            _read_chkconfig_line(info, text, offsets[index], raw, body[len('chkconfig:'):])
        elif body:
            _read_lsb_field(info, lines, index, body)
    if info.description is None:
        info.description = name
    if not partial:
        _check_complete(info)
    if not info.provides:
        info.provides = [name]
    return info


def _line_offsets(lines):
    """Offset in the text of each line's first character."""
    offsets = []
    off = 0
    for line in lines:
        offsets.append(off)
        off += len(line) + 1
    return offsets


def _read_chkconfig_line(info, text, offset, raw, rest):
    """``# chkconfig: <levels|-> <start> <stop>``: fill the fields not set yet.

    chkconfig scans the buffer, not lines: a bare sscanf can run into the
    next line, so it reads the text from this line's values to the end."""
    name = info.name
    stripped = rest.lstrip(' \t\v\f\r')
    if not stripped:
        raise HeaderError("service %s does not support chkconfig: empty '# chkconfig:' line" % name)
    column = len(raw) - len(stripped)
    levelbuf, spri, kpri, overflow = _sscanf_header(text[offset + column:])
    if kpri is None or overflow is None or overflow not in _C_SPACE:
        raise HeaderError(
            "service %s does not support chkconfig: the '# chkconfig:' line %r needs "
            "'<levels> <start> <stop>' followed by whitespace or a newline" % (name, raw.strip()))
    if spri > 99 or kpri > 99 or spri < 0 or kpri < 0:
        raise HeaderError("service %s does not support chkconfig: priority out of range 0-99 in %r"
                          % (name, raw.strip()))
    if info.start is None:
        info.start = spri
    if info.stop is None:
        info.stop = kpri
    if info.levels is None:
        if levelbuf == '-':
            info.levels = set()
        else:
            info.levels = parse_levels(levelbuf)
            if info.levels is None:
                raise HeaderError("service %s does not support chkconfig: bad runlevels %r"
                                  % (name, levelbuf))
        info.source = 'chkconfig'


# LSB header fields that hold a list of words -> ServiceInfo attribute
_WORD_FIELDS = (
    ('Required-Start:', 'required_start'),
    ('Required-Stop:', 'required_stop'),
    ('Should-Start:', 'should_start'),
    ('Should-Stop:', 'should_stop'),
    ('Provides:', 'provides'),
)


def _read_lsb_field(info, lines, index, body):
    """One comment line other than ``chkconfig:``: description, Default-Start
    / Default-Stop, or a field naming other scripts."""
    if body.startswith('description') or body.startswith('Description:'):
        _set_description(info, _description(lines, index, body[11:]))
    elif body.startswith('Short-Description:'):
        _set_description(info, _description(lines, index, body[17:]))
    elif body.startswith('Default-Start:'):
        for level in _strtol_levels(body[14:]):
            _lsb_levels(info)
            if 0 <= level <= 6:
                info.levels.add(level)
    elif body.startswith('Default-Stop:'):
        for level in _strtol_levels(body[13:]):
            _lsb_levels(info).discard(level)
    else:
        for prefix, attr in _WORD_FIELDS:
            if body.startswith(prefix):
                setattr(info, attr, _words(body[len(prefix):]))
                break


def _set_description(info, desc):
    if desc is not None and info.description is None:
        info.description = desc


def _lsb_levels(info):
    """The levels set, created from the LSB header when nothing gave them yet."""
    if info.levels is None:
        info.levels = set()
        info.source = 'lsb'
    return info.levels


def _check_complete(info):
    """chkconfig's "does not support chkconfig" for a header without levels
    or (not LSB) without priorities."""
    if info.levels is None:
        raise HeaderError("service %s does not support chkconfig: no '# chkconfig:' line and no "
                          "LSB Default-Start/Default-Stop" % info.name)
    if not info.is_lsb and (info.start is None or info.stop is None):
        raise HeaderError("service %s does not support chkconfig: no start/stop priorities" % info.name)


def apply_override(info, override):
    """/etc/chkconfig.d/NAME: fields given there replace the script's."""
    if override.levels is not None:
        info.levels = set(override.levels)
        info.source = 'override'
    if override.start is not None:
        info.start = override.start
    if override.stop is not None:
        info.stop = override.stop
    for attr in ('required_start', 'required_stop', 'should_start', 'should_stop'):
        if getattr(override, attr):
            setattr(info, attr, list(getattr(override, attr)))
    if override.provides and override.provides != [override.name]:
        info.provides = list(override.provides)
    info.is_lsb = info.is_lsb or override.is_lsb
    return info


def _later_than(i, j):
    if i <= j:
        i = j + 1
        if i > 99:
            i = 99
    return i


def _earlier_than(i, j):
    if i >= j:
        i = j - 1
        if i < 0:
            i = 0
    return i


def _frob_one(svc, others):
    """chkconfig's frobOneDependencies() without its link side effects.
    Returns True when a priority changed."""
    before = (svc.start, svc.stop)
    if svc.start is None or svc.start < 0:
        svc.start = LSB_DEFAULT_PRIORITY
    if svc.stop is None or svc.stop < 0:
        svc.stop = LSB_DEFAULT_PRIORITY
    start_deps = list(svc.required_start) + list(svc.should_start)
    stop_deps = list(svc.required_stop) + list(svc.should_stop)
    for other in others:
        if other is svc:
            continue
        # chkconfig's isSimilarlyConfigured(): a dependency only orders this
        # service when it is on in every level this service is on in
        if svc.current is not None and other.current is not None \
                and not set(svc.current) <= set(other.current):
            continue
        names = set([other.name]) | set(other.provides)
        ostart = other.start if other.start is not None else -1
        ostop = other.stop if other.stop is not None else -1
        for dep in start_deps:
            if dep in names:
                svc.start = _later_than(svc.start, ostart)
        for dep in stop_deps:
            if dep in names:
                svc.stop = _earlier_than(svc.stop, ostop)
    return before != (svc.start, svc.stop)


def lsb_priorities(info, others):
    """Start/stop priorities for an LSB script as chkconfig computes them:
    start at 50, start after every script named (or provided) in
    Required-Start/Should-Start, stop before every one in
    Required-Stop/Should-Stop.  ``others`` are the ServiceInfo of the other
    scripts in init.d; their own LSB priorities are resolved first, by
    iteration, as chkconfig does.  System facilities ($network, ...) only
    count when a script Provides them (chkconfig does not expand them).
    Returns (start, stop); ``info`` is updated in place."""
    others = [o for o in others if o.name != info.name]
    for _round in range(200):
        changed = False
        for other in others:
            if other.is_lsb and _frob_one(other, others):
                changed = True
        if not changed:
            break
    _frob_one(info, others)
    return info.start, info.stop


def read_service_info(layout, name, resolve_lsb=True, current=None):
    """Header of init.d/NAME with the /etc/chkconfig.d/NAME override applied
    and, for LSB scripts without priorities, chkconfig's LSB priorities.
    ``current`` (a function ServiceInfo -> set of levels) gives the levels
    the service will be on in, as chkconfig sets its currentLevels for the
    operation; by default the levels with an S link now.  A dependency only
    counts when it is on wherever the service is on.
    Raises HeaderError (no usable header) or RunlevelError (no script)."""
    path = layout.script(name)
    if not os.path.isfile(path):
        raise RunlevelError("name: no init script %s" % path)
    info = parse_header(read_text(path), name)
    override = os.path.join(layout.chkconfig_d, name)
    if os.path.isfile(override):
        try:
            apply_override(info, parse_header(read_text(override), name, partial=True))
        except HeaderError:
            pass
    on_now = rclinks.table(rclinks.read_links(layout, name))
    info.current = set(int(level) for level, state in on_now.items() if state == 'on')
    if current is not None:
        info.current = set(current(info))
    if info.is_lsb and resolve_lsb:
        others = []
        for entry in list_init_scripts(layout):
            if entry == name:
                continue
            try:
                others.append(read_service_info(layout, entry, resolve_lsb=False))
            except (RunlevelError, IOError, OSError):
                continue
        lsb_priorities(info, others)
    return info
