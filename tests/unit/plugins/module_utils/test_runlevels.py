# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pure tests of the _sysv modules (runlevels, lsb, rclinks, listing) and of
_xinetd.disable: headers, link naming, the chkconfig algorithm on real
directory trees, xinetd disable reads and edits, --list parsing.  No Ansible."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import os

import pytest

from ansible_collections.sysv.services.plugins.module_utils._sysv import listing as _listing
from ansible_collections.sysv.services.plugins.module_utils._sysv import lsb as _lsb
from ansible_collections.sysv.services.plugins.module_utils._sysv import rclinks as _rclinks
from ansible_collections.sysv.services.plugins.module_utils._sysv import runlevels as _runlevels
from ansible_collections.sysv.services.plugins.module_utils._xinetd import disable as _disable

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        'fixtures', 'chkconfig')


def fixture(name):
    with io.open(os.path.join(FIXTURES, name), encoding='utf-8') as handle:
        return handle.read()


HTTPD = u"""#!/bin/bash
#
# httpd        Startup script for the Apache HTTP Server
#
# chkconfig: - 85 15
# description: The Apache HTTP Server is an efficient and extensible  \\
#              server implementing the current HTTP standards.
"""

SSHD = u"""#!/bin/sh
# chkconfig: 2345 55 25
# description: OpenSSH server daemon
"""


# ---------------------------------------------------------------- headers

class TestHeader:
    def test_chkconfig_line(self):
        info = _lsb.parse_header(SSHD, 'sshd')
        assert info.levels == set([2, 3, 4, 5])
        assert (info.start, info.stop) == (55, 25)
        assert info.is_lsb is False
        assert info.description == 'OpenSSH server daemon'

    def test_dash_means_no_levels(self):
        info = _lsb.parse_header(HTTPD, 'httpd')
        assert info.levels == set()
        assert (info.start, info.stop) == (85, 15)

    def test_header_at_eof_without_newline_fails(self):
        # sscanf("%15s %d %d%c") needs a character after the stop priority
        with pytest.raises(_runlevels.HeaderError) as err:
            _lsb.parse_header(u'#!/bin/sh\n# chkconfig: 2345 55 25', 'x')
        assert 'does not support chkconfig' in str(err.value)

    def test_trailing_whitespace_after_stop_priority_is_fine(self):
        info = _lsb.parse_header(u'# chkconfig: 345 10 90 \t\n', 'x')
        assert (info.levels, info.start, info.stop) == (set([3, 4, 5]), 10, 90)
        # a space then EOF still has whitespace after the number
        info = _lsb.parse_header(u'# chkconfig: 345 10 90 ', 'x')
        assert info.stop == 90

    def test_garbage_after_stop_priority_fails(self):
        with pytest.raises(_runlevels.HeaderError):
            _lsb.parse_header(u'# chkconfig: 345 10 90x\n', 'x')

    def test_first_chkconfig_line_wins(self):
        info = _lsb.parse_header(u'# chkconfig: 35 11 89\n# chkconfig: 2345 55 25\n', 'x')
        assert (info.levels, info.start, info.stop) == (set([3, 5]), 11, 89)

    def test_leading_whitespace_before_hash(self):
        info = _lsb.parse_header(u'   # chkconfig: 3 01 99\n', 'x')
        assert (info.levels, info.start, info.stop) == (set([3]), 1, 99)

    @pytest.mark.parametrize('line', [
        u'# chkconfig: 2345 100 25\n',      # priority > 99
        u'# chkconfig: 2345 -1 25\n',       # priority < 0
        u'# chkconfig: 2347 55 25\n',       # runlevel 7
        u'# chkconfig: 2345 55\n',          # missing stop priority
        u'# chkconfig:\n',                  # empty
        u'#!/bin/sh\necho no header\n',     # nothing
        u'chkconfig: 2345 55 25\n',         # not a comment
    ])
    def test_unusable_headers(self, line):
        with pytest.raises(_runlevels.HeaderError) as err:
            _lsb.parse_header(line, 'svc')
        assert 'service svc does not support chkconfig' in str(err.value)

    def test_lsb_only_debian_xinetd(self):
        info = _lsb.parse_header(fixture('init.d-xinetd.debian'), 'xinetd')
        assert info.is_lsb
        assert info.levels == set([2, 3, 4, 5])
        assert (info.start, info.stop) == (None, None)
        assert info.provides == ['xinetd', 'inetd']
        assert info.required_start == ['$local_fs', '$remote_fs', '$network']
        assert info.should_start == ['$syslog']
        # nothing in init.d provides those facilities: chkconfig's default 50
        assert _lsb.lsb_priorities(info, []) == (50, 50)

    def test_lsb_default_stop_clears_chkconfig_levels(self):
        text = (u'# chkconfig: 2345 55 25\n### BEGIN INIT INFO\n# Provides: x\n'
                u'# Default-Start: 3 5\n# Default-Stop: 0 1 2 4 6\n### END INIT INFO\n')
        info = _lsb.parse_header(text, 'x')
        assert info.levels == set([3, 5])
        assert (info.start, info.stop) == (55, 25)

    def test_lsb_needs_begin_marker_exactly(self):
        text = u'# BEGIN INIT INFO\n# Default-Start: 2 3 4 5\n'
        with pytest.raises(_runlevels.HeaderError):
            _lsb.parse_header(text, 'x')   # levels but no priorities and not LSB

    def test_lsb_dependencies(self):
        net = _lsb.parse_header(u'# chkconfig: 2345 60 40\n### BEGIN INIT INFO\n# Provides: netfs $remote_fs\n'
                                u'### END INIT INFO\n', 'net')
        other = _lsb.parse_header(u'### BEGIN INIT INFO\n# Provides: db\n# Required-Start: $remote_fs\n'
                                  u'# Default-Start: 3\n### END INIT INFO\n', 'db')
        me = _lsb.parse_header(u'### BEGIN INIT INFO\n# Provides: app\n'
                               u'# Required-Start: $remote_fs db\n# Required-Stop: netfs\n'
                               u'# Default-Start: 3 5\n# Default-Stop: 0 6\n### END INIT INFO\n', 'app')
        # db starts after net (61), app after db (62); app stops before net (39)
        assert _lsb.lsb_priorities(me, [net, other]) == (62, 39)
        assert other.start == 61

    def test_override(self, tmp_path):
        root = _rhel_root(tmp_path, {'sshd': SSHD})
        os.makedirs(str(tmp_path / 'etc' / 'chkconfig.d'))
        (tmp_path / 'etc' / 'chkconfig.d' / 'sshd').write_text(u'# chkconfig: 35 20 80\n')
        info = _lsb.read_service_info(_runlevels.Layout(root), 'sshd')
        assert (info.levels, info.start, info.stop) == (set([3, 5]), 20, 80)

    def test_missing_script(self, tmp_path):
        with pytest.raises(_runlevels.RunlevelError) as err:
            _lsb.read_service_info(_runlevels.Layout(_rhel_root(tmp_path, {})), 'nope')
        assert 'name' in str(err.value) and 'nope' in str(err.value)


