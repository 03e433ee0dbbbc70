# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet exposure report, built and rendered on the controller.

PRIVATE to the collection. Standard library only. ``build`` turns the
per-host results of the ``exposure_info`` module into the report
(docs/exposure-report-schema.md), ``drift`` compares it with an earlier
one, and ``render_markdown`` / ``render_html`` print it. The HTML page is
self-contained: inline CSS and an inline SVG heat map, no external asset.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import html
import json

from ansible_collections.sysv.services.plugins.module_utils._exposure import access as _exposure_access
from ansible_collections.sysv.services.plugins.module_utils._exposure import host as _exposure_host
from ansible_collections.sysv.services.plugins.module_utils._exposure import sockets as _exposure_sockets

SCHEMA_VERSION = _exposure_host.SCHEMA_VERSION
LOCAL_SOURCE = 'localhost'
LEVELS = _exposure_access.EXPOSURE_LEVELS
LEVEL_COLORS = {
    'absent': '#f2f2f2',
    'off': '#d9ead3',
    'not-listening': '#b6d7a8',
    'local': '#fff2cc',
    'restricted': '#f9cb9c',
    'open': '#e06666',
}
VERDICT_LABEL = {
    'yes': 'yes', 'no': 'no', 'outside-hours': 'outside hours', 'unknown': 'unknown',
    'depends-on-address': 'depends on address', '-': '-',
}
DRIFT_FIELDS = ('enabled', 'port', 'protocol', 'bind', 'only_from', 'no_access', 'access_times',
                'instances', 'per_source', 'cps', 'listening', 'exposure', 'reachable_from')


def _public_addresses(host):
    return [a for a in host.get('addresses') or [] if not _exposure_sockets.is_loopback(a)
            and not a.lower().startswith('fe80:')]


def build(results, generated, baseline=None, baseline_path=None):
    """results: {inventory_hostname: exposure_info's ``exposure`` dict, or
    {'failed': True, 'msg': ...} for a host that gave none}."""
    hosts = {}
    sources = {}
    for name in sorted(results):
        res = results[name] or {}
        if res.get('failed') or 'services' not in res:
            hosts[name] = {'status': 'failed', 'error': res.get('msg') or 'no exposure_info result',
                           'services': {}, 'checks': []}
            continue
        host = copy.deepcopy(res)
        host['status'] = 'ok'
        host['error'] = None
        hosts[name] = host
        sources[name] = _public_addresses(host)
    matrix = []
    for name, host in sorted(hosts.items()):
        if host['status'] != 'ok':
            continue
        allow = host.get('tcp_wrappers', {}).get('allow')
        deny = host.get('tcp_wrappers', {}).get('deny')
        for sid, svc in sorted(host['services'].items()):
            reach = {}
            reach[LOCAL_SOURCE] = _exposure_access.reachable(svc, ['127.0.0.1'], allow, deny,
                                                             host.get('minute_of_day'))
            for other in sorted(sources):
                if other == name:
                    continue
                reach[other] = _exposure_access.reachable(svc, sources[other], allow, deny,
                                                          host.get('minute_of_day'))
            svc['reachable_from'] = reach
            if svc.get('enabled'):
                matrix.append({'host': name, 'service': sid, 'port': svc.get('port'),
                               'protocol': svc.get('protocol'), 'exposure': svc.get('exposure'),
                               'reachable_from': dict(reach)})
    failed_checks = sum(1 for h in hosts.values() for c in h.get('checks') or []
                        if c.get('status') == 'fail')
    report = {
        'schema_version': SCHEMA_VERSION,
        'generator': 'sysv.services.exposure_report',
        'generated': generated,
        'fleet': {'hosts': sorted(hosts), 'sources': sources},
        'summary': {
            'hosts': len(hosts),
            'hosts_failed': sorted(n for n, h in hosts.items() if h['status'] != 'ok'),
            'services_enabled': len(matrix),
            'by_exposure': dict((lvl, sum(1 for m in matrix if m['exposure'] == lvl))
                                for lvl in LEVELS if lvl != 'off'),
            'checks_failed': failed_checks,
            'checks_passed': sum(1 for h in hosts.values() for c in h.get('checks') or []
                                 if c.get('status') == 'pass'),
        },
        'hosts': hosts,
        'matrix': matrix,
        'drift': None,
    }
    if baseline is not None:
        report['drift'] = drift(baseline, report, baseline_path)
    return report


