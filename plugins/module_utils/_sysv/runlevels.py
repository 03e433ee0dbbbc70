# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runlevel logic the chkconfig way: init script headers, rc link naming,
the on/off/reset/add/del algorithm, xinetd ``disable`` read/edit and
``chkconfig --list`` parsing.

Pure standard library, Python 2.7 and 3.6+.  The functions that touch the
file system take a ``root`` prefix so tests (and chroots) can point them at
a directory tree; nothing here runs a command.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import os
import re

LEVELS = (0, 1, 2, 3, 4, 5, 6)
DEFAULT_LEVELS = (2, 3, 4, 5)
LSB_DEFAULT_PRIORITY = 50

# chkconfig's skip list for init.d and xinetd.d listings (not xinetd's own
# includedir rule: 'foo.conf' is listed by chkconfig, never loaded by xinetd).
_SKIP_SUFFIXES = ('.rpmsave', '.rpmnew', '.rpmorig', '.swp')

# C isspace() in the C locale.
_C_SPACE = ' \t\n\v\f\r'

ON_WORDS = {
    'on': True, 'off': False,
    # ko: chkconfig's Korean catalogue (CentOS 6 'chkconfig --list').
    u'\ud65c\uc131': True,    # 활성
    u'\ud574\uc81c': False,   # 해제
}


class RunlevelError(Exception):
    """An error with a message fit for the user (names option and value)."""


class HeaderError(RunlevelError):
    """The init script has no header chkconfig can use."""


# ---------------------------------------------------------------------------
# Names and levels
# ---------------------------------------------------------------------------

def check_name(name):
    """Fail unless ``name`` is a plain file name (no path, not '.'/'..')."""
    if not name or '/' in name or '\0' in name or name in ('.', '..') \
            or name.strip() != name or any(c in name for c in '\n\r\t '):
        raise RunlevelError("name: %r is not a plain service name" % (name,))
    return name


def check_runlevels(runlevels, option='runlevels'):
    """Return a sorted tuple of ints 0-6; raise naming the bad value."""
    result = set()
    for value in runlevels:
        try:
            level = int(value)
        except (TypeError, ValueError):
            raise RunlevelError("%s: %r is not a runlevel (0-6)" % (option, value))
        if isinstance(value, float) and value != level:
            raise RunlevelError("%s: %r is not a runlevel (0-6)" % (option, value))
        if level < 0 or level > 6:
            raise RunlevelError("%s: runlevel %s is out of range (0-6)" % (option, value))
        result.add(level)
    return tuple(sorted(result))


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


def skipped_by_chkconfig(entry):
    """True for names chkconfig's listings skip (., .rpmsave, ~, ...)."""
    if not entry or entry.startswith('.'):
        return True
    dot = entry.rfind('.')
    if dot != -1 and entry[dot:] in _SKIP_SUFFIXES:
        return True
    return entry[-1] in '~,'


