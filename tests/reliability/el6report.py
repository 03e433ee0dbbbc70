# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The "EL6 tools image" section of docs/reliability.md (called by conftest.py)."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type


def _counts(counts):
    return ', '.join('%s %d' % (k, v) for k, v in sorted(counts.items())) or 'none'


def render(records, add):
    chk = [r for r in records if r['kind'] == 'el6-chkconfig']
    info = [r for r in records if r['kind'] == 'el6-chkconfig-info']
    xin = [r for r in records if r['kind'] == 'el6-xinetd']
    if not (chk or info or xin):
        return
    add('## Against the EL6 tools (CentOS 6.10 chkconfig, service, xinetd 2.3.14)')
    add('')
    add('The image `localhost/sysv-services-el6tools:bookworm` (`make image-el6`) is a Debian '
        'bookworm userland with chkconfig 1.3.49.5, initscripts 9.03.61\'s `service` and xinetd '
        '2.3.14 compiled from their upstream tags: the tools themselves, not a stand-in.')
    add('')
    for r in chk:
        add('- %s: %d cases, %d steps, %d comparisons of the whole rc0.d-rc6.d link sets '
            '(`backend: native` and `backend: auto` against the binary after every step); '
            '`backend: auto` picked %s; new disagreements: **%d**; module failures: %d.' % (
                r.get('label'), r.get('cases', 0), r.get('steps', 0), r.get('comparisons', 0),
                ', '.join(r.get('auto_backends') or []) or 'nothing', r.get('new', 0),
                r.get('failures', 0)))
        add('  - steps whose link sets differ, by documented kind: native: %s; auto: %s.' % (
            _counts(r.get('native') or {}), _counts(r.get('auto') or {})))
        for key, reason in sorted((r.get('deliberate') or {}).items()):
            add('  - `%s`: %s.' % (key, reason))
        for key, reason in sorted((r.get('fixed') or {}).items()):
            add('  - fixed after this test found it: %s.' % reason)
    for r in info:
        add('- %s: %d runs, %d services and %d xinetd services compared, %d differences.' % (
            r.get('label'), r.get('runs', 0), r.get('services', 0), r.get('xinetd', 0),
            r.get('differences', 0)))
    for r in xin:
        add('- %s' % r.get('label'))
        for key, reason in sorted((r.get('differences') or {}).items()):
            add('  - `%s`: %s' % (key, reason))
    add('')


HEADING = '## Against the EL6 tools'


def splice(path, records, build_dir):
    """Rewrite only this section of docs/reliability.md (``make
    reliability-el6``); the rest of the page keeps the figures of the last
    full run.  The section is also left in build_dir/el6-section.md."""
    import io
    import os
    lines = []
    render(records, lines.append)
    if not lines:
        return False
    section = '\n'.join(lines)
    if not os.path.isdir(build_dir):
        os.makedirs(build_dir)
    with io.open(os.path.join(build_dir, 'el6-section.md'), 'w', encoding='utf-8') as handle:
        handle.write(section + '\n')
    with io.open(path, encoding='utf-8') as handle:
        page = handle.read()
    start = page.find(HEADING)
    if start != -1:
        end = page.find('\n## ', start + 1)
        if end == -1:
            end = page.find('\nTests in the run:', start)
        end = len(page) if end == -1 else end + 1
        page = page[:start] + section + '\n' + page[end:]
    else:
        anchor = page.find('## Hostile input')
        if anchor == -1:
            anchor = page.find('Tests in the run:')
        anchor = len(page) if anchor == -1 else anchor
        page = page[:anchor] + section + '\n' + page[anchor:]
    with io.open(path, 'w', encoding='utf-8') as handle:
        handle.write(page)
    return True