def test_check_runlevels():
    assert _runlevels.check_runlevels([5, 3, 3, '2']) == (2, 3, 5)
    with pytest.raises(_runlevels.RunlevelError) as err:
        _runlevels.check_runlevels([3, 9])
    assert 'runlevels' in str(err.value) and '9' in str(err.value)
    with pytest.raises(_runlevels.RunlevelError):
        _runlevels.check_runlevels(['S'])


@pytest.mark.parametrize('name', ['', '.', '..', 'a/b', 'a b', 'x\n'])
def test_check_name(name):
    with pytest.raises(_runlevels.RunlevelError):
        _runlevels.check_name(name)


# ---------------------------------------------------------------- links

def test_link_names():
    assert _rclinks.link_name(True, 5, 'sshd') == 'S05sshd'
    assert _rclinks.link_name(False, 25, 'sshd') == 'K25sshd'
    assert _rclinks.parse_link_name('S55sshd', 'sshd') == ('S', 55)
    assert _rclinks.parse_link_name('K01sshd', 'sshd') == ('K', 1)
    for other in ('S5sshd', 'S555sshd', 'S55sshd2', 'X55sshd', 'S5xsshd', 'sshd', 'S55ssh'):
        assert _rclinks.parse_link_name(other, 'sshd') is None


def _rhel_root(tmp_path, scripts):
    init = tmp_path / 'etc' / 'rc.d' / 'init.d'
    os.makedirs(str(init))
    for level in _runlevels.LEVELS:
        os.makedirs(str(tmp_path / 'etc' / 'rc.d' / ('rc%d.d' % level)))
    for name, text in scripts.items():
        (init / name).write_text(text)
    return str(tmp_path)


