# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs inside a bench container (python3, fed on stdin by bench.py), after a
# no-op run of the collection playbook and a ping made with
# ANSIBLE_KEEP_REMOTE_FILES=1: measures what one module run costs on the
# target. For each kept AnsiballZ file (xinetd_config, ping): its size, and
# over --repeat runs of it (the same arguments, so the same no-op) the median
# wall time, CPU time (user + system of the child) and import time
# (python -X importtime: every top-level import, and those of the collection
# and of ansible). "python3 -c pass" gives the interpreter's own floor.
# Prints one JSON object. Standard library only.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import resource
import subprocess
import sys
import time


def newest(name):
    files = glob.glob('/root/.ansible/tmp/ansible-tmp-*/AnsiballZ_%s.py' % name)
    return max(files, key=os.path.getmtime) if files else None


def imports(stderr):
    """Top-level import times (us) by name from -X importtime output."""
    out = {}
    for line in stderr.splitlines():
        if not line.startswith('import time:') or 'cumulative' in line:
            continue
        parts = line[len('import time:'):].split('|')
        if len(parts) != 3:
            continue
        name = parts[2].rstrip()
        if name.startswith(' '):
            name = name[1:]     # the separator's space
        if name != name.lstrip():
            continue            # nested (indented): counted in its parent's cumulative time
        out[name] = out.get(name, 0) + int(parts[1])
    return out


def measure(argv, repeat):
    walls, cpus, imps = [], [], []
    for dummy in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.time()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd='/tmp')
        out, err = proc.communicate()
        walls.append((time.time() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000)
        imps.append(imports(err.decode('utf-8', 'replace')))
        if proc.returncode != 0:
            raise SystemExit('%s failed (rc %s): %s' % (argv, proc.returncode, (out + err)[-2000:]))
    return walls, cpus, imps


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2.0


def main():
    repeat = int(sys.argv[sys.argv.index('--repeat') + 1]) if '--repeat' in sys.argv else 10
    python = '/usr/bin/python3'
    result = {'repeat': repeat, 'python': sys.version.split()[0], 'modules': {}}
    walls, cpus, dummy = measure([python, '-c', 'pass'], repeat)
    result['interpreter'] = {'wall_ms': median(walls), 'cpu_ms': median(cpus)}
    for name in ('xinetd_config', 'ping'):
        path = newest(name)
        if path is None:
            result['modules'][name] = {'error': 'no kept AnsiballZ_%s.py' % name}
            continue
        walls, cpus, imps = measure([python, '-X', 'importtime', path], repeat)
        totals = [sum(i.values()) / 1000.0 for i in imps]
        coll = [sum(v for k, v in i.items() if k.startswith('ansible_collections')) / 1000.0 for i in imps]
        ans = [sum(v for k, v in i.items() if k == 'ansible' or k.startswith('ansible.')) / 1000.0 for i in imps]
        heavy = sorted(imps[-1].items(), key=lambda kv: -kv[1])[:8]
        plain_walls, plain_cpus, dummy = measure([python, path], repeat)
        result['modules'][name] = {
            'ansiballz_bytes': os.path.getsize(path),
            'import_ms': median(totals),
            'collection_import_ms': median(coll),
            'ansible_import_ms': median(ans),
            'heaviest_imports_ms': [[k, v / 1000.0] for k, v in heavy],
            'wall_ms': median(plain_walls),
            'cpu_ms': median(plain_cpus),
            'wall_ms_all': [round(w, 1) for w in plain_walls],
        }
    print(json.dumps(result))


if __name__ == '__main__':
    main()
