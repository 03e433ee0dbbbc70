# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Count module runs per host, exactly, from ``ansible-playbook -vvv`` output.

A module run is one start of the target's Python on a module: the command
line ends in ``python3 /.../AnsiballZ_NAME.py && sleep 0`` (no pipelining:
the podman connection) or ``python3 && sleep 0`` with the module on stdin
(pipelining: the ssh connection).  Every such command is logged at ``-vvv``
with the host in front (``<host> RUN [podman exec ...]``, ``<host> SSH:
EXEC ssh ...``).  Controller-side tasks (assert, set_fact, include_role)
start nothing on the host and count for nothing.

The module's name is in the command without pipelining; with pipelining it
is taken from the ``Using module file .../NAME.py`` line Ansible prints just
before, which is exact when the run used ``--forks 1`` (one host at a time).

Usage: ``python3 tools/module_runs.py LOG [--host H] [--expect N]``: prints
``{host: {"module_runs": n, "modules": {name: n}}}`` as JSON; with
``--expect`` exits 1 unless every host (or ``--host``) has exactly N.
"""

import argparse
import json
import re
import sys

HOST_LINE = re.compile(r'^<([^>]+)> (RUN \[|SSH: EXEC |EXEC )(.*)$')
MODULE_RUN = re.compile(r"python[0-9.]*( [^' ]*AnsiballZ_([A-Za-z0-9_.]+)\.py)? && sleep 0")
MODULE_FILE = re.compile(r'Using module file .*/([A-Za-z0-9_]+)\.py\s*$')


def count(text):
    """``{host: {'module_runs': n, 'modules': {name: n}}}`` from -vvv output."""
    per = {}
    last_module = None
    for line in text.splitlines():
        found = MODULE_FILE.search(line)
        if found:
            last_module = found.group(1)
            continue
        match = HOST_LINE.match(line)
        if not match:
            continue
        run = MODULE_RUN.search(match.group(3))
        if not run:
            continue
        host = match.group(1)
        name = run.group(2) or last_module or '(unknown)'
        entry = per.setdefault(host, {'module_runs': 0, 'modules': {}})
        entry['module_runs'] += 1
        entry['modules'][name] = entry['modules'].get(name, 0) + 1
    return per


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('log')
    parser.add_argument('--host', action='append', default=[], help='hosts to report (default: all seen)')
    parser.add_argument('--expect', type=int, default=None, help='exact module runs every host must have')
    args = parser.parse_args(argv)
    with open(args.log) as handle:
        per = count(handle.read())
    for host in args.host:
        per.setdefault(host, {'module_runs': 0, 'modules': {}})
    if args.host:
        per = dict((h, per[h]) for h in args.host)
    print(json.dumps(per, sort_keys=True))
    if args.expect is not None:
        if not per or any(v['module_runs'] != args.expect for v in per.values()):
            sys.stderr.write('expected %d module run(s) per host, counted %s\n'
                             % (args.expect, dict((h, v['module_runs']) for h, v in per.items())))
            return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