def _debian_root(tmp_path, scripts):
    init = tmp_path / 'etc' / 'init.d'
    os.makedirs(str(init))
    for level in _runlevels.LEVELS:
        os.makedirs(str(tmp_path / 'etc' / ('rc%d.d' % level)))
    for name, text in scripts.items():
        (init / name).write_text(text)
    return str(tmp_path)


def _links_on_disk(layout):
    """{level: sorted [(entry, target)]} read with plain os calls."""
    out = {}
    for level in _runlevels.LEVELS:
        directory = layout.rc_dir(level)
        out[level] = sorted((entry, os.readlink(os.path.join(directory, entry)))
                            for entry in os.listdir(directory))
    return out


def test_layout_detection(tmp_path):
    rhel = _runlevels.Layout(_rhel_root(tmp_path / 'r', {}))
    deb = _runlevels.Layout(_debian_root(tmp_path / 'd', {}))
    assert rhel.kind == 'rhel' and rhel.rc_dir(3).endswith('/etc/rc.d/rc3.d')
    assert rhel.init_dir.endswith('/etc/rc.d/init.d')
    assert deb.kind == 'debian' and deb.rc_dir(3).endswith('/etc/rc3.d')
    assert deb.init_dir.endswith('/etc/init.d')


class TestAlgorithm:
    def test_add_on_rhel(self, tmp_path):
        layout = _runlevels.Layout(_rhel_root(tmp_path, {'sshd': SSHD}))
        info = _lsb.read_service_info(layout, 'sshd')
        links = _rclinks.read_links(layout, 'sshd')
        ops = _rclinks.plan_set(layout, info, links, _rclinks.added_levels(info, links))
        predicted = _rclinks.simulate(links, ops, 'sshd')
        _rclinks.apply_ops(ops)
        listing = _links_on_disk(layout)
        for level in (2, 3, 4, 5):
            assert listing[level] == [('S55sshd', '../init.d/sshd')]
        for level in (0, 1, 6):
            assert listing[level] == [('K25sshd', '../init.d/sshd')]
        after = _rclinks.read_links(layout, 'sshd')
        assert after == predicted
        assert _rclinks.table(after) == {'0': 'off', '1': 'off', '2': 'on', '3': 'on',
                                         '4': 'on', '5': 'on', '6': 'off'}
        assert _rclinks.plan_set(layout, info, after, _rclinks.added_levels(info, after)) == []

    def test_add_only_fills_levels_without_links(self, tmp_path):
        layout = _runlevels.Layout(_debian_root(tmp_path, {'sshd': SSHD}))
        os.symlink('../init.d/sshd', layout.rc_dir(3) + '/K10sshd')
        info = _lsb.read_service_info(layout, 'sshd')
        links = _rclinks.read_links(layout, 'sshd')
        _rclinks.apply_ops(_rclinks.plan_set(layout, info, links, _rclinks.added_levels(info, links)))
        listing = _links_on_disk(layout)
        assert listing[3] == [('K10sshd', '../init.d/sshd')]
        assert listing[2] == [('S55sshd', '../init.d/sshd')]

    def test_on_default_levels_leaves_others(self, tmp_path):
        layout = _runlevels.Layout(_rhel_root(tmp_path, {'httpd': HTTPD}))
        info = _lsb.read_service_info(layout, 'httpd')
        wanted = _rclinks.desired_levels(_runlevels.DEFAULT_LEVELS, True, False)
        assert wanted == {2: True, 3: True, 4: True, 5: True}
        _rclinks.apply_ops(_rclinks.plan_set(layout, info, _rclinks.read_links(layout, 'httpd'), wanted))
        listing = _links_on_disk(layout)
        assert listing[0] == listing[1] == listing[6] == []
        assert listing[3] == [('S85httpd', '../init.d/httpd')]

    def test_exclusive(self, tmp_path):
        layout = _runlevels.Layout(_rhel_root(tmp_path, {'httpd': HTTPD}))
        info = _lsb.read_service_info(layout, 'httpd')
        for level in (2, 4):
            os.symlink('../init.d/httpd', layout.rc_dir(level) + '/S85httpd')
        wanted = _rclinks.desired_levels([3, 5], True, True)
        assert wanted == {0: False, 1: False, 2: False, 3: True, 4: False, 5: True, 6: False}
        _rclinks.apply_ops(_rclinks.plan_set(layout, info, _rclinks.read_links(layout, 'httpd'), wanted))
        listing = _links_on_disk(layout)
        assert listing[3] == listing[5] == [('S85httpd', '../init.d/httpd')]
        for level in (0, 1, 2, 4, 6):
            assert listing[level] == [('K15httpd', '../init.d/httpd')]
        assert _rclinks.plan_set(layout, info, _rclinks.read_links(layout, 'httpd'), wanted) == []

    def test_exclusive_disabled_is_off_everywhere(self):
        assert _rclinks.desired_levels([3], False, True) == dict((level, False) for level in _runlevels.LEVELS)

    def test_level_in_wanted_state_keeps_its_number(self, tmp_path):
        layout = _runlevels.Layout(_debian_root(tmp_path, {'sshd': SSHD}))
        os.symlink('../init.d/sshd', layout.rc_dir(3) + '/S01sshd')
        info = _lsb.read_service_info(layout, 'sshd')
        ops = _rclinks.plan_set(layout, info, _rclinks.read_links(layout, 'sshd'), {3: True})
        assert ops == []

    def test_mixed_links_are_replaced_by_one(self, tmp_path):
        layout = _runlevels.Layout(_rhel_root(tmp_path, {'sshd': SSHD}))
        os.symlink('../init.d/sshd', layout.rc_dir(3) + '/S01sshd')
        os.symlink('../init.d/sshd', layout.rc_dir(3) + '/K99sshd')
        os.symlink('../init.d/sshd2', layout.rc_dir(3) + '/S55sshd2')  # another service
        info = _lsb.read_service_info(layout, 'sshd')
        assert _rclinks.table(_rclinks.read_links(layout, 'sshd'))['3'] == 'on'
        _rclinks.apply_ops(_rclinks.plan_set(layout, info, _rclinks.read_links(layout, 'sshd'), {3: False}))
        assert _links_on_disk(layout)[3] == [('K25sshd', '../init.d/sshd'), ('S55sshd2', '../init.d/sshd2')]

    def test_del_removes_all_links_of_the_service_only(self, tmp_path):
        layout = _runlevels.Layout(_rhel_root(tmp_path, {'sshd': SSHD}))
        info = _lsb.read_service_info(layout, 'sshd')
        links = _rclinks.read_links(layout, 'sshd')
        _rclinks.apply_ops(_rclinks.plan_set(layout, info, links, _rclinks.added_levels(info, links)))
        os.symlink('../init.d/sshd2', layout.rc_dir(2) + '/S55sshd2')
        os.symlink('../init.d/sshd', layout.rc_dir(2) + '/S10sshd')
        _rclinks.apply_ops(_rclinks.plan_del(layout, 'sshd', _rclinks.read_links(layout, 'sshd')))
        listing = _links_on_disk(layout)
        assert listing[2] == [('S55sshd2', '../init.d/sshd2')]
        assert all(listing[level] == [] for level in (0, 1, 3, 4, 5, 6))
        assert _rclinks.plan_del(layout, 'sshd', _rclinks.read_links(layout, 'sshd')) == []

    def test_reset(self, tmp_path):
        layout = _runlevels.Layout(_rhel_root(tmp_path, {'sshd': SSHD}))
        os.symlink('../init.d/sshd', layout.rc_dir(0) + '/S55sshd')
        info = _lsb.read_service_info(layout, 'sshd')
        links = _rclinks.read_links(layout, 'sshd')
        _rclinks.apply_ops(_rclinks.plan_set(layout, info, links, _rclinks.desired_levels(info.levels, True, True)))
        assert _rclinks.table(_rclinks.read_links(layout, 'sshd')) == {
            '0': 'off', '1': 'off', '2': 'on', '3': 'on', '4': 'on', '5': 'on', '6': 'off'}

    def test_debian_xinetd_script_lsb(self, tmp_path):
        layout = _runlevels.Layout(_debian_root(tmp_path, {'xinetd': fixture('init.d-xinetd.debian')}))
        info = _lsb.read_service_info(layout, 'xinetd')
        _rclinks.apply_ops(_rclinks.plan_set(layout, info, _rclinks.read_links(layout, 'xinetd'),
                                             _rclinks.desired_levels([3, 5], True, True)))
        listing = _links_on_disk(layout)
        assert listing[3] == listing[5] == [('S50xinetd', '../init.d/xinetd')]
        assert listing[2] == [('K50xinetd', '../init.d/xinetd')]