# ---------------------------------------------------------------------------
# Init script headers (leveldb.c parseServiceInfo)
# ---------------------------------------------------------------------------

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
    # chkconfig scans the buffer, not lines: a bare sscanf can run into the
    # next line, so keep the remainder of the text for it.
    offsets = []
    off = 0
    for line in lines:
        offsets.append(off)
        off += len(line) + 1
    for index, raw in enumerate(lines):
        line = _lstrip_c(raw)
        if not line.startswith('#'):
            continue
        after_hash = line[1:]
        if after_hash.startswith('## BEGIN INIT INFO'):
            info.is_lsb = True
        body = _lstrip_c(after_hash)
        if not body:
            continue
        if body.startswith('chkconfig:'):
            rest = body[len('chkconfig:'):]
            stripped = rest.lstrip(' \t\v\f\r')
            if not stripped:
                raise HeaderError("service %s does not support chkconfig: empty '# chkconfig:' line" % name)
            # sscanf runs on the buffer from here to the end of the file.
            col = len(raw) - len(stripped)
            buf = text[offsets[index] + col:]
            levelbuf, spri, kpri, overflow = _sscanf_header(buf)
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
        elif body.startswith('description') or body.startswith('Description:'):
            desc = _description(lines, index, body[11:])
            if desc is not None and info.description is None:
                info.description = desc
        elif body.startswith('Short-Description:'):
            desc = _description(lines, index, body[17:])
            if desc is not None and info.description is None:
                info.description = desc
        elif body.startswith('Default-Start:'):
            for level in _strtol_levels(body[14:]):
                if info.levels is None:
                    info.levels = set()
                    info.source = 'lsb'
                if 0 <= level <= 6:
                    info.levels.add(level)
        elif body.startswith('Default-Stop:'):
            for level in _strtol_levels(body[13:]):
                if info.levels is None:
                    info.levels = set()
                    info.source = 'lsb'
                info.levels.discard(level)
        elif body.startswith('Required-Start:'):
            info.required_start = _words(body[15:])
        elif body.startswith('Required-Stop:'):
            info.required_stop = _words(body[14:])
        elif body.startswith('Should-Start:'):
            info.should_start = _words(body[13:])
        elif body.startswith('Should-Stop:'):
            info.should_stop = _words(body[12:])
        elif body.startswith('Provides:'):
            info.provides = _words(body[9:])
    if info.description is None:
        info.description = name
    if not partial:
        if info.levels is None:
            raise HeaderError("service %s does not support chkconfig: no '# chkconfig:' line and no "
                              "LSB Default-Start/Default-Stop" % name)
        if not info.is_lsb and (info.start is None or info.stop is None):
            raise HeaderError("service %s does not support chkconfig: no start/stop priorities" % name)
    if not info.provides:
        info.provides = [name]
    return info


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
    s0, k0 = svc.start, svc.stop
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
    return (s0, k0) != (svc.start, svc.stop)


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


# ---------------------------------------------------------------------------
# Layouts and links
# ---------------------------------------------------------------------------

class Layout(object):
    """Where init scripts and rc links live under ``root``.

    RHEL: /etc/rc.d/init.d exists -> links in /etc/rc.d/rcN.d.
    Debian: /etc/init.d and /etc/rcN.d.
    """

    def __init__(self, root='/', kind=None, xinetd_dir='/etc/xinetd.d'):
        self.root = root or '/'
        if kind is None:
            kind = 'rhel' if os.path.isdir(self.path('/etc/rc.d/init.d')) else 'debian'
        self.kind = kind
        self.xinetd_dir = self.path(xinetd_dir)

    def path(self, absolute):
        if self.root in ('', '/'):
            return absolute
        return os.path.join(self.root, absolute.lstrip('/'))

    @property
    def init_dir(self):
        return self.path('/etc/rc.d/init.d' if self.kind == 'rhel' else '/etc/init.d')

    @property
    def chkconfig_d(self):
        return self.path('/etc/chkconfig.d')

    def rc_dir(self, level):
        if self.kind == 'rhel':
            return self.path('/etc/rc.d/rc%d.d' % level)
        return self.path('/etc/rc%d.d' % level)

    def script(self, name):
        return os.path.join(self.init_dir, name)


LINK_TARGET = '../init.d/%s'


def link_name(on, priority, name):
    """``S55name`` / ``K25name``: chkconfig's ``%c%02d%s``."""
    return '%s%02d%s' % ('S' if on else 'K', priority, name)


def parse_link_name(entry, name):
    """(kind, priority) if ``entry`` matches ``[SK][0-9][0-9]NAME``, else None."""
    if len(entry) != len(name) + 3 or entry[0] not in 'SK':
        return None
    if entry[1] not in '0123456789' or entry[2] not in '0123456789':
        return None
    if entry[3:] != name:
        return None
    return entry[0], int(entry[1:3])


