# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""The [T] rules of xinetd-spec.md, checked against the real daemon.

Each case writes a configuration to a temporary directory, runs xinetd on it
(``-f``, ``-dontfork``, ``-filelog``) and reads which ports the daemon really
bound (its own sockets, from /proc) and, where access control matters,
whether a connection on 127.0.0.1 gets served.  The same files go through
``_xinetd.effective.load`` and the two answers must agree, and both must
match the outcome the spec states.

Services bind to 127.0.0.1 (except where the case is about a missing
``bind``) on free high ports; clients connect to 127.0.0.1 only.

The daemon comes from ``XINETD_BIN``, else ``xinetd`` on PATH, else
``/usr/sbin/xinetd``, else Debian's package unpacked under
``build/xinetd-root`` (``cd build && apt-get download xinetd libwrap0 &&
for p in *.deb; do dpkg-deb -x $p xinetd-root; done``; its libraries are
put on ``LD_LIBRARY_PATH``).  Without one (or when not root) the tests skip
and say why.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd.effective import load
from ansible_collections.sysv.services.plugins.module_utils._xinetd.host import Host

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import realxinetd  # noqa: E402  pylint: disable=wrong-import-position

SKIP_HINT = ('set XINETD_BIN to an xinetd 2.3.15 binary, install xinetd, or unpack Debian\'s '
             'xinetd and libwrap0 packages into build/xinetd-root (apt-get download xinetd '
             'libwrap0; dpkg-deb -x PKG build/xinetd-root)')
ENV = dict(os.environ)


def _find_xinetd():
    path, library_path = realxinetd.find_binary()
    ENV.update(realxinetd.binary_env(library_path))
    return path


@pytest.fixture(scope='module')
def xinetd_bin():
    if not sys.platform.startswith('linux') or not os.path.isdir('/proc/self/fd'):
        pytest.skip('needs Linux /proc to see which sockets xinetd bound')
    path = _find_xinetd()
    if not path:
        pytest.skip('no xinetd binary on this machine: ' + SKIP_HINT)
    if os.geteuid() != 0:
        pytest.skip('running xinetd services needs root (setuid to the service user)')
    try:
        proc = subprocess.Popen([path, '-version'], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=ENV)
        out, err = proc.communicate()
    except OSError as e:
        pytest.skip('xinetd at %s cannot run: %s; %s' % (path, e, SKIP_HINT))
    if proc.returncode != 0:
        pytest.skip('xinetd at %s cannot run (rc %s): %s; %s'
                    % (path, proc.returncode, err.decode('utf-8', 'replace').strip(), SKIP_HINT))
    return path