def _yes_no(value):
    return {True: 'yes', False: 'no'}.get(value, 'unknown')


def _fmt(value):
    if value is None:
        return 'unset'
    if isinstance(value, list):
        return ' '.join(str(v) for v in value) if value else '(empty)'
    if isinstance(value, dict):
        return ', '.join('%s: %s' % (k, value[k]) for k in sorted(value))
    return str(value)


def drift(baseline, report, baseline_path=None):
    """What changed since ``baseline`` (an earlier report.json, as data)."""
    changes = []
    old_hosts = baseline.get('hosts') or {}
    new_hosts = report.get('hosts') or {}
    for name in sorted(set(old_hosts) | set(new_hosts)):
        if name not in old_hosts:
            changes.append({'host': name, 'kind': 'host-added', 'service': None, 'field': None,
                            'before': None, 'after': None})
            continue
        if name not in new_hosts:
            changes.append({'host': name, 'kind': 'host-removed', 'service': None, 'field': None,
                            'before': None, 'after': None})
            continue
        old, new = old_hosts[name], new_hosts[name]
        if old.get('status') != new.get('status'):
            changes.append({'host': name, 'kind': 'host-status', 'service': None, 'field': 'status',
                            'before': old.get('status'), 'after': new.get('status')})
        osv, nsv = old.get('services') or {}, new.get('services') or {}
        for sid in sorted(set(osv) | set(nsv)):
            if sid not in osv:
                changes.append({'host': name, 'kind': 'service-added', 'service': sid, 'field': None,
                                'before': None, 'after': nsv[sid].get('exposure')})
            elif sid not in nsv:
                changes.append({'host': name, 'kind': 'service-removed', 'service': sid,
                                'field': None, 'before': osv[sid].get('exposure'), 'after': None})
            else:
                for field in DRIFT_FIELDS:
                    if osv[sid].get(field) != nsv[sid].get(field):
                        changes.append({'host': name, 'kind': 'service-changed', 'service': sid,
                                        'field': field, 'before': osv[sid].get(field),
                                        'after': nsv[sid].get(field)})
        ock = dict((c['id'], c.get('status')) for c in old.get('checks') or [])
        for c in new.get('checks') or []:
            if c['id'] in ock and ock[c['id']] != c.get('status'):
                changes.append({'host': name, 'kind': 'check-changed', 'service': None,
                                'field': c['id'], 'before': ock[c['id']], 'after': c.get('status')})
            elif c['id'] not in ock:
                changes.append({'host': name, 'kind': 'check-added', 'service': None,
                                'field': c['id'], 'before': None, 'after': c.get('status')})
    return {'baseline': baseline_path, 'baseline_generated': baseline.get('generated'),
            'changes': changes}


def stable(report):
    """The report without its time stamp (to tell a real change from a rerun)."""
    data = copy.deepcopy(report)
    data.pop('generated', None)
    for host in (data.get('hosts') or {}).values():
        host.pop('clock', None)
        host.pop('minute_of_day', None)
    return data


def render_json(report):
    return json.dumps(report, indent=2, sort_keys=True) + '\n'


# -- Markdown -------------------------------------------------------------------------

def _md(text):
    return str(text).replace('|', '\\|').replace('\n', ' ')


def _md_table(headers, rows):
    out = ['| ' + ' | '.join(headers) + ' |', '|' + '---|' * len(headers)]
    for row in rows:
        out.append('| ' + ' | '.join(_md(c) for c in row) + ' |')
    return out


def _port(svc):
    return '%s/%s' % (svc.get('port') if svc.get('port') is not None else '-', svc.get('protocol') or '-')


def _limits(svc):
    cps = svc.get('cps')
    return 'instances %s, per_source %s, cps %s' % (
        svc.get('instances'), svc.get('per_source'), ' '.join(str(c) for c in cps) if cps else '50 10 (default)')


def _sources(report):
    return [LOCAL_SOURCE] + list(report['fleet']['hosts'])


