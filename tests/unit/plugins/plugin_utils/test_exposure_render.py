# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The controller-side report: fleet matrix, drift, JSON / Markdown / HTML."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json
import re
from html.parser import HTMLParser

from ansible_collections.sysv.services.plugins.module_utils._exposure import access as ex_access
from ansible_collections.sysv.services.plugins.module_utils._exposure import host as ex_host
from ansible_collections.sysv.services.plugins.plugin_utils import _exposure_report as rep

LISTEN23 = [{'protocol': 'tcp', 'family': 6, 'address': '::', 'port': 23, 'state': '0A',
             'listening': True, 'inode': 9, 'owner': {'pid': 40, 'comm': 'xinetd'}}]


def _host(addr, only_from=None, no_access=None, deny=''):
    attrs = {'socket_type': ['stream'], 'wait': ['no'], 'user': ['root'], 'server': ['/usr/sbin/telnetd']}
    if only_from is not None:
        attrs['only_from'] = only_from
    if no_access:
        attrs['no_access'] = no_access
    eff = {'services': {'telnet': {'id': 'telnet', 'name': 'telnet', 'file': '/etc/xinetd.d/telnet',
                                   'lineno': 1, 'enabled': True, 'port': 23, 'protocol': 'tcp',
                                   'attributes': attrs}},
           'inactive': [], 'problems': [], 'files': [], 'xinetd_exits': False}
    return ex_host.host_report(eff, LISTEN23, 40, True, 'x', {}, [],
                               ex_access.parse_hosts_access(deny, '/etc/hosts.deny'),
                               {'enabled': True, 'evidence': 'e'}, {}, {}, {},
                               ['127.0.0.1', addr], 600, 'clock')


def _fleet():
    return {
        'web1': _host('10.0.0.1', only_from=['127.0.0.1', '10.0.0.2']),
        'web2': _host('10.0.0.2', deny='telnetd: 10.0.0.3\n'),
        'db1': _host('10.0.0.3', only_from=['10.0.0.0'], no_access=['10.0.0.1']),
        'gone': {'failed': True, 'msg': 'unreachable'},
    }


def test_build_matrix_and_schema():
    report = rep.build(_fleet(), '2026-01-01T00:00:00Z')
    assert report['schema_version'] == 1
    assert report['fleet']['hosts'] == ['db1', 'gone', 'web1', 'web2']
    assert report['fleet']['sources'] == {'db1': ['10.0.0.3'], 'web1': ['10.0.0.1'], 'web2': ['10.0.0.2']}
    assert report['hosts']['gone']['status'] == 'failed'
    assert report['summary']['hosts_failed'] == ['gone']
    reach = dict((m['host'], m['reachable_from']) for m in report['matrix'])
    assert reach['web1'] == {'localhost': 'yes', 'web2': 'yes', 'db1': 'no'}
    assert reach['web2'] == {'localhost': 'yes', 'web1': 'yes', 'db1': 'no'}
    assert reach['db1'] == {'localhost': 'no', 'web1': 'no', 'web2': 'yes'}
    svc = report['hosts']['web1']['services']['telnet']
    for key in ('port', 'protocol', 'enabled', 'only_from', 'no_access', 'access_times', 'instances'):
        assert key in svc
    assert svc['reachable_from'] == reach['web1']
    checks = report['hosts']['web1']['checks']
    assert all(set(c) >= {'id', 'status', 'evidence'} for c in checks)
    json.loads(rep.render_json(report))


def test_drift_lists_what_changed():
    before = rep.build(_fleet(), 't1')
    fleet = _fleet()
    fleet['db1'] = _host('10.0.0.3', only_from=['10.0.0.0'])
    del fleet['gone']
    fleet['new1'] = _host('10.0.0.9')
    after = rep.build(fleet, 't2', baseline=before, baseline_path='/tmp/old.json')
    d = after['drift']
    assert d['baseline'] == '/tmp/old.json' and d['baseline_generated'] == 't1'
    kinds = set((c['host'], c['kind'], c['service'], c['field']) for c in d['changes'])
    assert ('db1', 'service-changed', 'telnet', 'no_access') in kinds
    assert ('db1', 'service-changed', 'telnet', 'reachable_from') in kinds
    assert ('gone', 'host-removed', None, None) in kinds
    assert ('new1', 'host-added', None, None) in kinds
    assert not any(c['host'] == 'web1' and c['kind'] == 'service-changed' and c['field'] != 'reachable_from'
                   for c in d['changes'])
    md = rep.render_markdown(after)
    assert 'host-removed' in md and 'no_access' in md.split('## Drift')[1]


def test_stable_ignores_time_only():
    a = rep.build(_fleet(), 't1')
    b = rep.build(_fleet(), 't2')
    b['hosts']['web1']['clock'] = 'later'
    b['hosts']['web1']['minute_of_day'] = 601
    assert rep.stable(a) == rep.stable(b)
    c = copy.deepcopy(b)
    c['hosts']['web1']['services']['telnet']['only_from'] = ['0.0.0.0']
    assert rep.stable(a) != rep.stable(c)


class _Collector(HTMLParser):
    def __init__(self):
        HTMLParser.__init__(self)
        self.tags = []
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ('src', 'href') or (value and re.match(r'^(https?:)?//', value)):
                self.urls.append((tag, name, value))


def test_html_is_self_contained():
    report = rep.build(_fleet(), '2026-01-01T00:00:00Z')
    report['hosts']['web1']['services']['telnet']['who'] = '<script>alert(1)</script>'
    page = rep.render_html(report)
    parser = _Collector()
    parser.feed(page)
    # only the SVG namespace, no asset from anywhere
    assert [u for u in parser.urls if u[2] != 'http://www.w3.org/2000/svg'] == []
    assert 'script' not in parser.tags and 'link' not in parser.tags and 'img' not in parser.tags
    assert '&lt;script&gt;' in page
    assert 'style' in parser.tags and 'svg' in parser.tags
    for host in ('web1', 'web2', 'db1'):
        assert 'class="host-services" data-host="%s"' % host in page
    # one heat map cell per service and host, coloured by exposure
    assert page.count('<rect x=') == 1 * 4 + len(rep.LEVELS) + 1
    assert 'id="matrix"' in page and 'No result from:' in page


def test_markdown_tables():
    md = rep.render_markdown(rep.build(_fleet(), 't'))
    assert '## Fleet matrix' in md and '## web1' in md and '### Checks' in md
    # sources: localhost, db1, gone (no result), web1 (itself), web2
    assert '| web1 | telnet | 23/tcp | restricted | yes | no | - | - | yes |' in md
