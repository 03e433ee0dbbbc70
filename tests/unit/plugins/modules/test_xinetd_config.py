# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd_config, xinetd_service and xinetd_info run as a target runs them,
against the real xinetd (tests/unit/realxinetd.py): ``Site.start()`` runs it
with the site's ``xinetd.conf`` (``includedir`` the site's ``xinetd.d``), its
own log, the site's pidfile, and its own ``/run`` in a private mount
namespace.  The modules get that explicit ``pidfile`` (so no other process
is ever signalled) and run in a mount namespace with the same ``/run``
(``Site.python()``), so the SIGUSR1 state dumps they wait for after a
reload are this daemon's, at the compiled-in ``/var/run/xinetd.dump``.
Every service binds 127.0.0.1 on a free high port; the tests connect to it
there and read their line back from ``/bin/cat``.  Without xinetd, root or
mount namespaces the tests that need the daemon skip and say why."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import signal
import socket
import stat
import sys

import pytest

pytest.importorskip('ansible')

from xinetd_module_helpers import PYTREE, ansible_lib, interpreter, run_module  # noqa: E402
from test_chkconfig_helpers import warnings  # noqa: E402
import realxinetd  # noqa: E402  pylint: disable=wrong-import-position
from realxinetd import free_port, tcp_echoes, tcp_refused, wait_for  # noqa: E402,F401


class Site(object):
    """An etc directory for the modules; ``start()`` runs the real xinetd on it."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.etc = str(tmp_path / 'etc')
        self.dir = os.path.join(self.etc, 'xinetd.d')
        os.makedirs(self.dir)
        self.main = os.path.join(self.etc, 'xinetd.conf')
        self.services = os.path.join(self.etc, 'services')
        with open(self.services, 'w') as handle:
            handle.write('telnet\t\t23/tcp\n')
        self.pidfile = os.path.join(self.etc, 'xinetd.pid')
        self.pid = None
        self.daemon = None

    def start(self):
        """Start the real xinetd (named ``xinetd``, as the modules expect) on this
        site; its pid.  Skips with the reason where it cannot run."""
        realxinetd.require()
        if not os.path.exists(self.main):
            with open(self.main, 'w') as handle:
                handle.write('defaults\n{\n}\nincludedir %s\n' % self.dir)
        self.daemon = realxinetd.Xinetd(str(self.tmp / 'xinetd-daemon'), 'xinetd', conf=self.main,
                                        pidfile=self.pidfile)
        self.pid = self.daemon.start()     # -stayalive: it runs with no service too
        return self.pid

    def python(self, python=None):
        """The interpreter to run a module with: ``python`` (default: this one) in a
        mount namespace with the daemon's /run once it has been started."""
        python = python or sys.executable
        return self.daemon.interpreter(python) if self.daemon else python

    def stop(self):
        if self.daemon:
            self.daemon.stop()

    def reloads(self):
        """How often the daemon has re-read its configuration (its log says so)."""
        return self.daemon.count(realxinetd.RECONFIGURED)

    def serving(self, pid):
        """``pid`` is still the daemon of this site (reloaded, not restarted)."""
        return self.daemon.pid_from_file() == pid and self.daemon.is_ours(pid)

    def args(self, **kwargs):
        base = dict(path=self.main, includedir=self.dir, services_file=self.services,
                    pidfile=self.pidfile, reload_timeout=2)
        base.update(kwargs)
        return base

    def read(self, name):
        with open(os.path.join(self.dir, name)) as handle:
            return handle.read()


@pytest.fixture
def site(tmp_path):
    s = Site(tmp_path)
    yield s
    s.stop()


def cat(port, **extra):
    """An UNLISTED ``/bin/cat`` service on 127.0.0.1:port (it echoes what it is sent)."""
    entry = dict(type=['UNLISTED'], port=port, socket_type='stream', wait=False, user='root',
                 server='/bin/cat', bind='127.0.0.1')
    entry.update(extra)
    return entry


def confirmed(result):
    """No warning that the reload could not be confirmed by the daemon's state dumps."""
    return not any('state dumps' in w for w in warnings(result))