def free_ports(n):
    socks, ports = [], []
    for _i in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(('127.0.0.1', 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def _socket_inodes(pid):
    inodes = set()
    fd_dir = '/proc/%d/fd' % pid
    try:
        names = os.listdir(fd_dir)
    except OSError:
        return inodes
    for fd in names:
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith('socket:['):
            inodes.add(target[8:-1])
    return inodes


def bound_ports(pid):
    """{(port, 'tcp'|'udp')} of the sockets process pid listens on."""
    inodes = _socket_inodes(pid)
    found = set()
    for proto in ('tcp', 'tcp6', 'udp', 'udp6'):
        try:
            with open('/proc/net/' + proto) as f:
                lines = f.read().splitlines()[1:]
        except IOError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10 or fields[9] not in inodes:
                continue
            if proto.startswith('tcp') and fields[3] != '0A':
                continue
            port = int(fields[1].rsplit(':', 1)[1], 16)
            found.add((port, proto[:3]))
    return found


def served(port, timeout=3.0):
    """True if a /bin/cat service on 127.0.0.1:port echoes our line back."""
    return realxinetd.tcp_echoes(port, timeout)


class Run(object):
    def __init__(self, rc, log, ports, served_ports):
        self.rc = rc
        self.log = log
        self.ports = ports
        self.served = served_ports


def run_xinetd(xinetd_bin, directory, probe=()):
    """Start xinetd on directory/xinetd.conf, collect what it bound, stop it."""
    log = os.path.join(directory, 'xinetd.log')
    pidfile = os.path.join(directory, 'xinetd.pid')
    proc = subprocess.Popen([xinetd_bin, '-f', os.path.join(directory, 'xinetd.conf'),
                             '-dontfork', '-filelog', log, '-pidfile', pidfile],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd='/', env=ENV)
    rc = None
    text = ''
    deadline = time.time() + 15
    try:
        while time.time() < deadline:
            rc = proc.poll()
            if os.path.exists(log):
                with io.open(log, encoding='utf-8', errors='replace') as f:
                    text = f.read()
            if rc is not None or 'Started working' in text:
                break
            time.sleep(0.05)
        else:
            raise AssertionError('xinetd neither started nor exited:\n' + text)
        ports = bound_ports(proc.pid) if rc is None else set()
        ok = set(p for p in probe if rc is None and served(p))
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait()
            except Exception:
                proc.kill()
        proc.communicate()
    return Run(rc, text, ports, ok)


def engine(directory):
    return load(os.path.join(directory, 'xinetd.conf'))


def write(directory, files):
    for rel, text in files.items():
        path = os.path.join(directory, rel)
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        if not isinstance(text, type(u'')):
            text = text.decode('utf-8')
        with io.open(path, 'w', encoding='utf-8', newline='') as f:
            f.write(text)


@pytest.fixture
def workdir():
    d = tempfile.mkdtemp(prefix='xinetd-real-')
    yield d
    shutil.rmtree(d, ignore_errors=True)


def svc(name, port, *lines, **kw):
    """A /bin/cat service on 127.0.0.1:port (UNLISTED)."""
    base = ['type = UNLISTED', 'socket_type = stream', 'protocol = tcp', 'wait = no',
            'user = root', 'server = /bin/cat', 'port = %d' % port]
    if kw.get('bind', True):
        base.append('bind = 127.0.0.1')
    if kw.get('base') is not None:
        base = kw['base']
    body = ''.join('\t%s\n' % l for l in base + list(lines))
    return 'service %s\n{\n%s}\n' % (name, body)


def engine_ports(eff):
    return set((s['port'], s['protocol']) for s in eff.services.values() if s['port'])


def check(xinetd_bin, directory, files, expect_ports, expect_served=None, probe=()):
    write(directory, files)
    real = run_xinetd(xinetd_bin, directory, probe=probe)
    eff = engine(directory)
    assert real.ports == expect_ports, real.log
    assert engine_ports(eff) == expect_ports, eff.problems
    if expect_served is not None:
        assert real.served == expect_served, real.log
    return real, eff


def codes(eff):
    return set(p.code for p in eff.problems)


# -- the cases ------------------------------------------------------------------------

def test_baseline_service_is_served(xinetd_bin, workdir):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p)},
                      set([(p, 'tcp')]), set([p]), probe=[p])
    assert eff.problems == []


def test_inline_comment_leaves_service_enabled(xinetd_bin, workdir):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p, 'disable = yes # off')},
                      set([(p, 'tcp')]))
    assert 'expects 1 values and 3 values were specified' in real.log
    assert 'disable-ignored' in codes(eff)


def test_disable_yes_really_disables(xinetd_bin, workdir):
    p, = free_ports(1)
    check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p, 'disable = yes')}, set())


def test_no_space_before_operator_drops_the_entry(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p1, 'instances=5') +
                                            svc('t2', p2)}, set([(p2, 'tcp')]))
    assert 'no-space-before-op' in codes(eff)


def test_brace_on_service_line_loses_the_service(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    bad = svc('t1', p1).replace('service t1\n{', 'service t1 {')
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': bad + svc('t2', p2)},
                      set([(p2, 'tcp')]))
    assert "missing '{'" in real.log
    assert 'missing-brace' in codes(eff)


def test_unknown_keyword_swallows_the_next_service(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': 'includefile /nonexistent\n' + svc('t1', p1) + svc('t2', p2)},
        set([(p2, 'tcp')]))
    assert 'unknown-keyword' in codes(eff)


def test_missing_final_brace_loses_the_service(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': svc('t2', p2) + svc('t1', p1).rstrip('}\n') + '\n'}, set([(p2, 'tcp')]))
    assert 'unterminated-block' in codes(eff)


def test_mixed_case_is_accepted(xinetd_bin, workdir):
    p, = free_ports(1)
    text = svc('t1', p).replace('service', 'SERVICE').replace('wait = no', 'WAIT = NO') \
        .replace('type = UNLISTED', 'Type = unlisted').replace('socket_type = stream',
                                                               'Socket_Type = STREAM')
    check(xinetd_bin, workdir, {'xinetd.conf': text}, set([(p, 'tcp')]), set([p]), probe=[p])