def render_markdown(report):
    s = report['summary']
    failed = (' (no result: %s)' % ', '.join(s['hosts_failed'])) if s['hosts_failed'] else ''
    lines = ['# Fleet exposure report', '',
             'Generated %s by %s (schema %s).' % (report['generated'], report['generator'],
                                                  report['schema_version']), '',
             '- hosts: %d%s' % (s['hosts'], failed),
             '- enabled services: %d (%s)' % (s['services_enabled'], ', '.join(
                 '%s %d' % (k, v) for k, v in sorted(s['by_exposure'].items()))),
             '- checks: %d passed, %d failed' % (s['checks_passed'], s['checks_failed']), '',
             '## Fleet matrix', '',
             'Who gets through to each enabled service: from the host itself (%s) and from '
             'each other host of the fleet, by address.' % LOCAL_SOURCE, '']
    srcs = _sources(report)
    rows = []
    for m in report['matrix']:
        rows.append([m['host'], m['service'], '%s/%s' % (m['port'], m['protocol']), m['exposure']] +
                    [VERDICT_LABEL.get(m['reachable_from'].get(src, '-'), '-') for src in srcs])
    lines += _md_table(['host', 'service', 'port', 'exposure'] + ['from %s' % x for x in srcs], rows)
    for name in report['fleet']['hosts']:
        host = report['hosts'][name]
        lines += ['', '## %s' % name, '']
        if host['status'] != 'ok':
            lines.append('No result: %s' % host.get('error'))
            continue
        x = host['xinetd']
        lines.append('Addresses %s; xinetd %s, %s at boot; TCP wrappers in xinetd: %s (%s).' % (
            ' '.join(host.get('addresses') or []) or 'none',
            ('running (pid %s)' % x['running']) if x['running'] else 'not running',
            'on' if x['boot_enabled'] else 'off', _yes_no(x['libwrap']), x.get('libwrap_evidence')))
        lines += ['', '### Services', '']
        rows = []
        for sid, svc in sorted(host['services'].items()):
            rows.append([sid, _port(svc), svc.get('bind') or '*',
                         'yes' if svc.get('enabled') else 'no', 'yes' if svc.get('listening') else 'no',
                         svc.get('who'), _fmt(svc.get('access_times')) if svc.get('access_times') else 'always',
                         _limits(svc), svc.get('exposure'),
                         '%s:%s' % (svc.get('file'), svc.get('lineno'))])
        lines += _md_table(['id', 'port', 'bind', 'enabled', 'listening', 'who may connect', 'when',
                            'limits', 'exposure', 'defined at'], rows)
        lines += ['', '### Checks', '']
        lines += _md_table(['id', 'title', 'status', 'evidence'],
                           [[c['id'], c.get('title', ''), c['status'], '; '.join(c.get('evidence') or [])]
                            for c in host.get('checks') or []])
        others = host.get('other_listeners') or []
        if others:
            lines += ['', '### Other listening sockets', '']
            lines += _md_table(['socket', 'process'],
                               [['%s%s %s:%s' % (o['protocol'], '6' if o['family'] == 6 else '',
                                                 o['address'], o['port']),
                                 '%s[%s]' % (o.get('process'), o.get('pid')) if o.get('pid') else 'unknown']
                                for o in others])
    lines += ['', '## Drift', '']
    lines += _drift_lines(report)
    return '\n'.join(lines) + '\n'


def _drift_lines(report):
    d = report.get('drift')
    if d is None:
        return ['No baseline given (exposure_report_baseline).']
    head = ['Compared with %s (generated %s): %d change(s).'
            % (d.get('baseline'), d.get('baseline_generated'), len(d['changes'])), '']
    if not d['changes']:
        return head[:1]
    return head + _md_table(['host', 'change', 'service', 'field', 'before', 'after'],
                            [[c['host'], c['kind'], c['service'] or '', c['field'] or '',
                              _fmt(c['before']) if c['before'] is not None else '',
                              _fmt(c['after']) if c['after'] is not None else ''] for c in d['changes']])


# -- HTML -----------------------------------------------------------------------------

CSS = '''
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ccc}
h3{font-size:15px;margin:16px 0 6px}p.meta{color:#555;margin:0 0 12px;font-size:13px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.pass{background:#d9ead3}td.fail{background:#f4cccc}
td.v-yes{background:#f4cccc}td.v-no{background:#d9ead3}td.v-outside-hours{background:#fff2cc}
td.v-unknown,td.v-depends-on-address{background:#eeeeee}
td.e-open{background:#e06666;color:#fff}td.e-restricted{background:#f9cb9c}td.e-local{background:#fff2cc}
td.e-not-listening{background:#b6d7a8}td.e-off{background:#d9ead3}
.summary span{display:inline-block;margin-right:18px}.small{font-size:12px;color:#555}
code{font-size:12px}
'''


