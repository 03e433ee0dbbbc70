# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers for the reliability tests: podman containers and figures.

Figures (configurations tried, hostile inputs, faults...) are appended as
JSON lines to ``build/reliability/figures.jsonl``; the session-finish hook in
``conftest.py`` turns them into ``docs/reliability.md``.  Unit tests under
``tests/unit`` that belong to the reliability proof append to the same file
with their own copy of ``record()`` (they must not import this module).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import subprocess
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, 'build', 'reliability')
FIGURES = os.path.join(BUILD, 'figures.jsonl')
IMAGE = os.environ.get('SYSV_TEST_IMAGE', 'localhost/sysv-services-debian:bookworm')

MEASURED_CONTAINERS_CONF = """[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
"""


def record(kind, **fields):
    """Append one figure record (kind: differential, hostile, fault, property, oldpython...)."""
    if not os.path.isdir(BUILD):
        os.makedirs(BUILD)
    fields['kind'] = kind
    fields['run'] = os.environ.get('SYSV_RELIABILITY_RUN')
    with open(FIGURES, 'a') as handle:
        handle.write(json.dumps(fields, sort_keys=True) + '\n')


def containers_conf():
    """Return the containers.conf to use: the environment's, the project's, or the measured one."""
    if os.environ.get('CONTAINERS_CONF'):
        return os.environ['CONTAINERS_CONF']
    script = os.path.join(ROOT, 'tools', 'podman', 'containers-conf')
    if os.path.isfile(script):
        # the project's settings, with the containers' base /etc/hosts
        return subprocess.check_output([script]).decode().strip()
    if not os.path.isdir(BUILD):
        os.makedirs(BUILD)
    path = os.path.join(BUILD, 'containers.conf')
    with open(path, 'w') as handle:
        handle.write(MEASURED_CONTAINERS_CONF)
    return path


def podman_env():
    env = dict(os.environ)
    env['CONTAINERS_CONF'] = containers_conf()
    return env


def podman(*args, **kwargs):
    """Run podman with the project settings; return CompletedProcess (text)."""
    check = kwargs.pop('check', True)
    timeout = kwargs.pop('timeout', 300)
    proc = subprocess.run(['podman'] + list(args), env=podman_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=timeout, check=False,
                          **kwargs)
    if check and proc.returncode != 0:
        raise RuntimeError('podman %s failed (rc=%s): %s %s' % (
            ' '.join(args), proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


def missing_requirements():
    """Return a reason string if containers cannot run here, else None."""
    if shutil.which('podman') is None:
        return 'podman is not installed on this machine'
    proc = podman('image', 'exists', IMAGE, check=False)
    if proc.returncode != 0:
        return 'container image %s is not built (run the image build target first)' % IMAGE
    return None


class Container(object):
    """A throwaway container from the project image, with tini as PID 1."""

    def __init__(self, name_prefix='sysv-rel', network='none', extra=(), command=('sleep', 'infinity')):
        self.name = '%s-%s' % (name_prefix, uuid.uuid4().hex[:8])
        self.network = network
        self.extra = list(extra)
        self.command = list(command)

    def start(self):
        args = ['run', '-d', '--rm', '--name', self.name, '--network', self.network,
                '--entrypoint', '/usr/bin/tini'] + self.extra + [IMAGE, '--'] + self.command
        podman(*args)
        return self

    def exec_(self, *cmd, **kwargs):
        check = kwargs.pop('check', True)
        timeout = kwargs.pop('timeout', 300)
        user_input = kwargs.pop('input', None)
        args = ['exec']
        if user_input is not None:
            args.append('-i')
        args += [self.name] + list(cmd)
        return podman(*args, check=check, timeout=timeout, input=user_input)

    def sh(self, script, check=True, timeout=300):
        return self.exec_('sh', '-c', script, check=check, timeout=timeout)

    def cp_in(self, src, dest):
        podman('cp', src, '%s:%s' % (self.name, dest))

    def cp_out(self, src, dest):
        podman('cp', '%s:%s' % (self.name, src), dest)

    def write(self, path, data, mode='0644'):
        if isinstance(data, str):
            data = data.encode('utf-8')
        podman('exec', '-i', self.name, 'sh', '-c',
               'mkdir -p "$(dirname "$1")" && cat > "$1" && chmod %s "$1"' % mode, 'sh', path,
               input=data.decode('latin-1'), check=True)

    def read(self, path):
        proc = self.exec_('cat', path, check=False)
        if proc.returncode != 0:
            return None
        return proc.stdout

    def tree_digest(self, top='/etc'):
        """sha256 of every regular file and the target of every symlink under ``top``."""
        script = ('find %s -xdev \\( -type f -o -type l \\) -print0 | sort -z | '
                  'while IFS= read -r -d "" f; do '
                  'if [ -L "$f" ]; then printf "L %%s -> %%s\\n" "$f" "$(readlink "$f")"; '
                  'else printf "F %%s %%s %%s\\n" "$(sha256sum < "$f" | cut -c1-64)" '
                  '"$(stat -c %%a:%%U:%%G "$f")" "$f"; fi; done') % top
        proc = self.exec_('bash', '-c', script)
        return dict((line.split()[-1] if line.startswith('F') else line.split()[1], line)
                    for line in proc.stdout.splitlines())

    def stop(self):
        podman('rm', '-f', '-t', '0', self.name, check=False)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def wait_for(predicate, timeout=10.0, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
