# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The corpus of the chkconfig differential test (test_el6_chkconfig.py).

Each case is a start state (init scripts named ``t-*``, /etc/chkconfig.d
overrides, hand-made rc links) and a list of steps.  A step is one
chkconfig operation: add, del, on/off with or without levels, reset,
resetpriorities, or an exclusive state (on in the listed levels and off in
all others, or off everywhere).  ``header_levels`` is what the script's
header (or its override) says, for the module tasks that stand for
``reset``.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

BODY = '\n. /etc/init.d/functions\ncase "$1" in\n  start|stop|status) exit 0 ;;\nesac\n'


def chk(levels, start, stop, extra=''):
    return '#!/bin/bash\n#\n# chkconfig: %s %s %s\n# description: test script\n%s%s' % (
        levels, start, stop, extra, BODY)


def lsb(provides=None, start='2 3 4 5', stop='0 1 6', req_start='', should_start='',
        req_stop='', should_stop='', chkline=None):
    lines = ['#!/bin/bash']
    if chkline:
        lines.append('# chkconfig: %s' % chkline)
    lines.append('### BEGIN INIT INFO')
    if provides:
        lines.append('# Provides: %s' % provides)
    if req_start:
        lines.append('# Required-Start: %s' % req_start)
    if should_start:
        lines.append('# Should-Start: %s' % should_start)
    if req_stop:
        lines.append('# Required-Stop: %s' % req_stop)
    if should_stop:
        lines.append('# Should-Stop: %s' % should_stop)
    if start is not None:
        lines.append('# Default-Start: %s' % start)
    if stop is not None:
        lines.append('# Default-Stop: %s' % stop)
    lines.append('# Short-Description: LSB test script')
    lines.append('### END INIT INFO')
    return '\n'.join(lines) + '\n' + BODY


def s(op, name, levels=None, **kw):
    step = {'op': op, 'name': name}
    if levels is not None:
        step['levels'] = list(levels)
    step.update(kw)
    return step


def onoff_round(name, header):
    """Every plain operation once, for a script whose header says ``header``."""
    return [
        s('add', name),
        s('add', name),
        s('off', name, [3]),
        s('on', name, [0, 1, 6]),
        s('on', name),
        s('off', name),
        s('on', name, [2, 4]),
        s('reset', name, header_levels=header),
        s('off', name, [2, 3, 4, 5, 6]),
        s('reset', name, [3, 4], header_levels=header),
        s('exclusive', name, [3, 5], enabled=True),
        s('exclusive', name, [1], enabled=True),
        s('exclusive', name, [2, 3, 4, 5], enabled=False),
        s('resetpriorities', name),
        s('del', name),
        s('del', name),
        s('on', name, [3]),
        s('reset', name, header_levels=header),
        s('del', name),
        s('add', name),
    ]


