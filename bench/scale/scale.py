# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scale benchmark: xinetd_info and xinetd_config on include directories of 10 to 10,000 services.

For each size N the script builds a temporary tree (``xinetd.conf`` with
``includedir``, N service files, ``/etc/services``) and measures, each in a
fresh process so that peak memory is the process's own (``ru_maxrss`` from
``wait4``):

* ``load``: ``_xinetd.effective.load`` alone (the engine), plus its
  tracemalloc peak;
* ``xinetd_info``: the module, run as Ansible runs it on a target
  (``python xinetd_info.py ARGS``), host checks on;
* ``xinetd_config converge``: the module converging a ``services:`` mapping
  of N services into an empty include directory (N files written);
* ``xinetd_config no-op``: the same call again (nothing to change).

reload is off (no daemon on the bench host).  Times are the best of
``--repeat`` runs.  The table goes to stdout, JSON and the Markdown page to
build/bench-scale/; ``--doc`` also copies the page to docs/benchmarks-scale.md
(``make bench-scale-doc``).

    python bench/scale/scale.py [--sizes 10,100,1000,10000] [--repeat 3] [--doc]
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTREE = os.path.join(ROOT, 'build', 'pytree')
MODULES = os.path.join(ROOT, 'plugins', 'modules')
RESULTS = os.path.join(ROOT, 'build', 'bench-scale')
PAGE = os.path.join(RESULTS, 'benchmarks-scale.md')
DOC = os.path.join(ROOT, 'docs', 'benchmarks-scale.md')

SERVICE = ('service svc%04d\n{\n\ttype            = UNLISTED\n\tport            = %d\n'
           '\tsocket_type     = stream\n\twait            = no\n\tuser            = root\n'
           '\tserver          = /bin/cat\n\tonly_from       = 127.0.0.1\n\tinstances       = 10\n'
           '\tdisable         = no\n}\n')

LOAD_SNIPPET = '''
import sys, time, tracemalloc, json
sys.path.insert(0, %(pytree)r)
from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
t = time.time()
eff = _xinetd_effective.load(%(conf)r, services_file=%(services)r)
elapsed = time.time() - t
del eff
tracemalloc.start()
eff = _xinetd_effective.load(%(conf)r, services_file=%(services)r)
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({'services': len(eff.services), 'problems': len(eff.problems),
                  'seconds': elapsed, 'tracemalloc_peak': peak}))
'''


def ensure_pytree():
    sys.path.insert(0, os.path.join(ROOT, 'tools'))
    import import_tree  # pylint: disable=import-outside-toplevel
    import_tree.ensure(on_path=False)


def build_tree(base, n):
    etc = os.path.join(base, 'etc')
    conf_dir = os.path.join(etc, 'xinetd.d')
    os.makedirs(conf_dir)
    with open(os.path.join(etc, 'xinetd.conf'), 'w') as handle:
        handle.write('defaults\n{\n\tlog_on_failure  = HOST\n}\nincludedir %s\n' % conf_dir)
    with open(os.path.join(etc, 'services'), 'w') as handle:
        handle.write('echo\t\t7/tcp\n')
    for i in range(n):
        with open(os.path.join(conf_dir, 'svc%04d' % i), 'w') as handle:
            handle.write(SERVICE % (i, 30000 + i))
    return etc


def measure(argv, env=None):
    """Run argv; return (seconds, peak RSS in KiB, stdout)."""
    start = time.time()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = proc.stdout.read()
    err = proc.stderr.read()
    dummy, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.time() - start
    proc.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status
    if proc.returncode != 0:
        raise RuntimeError('%s failed: %s %s' % (argv, out[-2000:], err[-2000:]))
    return elapsed, usage.ru_maxrss, out.decode('utf-8', 'replace')


def module_json(out):
    return json.loads(out[out.index('{'):])


