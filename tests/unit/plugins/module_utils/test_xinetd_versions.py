# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._xinetd import versions as xv

SVC = 'service t\n{\n\tsocket_type = %s\n\twait = %s\n\tuser = root\n\tserver = /bin/cat\n%s}\n'


def test_parse_version():
    assert xv.parse_version('xinetd Version 2.3.14 libwrap loadavg') == (2, 3, 14)
    assert xv.parse_version('xinetd Version 2.3.15.3 started with') == (2, 3, 15, 3)
    assert xv.parse_version('') is None and xv.parse_version(None) is None


def test_flags_ipv4_ipv6_only_on_2314_and_older():
    text = SVC % ('stream', 'no', '\tflags = IPv4 IPv6\n')
    found = xv.check_text(text, (2, 3, 14))
    assert [f.code for f in found] == ['flags-ipv4-ipv6'] and found[0].service == 't'
    assert '2.3.14' in found[0].message
    assert (found[0].severity, found[0].effect, found[0].lineno) == ('error', 'service-dropped', 1)
    assert xv.check_text(text, (2, 3, 15, 3)) == []
    assert xv.check_text(text, None) == []
    split = SVC % ('stream', 'no', '\tflags = IPv4\n\tflags += IPv6\n')
    assert [f.code for f in xv.check_text(split, (2, 3, 13))] == ['flags-ipv4-ipv6']
    assert xv.check_text(SVC % ('stream', 'no', '\tflags = IPv4 REUSE\n'), (2, 3, 14)) == []
    # xinetd looks flag names up without regard to case (nv_find_value: strcasecmp)
    lower = SVC % ('stream', 'no', '\tflags = ipv4 IPV6\n')
    assert [f.code for f in xv.check_text(lower, (2, 3, 14))] == ['flags-ipv4-ipv6']


def test_bad_disable_then_no_is_a_known_2314_difference():
    from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse
    test = xv.ACCEPTED_BY_OLDER['bad-disable-then-no']['test']
    assert test(parse(SVC % ('stream', 'no', '\tdisable = maybe\n\tdisable = no\n'))[0])
    assert not test(parse(SVC % ('stream', 'no', '\tdisable = no\n\tdisable = maybe\n'))[0])
    assert not test(parse(SVC % ('stream', 'no', '\tdisable = maybe\n\tdisable = yes\n'))[0])
    assert xv.applies('bad-disable-then-no', (2, 3, 14)) and not xv.applies('bad-disable-then-no', (2, 3, 15, 3))


def test_dgram_wait_no_only_on_231504_and_newer():
    text = SVC % ('dgram', 'no', '')
    assert xv.check_text(text, (2, 3, 14)) == []
    assert xv.check_text(text, (2, 3, 15, 3)) == []
    assert [f.code for f in xv.check_text(text, (2, 3, 15, 4))] == ['dgram-wait-no']
    assert xv.check_text(SVC % ('dgram', 'yes', ''), (2, 3, 15, 4)) == []


class FakeModule(object):
    def __init__(self, output):
        self.output = output
        self.calls = []

    def get_bin_path(self, name, opt_dirs=None):
        return '/usr/sbin/xinetd' if self.output is not None else None

    def run_command(self, argv):
        self.calls.append(argv)
        return 0, '', self.output


def test_problems_asks_the_target_only_when_something_is_written():
    text = SVC % ('stream', 'no', '\tflags = IPv6 IPv4\n')
    module = FakeModule('xinetd Version 2.3.14 libwrap loadavg\n')
    assert xv.problems(module, [('/etc/xinetd.d/t', None)]) == [] and module.calls == []
    msgs = xv.problems(module, [('/etc/xinetd.d/t', text)])
    assert module.calls == [['/usr/sbin/xinetd', '-version']]
    assert len(msgs) == 1 and msgs[0].startswith('/etc/xinetd.d/t: service t: xinetd 2.3.14')
    assert xv.problems(FakeModule(None), [('/etc/xinetd.d/t', text)]) == []
    assert xv.problems(FakeModule('xinetd Version 2.3.15.3\n'), [('/etc/xinetd.d/t', text)]) == []
