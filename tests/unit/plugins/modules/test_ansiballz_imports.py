# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""A module's real AnsiballZ payload compiles the collection's code once.

``ansible`` (connection local) runs ``xinetd_info`` on a temporary tree and
keeps the payload it built; the payload is then run again under an audit
hook that counts the ``compile`` events per file name.  CPython's
``zipimport`` compiles every module twice (python/cpython#141276), and
``ansible.module_utils.basic``, imported by the AnsiballZ wrapper before the
module starts, shows it; every file of the collection, imported through
``module_utils/_import_once``, must be compiled exactly once.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import subprocess
import sys

import pytest

pytest.importorskip('ansible')

from xinetd_module_helpers import local_ansible_tree  # noqa: E402

COUNTER = r'''
import collections, json, runpy, sys
counts = collections.Counter()
def hook(event, args):
    if event == 'compile' and args[1]:
        counts[str(args[1])] += 1
sys.addaudithook(hook)
payload, out = sys.argv[1], sys.argv[2]
sys.argv = [payload]
try:
    runpy.run_path(payload, run_name='__main__')
except SystemExit:
    pass
with open(out, 'w') as handle:
    json.dump(counts, handle)
'''


def test_the_collection_is_compiled_once_in_a_real_payload(tmp_path):
    if sys.version_info < (3, 8):
        pytest.skip('audit hooks (the compile counter) need Python 3.8')
    ansible, etc, environ = local_ansible_tree(tmp_path, 'ansible', u'telnet\t\t23/tcp\n')
    remote = tmp_path / 'remote'
    environ.update(ANSIBLE_KEEP_REMOTE_FILES='1', ANSIBLE_PIPELINING='0', ANSIBLE_REMOTE_TMP=str(remote),
                   ANSIBLE_LOCAL_TEMP=str(tmp_path / 'local'))
    args = 'path=%s services_file=%s' % (etc / 'xinetd.conf', etc / 'services')
    proc = subprocess.Popen([ansible, 'localhost', '-i', 'localhost,', '-c', 'local', '-m',
                             'sysv.services.xinetd_info', '-a', args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ, cwd=str(tmp_path))
    out, err = proc.communicate()
    assert proc.returncode == 0, (out, err)
    payloads = glob.glob(str(remote / '*' / 'AnsiballZ_xinetd_info.py'))
    assert len(payloads) == 1, (payloads, out, err)

    counts_file = str(tmp_path / 'counts.json')
    proc = subprocess.Popen([sys.executable, '-c', COUNTER, payloads[0], counts_file],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(tmp_path))
    out, err = proc.communicate()
    result = json.loads(out.decode('utf-8'))
    assert 'failed' not in result, result
    assert result['services'] == {}, result  # the module ran to its end on the tree
    with open(counts_file) as handle:
        counts = json.load(handle)

    ours = dict((name, n) for name, n in counts.items()
                if '/ansible_collections/sysv/services/plugins/module_utils/' in name)
    # the finder's own package and file come before it, through zipimport
    bootstrap = ('/module_utils/__init__.py', '/module_utils/_import_once.py')
    assert sorted(n for name, n in ours.items() if name.endswith(bootstrap)) == [2, 2], ours
    engine = dict((name, n) for name, n in ours.items() if not name.endswith(bootstrap))
    assert any(name.endswith('/module_utils/_xinetd/judge.py') for name in engine), sorted(counts)
    assert len(engine) >= 10, engine
    assert dict((name, n) for name, n in engine.items() if n != 1) == {}
    # the control: what zipimport alone does on this Python, to a module
    # imported before the finder is installed
    basic = [n for name, n in counts.items() if name.endswith('/ansible/module_utils/basic.py')]
    assert basic == [2], basic