def _e(value):
    return html.escape('' if value is None else str(value), quote=True)


def _tr(cells, header=False, classes=None):
    tag = 'th' if header else 'td'
    out = []
    for i, c in enumerate(cells):
        cls = (classes or {}).get(i)
        out.append('<%s%s>%s</%s>' % (tag, ' class="%s"' % cls if cls else '', _e(c), tag))
    return '<tr>' + ''.join(out) + '</tr>'


def heatmap_svg(report):
    """services x hosts, each cell coloured by exposure (inline SVG)."""
    hosts = list(report['fleet']['hosts'])
    # entries that reuse an id (keyed id@file:line) only when one is enabled somewhere
    services = sorted(set(sid for h in hosts for sid, svc in (report['hosts'][h].get('services') or {}).items()
                          if '@' not in sid or svc.get('enabled')))
    cell_w, cell_h, left, top = 110, 22, 210, 30
    width = max(left + cell_w * max(1, len(hosts)) + 20, 10 + 115 * (len(LEVELS) + 1))
    height = top + cell_h * max(1, len(services)) + 50
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" id="heatmap" role="img" width="%d" height="%d" '
             'viewBox="0 0 %d %d" font-family="Helvetica,Arial,sans-serif" font-size="12">'
             % (width, height, width, height),
             '<title>Exposure heat map: services by hosts</title>']
    for j, h in enumerate(hosts):
        x = left + j * cell_w + cell_w / 2
        parts.append('<text x="%.1f" y="%d" text-anchor="middle" font-weight="bold">%s</text>'
                     % (x, top - 10, _e(h)))
    for i, sid in enumerate(services):
        y = top + i * cell_h
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (left - 8, y + cell_h * 0.7, _e(sid)))
        for j, h in enumerate(hosts):
            svc = (report['hosts'][h].get('services') or {}).get(sid)
            level = svc.get('exposure') if svc else 'absent'
            x = left + j * cell_w
            parts.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#fff">'
                         '<title>%s on %s: %s</title></rect>'
                         % (x, y, cell_w, cell_h, LEVEL_COLORS.get(level, '#ccc'), _e(sid), _e(h), _e(level)))
            parts.append('<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s">%s</text>'
                         % (x + cell_w / 2, y + cell_h * 0.7, '#fff' if level == 'open' else '#333',
                            _e(level if level != 'absent' else '')))
    ly = top + cell_h * max(1, len(services)) + 25
    for k, level in enumerate(('absent',) + LEVELS):
        lx = 10 + k * 115
        parts.append('<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="#999"/>'
                     '<text x="%d" y="%d">%s</text>' % (lx, ly, LEVEL_COLORS[level], lx + 18, ly + 12, _e(level)))
    parts.append('</svg>')
    return '\n'.join(parts)


def render_html(report):
    out = _html_summary(report) + _html_matrix(report)
    for name in report['fleet']['hosts']:
        out += _html_host(name, report['hosts'][name])
    out += _html_drift(report.get('drift'))
    out.append('</body></html>')
    return '\n'.join(out) + '\n'


def _html_summary(report):
    """The page head, the title and the fleet's figures."""
    s = report['summary']
    out = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
           '<title>Fleet exposure report</title>', '<style>%s</style></head><body>' % CSS,
           '<h1>Fleet exposure report</h1>',
           '<p class="meta">Generated %s by %s, schema %s.</p>' % (
               _e(report['generated']), _e(report['generator']), _e(report['schema_version'])),
           '<p class="summary"><span><b>%d</b> hosts</span><span><b>%d</b> enabled services</span>'
           '<span><b>%d</b> open to all</span><span><b>%d</b> checks failed</span>'
           '<span><b>%d</b> passed</span></p>' % (s['hosts'], s['services_enabled'],
                                                  s['by_exposure'].get('open', 0), s['checks_failed'],
                                                  s['checks_passed'])]
    if s['hosts_failed']:
        out.append('<p><b>No result from:</b> %s</p>' % _e(', '.join(s['hosts_failed'])))
    return out


