# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Load configuration cases into the real xinetd and report what it did.

This script runs *inside* a test container (python3 from the image).  For
every case directory under the given root (``NNNN/xinetd.conf`` plus any
included files) it:

1. starts ``xinetd -dontfork -filelog LOG -f CONF -pidfile PID`` with the
   case directory as the working directory,
2. waits until the log says "Started working" or the process exits,
3. if it is running: asks for a state dump (SIGUSR1), reads the listening
   sockets from ``/proc/net/{tcp,tcp6,udp,udp6}``, then stops it (SIGTERM),
4. records exit status, log, dump and listening ports.

Results are printed as one JSON document on stdout.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import signal
import subprocess
import sys
import time

DUMP = '/var/run/xinetd.dump'
XINETD = '/usr/sbin/xinetd'


def listening():
    """Return sorted ['tcp/PORT', 'udp/PORT'] for sockets that listen/are bound."""
    found = set()
    for proto, files in (('tcp', ('/proc/net/tcp', '/proc/net/tcp6')),
                         ('udp', ('/proc/net/udp', '/proc/net/udp6'))):
        for name in files:
            try:
                with open(name) as handle:
                    lines = handle.readlines()[1:]
            except IOError:
                continue
            for line in lines:
                fields = line.split()
                if len(fields) < 4:
                    continue
                local, state = fields[1], fields[3]
                # TCP LISTEN is 0A; a bound UDP socket is 07 (CLOSE)
                if proto == 'tcp' and state != '0A':
                    continue
                if proto == 'udp' and state != '07':
                    continue
                port = int(local.rsplit(':', 1)[1], 16)
                found.add('%s/%d' % (proto, port))
    return sorted(found)


def read(path):
    try:
        with open(path, 'rb') as handle:
            return handle.read().decode('utf-8', 'replace')
    except IOError:
        return None


def wait_for(predicate, timeout, step=0.02):
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def run_case(case_dir, settle):
    log = os.path.join('/tmp', 'xinetd-%s.log' % os.path.basename(case_dir))
    pidfile = '/tmp/xinetd-probe.pid'
    for stale in (log, DUMP, pidfile):
        if os.path.exists(stale):
            os.unlink(stale)
    conf = os.path.join(case_dir, 'xinetd.conf')
    start = time.time()
    proc = subprocess.Popen([XINETD, '-dontfork', '-filelog', log, '-f', conf,
                             '-pidfile', pidfile],
                            cwd=case_dir, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def started():
        text = read(log) or ''
        return 'Started working' in text or proc.poll() is not None

    wait_for(started, 5.0)
    result = {'case': os.path.basename(case_dir)}
    if proc.poll() is None:
        # let bind() retries of duplicate services settle, then look
        time.sleep(settle)
        result['listening'] = listening()
        proc.send_signal(signal.SIGUSR1)
        wait_for(lambda: 'END OF DUMP' in (read(DUMP) or ''), 2.0)
        result['dump'] = read(DUMP)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        result['exited'] = False
    else:
        result['listening'] = []
        result['dump'] = None
        result['exited'] = True
    result['returncode'] = proc.returncode
    result['output'] = proc.stdout.read().decode('utf-8', 'replace')
    result['log'] = read(log)
    result['seconds'] = round(time.time() - start, 3)
    # never leave a socket behind for the next case
    wait_for(lambda: not listening(), 2.0)
    return result


def main():
    root = sys.argv[1]
    settle = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
    only = set(sys.argv[3:])
    results = []
    for name in sorted(os.listdir(root)):
        if only and name not in only:
            continue
        case_dir = os.path.join(root, name)
        if os.path.isfile(os.path.join(case_dir, 'xinetd.conf')):
            results.append(run_case(case_dir, settle))
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