@pytest.mark.parametrize('python', ['controller', '2.7.18', '3.6.15'])
def test_config_reload_and_rollback(site, tmp_path, python):
    py = interpreter(python)
    pid = site.start()
    py = site.python(py)
    p1, p2 = free_port(), free_port()
    assert tcp_refused(p1)
    args = site.args(defaults=dict(instances=30), services={'svc-a': cat(p1)})
    first = run_module('xinetd_config', args, python=py, tmp_path=tmp_path)
    assert first.get('failed') is not True, first
    assert first['changed'] and first['reloaded'] and first['xinetd_pid'] == pid
    assert first['reload_method'] == 'signal' and confirmed(first), first
    # the running xinetd re-read its configuration (once) and serves svc-a: /bin/cat echoes
    assert site.reloads() == 1, site.daemon.log_text()
    assert tcp_echoes(p1), site.daemon.log_text()
    assert site.serving(pid)                                  # reloaded, not restarted
    main = open(site.main).read()
    assert main.startswith('# Managed by sysv.services.xinetd_config')
    assert 'includedir %s' % site.dir in main

    again = run_module('xinetd_config', args, python=py, tmp_path=tmp_path)
    assert again['changed'] is False and again['reloaded'] is False
    assert site.reloads() == 1 and tcp_echoes(p1)            # no signal without a change

    # p2 is taken by another program: the reload leaves svc-a without its
    # socket, so both files go back and xinetd is reloaded again.
    before_main, before_a = open(site.main).read(), site.read('svc-a')
    blocker = socket.socket()
    blocker.bind(('127.0.0.1', p2))
    blocker.listen(1)
    try:
        bad = run_module('xinetd_config', site.args(defaults=dict(instances=40),
                                                    services={'svc-a': cat(p2)}),
                         python=py, tmp_path=tmp_path)
    finally:
        blocker.close()
    assert bad['failed'] is True and bad['rolled_back'] is True and bad['changed'] is False, bad
    assert '%d/tcp for service svc-a' % p2 in bad['msg']
    assert 'after the rollback' not in bad['msg']   # the old port was checked and is back
    assert open(site.main).read() == before_main
    assert site.read('svc-a') == before_a
    log = site.daemon.log_text()
    assert 'bind failed (Address already in use' in log, log     # the daemon really failed on p2
    assert wait_for(lambda: site.reloads() == 3), site.daemon.log_text()   # new config, then the old
    assert tcp_echoes(p1), site.daemon.log_text()                # the old port serves again
    assert tcp_refused(p2)                                        # and xinetd holds nothing on p2
    assert site.serving(pid)


# sitecustomize for the module's interpreter: at exit, the names of every
# module it imported go to the file named by SYSV_TEST_IMPORTED
IMPORT_HOOK = u'''import atexit, os, sys
def _dump():
    with open(os.environ['SYSV_TEST_IMPORTED'], 'w') as handle:
        handle.write('\\n'.join(sorted(sys.modules)))
atexit.register(_dump)
'''
ENGINE = 'ansible_collections.sysv.services.plugins.module_utils.'


def run_recording_imports(tmp_path, args, python=None):
    """Run xinetd_config; return its result and the engine modules it imported (``_xinetd.daemon``...)."""
    hook = tmp_path / 'import-hook'
    if not hook.exists():
        hook.mkdir()
        (hook / 'sitecustomize.py').write_text(IMPORT_HOOK)
    listing = tmp_path / 'imported.txt'
    if listing.exists():
        listing.unlink()
    env = dict(PYTHONPATH=os.pathsep.join([str(hook), ansible_lib(), PYTREE]),
               SYSV_TEST_IMPORTED=str(listing))
    result = run_module('xinetd_config', args, env=env, python=python, tmp_path=tmp_path)
    names = listing.read_text().split()
    return result, set(name[len(ENGINE):] for name in names if name.startswith(ENGINE))


