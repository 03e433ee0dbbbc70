# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""chkconfig_info against ``chkconfig --list`` and ``chkconfig --list NAME``
of the real chkconfig 1.3.49.5, on the same host (an EL6 tools container),
with the task environment in C and in ko_KR.UTF-8 (Korean listing:
활성/해제, "xinetd 기반의 서비스:").  Every service, every level and every
xinetd service must be equal.  The listings are read here with a parser of
this test's own, not the module's.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest

import el6help
import relhelpers

WORDS = {'on': 'on', 'off': 'off', u'활성': 'on', u'해제': 'off'}


def parse_listing(text):
    """{name: {'0': 'on', ...}} for init scripts, {name: 'on'|'off'} for xinetd."""
    sysv, xinetd = {}, {}
    for line in text.splitlines():
        cells = re.findall(r'([0-6]):(\S+)', line)
        if len(cells) == 7 and not line.startswith(('\t', ' ')):
            sysv[line.split()[0]] = dict((lv, WORDS[w]) for lv, w in cells)
            continue
        m = re.match(r'^\t(\S+):\s+(\S+)$', line)
        if m:
            xinetd[m.group(1)] = WORDS[m.group(2)]
            continue
        m = re.match(r'^(\S+)\s+(\S+)$', line)       # chkconfig --list NAME for xinetd
        if m and m.group(2) in WORDS:
            xinetd[m.group(1)] = WORDS[m.group(2)]
    return sysv, xinetd


@pytest.fixture(scope='module')
def rounds():
    reason = el6help.missing()
    if reason:
        relhelpers.record('skipped', label='chkconfig_info against chkconfig --list', reason=reason)
        pytest.skip(reason)
    import json
    with el6help.El6Container('sysv-el6info') as box:
        proc = box.exec_('python3', '/reliability/el6_info_driver.py', '/pytree', '/ansible-site',
                         timeout=600)
    return json.loads(proc.stdout)


def test_chkconfig_info_equals_chkconfig_list(rounds):
    differences = []
    services = xinetd_count = runs = 0
    for index, rnd in enumerate(rounds):
        sysv, xinetd = parse_listing(rnd['list']['C'])
        ko_sysv, ko_xinetd = parse_listing(rnd['list']['ko'])
        # the Korean listing is the same table in other words
        assert u'xinetd 기반의 서비스:' in rnd['list']['ko'] and u'활성' in rnd['list']['ko']
        assert (ko_sysv, ko_xinetd) == (sysv, xinetd)
        assert sysv and xinetd
        # --list NAME says the same as --list, in both languages
        for name, outputs in rnd['list_name'].items():
            for label in ('C', 'ko'):
                rc, out = outputs[label]
                one_sysv, one_xinetd = parse_listing(out)
                if name in sysv:
                    assert one_sysv.get(name) == sysv[name], (name, label, out)
                else:
                    assert one_xinetd.get(name) == xinetd.get(name), (name, label, out)
        for key, res in sorted(rnd['module'].items()):
            runs += 1
            assert not res['failed'], (key, res['msg'])
            assert res['backend'] == ('chkconfig' if key.startswith('auto') else 'native'), key
            got = res['services']
            got_sysv = dict((n, e['runlevels']) for n, e in got.items() if e['kind'] == 'sysv')
            got_xinetd = dict((n, 'on' if e['enabled'] else 'off') for n, e in got.items()
                              if e['kind'] == 'xinetd')
            services += len(got_sysv)
            xinetd_count += len(got_xinetd)
            if got_sysv != sysv:
                differences.append('round %d %s: init scripts %r != chkconfig %r' % (
                    index, key, sorted(set(got_sysv.items()) ^ set(sysv.items())), None))
            if got_xinetd != xinetd:
                differences.append('round %d %s: xinetd %r != chkconfig %r' % (
                    index, key, got_xinetd, xinetd))
            assert res['xinetd_enabled'] is True
    relhelpers.record('el6-chkconfig-info',
                      label='chkconfig_info (native and auto; task LANG/LC_ALL C and ko_KR.UTF-8) '
                            'against chkconfig --list and --list NAME, %d rounds of changes' % len(rounds),
                      runs=runs, services=services, xinetd=xinetd_count, differences=len(differences))
    assert not differences, '\n'.join(differences)