def run_module(module, args, workdir):
    path = os.path.join(workdir, 'args-%s.json' % module)
    with open(path, 'w') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': args}, handle)
    env = dict(os.environ)
    env['PYTHONPATH'] = PYTREE + os.pathsep + env.get('PYTHONPATH', '')
    elapsed, rss, out = measure([sys.executable, os.path.join(MODULES, module + '.py'), path], env)
    result = module_json(out)
    if result.get('failed'):
        raise RuntimeError('%s failed: %s' % (module, result.get('msg')))
    return elapsed, rss, result


def bench_size(n, repeat):
    rows = {}
    base = tempfile.mkdtemp(prefix='sysv-scale-%d-' % n)
    try:
        etc = build_tree(os.path.join(base, 'info'), n)
        conf = os.path.join(etc, 'xinetd.conf')
        services = os.path.join(etc, 'services')
        best = None
        for dummy in range(repeat):
            snippet = LOAD_SNIPPET % {'pytree': PYTREE, 'conf': conf, 'services': services}
            elapsed, rss, out = measure([sys.executable, '-c', snippet])
            data = json.loads(out)
            assert data['services'] == n, data
            if best is None or data['seconds'] < best[0]:
                best = (data['seconds'], rss, data)
        rows['load'] = {'seconds': best[0], 'maxrss_kib': best[1],
                        'tracemalloc_peak_kib': best[2]['tracemalloc_peak'] // 1024,
                        'engine_seconds': best[2]['seconds']}

        info_args = {'path': conf, 'services_file': services}
        best = None
        for dummy in range(repeat):
            elapsed, rss, result = run_module('xinetd_info', info_args, base)
            assert len(result['services']) == n, len(result['services'])
            if best is None or elapsed < best[0]:
                best = (elapsed, rss)
        rows['xinetd_info'] = {'seconds': best[0], 'maxrss_kib': best[1]}

        conv_best = None
        noop_best = None
        for r in range(repeat):
            target = os.path.join(base, 'config-%d' % r)
            cetc = build_tree(target, 0)
            mapping = {}
            for i in range(n):
                mapping['svc%04d' % i] = {'type': ['UNLISTED'], 'port': 30000 + i, 'socket_type': 'stream',
                                          'wait': False, 'user': 'root', 'server': '/bin/cat',
                                          'only_from': ['127.0.0.1'], 'instances': 10}
            args = {'path': os.path.join(cetc, 'xinetd.conf'), 'includedir': os.path.join(cetc, 'xinetd.d'),
                    'services_file': os.path.join(cetc, 'services'), 'reload': False,
                    'pidfile': os.path.join(base, 'none.pid'), 'services': mapping}
            elapsed, rss, result = run_module('xinetd_config', args, base)
            assert result.get('changed'), result
            assert len(os.listdir(os.path.join(cetc, 'xinetd.d'))) == n
            if conv_best is None or elapsed < conv_best[0]:
                conv_best = (elapsed, rss)
            elapsed, rss, result = run_module('xinetd_config', args, base)
            assert not result.get('changed'), 'second run changed something'
            if noop_best is None or elapsed < noop_best[0]:
                noop_best = (elapsed, rss)
        rows['xinetd_config converge'] = {'seconds': conv_best[0], 'maxrss_kib': conv_best[1]}
        rows['xinetd_config no-op'] = {'seconds': noop_best[0], 'maxrss_kib': noop_best[1]}
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return rows


def baseline():
    env = dict(os.environ)
    env['PYTHONPATH'] = PYTREE
    elapsed, rss, dummy = measure([sys.executable, '-c', 'import ansible.module_utils.basic'], env)
    return {'seconds': elapsed, 'maxrss_kib': rss}


