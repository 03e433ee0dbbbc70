# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""keep_layout: an existing file is edited, not rewritten (pure: Python 2.7 / 3.6 too)."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse
from ansible_collections.sysv.services.plugins.module_utils._xinetd.render import (
    render,
    render_service,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.edit import keep_layout, same_meaning

VENDOR = ('# default: off\n'
          '# description: The telnet server serves telnet sessions.\n'
          'service telnet\n'
          '{\n'
          '\tflags\t\t= REUSE\n'
          '\tsocket_type\t= stream\n'
          '\twait\t\t= no\n'
          '\tuser\t\t= root\n'
          '\tserver\t\t= /usr/sbin/in.telnetd\n'
          '\tlog_on_failure\t+= USERID\n'
          '\tdisable\t\t= yes\n'
          '}\n')


def canonical(attrs, header=None):
    return render_service('telnet', attrs, header_comments=[header] if header else [])


BASE = [('flags', '=', ['REUSE']), ('socket_type', '=', ['stream']), ('wait', '=', ['no']),
        ('user', '=', ['root']), ('server', '=', ['/usr/sbin/in.telnetd']),
        ('log_on_failure', '+=', ['USERID'])]


def test_same_meaning_keeps_the_file_byte_for_byte():
    new = canonical(BASE + [('disable', '=', ['yes'])], header='Managed by me')
    assert same_meaning(VENDOR, new)
    assert keep_layout(VENDOR, new, header='Managed by me') == VENDOR


def test_a_change_edits_only_the_lines_whose_meaning_changes():
    new = canonical(BASE + [('only_from', '=', ['127.0.0.1']), ('disable', '=', ['no'])], header='Managed by me')
    out = keep_layout(VENDOR, new, header='Managed by me')
    assert out.splitlines() == [
        '# Managed by me',
        '# default: off',
        '# description: The telnet server serves telnet sessions.',
        'service telnet',
        '{',
        '\tflags\t\t= REUSE',
        '\tsocket_type\t= stream',
        '\twait\t\t= no',
        '\tuser\t\t= root',
        '\tserver\t\t= /usr/sbin/in.telnetd',
        '\tlog_on_failure\t+= USERID',
        '\tdisable         = no',
        '\tonly_from       = 127.0.0.1',
        '}',
    ]
    assert same_meaning(out, new)


def test_a_removed_attribute_loses_its_line():
    new = canonical([a for a in BASE if a[0] != 'flags'] + [('disable', '=', ['yes'])])
    out = keep_layout(VENDOR, new)
    assert '\tflags' not in out and out.startswith('# default: off\n') and same_meaning(out, new)


def test_canonical_files_stay_canonical():
    old = canonical(BASE + [('disable', '=', ['yes'])])
    assert render(parse(old)[0]) == old
    new = canonical(BASE + [('instances', '=', ['5']), ('disable', '=', ['yes'])])
    assert keep_layout(old, new) == new


def test_files_that_do_not_line_up_are_rewritten():
    new = canonical(BASE)
    two = VENDOR + VENDOR.replace('service telnet', 'service telnet6')
    assert keep_layout(two, new) == new                      # other entries
    assert keep_layout(VENDOR.replace('\tuser\t\t= root\n', '\tuser= root\n'), new) == new  # a dropped entry
    assert keep_layout(VENDOR + '\tlog_on_failure\t+= HOST\n', new) == new
    assert keep_layout(None, new) == new


def test_repeated_lines_are_rewritten():
    repeated = VENDOR.replace('\twait\t\t= no\n', '\twait\t\t= no\n\twait\t\t= yes\n')
    new = canonical(BASE + [('disable', '=', ['no'])])
    assert keep_layout(repeated, new) == new
