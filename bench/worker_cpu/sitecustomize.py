# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
# Loaded by ansible-playbook only in the bench's CPU-split pass (bench.py puts
# this directory on PYTHONPATH and names a file in SYSV_BENCH_WORKER_CPU).
# Ansible runs every task of every host in a worker process forked from
# ansible-playbook; this wraps the worker's TaskExecutor.run and appends one
# JSON line per worker to that file: the task's action, the host, the worker's own CPU
# (user + system) and that of the processes it waited for (its ssh or podman
# clients), in ms. What is left of ansible-playbook's CPU is its main process:
# loading the playbook, the variables of every host and task, the forks, the
# results. Nothing else changes: the run itself is Ansible's.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

_PATH = os.environ.get('SYSV_BENCH_WORKER_CPU')

if _PATH:
    try:
        from ansible.executor import task_executor as _task_executor
    except ImportError:  # not ansible-playbook: nothing to measure
        _task_executor = None

    if _task_executor is not None:
        _run = _task_executor.TaskExecutor.run

        def _measured_run(self):
            import json
            import resource
            try:
                return _run(self)
            finally:
                # written before the worker hands its result back, so that
                # ansible-playbook cannot end the worker first; a worker is a
                # fresh fork, its counters start at the fork
                usage = resource.getrusage(resource.RUSAGE_SELF)
                children = resource.getrusage(resource.RUSAGE_CHILDREN)
                line = json.dumps({
                    'action': getattr(self._task, 'action', None),
                    'host': getattr(self._host, 'name', None),
                    'self_ms': (usage.ru_utime + usage.ru_stime) * 1000.0,
                    'children_ms': (children.ru_utime + children.ru_stime) * 1000.0,
                })
                # one short append per worker: lines of concurrent workers do not interleave
                fd = os.open(_PATH, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, (line + '\n').encode('utf-8'))
                finally:
                    os.close(fd)

        _task_executor.TaskExecutor.run = _measured_run
