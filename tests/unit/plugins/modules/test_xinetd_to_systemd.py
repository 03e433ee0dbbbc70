# -*- coding: utf-8 -*-
# Copyright: sysv.services contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd_to_systemd's helpers: the one-entry disable edit and the TCP probe
(real sockets on loopback).  The whole migration runs in the systemd
Molecule scenario."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import socket
import threading

import pytest

pytest.importorskip('ansible')

from ansible_collections.sysv.services.plugins.modules import xinetd_to_systemd as mod  # noqa: E402

FIXTURE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       'fixtures', 'xinetd', 'debian', 'xinetd.d', 'echo')


def test_disable_entry_edits_only_that_block():
    with open(FIXTURE) as handle:
        text = handle.read().replace('disable\t\t= yes', 'disable\t\t= no')
    lines = text.split('\n')
    second = [i for i, line in enumerate(lines) if line.startswith('service echo')][1] + 1
    new = mod.disable_entry(text, second)
    changed = [(a, b) for a, b in zip(text.split('\n'), new.split('\n')) if a != b]
    assert len(changed) == 1
    assert changed[0][1].split() == ['disable', '=', 'yes']
    assert len(new.split('\n')) == len(lines)
    assert 'disable\t\t= no' in new  # the first entry stays on


def test_disable_entry_unknown_line():
    with pytest.raises(mod.Failure):
        mod.disable_entry('service x\n{\n\twait = no\n}\n', 7)


def _server(behaviour):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)

    def serve():
        conn, dummy = listener.accept()
        if behaviour == 'send':
            conn.sendall(b'hello')
        elif behaviour == 'wait':
            conn.recv(1)
        conn.close()
    thread = threading.Thread(target=serve)
    thread.daemon = True
    thread.start()
    return listener, listener.getsockname()[1]


@pytest.mark.parametrize('behaviour, answer', [('send', 'served'), ('close', 'closed'), ('wait', 'open')])
def test_probe_answers(behaviour, answer):
    listener, port = _server(behaviour)
    try:
        assert mod.probe('127.0.0.1', '127.0.0.1', port, 0.5) == answer
    finally:
        listener.close()


def test_probe_refused():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    assert mod.probe('127.0.0.1', '127.0.0.1', port, 0.5) == 'refused'


def test_probe_pairs():
    addresses = ['127.0.0.1', '::1', '10.0.0.2']
    assert mod.probe_pairs(addresses, None) == [(a, a) for a in addresses]
    assert mod.probe_pairs(addresses, '10.0.0.2') == [('127.0.0.1', '10.0.0.2'), ('10.0.0.2', '10.0.0.2')]