def read_links(layout, name):
    """{level: [(entry, kind, priority, target-or-None)]}, sorted by entry."""
    result = {}
    for level in LEVELS:
        directory = layout.rc_dir(level)
        found = []
        try:
            entries = sorted(os.listdir(directory))
        except OSError:
            entries = []
        for entry in entries:
            parsed = parse_link_name(entry, name)
            if parsed is None:
                continue
            path = os.path.join(directory, entry)
            target = os.readlink(path) if os.path.islink(path) else None
            found.append((entry, parsed[0], parsed[1], target))
        result[level] = found
    return result


def level_state(links_in_level):
    """'on' if the level has an S link, 'off' otherwise (K link or none)."""
    for link in links_in_level:
        if link[1] == 'S':
            return 'on'
    return 'off'


def table(links):
    """{"0": "off", ..., "6": "on"} from read_links()."""
    return dict((str(level), level_state(links.get(level, []))) for level in LEVELS)


def configured_levels(links):
    return set(level for level in LEVELS if links.get(level))


def format_table(tbl, name=None):
    """One line like chkconfig --list, for diffs."""
    if 'enabled' in tbl:
        return '%-15s\t%s\n' % (name or '', 'on' if tbl['enabled'] else 'off')
    cells = '\t'.join('%d:%s' % (level, tbl.get(str(level), 'off')) for level in LEVELS)
    return '%-15s\t%s\n' % (name or '', cells)


def desired_levels(runlevels, enabled, exclusive):
    """The per-level target: {level: True(on)/False(off)}.

    Without ``exclusive`` only the listed levels are set (chkconfig
    ``--level``).  With ``exclusive`` every level 0-6 is set: the listed
    ones to ``enabled`` and all others off, so with ``enabled: false`` the
    service ends up off everywhere.
    """
    wanted = {}
    for level in runlevels:
        wanted[level] = bool(enabled)
    if exclusive:
        for level in LEVELS:
            if level not in wanted:
                wanted[level] = False
    return wanted


def plan_set(layout, info, links, wanted):
    """Link operations that bring the listed levels to the wanted state.

    A level already in the wanted state (exactly one link, of the right
    kind) is left alone whatever its priority, so links numbered by insserv
    or by hand are not renumbered.  Otherwise, like chkconfig, every
    ``[SK][0-9][0-9]NAME`` in that level is removed and one link
    ``S<start>NAME`` or ``K<stop>NAME`` -> ``../init.d/NAME`` is made.
    Returns a list of ('unlink', path) / ('symlink', target, path).
    """
    ops = []
    for level in sorted(wanted):
        on = wanted[level]
        current = links.get(level, [])
        if len(current) == 1 and current[0][1] == ('S' if on else 'K'):
            continue
        ops.extend(_relink(layout, info, level, current, on))
    return ops


def _relink(layout, info, level, current, on):
    ops = []
    directory = layout.rc_dir(level)
    for entry in current:
        ops.append(('unlink', os.path.join(directory, entry[0])))
    priority = info.start if on else info.stop
    ops.append(('symlink', LINK_TARGET % info.name,
                os.path.join(directory, link_name(on, priority, info.name))))
    return ops


def plan_add(layout, info, links):
    """``chkconfig --add``: links only in levels that have none yet, S where
    the header's levels say so, K elsewhere."""
    ops = []
    for level in LEVELS:
        if links.get(level):
            continue
        ops.extend(_relink(layout, info, level, [], level in info.levels))
    return ops


def plan_del(layout, name, links):
    """``chkconfig --del``: remove every link in every level."""
    ops = []
    for level in LEVELS:
        for entry in links.get(level, []):
            ops.append(('unlink', os.path.join(layout.rc_dir(level), entry[0])))
    return ops


def plan_reset(layout, info, links):
    """``chkconfig NAME reset``: every level 0-6 as the header says."""
    wanted = dict((level, level in info.levels) for level in LEVELS)
    return plan_set(layout, info, links, wanted)