# ---------------------------------------------------------------- xinetd

def _changed_lines(old, new):
    import difflib
    return [line for line in difflib.ndiff(old.split('\n'), new.split('\n')) if line[:2] in ('- ', '+ ')]


class TestXinetd:
    def test_debian_echo(self):
        text = fixture('xinetd.d-echo.debian')
        assert _disable.xinetd_states(text) == [('echo', False), ('echo', False)]
        assert _disable.xinetd_enabled(text) is False
        assert _disable.chkconfig_xinetd_enabled(text) is False
        new = _disable.set_xinetd_enabled(text, True)
        assert sorted(_changed_lines(text, new)) == sorted(['- \tdisable\t\t= yes', '+ \tdisable\t\t= no'] * 2)
        assert new.count('\n\n') == text.count('\n\n')          # blank line kept
        assert '# This is the udp version.' in new
        assert _disable.xinetd_states(new) == [('echo', True), ('echo', True)]
        assert _disable.set_xinetd_enabled(new, True) == new           # idempotent
        assert _disable.set_xinetd_enabled(new, False) == text         # and back, byte for byte

    def test_centos_telnet(self):
        text = fixture('xinetd.d-telnet.centos6')
        assert _disable.xinetd_enabled(text) is True
        new = _disable.set_xinetd_enabled(text, False)
        assert _changed_lines(text, new) == ['-         disable         = no', '+         disable         = yes']

    def test_uppercase_disable_is_xinetd_truth_and_normalized(self):
        text = u'service t\n{\n\tsocket_type\t= stream\n\tDISABLE\t\t= YES\n}\n'
        assert _disable.xinetd_enabled(text) is False            # xinetd: case-insensitive
        assert _disable.chkconfig_xinetd_enabled(text) is True   # chkconfig: reads it as on
        new = _disable.set_xinetd_enabled(text, False)
        assert new == u'service t\n{\n\tsocket_type\t= stream\n\tdisable\t\t= yes\n}\n'
        assert _disable.chkconfig_xinetd_enabled(new) is False
        assert _disable.set_xinetd_enabled(new, False) == new

    def test_trailing_comment_leaves_service_enabled(self):
        text = u'service t\n{\n\tdisable = yes # off\n}\n'
        assert _disable.xinetd_enabled(text) is True             # wrong arity: line ignored
        assert _disable.set_xinetd_enabled(text, False) == u'service t\n{\n\tdisable = yes\n}\n'

    def test_missing_disable_line(self):
        text = u'# c\n\nservice t\n{\n        socket_type     = stream\n\n        wait            = no\n}\n'
        assert _disable.xinetd_enabled(text) is True
        assert _disable.set_xinetd_enabled(text, True) == text   # already on: untouched
        new = _disable.set_xinetd_enabled(text, False)
        assert new == (u'# c\n\nservice t\n{\n        socket_type     = stream\n\n        wait            = no\n'
                       u'        disable         = yes\n}\n')

    def test_several_disable_lines_first_wins(self):
        text = u'service t\n{\n\tdisable = no\n\tuser = root\n\tdisable = yes\n}\n'
        assert _disable.xinetd_enabled(text) is True
        assert _disable.chkconfig_xinetd_enabled(text) is False   # chkconfig: last line
        new = _disable.set_xinetd_enabled(text, True)
        assert new == u'service t\n{\n\tdisable = no\n\tuser = root\n}\n'

    def test_the_first_disable_line_decides(self):
        # xinetd's identify_attribute (parse.c): the first good value sets
        # 'disable' and every later disable line is skipped ("attribute
        # already set"); a bad value disables the service, and on 2.3.15.3 a
        # later 'disable = no' does not enable it again (2.3.14 does). The
        # real daemons agree: case edge-bad-disable-value-order of the
        # differential tests (tests/reliability, 2.3.15.3 and 2.3.14).
        def entry(*values):
            return u'service t\n{\n' + u''.join(u'\tdisable = %s\n' % v for v in values) + u'}\n'
        assert _disable.xinetd_states(entry(u'no', u'maybe')) == [('t', True)]
        assert _disable.xinetd_states(entry(u'maybe', u'no')) == [('t', False)]
        assert _disable.xinetd_states(entry(u'maybe')) == [('t', False)]
        assert _disable.xinetd_states(entry(u'maybe', u'yes')) == [('t', False)]
        assert _disable.xinetd_states(entry(u'yes', u'maybe', u'no')) == [('t', False)]
        # a line xinetd's lexer rejects drops the entry wherever it is
        assert _disable.xinetd_states(entry(u'no').replace(u'}', u'\tdisable=no\n}')) == [('t', False)]

    def test_no_space_before_operator_drops_service(self):
        text = u'service t\n{\n\tdisable=no\n}\n'
        assert _disable.xinetd_enabled(text) is False
        # no attribute line to align with: chkconfig's own form
        assert _disable.set_xinetd_enabled(text, True) == u'service t\n{\n\tdisable\t= no\n}\n'

    def test_block_with_brace_on_header_line_is_not_a_block(self):
        text = u'service t {\n\tdisable = yes\n}\n'
        assert _disable.xinetd_states(text) == []
        assert _disable.set_xinetd_enabled(text, True) == text

    # The entries are the ones the engine's parser (xinetd's lexer) keeps.
    # Where xinetd drops or loses an entry for a line other than its disable
    # line, the state says so and chkconfig's own reading (line by line,
    # last disable line) does not: that is chkconfig 1.3.49.5's --list.

    def test_entry_dropped_for_another_line_is_off(self):
        text = u'service t\n{\n\tport=23\n\tdisable = no\n}\n'
        assert _disable.xinetd_states(text) == [('t', False)]      # 'port=23': xinetd drops the entry
        assert _disable.chkconfig_xinetd_enabled(text) is True      # chkconfig --list: on
        # the editor reads the disable line alone: already 'no', nothing to write
        assert _disable.set_xinetd_enabled(text, True) == text
        assert _disable.set_xinetd_enabled(text, False) == u'service t\n{\n\tport=23\n\tdisable = yes\n}\n'

    def test_entry_lost_after_an_unknown_keyword_is_not_listed(self):
        # xinetd skips from 'includefile' to the next '}': service t is lost
        text = u'includefile /etc/x\nservice t\n{\n\tdisable = no\n}\nservice u\n{\n\tdisable = no\n}\n'
        assert _disable.xinetd_states(text) == [('u', True)]
        assert _disable.chkconfig_xinetd_enabled(text) is True
        assert _disable.set_xinetd_enabled(text, False) == text.replace(
            u'u\n{\n\tdisable = no', u'u\n{\n\tdisable = yes')

    def test_crlf_entry_is_off_and_left_as_written(self):
        text = u'service t\r\n{\r\n\tdisable = no\r\n}\r\n'
        assert _disable.xinetd_states(text) == [(u't\r', False)]  # xinetd keeps '\r' in names and values
        assert _disable.chkconfig_xinetd_enabled(text) is True
        assert _disable.set_xinetd_enabled(text, False) == text
        assert _disable.set_xinetd_enabled(text, True) == text


