# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""tools/module_runs.py on -vvv lines as ansible-core 2.16 prints them for
the podman connection (no pipelining) and the ssh connection (pipelining)."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', '..', 'tools'))

import module_runs  # noqa: E402

PODMAN = r"""Using module file /venv/ansible/modules/ping.py
<web1> RUN [b'/usr/bin/podman', b'mount', b'web1']
<web1> RUN [b'/usr/bin/podman', b'exec', b'web1', b'/bin/sh', b'-c', b'echo ~ && sleep 0']
<web1> RUN [b'/usr/bin/podman', b'exec', b'web1', b'/bin/sh', b'-c', b'chmod u+x /root/.ansible/tmp/a/ /root/.ansible/tmp/a/AnsiballZ_ping.py && sleep 0']
<web1> RUN [b'/usr/bin/podman', b'exec', b'web1', b'/bin/sh', b'-c', b'/usr/bin/python3 /root/.ansible/tmp/a/AnsiballZ_ping.py && sleep 0']
<web1> RUN [b'/usr/bin/podman', b'exec', b'web1', b'/bin/sh', b'-c', b'rm -f -r /root/.ansible/tmp/a/ > /dev/null 2>&1 && sleep 0']
"""

SSH = """Using module file /coll/sysv/services/plugins/modules/xinetd_config.py
<10.89.0.2> ESTABLISH SSH CONNECTION FOR USER: root
<10.89.0.2> SSH: EXEC ssh -C -o ControlMaster=auto -o ControlPersist=60s 10.89.0.2 '/bin/sh -c '"'"'/usr/bin/python3 && sleep 0'"'"''
Using module file /venv/ansible/modules/stat.py
<10.89.0.2> SSH: EXEC ssh -C -o ControlMaster=auto 10.89.0.2 '/bin/sh -c '"'"'/usr/bin/python3 && sleep 0'"'"''
<10.89.0.2> SSH: EXEC ssh -C -o ControlMaster=auto 10.89.0.2 '/bin/sh -c '"'"'echo ~root && sleep 0'"'"''
"""


def test_podman_counts_only_the_module_start():
    assert module_runs.count(PODMAN) == {'web1': {'module_runs': 1, 'modules': {'ping': 1}}}


def test_ssh_pipelined_runs_take_the_announced_module():
    assert module_runs.count(SSH) == {'10.89.0.2': {'module_runs': 2, 'modules': {'xinetd_config': 1, 'stat': 1}}}


def test_cli_expect(tmp_path, capsys):
    log = tmp_path / 'run.log'
    log.write_text(PODMAN)
    assert module_runs.main([str(log), '--host', 'web1', '--expect', '1']) == 0
    assert module_runs.main([str(log), '--host', 'web1', '--host', 'web2', '--expect', '1']) == 1
    assert '"web2": {"module_runs": 0' in capsys.readouterr().out