def simulate(links, ops, name):
    """The links after ``ops``, without touching the disk (check mode)."""
    result = dict((level, list(entries)) for level, entries in links.items())
    for op in ops:
        directory, entry = os.path.split(op[-1])
        level = _level_of_dir(directory)
        if level is None:
            continue
        current = result.get(level, [])
        if op[0] == 'unlink':
            result[level] = [e for e in current if e[0] != entry]
        else:
            parsed = parse_link_name(entry, name)
            result[level] = sorted([e for e in current if e[0] != entry] + [(entry, parsed[0], parsed[1], op[1])])
    return result


def _level_of_dir(directory):
    m = re.search(r'rc([0-6])\.d$', directory)
    return int(m.group(1)) if m else None


def apply_ops(ops):
    """Carry out plan_* operations on disk."""
    for op in ops:
        if op[0] == 'unlink':
            try:
                os.unlink(op[1])
            except OSError as exc:
                if exc.errno != errno.ENOENT:
                    raise
        elif op[0] == 'symlink':
            target, path = op[1], op[2]
            directory = os.path.dirname(path)
            if not os.path.isdir(directory):
                os.makedirs(directory)
            if os.path.lexists(path):
                os.unlink(path)
            os.symlink(target, path)
        else:
            raise ValueError('unknown operation %r' % (op,))


def list_init_scripts(layout):
    """Regular files in init.d that chkconfig's listing would consider."""
    try:
        entries = sorted(os.listdir(layout.init_dir))
    except OSError:
        return []
    result = []
    for entry in entries:
        if skipped_by_chkconfig(entry):
            continue
        if os.path.isfile(os.path.join(layout.init_dir, entry)):
            result.append(entry)
    return result


def read_text(path):
    """The text of ``path`` (UTF-8, else Latin-1, as init scripts come)."""
    with open(path, 'rb') as handle:
        data = handle.read()
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return data.decode('latin-1')


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
    on_now = set(level for level, state in table(read_links(layout, name)).items() if state == 'on')
    info.current = set(int(level) for level in on_now)
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


# ---------------------------------------------------------------------------
# xinetd services: the disable line
# ---------------------------------------------------------------------------

_DISABLE_CANON = re.compile(r'^([ \t]*)disable([ \t]+)=([ \t]+)(yes|no)([ \t]*)$')


def _tokens(line):
    return [t for t in re.split(r'[ \t]+', line) if t]


def _is_disable_line(line):
    toks = _tokens(line)
    if not toks:
        return False
    first = toks[0].lower()
    return first == 'disable' or re.match(r'^disable[+\-]?=', first) is not None


def _xinetd_disable_value(line):
    """xinetd's reading of one disable line: True (disabled), False
    (enabled), 'bad' (bad value: service dropped), 'drop' (no space before
    the operator: entry dropped) or None (line ignored)."""
    toks = _tokens(line.rstrip('\n'))
    if not toks:
        return None
    if toks[0].lower() != 'disable':
        return 'drop'
    if len(toks) < 2 or toks[1] != '=':
        return None if len(toks) >= 2 and toks[1] in ('+=', '-=') else 'drop'
    values = toks[2:]
    if len(values) != 1:
        return None
    value = values[0].lower()
    if value == 'yes':
        return True
    if value == 'no':
        return False
    return 'bad'


def xinetd_blocks(text):
    """Service blocks of an xinetd file: list of dicts with ``name``,
    ``open`` and ``close`` (line indexes of ``{`` and ``}``) and ``kind``.
    Blocks follow xinetd: the header line, then a line holding only ``{``,
    then a line holding only ``}``."""
    lines = text.split('\n')
    blocks = []
    header = None
    index = 0
    while index < len(lines):
        stripped = lines[index].strip(' \t')
        if stripped == '{' and header is not None:
            close = None
            for j in range(index + 1, len(lines)):
                if lines[j].strip(' \t') == '}':
                    close = j
                    break
            if close is None:
                break
            blocks.append({'kind': header[0], 'name': header[1], 'open': index, 'close': close})
            header = None
            index = close + 1
            continue
        toks = _tokens(stripped)
        if toks and not toks[0].startswith('#'):
            kw = toks[0].lower()
            if kw == 'service' and len(toks) >= 2:
                header = ('service', toks[1])
            elif kw == 'defaults':
                header = ('defaults', None)
            else:
                header = None
        index += 1
    return blocks