def test_crlf_drops_the_service(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    crlf = svc('t1', p1).replace('\n', '\r\n')
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t2', p2) + crlf},
                      set([(p2, 'tcp')]))
    assert 'crlf' in codes(eff)


def test_crlf_only_on_the_disable_line(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': svc('t1', p1, 'disable = no\r') + svc('t2', p2)}, set([(p2, 'tcp')]))
    assert 'bad-value' in codes(eff)


def test_first_value_wins(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    base = ['type = UNLISTED', 'socket_type = stream', 'wait = no', 'user = root',
            'server = /bin/cat', 'bind = 127.0.0.1']
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': svc('t1', 0, 'port = %d' % p1, 'port = %d' % p2, base=base)},
        set([(p1, 'tcp')]))
    assert 'attribute already set' in real.log
    assert 'duplicate-attribute' in codes(eff)


def test_plus_equals_on_scalar_is_ignored(xinetd_bin, workdir):
    p, = free_ports(1)
    base = ['type = UNLISTED', 'socket_type = stream', 'wait = no', 'server = /bin/cat',
            'bind = 127.0.0.1', 'port = %d' % p]
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p, 'user += root',
                                                               base=base)}, set())
    assert 'bad-operator' in codes(eff) and 'missing-attribute' in codes(eff)


def test_equals_resets_inherited_only_from(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    files = {'xinetd.conf': 'defaults\n{\n\tonly_from = 10.255.255.1\n}\n' +
             svc('t1', p1) + svc('t2', p2, 'only_from = 127.0.0.1')}
    real, eff = check(xinetd_bin, workdir, files, set([(p1, 'tcp'), (p2, 'tcp')]),
                      set([p2]), probe=[p1, p2])
    by_port = dict((s['port'], s) for s in eff.services.values())
    assert by_port[p1]['attributes']['only_from'] == ['10.255.255.1']
    assert by_port[p2]['attributes']['only_from'] == ['127.0.0.1']


def test_address_in_both_lists_is_denied(xinetd_bin, workdir):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': svc('t1', p, 'only_from = 127.0.0.1', 'no_access = 127.0.0.1')},
        set([(p, 'tcp')]), set(), probe=[p])
    assert 'address-in-both' in codes(eff)


def test_empty_only_from_denies_everyone(xinetd_bin, workdir):
    p, = free_ports(1)
    check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p, 'only_from =')},
          set([(p, 'tcp')]), set(), probe=[p])


def test_error_in_defaults_makes_xinetd_exit_zero(xinetd_bin, workdir):
    p, = free_ports(1)
    write(workdir, {'xinetd.conf': 'defaults\n{\n\tinstances = lots\n}\n' + svc('t1', p)})
    real = run_xinetd(xinetd_bin, workdir)
    eff = engine(workdir)
    assert real.rc == 0, real.log
    assert eff.exits is True


def test_two_log_type_lines_in_defaults_are_fatal(xinetd_bin, workdir):
    p, = free_ports(1)
    log = os.path.join(workdir, 'service.log')
    write(workdir, {'xinetd.conf': 'defaults\n{\n\tlog_type = SYSLOG daemon info\n'
                                   '\tlog_type = FILE %s\n}\n' % log + svc('t1', p)})
    real = run_xinetd(xinetd_bin, workdir)
    eff = engine(workdir)
    assert real.rc == 0, real.log
    assert eff.exits is True and 'duplicate-log-type' in codes(eff)


def test_service_only_attribute_in_defaults_is_ignored(xinetd_bin, workdir):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': 'defaults\n{\n\tdisable = yes\n}\n' + svc('t1', p)}, set([(p, 'tcp')]))
    assert 'service-only' in codes(eff)


def test_access_times_24_00_disables(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p1, 'access_times = 08:00-24:00') +
                                            svc('t2', p2, 'access_times = 00:00-23:59')},
                      set([(p2, 'tcp')]))
    # The refusal message says what this daemon logs and does, and the fix.
    from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import check_access_time
    message = check_access_time('08:00-24:00')
    assert 'invalid time interval' in real.log and 'DISABLING SERVICE' in real.log
    assert 'logs "invalid time interval" and disables the service' in message
    assert '08:00-23:59' in message