# ---------------------------------------------------------------- --list

class TestListOutput:
    @pytest.mark.parametrize('name', ['list-en.txt', 'list-ko.txt', 'list-ko.seed.txt'])
    def test_listing(self, name):
        result = _listing.parse_list_output(fixture(name))
        services = result['services']
        assert result['unknown_words'] == []
        assert result['xinetd_section'] is True
        assert len([s for s in services.values() if s['kind'] == 'sysv']) == 69
        assert len([s for s in services.values() if s['kind'] == 'xinetd']) == 13
        assert services['xinetd'] == {'kind': 'sysv', 'runlevels': {
            '0': 'off', '1': 'off', '2': 'off', '3': 'on', '4': 'on', '5': 'on', '6': 'off'}}
        assert services['blk-availability']['runlevels']['1'] == 'on'
        assert services['telnet'] == {'kind': 'xinetd', 'enabled': True}
        assert services['echo-stream'] == {'kind': 'xinetd', 'enabled': False}
        assert services['httpd']['runlevels'] == dict((str(level), 'off') for level in _runlevels.LEVELS)

    def test_translated_equals_english(self):
        assert _listing.parse_list_output(fixture('list-ko.seed.txt')) == _listing.parse_list_output(fixture('list-en.txt'))

    def test_single_service(self):
        out = _listing.parse_list_output(u'sshd           \t0:off\t1:off\t2:on\t3:on\t4:on\t5:on\t6:off\n')
        assert out['services']['sshd']['runlevels']['2'] == 'on'
        out = _listing.parse_list_output(u'telnet         \t\ud65c\uc131\n')
        assert out['services'] == {'telnet': {'kind': 'xinetd', 'enabled': True}}

    def test_unknown_words_are_not_guessed(self):
        out = _listing.parse_list_output(u'sshd\t0:aus\t1:aus\t2:ein\t3:ein\t4:ein\t5:ein\t6:aus\n')
        assert out['services'] == {}
        assert out['unknown_words'] == ['aus']

    def test_bytes(self):
        out = _listing.parse_list_output(fixture('list-ko.txt').encode('utf-8'))
        assert out['services']['telnet']['enabled'] is True


