# -*- coding: utf-8 -*-
"""Verify the toolchain scenario against the running container."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shlex
import uuid

import testinfra.utils.ansible_runner

# The inventory names are the podman container names; testinfra's podman
# backend (podman exec) is much faster than a round trip through ansible.
testinfra_hosts = ['podman://' + name for name in testinfra.utils.ansible_runner.AnsibleRunner(
    os.environ['MOLECULE_INVENTORY_FILE']).get_hosts('all')]

# tools/telnet_probe.py, run in the container from its source (python3 -c)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'tools', 'telnet_probe.py')) as f:
    PROBE = f.read()


def echo(host, token):
    """What a real TCP client gets back from the echo port for one line."""
    return host.check_output('python3 -c %s connect 127.0.0.1 --port 7 --timeout 5 --send %s --expect %s --text' % (
        shlex.quote(PROBE), token, token))


def test_pid1_is_an_init_that_reaps(host):
    assert host.file('/proc/1/comm').content_string.strip() == 'tini'


def test_service_file(host):
    f = host.file('/etc/xinetd.d/toolchain-echo')
    assert f.is_file
    assert f.user == 'root' and f.group == 'root'
    assert f.mode == 0o644
    assert 'id              = toolchain-echo' in f.content_string


def test_xinetd_runs_with_its_pidfile(host):
    pid = int(host.file('/run/xinetd.pid').content_string.strip())
    assert host.file('/proc/%d/comm' % pid).content_string.strip() == 'xinetd'
    assert host.run('/etc/init.d/xinetd status').rc == 0


def test_echo_port_listens(host):
    assert host.socket('tcp://7').is_listening


def test_real_tcp_connection_gets_the_echo(host):
    token = uuid.uuid4().hex
    assert echo(host, token).strip() == token


def test_no_zombies_after_connections(host):
    for token in [uuid.uuid4().hex for dummy in range(3)]:
        assert echo(host, token).strip() == token
    states = host.check_output('ps -eo stat=').split()
    assert not [s for s in states if s.startswith('Z')]
