# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""rc links the chkconfig way: ``S55name`` / ``K25name`` naming, reading
a service's links, the per-level target, and the link operations of
``chkconfig NAME on|off`` and ``--del`` (planned, simulated for check mode,
then applied).

Pure standard library, Python 2.7 and 3.6+.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import os
import re

from ansible_collections.sysv.services.plugins.module_utils._sysv.runlevels import LEVELS

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


def added_levels(info, links):
    """``chkconfig --add``'s target: {level: on} for the levels that have
    no link yet, on where the header's levels say so, off elsewhere."""
    return dict((level, level in info.levels) for level in LEVELS if not links.get(level))


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


def plan_del(layout, name, links):
    """``chkconfig --del``: remove every link in every level."""
    ops = []
    for level in LEVELS:
        for entry in links.get(level, []):
            ops.append(('unlink', os.path.join(layout.rc_dir(level), entry[0])))
    return ops


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