def xinetd_states(text):
    """What xinetd does with each service of the file: [(name, enabled)].

    Within a block the first well-formed ``disable = yes|no`` wins (values
    are case-insensitive); lines with a wrong number of values or a
    ``+=``/``-=`` are ignored; a bad value or ``disable=yes`` (no space
    before the operator) drops the service.  No disable line: enabled.
    """
    lines = text.split('\n')
    result = []
    for block in xinetd_blocks(text):
        if block['kind'] != 'service':
            continue
        state = None
        dropped = False
        for line in lines[block['open'] + 1:block['close']]:
            if not _is_disable_line(line):
                continue
            value = _xinetd_disable_value(line)
            if value in ('bad', 'drop'):
                dropped = True
            elif value is not None and state is None:
                state = value
        enabled = not dropped and state is not True
        result.append((block['name'], enabled))
    return result


def xinetd_enabled(text):
    """True when xinetd serves at least one service of the file."""
    return any(enabled for _name, enabled in xinetd_states(text))


def chkconfig_xinetd_enabled(text):
    """chkconfig's own (different) reading: the last line starting, after
    whitespace, with lowercase ``disable`` decides; off only if its value
    after ``=`` starts with ``yes``; no such line means on.  So
    ``DISABLE = YES`` reads as on although xinetd disables the service."""
    enabled = True
    for line in text.split('\n'):
        if line.startswith('#'):
            continue
        body = line.lstrip(_C_SPACE)
        if body.startswith('disable'):
            eq = body.find('=')
            if eq == -1:
                enabled = False
                continue
            value = body[eq + 1:].lstrip(_C_SPACE)
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


def set_xinetd_enabled(text, enabled):
    """Return ``text`` with every service block of the file set to
    ``enabled``; only disable lines change.

    In a block whose state is already right and whose disable line (if any)
    chkconfig and xinetd read the same way (``disable = yes|no`` in lower
    case), nothing changes.  Otherwise the block's disable lines are
    replaced by one canonical ``disable = yes|no`` line (at the place of
    the first one, keeping its indentation and the block's '=' column), or
    one is added before the closing ``}``.  Blank lines, comments and every
    other line stay byte for byte.
    """
    lines = text.split('\n')
    want_disable = not enabled
    edits = {}          # line index -> replacement (None = delete)
    inserts = {}        # line index -> line to insert before it
    for block in xinetd_blocks(text):
        if block['kind'] != 'service':
            continue
        body = range(block['open'] + 1, block['close'])
        disable_idx = [i for i in body if _is_disable_line(lines[i])]
        canonical = [i for i in disable_idx if _DISABLE_CANON.match(lines[i])]
        current = xinetd_states('service x\n' + '\n'.join(lines[block['open']:block['close'] + 1]) + '\n')
        current_enabled = current[0][1] if current else True
        if not disable_idx:
            if current_enabled == enabled:
                continue
            indent, column, tabs = _eq_column(lines, block['open'] + 1, block['close'])
            inserts[block['close']] = _disable_line(indent, column, tabs, want_disable)
            continue
        if (len(disable_idx) == 1 and canonical == disable_idx and current_enabled == enabled):
            continue
        first = disable_idx[0]
        m = re.match(r'^([ \t]*)', lines[first])
        indent = m.group(1) if m.group(1) else '\t'
        _ind, column, tabs = _eq_column(lines, block['open'] + 1, block['close'])
        cm = _DISABLE_CANON.match(lines[first])
        if cm:
            edits[first] = '%sdisable%s=%s%s' % (cm.group(1), cm.group(2), cm.group(3),
                                                 'yes' if want_disable else 'no')
        else:
            edits[first] = _disable_line(indent, column, tabs, want_disable)
        for i in disable_idx[1:]:
            edits[i] = None
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


