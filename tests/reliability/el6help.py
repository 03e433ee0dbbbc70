# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Containers of the EL6 tools image for the el6 reliability tests.

The image (``make image-el6``) is Debian bookworm with CentOS 6.10's
chkconfig 1.3.49.5, initscripts' ``service`` and xinetd 2.3.14 built from
their upstream sources.  Tests skip, saying why, when it is not built.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import subprocess
import tempfile

import relhelpers

IMAGE_EL6 = os.environ.get('SYSV_EL6_IMAGE', 'localhost/sysv-services-el6tools:bookworm')
PYTREE = os.path.join(relhelpers.ROOT, 'build', 'pytree')

try:
    import ansible
    ANSIBLE_SITE = os.path.dirname(os.path.dirname(os.path.abspath(ansible.__file__)))
except ImportError:     # pragma: no cover - the venv has it
    ANSIBLE_SITE = tempfile.gettempdir()


def missing():
    """A reason string when the EL6 image cannot be used here, else None."""
    reason = relhelpers.missing_requirements()
    if reason and 'podman is not installed' in reason:
        return reason
    if relhelpers.podman('image', 'exists', IMAGE_EL6, check=False).returncode != 0:
        return 'the EL6 tools image %s is not built (make image-el6)' % IMAGE_EL6
    return None


class El6Container(relhelpers.Container):
    """A container of the EL6 tools image with the collection and Ansible mounted."""

    def __init__(self, prefix, network='none', extra=()):
        mounts = ['-v', '%s:/reliability:ro' % relhelpers.HERE,
                  '-v', '%s:%s:ro' % (relhelpers.ROOT, relhelpers.ROOT),
                  '-v', '%s:/pytree:ro' % PYTREE,
                  '-v', '%s:/ansible-site:ro' % ANSIBLE_SITE]
        relhelpers.Container.__init__(self, prefix, network=network, extra=mounts + list(extra))

    def start(self):
        args = ['run', '-d', '--rm', '--name', self.name, '--network', self.network] + \
            self.extra + [IMAGE_EL6, 'sleep', 'infinity']
        relhelpers.podman(*args)
        return self

    def popen(self, *cmd):
        """podman exec in the background; returns the Popen (stdout/stderr piped)."""
        return subprocess.Popen(['podman', 'exec', self.name] + list(cmd), env=relhelpers.podman_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True)