def test_server_with_arguments_drops_the_service(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    base = ['type = UNLISTED', 'socket_type = stream', 'wait = no', 'user = root',
            'bind = 127.0.0.1']
    check(xinetd_bin, workdir, {
        'xinetd.conf': svc('t1', p1, 'server = /bin/cat -u', 'port = %d' % p1, base=base) +
        svc('t2', p2)}, set([(p2, 'tcp')]))


@pytest.mark.parametrize('line', [
    'flags = REUSE BOGUS', 'env -= FOO=1', 'server_args =', 'only_from = 127.0.0.1,127.0.0.2',
    'only_from = 127.0.{0,1}.1', 'log_on_success = TRAFFIC', 'groups = maybe', 'instances = -1', 'cps = 10 x',
])
def test_values_that_disable_the_service(xinetd_bin, workdir, line):
    p1, p2 = free_ports(2)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p1, line) + svc('t2', p2)},
                      set([(p2, 'tcp')]))
    assert eff.inactive[0]['state'] == 'dropped'


def test_factorized_address_is_accepted(xinetd_bin, workdir):
    p, = free_ports(1)
    check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p, 'only_from = 127.0.0.{2,1}')},
          set([(p, 'tcp')]), set([p]), probe=[p])


def test_trailing_zero_octets_are_wildcards(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p1, 'only_from = 127.0.0.0') +
                                svc('t2', p2, 'only_from = 127.0.0.2')},
          set([(p1, 'tcp'), (p2, 'tcp')]), set([p1]), probe=[p1, p2])


def test_dgram_wait_no_accepted_by_2_3_15_3(xinetd_bin, workdir):
    p, = free_ports(1)
    base = ['type = UNLISTED', 'socket_type = dgram', 'protocol = udp', 'wait = no',
            'user = root', 'server = /bin/cat', 'port = %d' % p, 'bind = 127.0.0.1']
    write(workdir, {'xinetd.conf': svc('u1', p, base=base)})
    real = run_xinetd(xinetd_bin, workdir)
    eff = engine(workdir)
    if '2.3.15.3' not in real.log:
        pytest.skip('this xinetd is not 2.3.15.3; the dgram/wait=no rule differs by version')
    assert real.ports == set([(p, 'udp')])
    assert engine_ports(eff) == set([(p, 'udp')])
    assert 'dgram-nowait' in codes(eff)


def test_includedir_skips_dotted_and_tilde_names(xinetd_bin, workdir):
    p1, p2, p3, p4 = free_ports(4)
    files = {'xinetd.conf': 'includedir %s/xinetd.d\n' % workdir,
             'xinetd.d/good': svc('t1', p1), 'xinetd.d/foo.conf': svc('t2', p2),
             'xinetd.d/good~': svc('t3', p3), 'xinetd.d/.hidden': svc('t4', p4)}
    real, eff = check(xinetd_bin, workdir, files, set([(p1, 'tcp')]))
    warned = [p.value for p in eff.problems if p.code == 'skipped-file' and
              p.severity == 'warning']
    assert warned == ['foo.conf']


def test_defaults_in_included_file_are_merged(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    files = {'xinetd.conf': 'includedir %s/xinetd.d\n' % workdir,
             'xinetd.d/0defaults': 'defaults\n{\n\tdisabled = t1\n}\n',
             'xinetd.d/t1': svc('t1', p1), 'xinetd.d/t2': svc('t2', p2)}
    check(xinetd_bin, workdir, files, set([(p2, 'tcp')]))


def test_enabled_list_disables_everything_else(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    check(xinetd_bin, workdir, {'xinetd.conf': 'defaults\n{\n\tenabled = T2\n}\n' +
                                svc('t1', p1) + svc('t2', p2)}, set([(p2, 'tcp')]))


def test_duplicate_port_same_bind_rejects_the_later_entry(xinetd_bin, workdir):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p) + svc('t2', p)},
                      set([(p, 'tcp')]))
    assert [s['name'] for s in eff.services.values()] == ['t1']
    assert 'duplicate-port' in codes(eff)


def test_duplicate_port_without_bind_second_cannot_bind(xinetd_bin, workdir):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': svc('t1', p, bind=False) + svc('t2', p, bind=False)}, set([(p, 'tcp')]))
    assert [s['name'] for s in eff.services.values()] == ['t1']
    assert 'port-in-use' in codes(eff)