def cases():
    result = []
    # --- '# chkconfig:' headers ------------------------------------------------
    for name, levels, header, start, stop in (
            ('t-std', '2345', [2, 3, 4, 5], 55, 25),
            ('t-dash', '-', [], 85, 15),
            ('t-35', '35', [3, 5], 5, 95),
            ('t-all', '0123456', [0, 1, 2, 3, 4, 5, 6], 0, 99),
            ('t-one', '1', [1], 9, 1)):
        result.append({'name': 'chkconfig-header %s (%s %s %s)' % (name, levels, start, stop),
                       'scripts': {name: chk(levels, start, stop)},
                       'steps': onoff_round(name, header)})
    # a header with the levels repeated and a second chkconfig line (the first wins)
    result.append({'name': 'two chkconfig lines',
                   'scripts': {'t-twice': chk('345', 20, 80, '# chkconfig: 2 30 70\n')},
                   'steps': onoff_round('t-twice', [3, 4, 5])})
    # --- LSB headers -----------------------------------------------------------
    result.append({'name': 'LSB alone',
                   'scripts': {'t-lsb': lsb('t-lsb', req_start='$local_fs $network')},
                   'steps': onoff_round('t-lsb', [2, 3, 4, 5])})
    result.append({'name': 'LSB Default-Start 3 5 only',
                   'scripts': {'t-lsb35': lsb('t-lsb35', start='3 5', stop='0 1 2 4 6')},
                   'steps': onoff_round('t-lsb35', [3, 5])})
    chain = {
        't-base': lsb('t-base', chkline='2345 20 80'),
        't-mid': lsb('t-mid t-facility', req_start='t-base', req_stop='t-base'),
        't-top': lsb('t-top', req_start='t-facility', should_start='t-base t-absent',
                     should_stop='t-mid'),
        't-soft': lsb('t-soft', should_start='t-top', req_stop='t-top'),
    }
    result.append({'name': 'LSB chain added in dependency order',
                   'scripts': chain,
                   'steps': [s('add', 't-base'), s('add', 't-mid'), s('add', 't-top'),
                             s('add', 't-soft'), s('off', 't-mid', [3]), s('on', 't-mid', [3]),
                             s('off', 't-top'), s('on', 't-top'),
                             s('resetpriorities', 't-soft'),
                             s('del', 't-mid'), s('add', 't-mid'),
                             s('reset', 't-top', header_levels=[2, 3, 4, 5]),
                             s('exclusive', 't-soft', [3, 5], enabled=True),
                             s('del', 't-soft'), s('del', 't-top'), s('del', 't-mid'),
                             s('del', 't-base')]})
    result.append({'name': 'LSB chain added in reverse order',
                   'scripts': chain,
                   'steps': [s('add', 't-soft'), s('add', 't-top'), s('add', 't-mid'),
                             s('add', 't-base'), s('resetpriorities', 't-top'),
                             s('resetpriorities', 't-soft'), s('on', 't-soft', [3]),
                             s('off', 't-base', [2]), s('del', 't-base'), s('del', 't-soft')]})
    result.append({'name': 'LSB script after a chkconfig-header script',
                   'scripts': {'t-dep': lsb('t-dep', req_start='t-std', req_stop='t-std'),
                               't-std': chk('2345', 55, 25)},
                   'steps': [s('add', 't-std'), s('add', 't-dep'), s('off', 't-dep'),
                             s('on', 't-dep', [3, 5]), s('del', 't-dep'), s('add', 't-dep'),
                             s('resetpriorities', 't-dep')]})
    # --- both kinds of header --------------------------------------------------
    result.append({'name': 'chkconfig line and LSB block',
                   'scripts': {'t-both': lsb('t-both', start='2 3 4 5', stop='0 1 6',
                                             chkline='345 60 40')},
                   'steps': onoff_round('t-both', [2, 3, 4, 5])})
    result.append({'name': 'chkconfig - and LSB Default-Start',
                   'scripts': {'t-both2': lsb('t-both2', start='3', stop='0 1 2 4 5 6',
                                              chkline='- 70 30')},
                   'steps': onoff_round('t-both2', [3])})
    # --- /etc/chkconfig.d overrides -------------------------------------------
    result.append({'name': 'override of a chkconfig header',
                   'scripts': {'t-ovr': chk('2345', 50, 50)},
                   'overrides': {'t-ovr': '# chkconfig: 35 20 80\n'},
                   'steps': onoff_round('t-ovr', [3, 5])})
    result.append({'name': 'override of an LSB header',
                   'scripts': {'t-ovrlsb': lsb('t-ovrlsb', req_start='$network')},
                   'overrides': {'t-ovrlsb': '### BEGIN INIT INFO\n# Default-Start: 3\n'
                                             '# Default-Stop: 0 1 2 4 5 6\n### END INIT INFO\n'},
                   'steps': onoff_round('t-ovrlsb', [3])})
    result.append({'name': 'override with priorities only',
                   'scripts': {'t-ovrpri': chk('2345', 50, 50)},
                   'overrides': {'t-ovrpri': '# chkconfig: - 11 89\n'},
                   'steps': onoff_round('t-ovrpri', [])})
    # --- links made by hand ------------------------------------------------------
    hand_links = [(3, 'S99t-hand', '../init.d/t-hand'), (2, 'K01t-hand', '../init.d/t-hand'),
                  (5, 'S10t-hand', '../init.d/t-hand'), (5, 'K90t-hand', '../init.d/t-hand'),
                  (4, 'S05t-hand', '/etc/init.d/t-hand'), (1, 'S7t-hand', '../init.d/t-hand'),
                  (6, 'K100t-hand', '../init.d/t-hand'), (0, 'S00t-hand', 'FILE')]
    result.append({'name': 'hand-made links with odd numbers',
                   'scripts': {'t-hand': chk('2345', 55, 25)},
                   'links': hand_links,
                   'steps': [s('add', 't-hand'), s('on', 't-hand', [3]), s('off', 't-hand', [2]),
                             s('on', 't-hand', [5]), s('resetpriorities', 't-hand'),
                             s('reset', 't-hand', header_levels=[2, 3, 4, 5]),
                             s('del', 't-hand')]})
    result.append({'name': 'hand-made links, exclusive first',
                   'scripts': {'t-hand': chk('2345', 55, 25)},
                   'links': hand_links,
                   'steps': [s('exclusive', 't-hand', [3, 5], enabled=True),
                             s('exclusive', 't-hand', [], enabled=False), s('del', 't-hand')]})
    result.append({'name': 'hand-made links of an LSB script',
                   'scripts': {'t-handlsb': lsb('t-handlsb')},
                   'links': [(3, 'S42t-handlsb', '../init.d/t-handlsb'),
                             (0, 'K13t-handlsb', '../init.d/t-handlsb')],
                   'steps': [s('add', 't-handlsb'), s('on', 't-handlsb', [3]),
                             s('resetpriorities', 't-handlsb'), s('del', 't-handlsb')]})
    return result
