# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Inject faults into the write and reload path, inside a test container.

Usage: python3 fault_driver.py PYTREE SCENARIO
Runs one scenario against the real files and the real xinetd of the
container, through the collection's own ``_fileops`` / ``_xinetd.daemon``
code (the path every module's write goes through), and prints one JSON
object: what the code reported, what is on disk (``old``, ``new``,
``missing`` or ``mixed``), and whether xinetd runs.
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

CONF = '/etc/xinetd.conf'
DIR = '/etc/xinetd.d'
SVC = DIR + '/relsvc'
PORT = 20100

OLD_SVC = ('service relsvc\n{\n\ttype = UNLISTED\n\tport = %d\n\tsocket_type = stream\n'
           '\twait = no\n\tuser = root\n\tserver = /bin/cat\n}\n' % PORT)
NEW_SVC = OLD_SVC.replace('server = /bin/cat', 'server = /bin/cat\n\tinstances = 5')
OLD_CONF = 'defaults\n{\n}\nincludedir /etc/xinetd.d\n'
FATAL_CONF = ('defaults\n{\n\tlog_type = SYSLOG daemon\n\tlog_type = SYSLOG authpriv\n}\n'
              'includedir /etc/xinetd.d\n')

FAKE_XINETD = '''#!/usr/bin/python3
# a stand-in that dies when asked to reload, like an xinetd whose new
# configuration is fatal
import os, signal, sys, time
with open('/run/xinetd.pid', 'w') as f:
    f.write('%d\\n' % os.getpid())
signal.signal(signal.SIGHUP, lambda *a: os._exit(0))
while True:
    time.sleep(1)
'''


def classify(path, old, new, others=()):
    try:
        with open(path, 'rb') as handle:
            data = handle.read().decode('utf-8', 'replace')
    except IOError:
        return 'missing'
    if data == old:
        return 'old'
    if data == new:
        return 'new'
    for i, other in enumerate(others):
        if data == other:
            return 'other%d' % i
    return 'mixed'


def write_plain(path, text):
    with open(path, 'w') as handle:
        handle.write(text)


def stop_xinetd():
    subprocess.call(['sh', '-c', 'start-stop-daemon --stop --quiet --retry 5 --pidfile /run/xinetd.pid '
                     '--exec /usr/sbin/xinetd; pkill -x xinetd; rm -f /run/xinetd.pid'])
    time.sleep(0.2)


def start_xinetd():
    subprocess.check_call(['/etc/init.d/xinetd', 'start'], stdout=subprocess.DEVNULL)
    for dummy in range(50):
        if os.path.exists('/run/xinetd.pid'):
            break
        time.sleep(0.1)


def fresh(daemon_mod, start=True):
    stop_xinetd()
    write_plain(CONF, OLD_CONF)
    write_plain(SVC, OLD_SVC)
    if start:
        start_xinetd()
    return daemon_mod.Daemon(timeout=5.0, settle=0.5)


def listening(daemon, pid, timeout=5.0):
    """True when ``pid`` listens on PORT (a freshly started xinetd needs a moment)."""
    end = time.time() + timeout
    while True:
        # the pid reported right after a start may be the pre-fork parent
        pid = daemon.find() or pid
        if pid and ('tcp', PORT) in daemon.listening(pid):
            return True
        if time.time() > end:
            return False
        time.sleep(0.1)


def main():
    sys.path.insert(0, sys.argv[1])
    scenario = sys.argv[2]
    from ansible_collections.sysv.services.plugins.module_utils import _fileops
    from ansible_collections.sysv.services.plugins.module_utils._xinetd import daemon as dm

    out = {'scenario': scenario}

    def write_new(path, text):
        def _write():
            _fileops.atomic_write(path, text)
            return True
        return _write

    if scenario == 'not-running':
        daemon = fresh(dm, start=False)
        res = dm.apply(daemon, [SVC], write_new(SVC, NEW_SVC), expected=[('relsvc', 'tcp', PORT)])
        out.update(result=res, disk=classify(SVC, OLD_SVC, NEW_SVC), running=daemon.find() is not None,
                   expect_disk=['new'], told=(res['pid'] is None and not res['reloaded'] and not res['failed']))

    elif scenario == 'start-when-stopped':
        # xinetd_state: started on a host where xinetd is stopped (five times:
        # the pid found right after the init script returns can be the
        # pre-fork parent, which is gone a moment later)
        rounds = []
        for dummy in range(5):
            daemon = fresh(dm, start=False)
            res = dm.apply(daemon, [SVC], write_new(SVC, NEW_SVC), expected=[('relsvc', 'tcp', PORT)],
                           start=True)
            pid = daemon.find()
            rounds.append(dict(result=res, disk=classify(SVC, OLD_SVC, NEW_SVC),
                               running=pid is not None, listening=listening(daemon, pid)))
        bad = [r for r in rounds if r['disk'] != 'new' or r['result']['failed']]
        worst = bad[0] if bad else rounds[-1]
        out.update(worst, rounds=len(rounds), failed_rounds=len(bad), expect_disk=['new'],
                   told=bool(worst['result']['started'] and not worst['result']['failed']))

    elif scenario == 'fatal-on-reload':
        daemon = fresh(dm)
        res = dm.apply(daemon, [CONF], write_new(CONF, FATAL_CONF), expected=[('relsvc', 'tcp', PORT)])
        pid = daemon.find()
        out.update(result=res, disk=classify(CONF, OLD_CONF, FATAL_CONF), running=pid is not None,
                   listening=listening(daemon, pid), expect_disk=['old'],
                   told=bool(res['failed'] and res['rolled_back'] and 'no longer running' in res['msg']))

    elif scenario == 'fake-dies-on-reload':
        daemon = fresh(dm, start=False)
        os.makedirs('/tmp/fake', exist_ok=True)
        write_plain('/tmp/fake/xinetd', FAKE_XINETD)
        os.chmod('/tmp/fake/xinetd', 0o755)
        subprocess.Popen(['/tmp/fake/xinetd'], start_new_session=True)
        for dummy in range(50):
            if daemon.find():
                break
            time.sleep(0.1)
        fake_pid = daemon.find()
        res = dm.apply(daemon, [SVC], write_new(SVC, NEW_SVC), expected=[('relsvc', 'tcp', PORT)])
        pid = daemon.find()
        out.update(result=res, fake_pid=fake_pid, disk=classify(SVC, OLD_SVC, NEW_SVC),
                   running=pid is not None and pid != fake_pid, listening=listening(daemon, pid),
                   expect_disk=['old'], told=bool(res['failed'] and res['rolled_back']))

    elif scenario == 'killed-before-reload':
        class Killer(dm.Daemon):
            def reload(self, pid):
                os.kill(pid, signal.SIGKILL)
                time.sleep(0.3)
                return dm.Daemon.reload(self, pid)
        fresh(dm)
        daemon = Killer(timeout=5.0, settle=0.5)
        res = dm.apply(daemon, [SVC], write_new(SVC, NEW_SVC), expected=[('relsvc', 'tcp', PORT)])
        pid = daemon.find()
        out.update(result=res, disk=classify(SVC, OLD_SVC, NEW_SVC), running=pid is not None,
                   listening=listening(daemon, pid), expect_disk=['old'],
                   told=bool(res['failed'] and res['rolled_back']))

    elif scenario == 'stopped-during-reload':
        # xinetd gets SIGHUP and SIGUSR1 but handles neither (SIGSTOP, as a
        # daemon starved of CPU): the run cannot confirm the reload and must
        # say so; the signals are queued, so once continued xinetd reloads
        class Stopper(dm.Daemon):
            def reload(self, pid):
                os.kill(pid, signal.SIGSTOP)
                try:
                    return dm.Daemon.reload(self, pid)
                finally:
                    os.kill(pid, signal.SIGCONT)
        fresh(dm)
        daemon = Stopper(timeout=5.0, settle=0.5)
        res = dm.apply(daemon, [SVC], write_new(SVC, NEW_SVC), expected=[('relsvc', 'tcp', PORT)])
        pid = daemon.find()
        out.update(result=res, warnings=daemon.warnings, disk=classify(SVC, OLD_SVC, NEW_SVC),
                   running=pid is not None, listening=listening(daemon, pid), expect_disk=['new'],
                   told=bool(res['reloaded'] and not res['failed'] and len(daemon.warnings) == 1
                             and 'nothing confirms that it has re-read' in daemon.warnings[0]))

    elif scenario == 'disk-full':
        # /etc/xinetd.d is a tiny tmpfs (podman --tmpfs ...:size=...)
        daemon = fresh(dm, start=False)
        filler = DIR + '/.filler'
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while True:
                os.write(fd, b'x' * 1024)
        except (IOError, OSError):
            pass
        finally:
            os.close(fd)
        big = NEW_SVC + '# ' + 'y' * 16384 + '\n'
        res = dm.apply(daemon, [SVC], write_new(SVC, big), expected=[])
        leftovers = [n for n in os.listdir(DIR) if n.startswith('.relsvc.')]
        os.unlink(filler)
        out.update(result=res, disk=classify(SVC, OLD_SVC, big), leftovers=leftovers,
                   expect_disk=['old'],
                   told=bool(res['failed'] and 'No space left' in res['msg'] and not leftovers))

    elif scenario == 'read-only':
        # /etc/xinetd.d is a read-only bind mount; SVC holds OLD_SVC already
        daemon = dm.Daemon(timeout=5.0, settle=0.5)
        res = dm.apply(daemon, [SVC], write_new(SVC, NEW_SVC), expected=[])
        out.update(result=res, disk=classify(SVC, OLD_SVC, NEW_SVC), expect_disk=['old'],
                   told=bool(res['failed'] and 'Read-only file system' in res['msg']))

    elif scenario == 'killed-mid-write':
        # SIGKILL a writer process at random moments while it writes a large file
        stop_xinetd()
        rng = random.Random(7)
        old = OLD_SVC + '# ' + 'o' * (4 << 20) + '\n'
        new = NEW_SVC + '# ' + 'n' * (4 << 20) + '\n'
        write_plain(SVC, old)
        code = ('import sys; sys.path.insert(0, %r)\n'
                'from ansible_collections.sysv.services.plugins.module_utils import _fileops\n'
                'data = open("/tmp/new-content").read()\n'
                'while True:\n'
                '    _fileops.atomic_write(%r, data)\n' % (sys.argv[1], SVC))
        write_plain('/tmp/new-content', new)
        states = {}
        kills = 40
        for dummy in range(kills):
            proc = subprocess.Popen([sys.executable, '-c', code])
            time.sleep(rng.uniform(0.05, 0.6))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            state = classify(SVC, old, new)
            states[state] = states.get(state, 0) + 1
            write_plain(SVC, old) if rng.random() < 0.5 else None
        leftovers = [n for n in os.listdir(DIR) if n.startswith('.relsvc.')]
        out.update(states=states, kills=kills, leftovers=len(leftovers),
                   leftovers_skipped_by_includedir=all('.' in n for n in leftovers),
                   disk=classify(SVC, old, new), expect_disk=['old', 'new'],
                   told=(set(states) <= set(['old', 'new'])))
        for n in leftovers:
            os.unlink(os.path.join(DIR, n))

    else:
        raise SystemExit('unknown scenario %s' % scenario)
    print(json.dumps(out, default=str))


if __name__ == '__main__':
    main()
