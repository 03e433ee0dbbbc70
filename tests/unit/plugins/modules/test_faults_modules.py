# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Faults while the xinetd_service module itself runs (as a separate process).

* SIGKILL at random moments while the module converges a file to new
  content, again and again: the file is always the old or the new bytes,
  and any temporary file left behind is one includedir never loads.
* The file size limit (RLIMIT_FSIZE, as on a full file system: the write
  fails part-way): the task fails and says why, the file keeps its bytes.

The container-level faults (tmpfs full, read-only mount, xinetd dying on
reload, concurrent plays) are in tests/reliability/.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
PYTREE = os.path.join(ROOT, 'build', 'pytree')
MODULE = os.path.join(ROOT, 'plugins', 'modules', 'xinetd_service.py')
FIGURES = os.path.join(ROOT, 'build', 'reliability', 'figures.jsonl')

pytestmark = pytest.mark.skipif(not os.path.exists(MODULE), reason='xinetd_service is not in this checkout')


def _record(label, injected, survived, lost):
    directory = os.path.dirname(FIGURES)
    if not os.path.isdir(directory):
        os.makedirs(directory)
    with open(FIGURES, 'a') as handle:
        handle.write(json.dumps({'kind': 'fault', 'label': label, 'injected': injected,
                                 'survived': survived, 'data_lost': lost,
                                 'run': os.environ.get('SYSV_RELIABILITY_RUN')}) + '\n')


def _setup(tmp_path):
    etc = tmp_path / 'etc'
    conf_dir = etc / 'xinetd.d'
    conf_dir.mkdir(parents=True)
    (etc / 'xinetd.conf').write_text(u'defaults\n{\n}\nincludedir %s\n' % conf_dir)
    (etc / 'services').write_text(u'echo\t\t7/tcp\n')
    return etc


def _args(tmp_path, etc, server_args):
    return {'ANSIBLE_MODULE_ARGS': {
        'name': 'victim', 'config_dir': str(etc / 'xinetd.d'), 'main_config': str(etc / 'xinetd.conf'),
        'services_file': str(etc / 'services'), 'pidfile': str(tmp_path / 'none.pid'), 'reload': False,
        'type': ['UNLISTED'], 'port': 20400, 'socket_type': 'stream', 'wait': False, 'user': 'root',
        'server': '/bin/cat', 'server_args': server_args}}


def _spawn(args_file, preexec=None):
    env = dict(os.environ)
    env['PYTHONPATH'] = PYTREE + os.pathsep + env.get('PYTHONPATH', '')
    return subprocess.Popen([sys.executable, MODULE, args_file], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=preexec)


def _run(args_file, preexec=None):
    proc = _spawn(args_file, preexec)
    out, err = proc.communicate()
    text = out.decode('utf-8', 'replace')
    return json.loads(text[text.index('{'):]) if '{' in text else {'failed': True, 'msg': err.decode()}


def test_module_killed_at_random_moments(tmp_path):
    etc = _setup(tmp_path)
    target = etc / 'xinetd.d' / 'victim'
    # old and new differ in a long server_args, so a torn write would show
    old_args, new_args = 'o' * 3000, 'n' * 3000
    args_old = tmp_path / 'old.json'
    args_new = tmp_path / 'new.json'
    args_old.write_text(json.dumps(_args(tmp_path, etc, old_args)))
    args_new.write_text(json.dumps(_args(tmp_path, etc, new_args)))
    first = _run(str(args_old))
    assert first.get('changed') and not first.get('failed'), first
    old_bytes = target.read_bytes()
    done = _run(str(args_new))
    new_bytes = target.read_bytes()
    assert done.get('changed') and old_bytes != new_bytes
    # measure one run to spread the kills over the module's whole life
    start = time.time()
    _run(str(args_old))
    duration = time.time() - start
    rng = random.Random(1127)
    kills = int(os.environ.get('SYSV_FAULT_KILLS', '40'))
    states = {}
    for i in range(kills):
        args = args_new if target.read_bytes() == old_bytes else args_old
        proc = _spawn(str(args))
        time.sleep(rng.uniform(0.0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        data = target.read_bytes()
        state = 'old' if data == old_bytes else 'new' if data == new_bytes else 'mixed'
        states[state] = states.get(state, 0) + 1
    leftovers = [n for n in os.listdir(str(etc / 'xinetd.d')) if n != 'victim']
    loadable = [n for n in leftovers if '.' not in n and not n.endswith('~')]
    survived = kills - states.get('mixed', 0)
    counts = ', '.join('%s: %d' % kv for kv in sorted(states.items()))
    if loadable:
        what = 'xinetd_service SIGKILLed: loadable leftovers %s' % loadable
    else:
        what = ('xinetd_service process SIGKILLed at random moments (%s; %d temporary files left, '
                'none loadable by includedir)' % (counts, len(leftovers)))
    _record(what, kills, survived if not loadable else 0, states.get('mixed', 0))
    assert states.get('mixed', 0) == 0, states
    assert not loadable, 'temporary files xinetd would load: %s' % loadable
    # the next normal run repairs everything and reports it
    final = _run(str(args_new))
    assert not final.get('failed') and target.read_bytes() == new_bytes, final


def test_module_file_size_limit(tmp_path):
    resource = pytest.importorskip('resource')
    etc = _setup(tmp_path)
    target = etc / 'xinetd.d' / 'victim'
    small = tmp_path / 'small.json'
    big = tmp_path / 'big.json'
    small.write_text(json.dumps(_args(tmp_path, etc, 'a')))
    big.write_text(json.dumps(_args(tmp_path, etc, 'b' * 20000)))
    assert _run(str(small)).get('changed')
    old_bytes = target.read_bytes()

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    result = _run(str(big), preexec=limit)
    leftovers = [n for n in os.listdir(str(etc / 'xinetd.d')) if n != 'victim']
    ok = (result.get('failed') and target.read_bytes() == old_bytes and not leftovers
          and 'File too large' in result.get('msg', ''))
    _record('xinetd_service with the file size limit hit mid-write (EFBIG)', 1, 1 if ok else 0,
            0 if target.read_bytes() == old_bytes else 1)
    assert result.get('failed'), result
    assert 'File too large' in result.get('msg', ''), result.get('msg')
    assert target.read_bytes() == old_bytes
    assert not leftovers, leftovers
