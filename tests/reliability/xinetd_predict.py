# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Predict, with this collection's own code, what xinetd will do with each case.

Runs *inside* the same test container as ``xinetd_probe.py`` (same
/etc/services, users, executables and resolver), with the collection
importable from the pytree given as first argument.  For every case
directory it calls ``_xinetd.effective.load`` (the engine behind
``xinetd_info``) with the host checks on, and prints one JSON document:
predicted exit, active ids with their ports, and the problems found.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import socket
import sys
import traceback


def main():
    pytree, root = sys.argv[1], sys.argv[2]
    sys.path.insert(0, pytree)
    if len(sys.argv) > 3:
        # ansible's module_utils (pure Python), for the module's own host hooks
        sys.path.append(sys.argv[3])
    from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
    from ansible_collections.sysv.services.plugins.module_utils._xinetd.host import Host

    class ResolvingHost(Host):
        """The target's own lookups, plus the resolver xinetd uses at parse time."""

        def resolve(self, hostname):
            try:
                return bool(socket.getaddrinfo(hostname, None))
            except (socket.error, UnicodeError, ValueError):
                return False

    try:
        # exactly what the xinetd_info module computes
        from ansible_collections.sysv.services.plugins.module_utils._xinetd.converge import (
            HOST_CHECKS, make_host)
        mode = 'xinetd_info'

        def load(conf):
            dummy, hooks = make_host({'services_file': '/etc/services', 'host_checks': list(HOST_CHECKS)})
            return _xinetd_effective.load(conf, host=hooks, services_file='/etc/services')
    except ImportError:
        mode = 'engine'

        def load(conf):
            return _xinetd_effective.load(conf, host=ResolvingHost())

    def validate_files(case_dir):
        """What the modules' pre-apply judgement says about each file of the case:
        {path: [refusal messages]} (empty list: the module would write it).  Every
        file of the case is a file of the task, as xinetd_config would write them."""
        from ansible_collections.sysv.services.plugins.module_utils._xinetd.judge import judge
        try:
            dummy, hooks = make_host({'services_file': '/etc/services',
                                      'host_checks': list(HOST_CHECKS)})
        except NameError:
            hooks = ResolvingHost()
        paths = [os.path.join(case_dir, 'xinetd.conf')]
        inc = os.path.join(case_dir, 'xinetd.d')
        if os.path.isdir(inc):
            paths += [os.path.join(inc, n) for n in sorted(os.listdir(inc))
                      if os.path.isfile(os.path.join(inc, n))]
        texts = dict((path, _xinetd_effective._default_reader(path)) for path in paths)
        params = {'services_file': '/etc/services',
                  'host_checks': ['server', 'user', 'group', 'port', 'protocol', 'hosts']}
        dummy, errors, dummy = judge(paths[0], texts, params, hooks, validated=paths)
        return dict((path, [e for e in errors if e.startswith(path + ':') or
                            e.startswith(path + ' line ')]) for path in paths)

    results = []
    for name in sorted(os.listdir(root)):
        conf = os.path.join(root, name, 'xinetd.conf')
        if not os.path.isfile(conf):
            continue
        item = {'case': name, 'mode': mode}
        try:
            eff = load(conf)
            item['exits'] = bool(eff.exits)
            item['active'] = sorted(set(rec['id'] for rec in eff.services.values()))
            item['ports'] = sorted(set(
                '%s/%s' % (rec.get('protocol'), rec.get('port'))
                for rec in eff.services.values() if rec.get('port') is not None))
            item['problems'] = [dict((k, getattr(p, k)) for k in ('code', 'severity', 'effect', 'message'))
                                for p in eff.problems]
            item['inactive'] = [(rec['id'], rec.get('state'), rec.get('reason'), rec.get('file'))
                                for rec in eff.inactive]
            item['validator'] = validate_files(os.path.join(root, name))
        except Exception:
            item['crash'] = traceback.format_exc()
        results.append(item)
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