def find_service(layout, name):
    """'sysv' if init.d/NAME is a regular file, 'xinetd' if
    xinetd.d/NAME is, else None (chkconfig looks in init.d first)."""
    if os.path.isfile(layout.script(name)):
        return 'sysv'
    if os.path.isfile(os.path.join(layout.xinetd_dir, name)):
        return 'xinetd'
    return None


def list_xinetd_services(layout):
    """Files of the xinetd directory chkconfig's listing shows."""
    try:
        entries = sorted(os.listdir(layout.xinetd_dir))
    except OSError:
        return []
    return [e for e in entries if not skipped_by_chkconfig(e)
            and os.path.isfile(os.path.join(layout.xinetd_dir, e))]


def read_xinetd_file(layout, name):
    return read_text(os.path.join(layout.xinetd_dir, name))


# ---------------------------------------------------------------------------
# chkconfig --list output
# ---------------------------------------------------------------------------

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
        toks = _split_ws(raw)
        if not toks:
            continue
        cells = [_LEVEL_CELL.match(t) for t in toks[1:]]
        if len(toks) == 8 and all(cells):
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
                services[toks[0]] = {'kind': 'sysv', 'runlevels': levels}
            continue
        if len(toks) == 2 and toks[0].endswith(':') and len(toks[0]) > 1:
            state = _word_state(toks[1])
            if state is None:
                unknown.append(toks[1])
                continue
            services[toks[0][:-1]] = {'kind': 'xinetd', 'enabled': state}
            xinetd_section = True
            continue
        if len(toks) == 2 and xinetd_section is False and raw[:1] not in (' ', '\t') \
                and _word_state(toks[1]) is not None and ':' not in toks[0]:
            # 'chkconfig --list telnet' prints 'telnet         \ton'
            services[toks[0]] = {'kind': 'xinetd', 'enabled': _word_state(toks[1])}
            continue
        if raw.rstrip().endswith(':') and len(toks) >= 1:
            xinetd_section = True
    return {'services': services, 'xinetd_section': xinetd_section, 'unknown_words': unknown}


# ---------------------------------------------------------------------------
# systemd forwarding (chkconfig 1.3.50+)
# ---------------------------------------------------------------------------

SYSTEMD_UNIT_DIRS = ('/lib/systemd/system', '/etc/systemd/system', '/usr/lib/systemd/system')


def systemd_is_init(root='/'):
    """True when ROOT/sbin/init resolves to a file named systemd."""
    layout = Layout(root, kind='debian')
    init = layout.path('/sbin/init')
    if not os.path.lexists(init):
        return False
    resolved = init
    for _i in range(40):
        if not os.path.islink(resolved):
            break
        target = os.readlink(resolved)
        if target.startswith('/'):
            resolved = layout.path(target)
        else:
            resolved = os.path.normpath(os.path.join(os.path.dirname(resolved), target))
    return os.path.basename(resolved) == 'systemd'


def systemd_unit(root, name):
    """The unit chkconfig would forward NAME to, or None: NAME.service in a
    unit directory, or NAME@.service together with NAME.socket."""
    layout = Layout(root, kind='debian')
    for directory in SYSTEMD_UNIT_DIRS:
        if os.path.exists(layout.path(directory + '/%s.service' % name)):
            return '%s.service' % name
    for directory in SYSTEMD_UNIT_DIRS:
        if os.path.exists(layout.path(directory + '/%s@.service' % name)) and \
                os.path.exists(layout.path(directory + '/%s.socket' % name)):
            return '%s.socket' % name
    return None
