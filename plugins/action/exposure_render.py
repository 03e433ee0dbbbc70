# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Controller side of exposure_render: the fleet report, written on the controller.

Reads every host's ``exposure_info`` result from ``hostvars`` (the variable
named by ``facts_var``), builds the report with
``plugin_utils._exposure_report`` and writes report.json, report.md and
report.html into ``dest``. Nothing runs on the targets.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import json
import os
import tempfile

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.plugins.action import ActionBase

from ansible_collections.sysv.services.plugins.plugin_utils import _exposure_report as rep

ARGUMENT_SPEC = dict(
    dest=dict(type='path', required=True),
    baseline=dict(type='path'),
    hosts=dict(type='list', elements='str'),
    facts_var=dict(type='str', default='exposure_info_result'),
)

FILES = ('report.json', 'report.md', 'report.html')


def _write(path, data):
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), suffix='.tmp~', dir=directory)
    try:
        with os.fdopen(fd, 'wb') as handle:
            handle.write(to_bytes(data))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.rename(tmp, path)
    except Exception:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _plain(value):
    """hostvars values as plain JSON data (no lazy or tagged containers)."""
    return json.loads(json.dumps(value, default=to_text))


def _host_results(names, hostvars, facts_var):
    """{host: its ``exposure`` dict, or {'failed': True, 'msg': why} when it gave none}."""
    results = {}
    for name in names:
        try:
            value = hostvars[name].get(facts_var)
        except KeyError:
            value = None
        value = _plain(value) if value is not None else None
        if not value:
            results[name] = {'failed': True, 'msg': 'no %s for this host (unreachable or failed)'
                             % facts_var}
        elif value.get('failed') or value.get('unreachable') or 'exposure' not in value:
            results[name] = {'failed': True, 'msg': value.get('msg') or 'exposure_info failed'}
        else:
            results[name] = value['exposure']
    return results


def _read_baseline(path):
    """(baseline report or None, error message or None)."""
    if not path:
        return None, None
    try:
        with open(path, 'rb') as handle:
            baseline = json.loads(to_text(handle.read()))
    except (IOError, OSError, ValueError) as e:
        return None, 'baseline: cannot read %s as a report.json: %s' % (path, e)
    if not isinstance(baseline, dict) or 'hosts' not in baseline:
        return None, 'baseline: %s is not a report.json (no "hosts")' % path
    return baseline, None


def _unchanged(dest, report):
    """True when dest holds every file and its report.json says the same (time aside)."""
    try:
        with open(os.path.join(dest, 'report.json'), 'rb') as handle:
            previous = json.loads(to_text(handle.read()))
    except (IOError, OSError, ValueError):
        previous = None
    return previous is not None and rep.stable(previous) == rep.stable(report) and \
        all(os.path.exists(os.path.join(dest, f)) for f in FILES)


def _write_report(dest, paths, report):
    if not os.path.isdir(dest):
        os.makedirs(dest)
    _write(paths['report.json'], rep.render_json(report))
    _write(paths['report.md'], rep.render_markdown(report))
    _write(paths['report.html'], rep.render_html(report))


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp
        validated = ArgumentSpecValidator(ARGUMENT_SPEC).validate(dict(self._task.args))
        if validated.error_messages:
            result.update(failed=True, msg='; '.join(validated.error_messages))
            return result
        params = validated.validated_parameters
        dest = params['dest']
        names = params['hosts']
        if names is None:
            names = list(task_vars.get('ansible_play_hosts_all') or [])
        results = _host_results(names, task_vars.get('hostvars') or {}, params['facts_var'])
        baseline, error = _read_baseline(params['baseline'])
        if error:
            result.update(failed=True, msg=error)
            return result
        generated = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        report = rep.build(results, generated, baseline, params['baseline'])
        unchanged = _unchanged(dest, report)
        paths = dict((f, os.path.join(dest, f)) for f in FILES)
        result.update(changed=not unchanged, dest=dest, files=[paths[f] for f in FILES],
                      summary=report['summary'])
        if unchanged or self._task.check_mode:
            return result
        try:
            _write_report(dest, paths, report)
        except (IOError, OSError) as e:
            result.update(failed=True, msg='dest: cannot write the report into %s: %s' % (dest, e))
        return result