def _html_matrix(report):
    """The heat map and the fleet matrix (host, service, verdict per source)."""
    srcs = _sources(report)
    out = ['<h2 id="heat-map">Exposure heat map</h2>',
           '<p class="small">off: entry disabled; not-listening: enabled but no socket; local: '
           'loopback only; restricted: only_from, no_access or TCP wrappers limit it; open: any '
           'address gets through.</p>', heatmap_svg(report),
           '<h2 id="fleet-matrix">Fleet matrix</h2>',
           '<p class="small">Would a connection from each source get through now (address rules, '
           'TCP wrappers, access_times at report time)?</p>',
           '<table id="matrix">',
           _tr(['host', 'service', 'port', 'exposure'] + ['from %s' % x for x in srcs], header=True)]
    for m in report['matrix']:
        verdicts = [m['reachable_from'].get(src, '-') for src in srcs]
        classes = dict((4 + i, 'v-%s' % v) for i, v in enumerate(verdicts))
        classes[3] = 'e-%s' % m['exposure']
        out.append(_tr([m['host'], m['service'], '%s/%s' % (m['port'], m['protocol']), m['exposure']] +
                       [VERDICT_LABEL.get(v, v) for v in verdicts], classes=classes))
    out.append('</table>')
    return out


def _html_host(name, host):
    """One host's section: xinetd's state, its services, its checks, other listeners."""
    out = ['<h2 id="host-%s">%s</h2>' % (_e(name), _e(name))]
    if host['status'] != 'ok':
        out.append('<p>No result: %s</p>' % _e(host.get('error')))
        return out
    x = host['xinetd']
    out.append('<p class="meta">Addresses %s. xinetd %s, %s at boot (%s). TCP wrappers in xinetd: %s '
               '(%s).</p>' % (_e(' '.join(host.get('addresses') or []) or 'none'),
                              _e(('running, pid %s' % x['running']) if x['running'] else 'not running'),
                              'on' if x['boot_enabled'] else 'off', _e(x.get('boot_evidence')),
                              _e(_yes_no(x['libwrap'])), _e(x.get('libwrap_evidence'))))
    out += ['<h3>Services</h3>', '<table class="host-services" data-host="%s">' % _e(name),
            _tr(['id', 'port', 'bind', 'enabled', 'listening', 'who may connect', 'when', 'limits',
                 'exposure', 'defined at'], header=True)]
    for sid, svc in sorted(host['services'].items()):
        out.append(_tr([sid, _port(svc), svc.get('bind') or '*',
                        'yes' if svc.get('enabled') else 'no', 'yes' if svc.get('listening') else 'no',
                        svc.get('who'), ' '.join(svc.get('access_times') or []) or 'always',
                        _limits(svc), svc.get('exposure'), '%s:%s' % (svc.get('file'), svc.get('lineno'))],
                       classes={8: 'e-%s' % svc.get('exposure')}))
    out += ['</table>', '<h3>Checks</h3>', '<table class="host-checks">',
            _tr(['id', 'title', 'status', 'evidence'], header=True)]
    for c in host.get('checks') or []:
        out.append(_tr([c['id'], c.get('title', ''), c['status'], '; '.join(c.get('evidence') or [])],
                       classes={2: c['status']}))
    out.append('</table>')
    return out + _html_other_listeners(host.get('other_listeners') or [])


def _html_other_listeners(others):
    if not others:
        return []
    out = ['<h3>Other listening sockets</h3>', '<table>', _tr(['socket', 'process'], header=True)]
    for o in others:
        out.append(_tr(['%s%s %s:%s' % (o['protocol'], '6' if o['family'] == 6 else '', o['address'],
                                        o['port']),
                        '%s[%s]' % (o.get('process'), o.get('pid')) if o.get('pid') else 'unknown']))
    out.append('</table>')
    return out


def _html_drift(d):
    """The drift section: what changed since the baseline, if one was given."""
    out = ['<h2 id="drift">Drift</h2>']
    if d is None:
        out.append('<p>No baseline given (exposure_report_baseline).</p>')
        return out
    out.append('<p>Compared with %s (generated %s): %d change(s).</p>' % (
        _e(d.get('baseline')), _e(d.get('baseline_generated')), len(d['changes'])))
    if d['changes']:
        out += ['<table id="drift-table">',
                _tr(['host', 'change', 'service', 'field', 'before', 'after'], header=True)]
        for c in d['changes']:
            out.append(_tr([c['host'], c['kind'], c['service'] or '', c['field'] or '',
                            _fmt(c['before']) if c['before'] is not None else '',
                            _fmt(c['after']) if c['after'] is not None else '']))
        out.append('</table>')
    return out