def test_noop_does_not_import_the_write_path(site, tmp_path):
    """A run with nothing to change judges the whole configuration but does not import
    the reload, start and rollback code, the layout editor or the release checks."""
    pid = site.start()
    py = site.python()
    port = free_port()
    args = site.args(defaults=dict(instances=30), services={'svc-a': cat(port)}, xinetd_state='started')
    first, imported = run_recording_imports(tmp_path, args, python=py)
    assert first.get('failed') is not True, first
    assert first['changed'] and first['reloaded'] and first['xinetd_pid'] == pid and confirmed(first)
    assert {'_xinetd.daemon', '_xinetd.versions'} <= imported     # a write loads them
    assert site.reloads() == 1 and tcp_echoes(port), site.daemon.log_text()

    again, imported = run_recording_imports(tmp_path, args, python=py)
    assert again.get('failed') is not True, again
    assert again['changed'] is False and again['reloaded'] is False
    assert again['xinetd_pid'] == pid and again['xinetd_running'] is True
    assert again['xinetd_started'] is False and again['reload_method'] is None
    assert [s['id'] for s in again['services']['svc-a']] == ['svc-a']   # judged all the same
    assert {'_xinetd.judge', '_xinetd.effective', '_xinetd.process'} <= imported
    assert not imported & {'_xinetd.daemon', '_xinetd.edit', '_xinetd.versions', '_sysv.lsb'}
    # the daemon got no signal: no reconfiguration, no new state dump
    dumps = site.daemon.log_text().count('generated state dump')
    assert site.reloads() == 1 and site.serving(pid)

    # a file edited by hand, same meaning: still nothing to write, but now the
    # layout editor is needed to tell
    path = os.path.join(site.dir, 'svc-a')
    with open(path) as handle:
        text = handle.read()
    with open(path, 'w') as handle:
        handle.write('# kept by hand\n' + text)
    edited, imported = run_recording_imports(tmp_path, args, python=py)
    assert edited['changed'] is False, edited
    assert '_xinetd.edit' in imported and '_xinetd.daemon' not in imported
    assert site.reloads() == 1 and site.daemon.log_text().count('generated state dump') == dumps
    assert tcp_echoes(port)
    with open(path) as handle:
        assert handle.read().startswith('# kept by hand\n')