def render(results, sizes, base):
    title = '# Scale benchmark: %s to %s xinetd services' % ('{:,}'.format(sizes[0]),
                                                             '{:,}'.format(sizes[-1]))
    lines = [title, '',
             '<!-- Generated by bench/scale/scale.py; do not edit. -->', '',
             'How `xinetd_info` and `xinetd_config` grow with the size of the include directory. '
             'Each figure is the best of %d runs, each in a fresh process: time and the process\'s '
             'peak resident memory (`ru_maxrss`). `load` is the engine alone '
             '(`_xinetd.effective.load`, timed inside the process, host checks on); the module rows '
             'are whole module runs (`python MODULE.py ARGS`, as on a target: interpreter start, '
             '`AnsibleModule`, host checks, atomic writes). `xinetd_config converge` writes N '
             'files into an empty include directory; `no-op` is the second, identical run. '
             'reload is off (no daemon involved).' % results['repeat'], '',
             'Machine: %s, Python %s, %s. Run: %s UTC.' % (
                 platform.machine(), platform.python_version(), platform.system(), results['date']), '',
             'Baseline (Python + `import ansible.module_utils.basic`): %.3f s, %d KiB.' % (
                 base['seconds'], base['maxrss_kib']), '',
             'The last column is the growth exponent k of time ~ N^k between the two largest '
             'sizes (1 = linear, 2 = quadratic).', '',
             '| operation | ' + ' | '.join('N=%d' % n for n in sizes) + ' | time x (N=%d vs N=%d) | k |'
             % (sizes[-1], sizes[0]),
             '|---|' + '---|' * (len(sizes) + 2)]
    for op in ('load', 'xinetd_info', 'xinetd_config converge', 'xinetd_config no-op'):
        cells = []
        for n in sizes:
            row = results['sizes'][str(n)][op]
            cells.append('%.3f s, %.1f MiB' % (row['seconds'], row['maxrss_kib'] / 1024.0))
        first = results['sizes'][str(sizes[0])][op]['seconds']
        last = results['sizes'][str(sizes[-1])][op]['seconds']
        prev = results['sizes'][str(sizes[-2])][op]['seconds'] if len(sizes) > 1 else first
        exponent = (math.log(last / prev) / math.log(float(sizes[-1]) / sizes[-2])
                    if len(sizes) > 1 and prev > 0 and last > 0 else 0.0)
        growth = last / first if first else 0
        lines.append('| %s | %s | %.1f | %.2f |' % (op, ' | '.join(cells), growth, exponent))
    lines.append('')
    load = [results['sizes'][str(n)]['load'] for n in sizes]
    lines.append('Memory allocated by the engine itself during `load` (tracemalloc peak): ' + ', '.join(
        'N=%d: %d KiB' % (n, row['tracemalloc_peak_kib']) for n, row in zip(sizes, load)) + '.')
    lines.append('')
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument('--sizes', default='10,100,1000,10000')
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--doc', action='store_true', help='also copy the page to docs/benchmarks-scale.md')
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(',')]
    ensure_pytree()
    results = {'date': time.strftime('%Y-%m-%d %H:%M', time.gmtime()), 'repeat': opts.repeat,
               'python': platform.python_version(), 'sizes': {}}
    base = baseline()
    results['baseline'] = base
    for n in sizes:
        rows = bench_size(n, opts.repeat)
        results['sizes'][str(n)] = rows
        for op, row in rows.items():
            print('N=%-5d %-24s %8.3f s %9.1f MiB' % (n, op, row['seconds'], row['maxrss_kib'] / 1024.0))
        sys.stdout.flush()
    if not os.path.isdir(RESULTS):
        os.makedirs(RESULTS)
    out = os.path.join(RESULTS, 'scale-%s.json' % time.strftime('%Y%m%dT%H%M%S', time.gmtime()))
    with open(out, 'w') as handle:
        json.dump(results, handle, indent=1, sort_keys=True)
    print('results: %s' % out)
    page = render(results, sizes, base)
    with open(PAGE, 'w') as handle:
        handle.write(page)
    print('wrote %s' % PAGE)
    if opts.doc:
        with open(DOC, 'w') as handle:
            handle.write(page)
        print('wrote %s' % DOC)


if __name__ == '__main__':
    main()