def test_duplicate_ids_on_distinct_ports_both_load(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p1, 'id = same') +
                                svc('t2', p2, 'id = same')},
          set([(p1, 'tcp'), (p2, 'tcp')]))


def test_wrong_port_for_a_listed_service(xinetd_bin, workdir):
    services = '/etc/services'
    if not os.path.exists(services) or 'telnet' not in io.open(services, encoding='utf-8',
                                                               errors='replace').read():
        pytest.skip('no telnet entry in /etc/services on this machine')
    p, = free_ports(1)
    base = ['socket_type = stream', 'wait = no', 'user = root', 'server = /bin/cat',
            'bind = 127.0.0.1', 'port = %d' % p]
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('telnet', p, base=base)}, set())
    assert 'port-mismatch' in codes(eff)
    assert 'Service telnet expects port 23, not %d' % p in real.log, real.log


def test_debian_stock_configuration_loads_nothing(xinetd_bin, workdir):
    fixtures = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), 'fixtures', 'xinetd', 'debian')
    files = {}
    for name in os.listdir(os.path.join(fixtures, 'xinetd.d')):
        with io.open(os.path.join(fixtures, 'xinetd.d', name), encoding='utf-8',
                     newline='') as f:
            files['xinetd.d/' + name] = f.read()
    with io.open(os.path.join(fixtures, 'xinetd.conf'), encoding='utf-8', newline='') as f:
        files['xinetd.conf'] = f.read().replace('/etc/xinetd.d', workdir + '/xinetd.d')
    real, eff = check(xinetd_bin, workdir, files, set())
    assert 'Started working: 0 available services' in real.log
    assert len(eff.inactive) == 17


# -- behaviours found by comparing with the daemon (2.3.15.3) -------------------------

@pytest.mark.parametrize('lines', [
    ['only_from = 300.1.2.3 127.0.0.1'],          # "failed to parse": the value alone is dropped
    ['only_from = 10.0.0.1/abc 127.0.0.1'],
    ['only_from = 10.0.0.0/33 127.0.0.1'],        # prefix longer than 32 accepted
    ['only_from = 127.1'],                        # inet_aton: 127.0.0.1
    ['only_from = localhost'],                    # host names resolve at load (/etc/hosts)
    ['cps = -1 5'], ['access_times = 0:0-23:59'], ['env = =x'],
    ['groups = maybe', 'disable = no'],           # disable = no re-enables the service
    ['instances =5'],                             # the operator may touch the value
    ['instances == 5'],                           # two values: the line is ignored
])
def test_accepted_by_xinetd(xinetd_bin, workdir, lines):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p, *lines)},
                      set([(p, 'tcp')]), set([p]), probe=[p])
    assert [x for x in eff.problems if x.effect == 'service-dropped'] == []


@pytest.mark.parametrize('lines', [
    ['flags = NAMEINARGS'], ['protocol = udp'], ['access_times = 9:00-9:00'],
    ['only_from = 10.{1,2'], ['only_from = 10.{a,1}'],
    ['groups = maybe', 'disable = yes # off'],    # still disabled at the 'disable' line
    ['protocol = bogusproto'],
])
def test_rejected_by_xinetd(xinetd_bin, workdir, lines):
    p1, p2 = free_ports(2)
    base = ['type = UNLISTED', 'socket_type = stream', 'wait = no', 'user = root',
            'server = /bin/cat', 'port = %d' % p1, 'bind = 127.0.0.1']
    check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p1, *lines, base=base) + svc('t2', p2)},
          set([(p2, 'tcp')]))


def test_negative_max_load_loads_but_refuses_connections(xinetd_bin, workdir):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p, 'max_load = -1')},
                      set([(p, 'tcp')]), set(), probe=[p])
    assert 'odd-value' in codes(eff)


def test_raw_socket_needs_explicit_protocol(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    base = ['type = UNLISTED', 'socket_type = raw', 'wait = no', 'user = root',
            'server = /bin/cat', 'port = %d' % p1, 'bind = 127.0.0.1']
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p1, base=base) +
                                            svc('t2', p2)}, set([(p2, 'tcp')]))
    assert 'missing-attribute' in codes(eff)


def test_unparsable_only_from_value_leaves_an_empty_list(xinetd_bin, workdir):
    p, = free_ports(1)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p, 'only_from = 300.1.2.3')},
                      set([(p, 'tcp')]), set(), probe=[p])
    assert 'failed to parse' in real.log
    assert list(eff.services.values())[0]['attributes']['only_from'] == []