def test_service_module_reload_without_dropping_pid(site, tmp_path):
    pid = site.start()
    py = site.python()
    port = free_port()
    with open(site.main, 'w') as handle:
        handle.write('defaults\n{\n}\nincludedir %s\n' % site.dir)
    args = dict(cat(port), name='svc-b', config_dir=site.dir, main_config=site.main,
                services_file=site.services, pidfile=site.pidfile, reload_timeout=2)
    result = run_module('xinetd_service', args, python=py, tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['reloaded'] is True and result['xinetd_pid'] == pid and confirmed(result), result
    assert tcp_echoes(port), site.daemon.log_text()
    assert site.serving(pid) and site.reloads() == 1
    off = run_module('xinetd_service', dict(args, enabled=False), python=py, tmp_path=tmp_path)
    assert off['changed'] and off['reloaded'] and off.get('failed') is not True, off
    assert 'disable         = yes' in site.read('svc-b')
    assert wait_for(lambda: tcp_refused(port)), site.daemon.log_text()
    assert site.serving(pid) and site.reloads() == 2          # the same daemon, reloaded twice


def test_reload_false_leaves_daemon_alone(site, tmp_path):
    pid = site.start()
    port = free_port()
    result = run_module('xinetd_config', site.args(services={'svc-c': cat(port)}, reload=False),
                        python=site.python(), tmp_path=tmp_path)
    assert result['changed'] is True and result['reloaded'] is False, result
    # no signal reached the daemon: no reconfiguration, no state dump, the port stays closed
    log = site.daemon.log_text()
    assert site.reloads() == 0 and 'state dump' not in log, log
    assert tcp_refused(port) and site.serving(pid)
    # what was written is a configuration xinetd serves once it is told to re-read it
    os.kill(pid, signal.SIGHUP)
    assert wait_for(lambda: site.reloads() == 1), site.daemon.log_text()
    assert wait_for(lambda: tcp_echoes(port)), site.daemon.log_text()


def test_config_check_mode_and_diff(site, tmp_path):
    args = site.args(defaults=dict(instances=30, log_type='SYSLOG daemon info'),
                     services={'svc-a': cat(free_port())})
    checked = run_module('xinetd_config', args, check=True, diff=True, tmp_path=tmp_path)
    assert checked['changed'] is True
    assert [d['after_header'] for d in checked['diff']] == [site.main, os.path.join(site.dir, 'svc-a')]
    assert not os.path.exists(site.main) and os.listdir(site.dir) == []
    # the effective view already shows the pending change
    assert checked['defaults']['instances'] == ['30']
    assert checked['services']['svc-a'][0]['attributes']['instances'] == ['30']


def test_config_errors_write_nothing(site, tmp_path):
    good = cat(free_port())
    cases = [
        (dict(defaults=dict(instances='lots')), 'defaults.instances'),
        (dict(services={'bad.name': good}), 'bad.name'),
        (dict(services={'svc': dict(good, cps=[1])}), 'services.svc.cps'),
        (dict(services={'svc': dict(good, no_such_option=1)}), 'no_such_option'),
        (dict(services={'svc': dict(good, user='no-such-user-xyz')}), 'no-such-user-xyz'),
        (dict(services={'svc': dict(good, src='x.j2')}), 'action plugin'),
        (dict(defaults=dict(instances=5), services={'svc': good, 'telnet': dict(good, port=2323, type=None)}),
         '2323'),
    ]
    for extra, word in cases:
        result = run_module('xinetd_config', site.args(**extra), tmp_path=tmp_path)
        assert result['failed'] is True, (extra, result)
        assert word in result['msg'], (word, result['msg'])
        assert not os.path.exists(site.main) and os.listdir(site.dir) == []


def test_purge_true_and_disable(site, tmp_path):
    with open(os.path.join(site.dir, 'echo'), 'w') as handle:
        handle.write('# vendor file\nservice echo\n{\n\ttype = INTERNAL\n\tid = echo-stream\n'
                     '\tsocket_type = stream\n\twait = no\n}\nservice echo\n{\n\ttype = INTERNAL\n'
                     '\tid = echo-dgram\n\tsocket_type = dgram\n\twait = yes\n\tdisable = no\n}\n')
    with open(os.path.join(site.dir, 'keep.dpkg-old'), 'w') as handle:
        handle.write('never loaded\n')
    port = free_port()
    disabled = run_module('xinetd_config', site.args(services={'svc': cat(port)}, purge='disable', backup=True),
                          tmp_path=tmp_path)
    assert disabled.get('failed') is not True, disabled
    text = site.read('echo')
    assert text.startswith('# vendor file\n')
    # only the disable lines change (the one editor chkconfig uses too)
    assert text.count('\tdisable = yes\n') == 2 and 'disable = no' not in text
    assert '\twait = no\n\tdisable = yes\n}\nservice echo\n' in text
    assert disabled['backup_files'][os.path.join(site.dir, 'echo')]
    again = run_module('xinetd_config', site.args(services={'svc': cat(port)}, purge='disable'),
                       tmp_path=tmp_path)
    assert again['changed'] is False
    removed = run_module('xinetd_config', site.args(services={'svc': cat(port)}, purge=True),
                         tmp_path=tmp_path)
    assert removed['changed'] is True
    names = sorted(os.listdir(site.dir))
    assert 'echo' not in names and 'svc' in names and 'keep.dpkg-old' in names


def test_xinetd_info(site, tmp_path):
    pid = site.start()
    py = site.python()
    port = free_port()
    written = run_module('xinetd_config', site.args(defaults=dict(instances=30), services={'svc-a': cat(port)}),
                         python=py, tmp_path=tmp_path)
    assert written.get('failed') is not True and written['reloaded'] is True, written
    assert tcp_echoes(port), site.daemon.log_text()
    with open(os.path.join(site.dir, 'broken'), 'w') as handle:
        handle.write('service broken {\n\tsocket_type = stream\n}\n')
    with open(os.path.join(site.dir, 'skipped.conf'), 'w') as handle:
        handle.write('service skipped\n{\n}\n')
    info = run_module('xinetd_info', dict(path=site.main, services_file=site.services, pidfile=site.pidfile),
                      check=True, python=py, tmp_path=tmp_path)
    assert info.get('failed') is not True, info
    assert info['changed'] is False
    assert info['running'] == pid
    assert ['tcp', port] in info['listening']          # read from the daemon's sockets in /proc
    assert info['services']['svc-a']['attributes']['instances'] == ['30']
    assert info['services']['svc-a']['port'] == port
    assert os.path.join(site.dir, 'skipped.conf') in info['ignored_files']
    assert 'skipped' not in info
    codes = set(p['code'] for p in info['problems'])
    assert 'missing-brace' in codes or any(p['file'] == os.path.join(site.dir, 'broken')
                                           for p in info['problems'])
    missing = run_module('xinetd_info', dict(path=os.path.join(site.etc, 'nope.conf'),
                                             pidfile=site.pidfile), tmp_path=tmp_path)
    assert missing['failed'] is True and 'nope.conf' in missing['msg']


def test_conflicts_between_files_are_refused_before_writing(site, tmp_path):
    port = free_port()
    with open(site.main, 'w') as handle:
        handle.write('defaults\n{\n}\nincludedir %s\n' % site.dir)
    before = open(site.main).read()
    # two new services on one port: xinetd would deactivate the later one
    both = run_module('xinetd_config', site.args(services={'svc-a': cat(port), 'svc-b': cat(port)}),
                      tmp_path=tmp_path)
    assert both['failed'] is True and both['changed'] is False
    assert 'svc-b' in both['msg'] and str(port) in both['msg'] and 'svc-a' in both['msg']
    assert os.listdir(site.dir) == [] and open(site.main).read() == before

    # a new file that clashes with a file already there (earlier in strcmp order,
    # so the problem is reported on the existing file, naming the new one)
    with open(os.path.join(site.dir, 'zzz-old'), 'w') as handle:
        handle.write('service zzz-old\n{\n\ttype = UNLISTED\n\tport = %d\n\tsocket_type = stream\n'
                     '\twait = no\n\tuser = root\n\tserver = /bin/cat\n\tbind = 127.0.0.1\n}\n' % port)
    args = dict(cat(port), name='aaa-new', config_dir=site.dir, main_config=site.main,
                services_file=site.services, pidfile=site.pidfile)
    clash = run_module('xinetd_service', args, check=True, tmp_path=tmp_path)
    assert clash['failed'] is True and 'zzz-old' in clash['msg'] and 'aaa-new' in clash['msg']
    assert sorted(os.listdir(site.dir)) == ['zzz-old']
    # on a port of its own the new entry is fine
    other = run_module('xinetd_service', dict(args, port=free_port()), check=True, tmp_path=tmp_path)
    assert other.get('failed') is not True, other
    assert other['changed'] is True


DEBIAN_XINETD_D = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))), 'build', 'xinetd-root', 'etc', 'xinetd.d')