# ---------------------------------------------------------------- systemd

class TestSystemd:
    def test_init_symlink(self, tmp_path):
        os.makedirs(str(tmp_path / 'sbin'))
        os.makedirs(str(tmp_path / 'lib' / 'systemd'))
        (tmp_path / 'lib' / 'systemd' / 'systemd').write_text(u'')
        os.symlink('/lib/systemd/systemd', str(tmp_path / 'sbin' / 'init'))
        assert _runlevels.systemd_is_init(str(tmp_path)) is True
        os.unlink(str(tmp_path / 'sbin' / 'init'))
        os.symlink('../lib/sysvinit/init', str(tmp_path / 'sbin' / 'init'))
        assert _runlevels.systemd_is_init(str(tmp_path)) is False
        os.unlink(str(tmp_path / 'sbin' / 'init'))
        assert _runlevels.systemd_is_init(str(tmp_path)) is False

    def test_units(self, tmp_path):
        units = tmp_path / 'lib' / 'systemd' / 'system'
        os.makedirs(str(units))
        os.makedirs(str(tmp_path / 'etc' / 'systemd' / 'system'))
        (units / 'sshd.service').write_text(u'[Unit]\n')
        (tmp_path / 'etc' / 'systemd' / 'system' / 'local.service').write_text(u'[Unit]\n')
        (units / 'rsync@.service').write_text(u'[Unit]\n')
        (units / 'rsync.socket').write_text(u'[Unit]\n')
        (units / 'lonely@.service').write_text(u'[Unit]\n')
        root = str(tmp_path)
        assert _runlevels.systemd_unit(root, 'sshd') == 'sshd.service'
        assert _runlevels.systemd_unit(root, 'local') == 'local.service'
        assert _runlevels.systemd_unit(root, 'rsync') == 'rsync.socket'
        assert _runlevels.systemd_unit(root, 'lonely') is None
        assert _runlevels.systemd_unit(root, 'xinetd') is None