def test_line_without_operator_swallows_the_next_entry(xinetd_bin, workdir):
    p1, p2, p3 = free_ports(3)
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': svc('t1', p1, 'instances') + svc('t2', p2) + svc('t3', p3)},
        set([(p3, 'tcp')]))
    assert 'missing-operator' in codes(eff)


def test_quotes_are_part_of_the_arguments(xinetd_bin, workdir):
    p, = free_ports(1)
    base = ['type = UNLISTED', 'socket_type = stream', 'wait = no', 'user = root',
            'server = /bin/echo', 'port = %d' % p, 'bind = 127.0.0.1']
    write(workdir, {'xinetd.conf': svc('t1', p, 'server_args = [%s] "two words"', base=base)})
    log = os.path.join(workdir, 'xinetd.log')
    proc = subprocess.Popen([xinetd_bin, '-f', os.path.join(workdir, 'xinetd.conf'), '-dontfork',
                             '-filelog', log, '-pidfile', os.path.join(workdir, 'pid')],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    try:
        deadline = time.time() + 10
        while time.time() < deadline and not (
                os.path.exists(log) and 'Started working' in io.open(log).read()):
            time.sleep(0.05)
        s = socket.create_connection(('127.0.0.1', p), timeout=3)
        data = b''
        while True:
            chunk = s.recv(256)
            if not chunk:
                break
            data += chunk
        s.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate()
    assert data == b'[%s] "two words"\n'
    doc_values = list(engine(workdir).services.values())[0]['attributes']['server_args']
    assert doc_values == ['[%s]', '"two', 'words"']


def test_internal_services_must_be_built_in(xinetd_bin, workdir):
    p1, p2, p3 = free_ports(3)

    def internal(name, port, socket_type):
        return ('service %s\n{\n\ttype = INTERNAL UNLISTED\n\tport = %d\n\tsocket_type = %s\n'
                '\twait = %s\n\tbind = 127.0.0.1\n}\n'
                % (name, port, socket_type, 'no' if socket_type == 'stream' else 'yes'))
    real, eff = check(xinetd_bin, workdir, {
        'xinetd.conf': internal('servers', p1, 'stream') + internal('echo', p2, 'stream') +
        internal('tcpmux', p3, 'dgram')}, set([(p2, 'tcp')]))
    assert 'No such internal service' in real.log
    assert 'unknown-internal' in codes(eff)


def test_carriage_return_alone_is_a_blank_line(xinetd_bin, workdir):
    p1, p2 = free_ports(2)
    text = svc('t1', p1).replace('\tuser = root\n', '\tuser = root\n\r\n\x0b\n') + svc('t2', p2)
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': text}, set([(p1, 'tcp'), (p2, 'tcp')]))
    assert [p.severity for p in eff.problems] == ['warning']


# -- seeded random configurations ------------------------------------------------------

PERTURB = ['', '\tinstances', '\tport=5', '\tx + = y', '\tinstances =5', '\tinstances == 5',
           '\tdisable = yes', '\tdisable = no', '\tdisable = yes # off', '\tgroups = maybe', '# c',
           '\r', '\tonly_from = 300.1.1.1', '\tonly_from = 10.0.0.1,2', '\tflags = REUSE',
           '\tflags = BOGUS', '\tid = dup', '\tunknown_attr = 1', '\tinstances += 3',
           '\tlog_type = SYSLOG daemon', '\tlog_on_success = TRAFFIC', '\tenv -= A=1',
           '\tserver_args =', '\taccess_times = 1:00-24:00', '\tprotocol = udp', '\twait = yes',
           '\tcps = 10', '\tbind = 127.0.0.1', 'includefile /x', '}', '{', 'service', 'defaults',
           '\tdisable += yes']
TOP = ['', '# top', 'defaults\n{\n\tinstances = 30\n}', 'defaults\n{\n\tinstances = x\n}',
       'defaults\n{\n\tdisabled = s1\n}', 'includefile /x', '}', 'service q {']


def random_configuration(seed, ports):
    import random
    rnd = random.Random(seed)
    parts = []
    for i, port in enumerate(ports):
        if rnd.random() < 0.4:
            parts.append(rnd.choice(TOP))
        lines = ['\ttype = UNLISTED', '\tsocket_type = stream', '\twait = no', '\tuser = root',
                 '\tserver = /bin/cat', '\tport = %d' % port, '\tbind = 127.0.0.1']
        for _i in range(rnd.randint(0, 6)):
            lines.insert(rnd.randint(0, len(lines)), rnd.choice(PERTURB))
        parts.append('service s%d\n{\n%s\n}' % (i, '\n'.join(lines)))
    return '\n'.join(parts) + '\n'


@pytest.mark.parametrize('seed', range(40))
def test_random_configuration_agrees_with_the_daemon(xinetd_bin, workdir, seed):
    text = random_configuration(seed, free_ports(4))
    write(workdir, {'xinetd.conf': text})
    real = run_xinetd(xinetd_bin, workdir)
    eff = engine(workdir)
    assert (real.rc is not None) == eff.exits, text + real.log
    expected = set() if eff.exits else engine_ports(eff)
    assert real.ports == expected, text + real.log


def test_list_defaults_reach_only_services_parsed_after_them(xinetd_bin, workdir):
    p1, p2, p3 = free_ports(3)
    files = {'xinetd.conf': svc('t1', p1) + 'include %s/late\n' % workdir + svc('t3', p3),
             'late': 'defaults\n{\n\tonly_from = 10.255.255.1\n}\n' + svc('t2', p2)}
    real, eff = check(xinetd_bin, workdir, files, set([(p1, 'tcp'), (p2, 'tcp'), (p3, 'tcp')]),
                      set([p1]), probe=[p1, p2, p3])
    by_port = dict((s['port'], s) for s in eff.services.values())
    assert 'only_from' not in by_port[p1]['attributes']
    assert by_port[p3]['attributes']['only_from'] == ['10.255.255.1']


@pytest.mark.parametrize('line', ['server = /bin/cat\r', 'user = root\r'])
def test_carriage_return_in_a_value_drops_the_service(xinetd_bin, workdir, line):
    p1, p2 = free_ports(2)
    key = line.split()[0]
    base = [b for b in ['type = UNLISTED', 'socket_type = stream', 'wait = no', 'user = root',
                        'server = /bin/cat', 'port = %d' % p1, 'bind = 127.0.0.1']
            if b.split()[0] != key]
    check(xinetd_bin, workdir, {'xinetd.conf': svc('t1', p1, line, base=base) + svc('t2', p2)},
          set([(p2, 'tcp')]))


def test_log_type_in_two_defaults_entries_is_fatal(xinetd_bin, workdir):
    p, = free_ports(1)
    write(workdir, {'xinetd.conf': 'defaults\n{\n\tlog_type = SYSLOG daemon info\n}\n'
                                   'include %s/more\n' % workdir + svc('t1', p),
                    'more': 'defaults\n{\n\tlog_type = SYSLOG daemon\n}\n'})
    real = run_xinetd(xinetd_bin, workdir)
    eff = engine(workdir)
    assert real.rc == 0 and 'Cannot set more than one log_type' in real.log
    assert eff.exits is True and 'duplicate-log-type' in codes(eff)


DEFAULTS_LINES = [
    '\tinstances = 30', '\tinstances = x', '\tinstances += 3', '\tbind = 127.0.0.1',
    '\tonly_from = 10.9.9.9', '\tlog_type = SYSLOG daemon', '\tdisabled = s1',
    '\tdisabled = s2 s0', '\tenabled = s0 s3', '\tdisable = yes', '\taccess_times = 1:00-2:00',
    '\tcps = 10 5', '\tcps = x 5', '\tper_source = 2', '\tunknown = 1', '\tlog_on_success = PID',
    '\tlog_on_success = BOGUS', '\tgroups = maybe', '\tumask = 999', '\tv6only = no',
    '\tinstances', '\tport=3', '\tmax_load = 0', '\tpassenv = PATH', '\tno_access = 300.1.1.1',
    '\tonly_from = 10.0.0.1,2', '\tserver = /bin/cat']


@pytest.mark.parametrize('seed', range(30))
def test_random_defaults_agree_with_the_daemon(xinetd_bin, workdir, seed):
    import random
    rnd = random.Random(seed)
    ports = free_ports(4)

    def defaults():
        return 'defaults\n{\n%s\n}\n' % '\n'.join(
            rnd.choice(DEFAULTS_LINES) for _i in range(rnd.randint(0, 4)))

    def one(name, port):
        return svc(name, port, bind=rnd.random() < 0.7)
    main = (defaults() if rnd.random() < 0.7 else '') + one('s0', ports[0])
    main += 'includedir %s/d\n' % workdir
    main += (defaults() if rnd.random() < 0.5 else '') + one('s3', ports[3])
    files = {'xinetd.conf': main,
             'd/a': (defaults() if rnd.random() < 0.5 else '') + one('s1', ports[1]),
             'd/b': one('s2', ports[2]) + (defaults() if rnd.random() < 0.5 else '')}
    write(workdir, files)
    real = run_xinetd(xinetd_bin, workdir)
    eff = engine(workdir)
    assert (real.rc is not None) == eff.exits, repr(files) + real.log
    assert real.ports == (set() if eff.exits else engine_ports(eff)), repr(files) + real.log


def test_one_word_line_cuts_or_merges_the_next_line(xinetd_bin, workdir):
    p = free_ports(6)
    text = (svc('a', p[0]).replace('\tuser = root\n', '\tuser = root\n\tbogus\n') +  # blanks next
            svc('b', p[1]) +
            svc('c', p[2]).rstrip('}\n') + '\n\tbogus\n}\n' +                        # merges next
            svc('d', p[3]) + svc('e', p[4]) +
            'defaults\n{\n\tbogus\n\tinstances = 5\n}\n' + svc('f', p[5]))
    real, eff = check(xinetd_bin, workdir, {'xinetd.conf': text},
                      set([(p[1], 'tcp'), (p[4], 'tcp')]))
    assert 'missing-operator' in codes(eff)


# -- the cases where the modules and xinetd_info used to disagree ----------------------

def test_bind_to_an_address_the_host_does_not_have_is_not_served(xinetd_bin, workdir):
    # 198.51.100.7 is TEST-NET-2 (RFC 5737): no test machine has it
    p1, p2 = free_ports(2)
    write(workdir, {'xinetd.conf': svc('t1', p1, 'bind = 198.51.100.7', bind=False) +
                    svc('t2', p2)})
    real = run_xinetd(xinetd_bin, workdir, probe=[p2])
    assert real.ports == set([(p2, 'tcp')]), real.log
    assert 'bind failed' in real.log
    eff = load(os.path.join(workdir, 'xinetd.conf'), host=Host())
    assert engine_ports(eff) == set([(p2, 'tcp')])
    assert [(r['id'], r['state'], r['reason']) for r in eff.inactive] == \
        [('t1', 'dropped', 'bind-failed')]


def test_server_that_is_a_directory_is_loaded_and_fails_on_connect(xinetd_bin, workdir):
    p, = free_ports(1)
    base = ['type = UNLISTED', 'socket_type = stream', 'protocol = tcp', 'wait = no',
            'user = root', 'server = /tmp', 'port = %d' % p, 'bind = 127.0.0.1']
    write(workdir, {'xinetd.conf': svc('t1', p, base=base)})
    real = run_xinetd(xinetd_bin, workdir, probe=[p])
    assert real.ports == set([(p, 'tcp')]) and real.served == set(), real.log
    eff = load(os.path.join(workdir, 'xinetd.conf'), host=Host())
    assert engine_ports(eff) == set([(p, 'tcp')])
    assert 'server-not-a-file' in codes(eff)


@pytest.mark.parametrize('value,served', [('01:00-24:00', False), ('00:00-23:59 01:00-24:00', True)])
def test_bad_access_times_with_a_later_disable_no_listens(xinetd_bin, workdir, value, served):
    p, = free_ports(1)
    write(workdir, {'xinetd.conf': svc('t1', p, 'access_times = %s' % value, 'disable = no')})
    real = run_xinetd(xinetd_bin, workdir, probe=[p])
    # xinetd 2.3.15.3 listens; it admits only the intervals before the bad one
    assert real.ports == set([(p, 'tcp')]), real.log
    assert real.served == (set([p]) if served else set()), real.log
    eff = engine(workdir)
    assert engine_ports(eff) == set([(p, 'tcp')])
    rec = list(eff.services.values())[0]
    assert rec['attributes']['access_times'] == (['00:00-23:59'] if served else [])
    problem = [x for x in eff.problems if x.attribute == 'access_times'][0]
    assert problem.effect == ('value-dropped' if served else 'connections-refused')