@pytest.fixture
def debian_site(site):
    if not os.path.isdir(DEBIAN_XINETD_D):
        pytest.skip("Debian's xinetd files are not unpacked (%s): run 'make xinetd-root'" % DEBIAN_XINETD_D)
    with open(site.main, 'w') as handle:
        handle.write('defaults\n{\n}\nincludedir %s\n' % site.dir)
    originals = {}
    for name in os.listdir(DEBIAN_XINETD_D):
        with open(os.path.join(DEBIAN_XINETD_D, name)) as handle:
            originals[name] = handle.read()
        with open(os.path.join(site.dir, name), 'w') as handle:
            handle.write(originals[name])
    site.originals = originals
    return site


def test_purge_disable_leaves_already_disabled_vendor_files_alone(debian_site, tmp_path):
    site = debian_site
    result = run_module('xinetd_config', site.args(services={}, purge='disable'), diff=True, tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['changed'] is False
    assert set(result['files']) == set(os.path.join(site.dir, n) for n in site.originals)
    assert not [f for f in result['files'].values() if f['changed']]
    for name, text in site.originals.items():
        assert site.read(name) == text


@pytest.mark.parametrize('check', [True, False])
@pytest.mark.parametrize('option, value, word', [
    ('mode', '0x44', "mode: mode must be an octal number such as 0644, got '0x44'"),
    ('owner', 'nosuchuser-sysv', "owner: user 'nosuchuser-sysv' does not exist"),
    ('file_group', 'nosuchgroup-sysv', "file_group: group 'nosuchgroup-sysv' does not exist"),
])
def test_bad_file_attributes_fail_in_check_mode_too(site, tmp_path, check, option, value, word):
    # check mode used to report changed: true where the real run fails
    args = site.args(defaults=dict(instances=30), services={'svc': cat(free_port())})
    args[option] = value
    result = run_module('xinetd_config', args, check=check, tmp_path=tmp_path)
    assert result.get('failed') is True, result
    assert result['changed'] is False
    assert word in result['msg'], result['msg']
    assert not os.path.exists(site.main) and os.listdir(site.dir) == []


def test_purge_disable_keeps_mode_and_owner_of_files_it_does_not_own(site, tmp_path):
    # one vendor file already off, one on; both 0600: the line edit changes
    # the disable line and nothing else, and the file already off is untouched
    off = os.path.join(site.dir, 'tftp')
    on = os.path.join(site.dir, 'echo')
    with open(off, 'w') as handle:
        handle.write('service tftp\n{\n\tsocket_type = dgram\n\twait = yes\n\tdisable = yes\n}\n')
    with open(on, 'w') as handle:
        handle.write('service echo\n{\n\ttype = INTERNAL\n\tsocket_type = stream\n\twait = no\n}\n')
    os.chmod(off, 0o600)
    os.chmod(on, 0o600)
    result = run_module('xinetd_config', site.args(services={'svc': cat(free_port())}, purge='disable'),
                        tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['files'][off] == dict(state='disabled', changed=False)
    assert result['files'][on] == dict(state='disabled', changed=True)
    assert stat.S_IMODE(os.stat(off).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(on).st_mode) == 0o600
    assert site.read('echo').endswith('\twait = no\n\tdisable = yes\n}\n')
    again = run_module('xinetd_config', site.args(services={'svc': cat(free_port())}, purge='disable'),
                       tmp_path=tmp_path)
    assert not [f for f in again['files'].values() if f['changed'] and f['state'] == 'disabled'], again


def test_purge_disable_leaves_a_file_that_is_not_utf8_byte_for_byte(site, tmp_path):
    other = os.path.join(site.dir, 'latin')
    data = b'# caf\xe9 \xff\nservice latin\n{\n\ttype = INTERNAL\n\tid = echo-stream\n\tsocket_type = stream\n' \
        b'\twait = no\n}\n'
    with open(other, 'wb') as handle:
        handle.write(data)
    result = run_module('xinetd_config', site.args(services={'svc': cat(free_port())}, purge='disable'),
                        tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    with open(other, 'rb') as handle:
        assert handle.read() == data
    assert other not in result['files']
    assert any(('purge: %s is not UTF-8 text' % other) in w and 'not turned off' in w
               for w in warnings(result)), result.get('warnings')


# The telnet-server file of CentOS 6, with a server this machine has.
CENTOS_TELNET = ('# default: on\n'
                 '# description: The telnet server serves telnet sessions; it uses \\\n'
                 '#\tunencrypted username/password pairs for authentication.\n'
                 'service telnet\n'
                 '{\n'
                 '\tflags\t\t= REUSE\n'
                 '\tsocket_type\t= stream        \n'
                 '\twait\t\t= no\n'
                 '\tuser\t\t= root\n'
                 '\tserver\t\t= /bin/cat\n'
                 '\tlog_on_failure\t+= USERID\n'
                 '\tdisable\t\t= yes\n'
                 '}\n')


@pytest.mark.parametrize('module', ['xinetd_config', 'xinetd_service'])
def test_taking_over_a_vendor_file_keeps_its_comments_and_untouched_lines(site, tmp_path, module):
    with open(os.path.join(site.dir, 'telnet'), 'w') as handle:
        handle.write(CENTOS_TELNET)
    telnet = dict(flags=['REUSE'], socket_type='stream', wait=False, user='root', server='/bin/cat',
                  log_on_failure={'add': ['USERID']}, only_from=['127.0.0.1'], enabled=True)
    if module == 'xinetd_config':
        args = site.args(services=dict(telnet=telnet))
    else:
        args = dict(telnet, name='telnet', config_dir=site.dir, main_config=site.main,
                    services_file=site.services, pidfile=site.pidfile)
    result = run_module(module, args, diff=True, tmp_path=tmp_path)
    assert result.get('failed') is not True, result
    assert result['changed'] is True
    after = site.read('telnet').splitlines()
    before = CENTOS_TELNET.splitlines()
    assert after[0] == '# Managed by sysv.services.xinetd_service; local changes are overwritten.'
    assert after[1:] == before[:-2] + ['\tdisable         = no', '\tonly_from       = 127.0.0.1', '}']
    again = run_module(module, args, tmp_path=tmp_path)
    assert again['changed'] is False