def _lsb_info(name, levels, provides=None, req_start=(), req_stop=()):
    info = _lsb.ServiceInfo(name)
    info.is_lsb = True
    info.levels = set(levels)
    info.provides = list(provides or [name])
    info.required_start = list(req_start)
    info.required_stop = list(req_stop)
    return info


def test_lsb_dependency_counts_only_when_on_wherever_the_service_is_on():
    """chkconfig 1.3.49.5's isSimilarlyConfigured(), seen with the real binary in
    tests/reliability/test_el6_chkconfig.py: a Required-Start script that is off
    in one of this service's levels does not order it."""
    base = _lsb_info('base', [2, 3, 4, 5])
    base.start, base.stop = 60, 40
    base.current = set([3, 5])
    svc = _lsb_info('svc', [2, 3, 4, 5], req_start=['base'], req_stop=['base'])
    svc.current = set([3, 5])
    assert _lsb.lsb_priorities(svc, [base]) == (61, 39)
    svc = _lsb_info('svc', [2, 3, 4, 5], req_start=['base'], req_stop=['base'])
    svc.current = set([2, 3, 5])
    assert _lsb.lsb_priorities(svc, [base]) == (50, 50)
    # unknown current levels (old callers): every dependency counts
    svc = _lsb_info('svc', [2, 3, 4, 5], req_start=['base'])
    base.current = None
    assert _lsb.lsb_priorities(svc, [base])[0] == 61
