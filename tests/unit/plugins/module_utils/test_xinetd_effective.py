# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Effective configuration: includes, defaults merging, operators, problems."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import os

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd.effective import (
    chkconfig_skips,
    load,
    xinetd_skips,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.host import parse_services

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'fixtures', 'xinetd')

SERVICES = {('telnet', 'tcp'): 23, ('ftp', 'tcp'): 21, ('echo', 'tcp'): 7, ('echo', 'udp'): 7,
            ('chargen', 'tcp'): 19, ('chargen', 'udp'): 19, ('daytime', 'tcp'): 13,
            ('daytime', 'udp'): 13, ('discard', 'tcp'): 9, ('discard', 'udp'): 9,
            ('time', 'tcp'): 37, ('time', 'udp'): 37}


class FakeFS(object):
    """An in-memory tree: {path: text} for files, directories implied."""

    def __init__(self, files, dirs=()):
        self.files = dict(files)
        self.dirs = set(dirs)
        for path in self.files:
            d = os.path.dirname(path)
            while d and d != '/':
                self.dirs.add(d)
                d = os.path.dirname(d)

    def read(self, path):
        if path not in self.files:
            raise IOError(2, 'No such file or directory')
        return self.files[path]

    def listdir(self, path):
        path = path.rstrip('/')
        if path not in self.dirs:
            raise OSError(2, 'No such file or directory')
        names = set()
        for p in list(self.files) + list(self.dirs):
            if os.path.dirname(p) == path:
                names.add(os.path.basename(p))
        return list(names)

    def isfile(self, path):
        return path in self.files

    def load(self, main='/etc/xinetd.conf', **kw):
        kw.setdefault('services_db', SERVICES)
        return load(main, reader=self.read, listdir=self.listdir, isfile=self.isfile, **kw)


MAIN = 'defaults\n{\n}\nincludedir /etc/xinetd.d\n'

TELNET = ('service telnet\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n'
          '\tserver = /usr/sbin/in.telnetd\n%s}\n')


def telnet(*lines):
    return TELNET % ''.join('\t%s\n' % l for l in lines)


def codes(eff):
    return sorted(p.code for p in eff.problems)


def problem(eff, code):
    found = [p for p in eff.problems if p.code == code]
    assert found, 'no %s in %r' % (code, eff.problems)
    return found[0]


def test_simple_service_is_loaded_with_port_from_etc_services():
    eff = FakeFS({'/etc/xinetd.conf': MAIN, '/etc/xinetd.d/telnet': telnet()}).load()
    assert list(eff.services) == ['telnet']
    svc = eff.services['telnet']
    assert (svc['port'], svc['protocol'], svc['file'], svc['enabled']) == (
        23, 'tcp', '/etc/xinetd.d/telnet', True)
    assert svc['attributes']['server'] == ['/usr/sbin/in.telnetd']
    assert eff.problems == []
    assert eff.files == ['/etc/xinetd.conf', '/etc/xinetd.d/telnet']


def test_includedir_skip_rules_and_strcmp_order():
    fs = FakeFS({'/etc/xinetd.conf': MAIN,
                 '/etc/xinetd.d/telnet': telnet(),
                 '/etc/xinetd.d/foo.conf': telnet(),
                 '/etc/xinetd.d/telnet~': telnet(),
                 '/etc/xinetd.d/telnet.rpmnew': telnet(),
                 '/etc/xinetd.d/B': '', '/etc/xinetd.d/a': ''},
                dirs=['/etc/xinetd.d/subdir'])
    eff = fs.load()
    assert eff.files == ['/etc/xinetd.conf', '/etc/xinetd.d/B', '/etc/xinetd.d/a',
                         '/etc/xinetd.d/telnet']
    assert sorted(eff.skipped) == ['/etc/xinetd.d/foo.conf', '/etc/xinetd.d/subdir',
                                   '/etc/xinetd.d/telnet.rpmnew', '/etc/xinetd.d/telnet~']
    skipped = dict((p.value, p) for p in eff.problems if p.code == 'skipped-file')
    # foo.conf: xinetd never loads it (warning), chkconfig --list shows it (info)
    assert skipped['foo.conf'].severity == 'warning'
    mismatch = [p for p in eff.problems if p.code == 'chkconfig-lists-unloaded']
    assert [(p.value, p.severity) for p in mismatch] == [('foo.conf', 'info')]
    # names chkconfig also hides are only informational
    assert skipped['telnet~'].severity == 'info'
    assert skipped['telnet.rpmnew'].severity == 'info'
    assert problem(eff, 'not-a-file').value == 'subdir'


@pytest.mark.parametrize('name,xinetd,chkconfig', [
    ('telnet', False, False), ('foo.conf', True, False), ('telnet~', True, True),
    ('.hidden', True, True), ('x.rpmsave', True, True), ('x.swp', True, True),
    ('x,', False, True), ('echo-stream', False, False),
])
def test_skip_rules(name, xinetd, chkconfig):
    assert xinetd_skips(name) is xinetd
    assert chkconfig_skips(name) is chkconfig


def test_missing_includedir_is_a_problem_and_parsing_goes_on():
    fs = FakeFS({'/etc/xinetd.conf': 'includedir /etc/nowhere\n' + telnet()})
    eff = fs.load()
    assert codes(eff) == ['includedir-missing']
    assert list(eff.services) == ['telnet']


def test_include_file_and_missing_include():
    fs = FakeFS({'/etc/xinetd.conf': 'include /etc/xinetd.extra\ninclude /etc/none\n',
                 '/etc/xinetd.extra': telnet()})
    eff = fs.load()
    assert list(eff.services) == ['telnet']
    assert problem(eff, 'unreadable-file').value == '/etc/none'


def test_include_loop_is_reported():
    fs = FakeFS({'/etc/xinetd.conf': 'include /etc/xinetd.conf\n'})
    assert codes(fs.load()) == ['include-loop']


def test_relative_include_warns():
    fs = FakeFS({'/etc/xinetd.conf': 'includedir etc/xinetd.d\n', '/etc/xinetd.d/telnet': telnet()})
    eff = fs.load()
    assert problem(eff, 'relative-path').severity == 'warning'
    assert list(eff.services) == ['telnet']


def test_defaults_in_included_file_are_merged():
    fs = FakeFS({'/etc/xinetd.conf': 'includedir /etc/xinetd.d\n',
                 '/etc/xinetd.d/0defaults': 'defaults\n{\n\tinstances = 7\n}\n',
                 '/etc/xinetd.d/telnet': telnet()})
    eff = fs.load()
    assert eff.defaults['instances'] == ['7']
    assert eff.services['telnet']['attributes']['instances'] == ['7']


def test_list_defaults_are_copied_at_parse_time_so_order_matters():
    fs = FakeFS({'/etc/xinetd.conf': (
        'defaults\n{\n\tonly_from = 10.0.0.1\n}\n' + telnet() +
        'include /etc/late\n'),
        '/etc/late': 'defaults\n{\n\tno_access = 10.9.9.9\n\tinstances = 3\n}\n'})
    eff = fs.load()
    attrs = eff.services['telnet']['attributes']
    assert attrs['only_from'] == ['10.0.0.1']
    # no_access came after the service: not copied
    assert 'no_access' not in attrs
    # scalars are filled after the whole parse
    assert attrs['instances'] == ['3']


def test_equals_in_defaults_acts_as_plus_equals():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tlog_on_success = PID\n'
                                     '\tlog_on_success = HOST\n\tonly_from = 10.0.0.1\n'
                                     '\tonly_from = 10.0.0.2\n}\n'})
    eff = fs.load()
    assert eff.defaults['log_on_success'] == ['PID', 'HOST']
    assert eff.defaults['only_from'] == ['10.0.0.1', '10.0.0.2']


def test_equals_in_service_resets_inherited_lists():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tonly_from = 10.0.0.1 10.0.0.2\n'
                                     '\tlog_on_failure = HOST\n}\n' +
                 telnet('only_from = 192.168.1.1', 'log_on_failure += USERID')})
    attrs = fs.load().services['telnet']['attributes']
    assert attrs['only_from'] == ['192.168.1.1']
    assert attrs['log_on_failure'] == ['HOST', 'USERID']


def test_plus_and_minus_equals_on_inherited_lists():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tonly_from = 10.0.0.1 10.0.0.2\n}\n' +
                 telnet('only_from -= 10.0.0.1', 'only_from += 10.0.0.3')})
    assert fs.load().services['telnet']['attributes']['only_from'] == ['10.0.0.2', '10.0.0.3']


def test_log_defaults_reach_a_service_parsed_before_them_only_if_unset():
    late = 'defaults\n{\n\tlog_type = SYSLOG daemon\n\tlog_on_success = PID\n}\n'
    fs = FakeFS({'/etc/xinetd.conf': telnet() + late})
    attrs = fs.load().services['telnet']['attributes']
    assert attrs['log_type'] == ['SYSLOG', 'daemon']
    assert attrs['log_on_success'] == ['PID']


def test_first_value_wins_across_defaults_entries():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tinstances = 5\n}\ninclude /etc/b\n',
                 '/etc/b': 'defaults\n{\n\tinstances = 50\n}\n'})
    eff = fs.load()
    assert eff.defaults['instances'] == ['5']
    assert problem(eff, 'duplicate-attribute').file == '/etc/b'


def test_error_in_defaults_means_xinetd_exits():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tinstances = lots\n}\n' + telnet()})
    eff = fs.load()
    assert eff.exits is True
    p = problem(eff, 'bad-value')
    assert (p.severity, p.effect) == ('fatal', 'xinetd-exits')
    assert eff.to_dict()['xinetd_exits'] is True


def test_service_only_attribute_in_defaults_is_ignored():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tdisable = yes\n}\n' + telnet()})
    eff = fs.load()
    assert list(eff.services) == ['telnet']
    assert problem(eff, 'service-only').effect == 'line-ignored'
    assert 'disable' not in eff.defaults


def test_disable_yes_drops_the_entry():
    fs = FakeFS({'/etc/xinetd.conf': telnet('disable = yes')})
    eff = fs.load()
    assert eff.services == {}
    assert [(r['id'], r['state']) for r in eff.inactive] == [('telnet', 'disabled')]


def test_inline_comment_keeps_the_service_enabled():
    fs = FakeFS({'/etc/xinetd.conf': telnet('disable = yes # off')})
    eff = fs.load()
    assert list(eff.services) == ['telnet']
    assert 'disable-ignored' in codes(eff)


def test_disabled_and_enabled_lists():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tdisabled = ftp\n}\n' + telnet() +
                 telnet().replace('telnet', 'ftp', 1)})
    eff = fs.load()
    assert list(eff.services) == ['telnet']
    assert eff.inactive[0]['id'] == 'ftp' and 'disabled' in eff.inactive[0]['reason']
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tenabled = FTP\n}\n' + telnet() +
                 telnet().replace('telnet', 'ftp', 1)})
    eff = fs.load()
    assert list(eff.services) == ['ftp']
    assert 'enabled' in eff.inactive[0]['reason']


def test_id_defaults_to_name_and_can_differ():
    fs = FakeFS({'/etc/xinetd.conf': telnet() + telnet('id = telnet-b', 'type = UNLISTED',
                                                       'port = 2323')})
    eff = fs.load()
    assert sorted(eff.services) == ['telnet', 'telnet-b']
    assert eff.services['telnet-b']['name'] == 'telnet'


def test_wildcard_and_specific_bind_on_one_port_clash():
    fs = FakeFS({'/etc/xinetd.conf': telnet('id = a') + telnet('id = b', 'bind = 127.0.0.1')})
    eff = fs.load()
    assert list(eff.services) == ['a']
    assert problem(eff, 'port-in-use').service == 'telnet'


def test_duplicate_port_same_bind_is_rejected():
    fs = FakeFS({'/etc/xinetd.conf': telnet('id = a', 'bind = 127.0.0.1') +
                 telnet('id = b', 'bind = 127.0.0.1')})
    eff = fs.load()
    assert list(eff.services) == ['a']
    p = problem(eff, 'duplicate-port')
    assert p.effect == 'service-dropped' and 'not unique' in p.message


def test_duplicate_port_without_bind_fails_at_bind_time():
    fs = FakeFS({'/etc/xinetd.conf': telnet('id = a') + telnet('id = b')})
    eff = fs.load()
    assert list(eff.services) == ['a']
    assert 'EADDRINUSE' in problem(eff, 'port-in-use').message


def test_same_port_different_binds_both_load():
    fs = FakeFS({'/etc/xinetd.conf': telnet('id = a', 'bind = 127.0.0.1') +
                 telnet('id = b', 'bind = 127.0.0.2')})
    assert sorted(fs.load().services) == ['a', 'b']


def test_duplicate_ids_are_reported():
    fs = FakeFS({'/etc/xinetd.conf': telnet('id = a') +
                 telnet('id = a', 'type = UNLISTED', 'port = 2323')})
    eff = fs.load()
    assert problem(eff, 'duplicate-id').value == 'a'
    assert sorted(eff.services) == ['a', 'a@/etc/xinetd.conf:9']


def test_wrong_port_is_dropped():
    fs = FakeFS({'/etc/xinetd.conf': telnet('port = 2323')})
    eff = fs.load()
    assert eff.services == {}
    p = problem(eff, 'port-mismatch')
    assert '23' in p.message and '2323' in p.message and p.value == '2323'


def test_service_not_in_etc_services():
    fs = FakeFS({'/etc/xinetd.conf': telnet().replace('telnet', 'telnet2', 1)})
    eff = fs.load()
    assert problem(eff, 'not-in-services').effect == 'service-dropped'


def test_services_db_read_from_file_by_default():
    fs = FakeFS({'/etc/xinetd.conf': telnet('port = 2323'),
                 '/etc/services': 'telnet\t\t23/tcp\n# c\nftp 21/tcp\n'})
    eff = load('/etc/xinetd.conf', reader=fs.read, listdir=fs.listdir, isfile=fs.isfile)
    assert 'port-mismatch' in codes(eff)
    assert parse_services('telnet 23/tcp\ntelnet 2323/tcp alias\n') == {
        ('telnet', 'tcp'): 23, ('alias', 'tcp'): 2323}


def test_unknown_attribute_and_bad_value_problems_carry_file_and_line():
    fs = FakeFS({'/etc/xinetd.conf': MAIN,
                 '/etc/xinetd.d/telnet': telnet('banner_failure = /x', 'access_times = 9:00-24:00')})
    eff = fs.load()
    p = problem(eff, 'unknown-attribute')
    assert (p.file, p.lineno, p.effect) == ('/etc/xinetd.d/telnet', 7, 'line-ignored')
    p = problem(eff, 'bad-value')
    assert (p.file, p.lineno, p.effect, p.attribute) == (
        '/etc/xinetd.d/telnet', 8, 'service-dropped', 'access_times')
    assert eff.services == {}


def test_lexical_drops_are_problems():
    fs = FakeFS({'/etc/xinetd.conf': 'includefile /etc/x\n' + telnet() +
                 telnet('port=23').replace('telnet', 'ftp', 1)})
    eff = fs.load()
    assert eff.services == {}
    assert codes(eff) == ['no-space-before-op', 'unknown-keyword']
    # the entry dropped for its operator is listed; the swallowed one cannot be
    assert [(r['name'], r['state'], r['reason']) for r in eff.inactive] == [
        ('ftp', 'dropped', 'no-space-before-op')]


def test_address_in_both_lists_uses_inherited_values():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tno_access = 10.0.0.9\n}\n' +
                 telnet('only_from = 10.0.0.9 10.0.0.1')})
    p = problem(fs.load(), 'address-in-both')
    assert p.value == '10.0.0.9'


def test_host_resolver_drops_unresolvable_names():
    class Host(object):
        def resolve(self, name):
            return name == 'localhost'

    fs = FakeFS({'/etc/xinetd.conf': telnet('only_from = nowhere.invalid')})
    eff = fs.load(host=Host())
    assert problem(eff, 'unresolvable-host').effect == 'value-dropped'
    assert problem(eff, 'only-from-empty').severity == 'error'
    assert eff.services['telnet']['attributes']['only_from'] == []


def test_host_checks_drop_services():
    class Host(object):
        def user_exists(self, name):
            return name == 'root'

        def group_exists(self, name):
            return True

        def executable_problem(self, path):
            return 'does not exist'

    fs = FakeFS({'/etc/xinetd.conf': telnet()})
    eff = fs.load(host=Host())
    assert problem(eff, 'server-not-executable').value == '/usr/sbin/in.telnetd'


def test_tcpmux_needs_internal_tcpmux_entry():
    svc = ('service myapp\n{\n\ttype = TCPMUX UNLISTED\n\tsocket_type = stream\n'
           '\twait = no\n\tuser = root\n\tserver = /bin/true\n}\n')
    eff = FakeFS({'/etc/xinetd.conf': svc}).load()
    assert problem(eff, 'tcpmux-missing').effect == 'service-dropped'
    mux = ('service tcpmux\n{\n\ttype = INTERNAL\n\tid = tcpmux-server\n\tsocket_type = stream\n'
           '\twait = no\n\tuser = root\n}\n')
    eff = FakeFS({'/etc/xinetd.conf': mux + svc}).load(services_db={('tcpmux', 'tcp'): 1})
    assert sorted(eff.services) == ['myapp', 'tcpmux-server']


def _fixture_fs(kind):
    files = {}
    base = os.path.join(FIXTURES, kind)
    for dirpath, _dirs, names in os.walk(base):
        for n in names:
            full = os.path.join(dirpath, n)
            with io.open(full, encoding='utf-8', newline='') as f:
                files['/etc' + full[len(base):]] = f.read()
    return FakeFS(files)


def test_debian_stock_configuration():
    eff = _fixture_fs('debian').load()
    # every stock service is 'disable = yes': xinetd runs none of them
    assert eff.services == {}
    assert len(eff.inactive) == 17
    assert set(r['state'] for r in eff.inactive) == set(['disabled'])
    assert eff.problems == []
    assert eff.files[0] == '/etc/xinetd.conf' and len(eff.files) == 13


def test_debian_stock_configuration_all_enabled():
    fs = _fixture_fs('debian')
    for path in list(fs.files):
        fs.files[path] = fs.files[path].replace('disable\t\t= yes', 'disable\t\t= no')
    eff = fs.load()
    # the *-udp files repeat the -dgram ids on the same port: the later one
    # cannot bind (no 'bind' attribute); 'servers' and 'services' are not
    # built into 2.3.15 ("No such internal service")
    assert sorted(eff.services) == sorted([
        'chargen-stream', 'chargen-dgram', 'daytime-stream', 'daytime-dgram',
        'discard-stream', 'discard-dgram', 'echo-stream', 'echo-dgram',
        'time-stream', 'time-dgram'])
    assert eff.services['echo-dgram']['file'] == '/etc/xinetd.d/echo'
    assert sorted(set(p.code for p in eff.problems)) == [
        'duplicate-id', 'port-in-use', 'unknown-internal']


def test_centos6_telnet():
    fs = FakeFS({'/etc/xinetd.conf': MAIN})
    with io.open(os.path.join(FIXTURES, 'centos6', 'telnet'), encoding='utf-8') as f:
        fs.files['/etc/xinetd.d/telnet'] = f.read()
    fs.dirs.add('/etc/xinetd.d')
    eff = fs.load()
    svc = eff.services['telnet']
    assert svc['attributes']['log_on_failure'] == ['USERID']
    assert svc['attributes']['flags'] == ['REUSE']
    assert svc['port'] == 23
    assert eff.problems == []


def test_centos6_listing_vs_includedir():
    with io.open(os.path.join(FIXTURES, 'centos6', 'xinetd.d.listing'), encoding='utf-8') as f:
        names = f.read().split()
    assert 'telnet' in names and 'tcpmux-server' in names
    # every name on that CentOS host is loaded by xinetd and listed by chkconfig
    assert [n for n in names if xinetd_skips(n) or chkconfig_skips(n)] == []


def test_reads_real_files_by_default(tmp_path):
    d = tmp_path / 'xinetd.d'
    d.mkdir()
    (d / 'telnet').write_text(u'service telnet\n{\n\ttype = UNLISTED\n\tport = 2323\n'
                              u'\tsocket_type = stream\n\twait = no\n\tuser = root\n'
                              u'\tserver = /bin/true\n}\n')
    (d / 'skip.me').write_text(u'')
    main = tmp_path / 'xinetd.conf'
    main.write_text(u'includedir %s\n' % d)
    eff = load(str(main), services_file=None)
    assert eff.services['telnet']['port'] == 2323
    assert eff.skipped == [str(d / 'skip.me')]


def test_unparsable_address_is_removed_from_the_effective_list():
    eff = FakeFS({'/etc/xinetd.conf': telnet('only_from = 300.1.2.3 10.0.0.1')}).load()
    assert eff.services['telnet']['attributes']['only_from'] == ['10.0.0.1']
    assert problem(eff, 'bad-address').effect == 'value-dropped'


def test_bad_value_then_disable_no_runs_without_the_attribute():
    eff = FakeFS({'/etc/xinetd.conf': telnet('groups = maybe', 'disable = no')}).load()
    assert 'groups' not in eff.services['telnet']['attributes']
    assert problem(eff, 'bad-value').effect == 'line-ignored'


def test_protocol_not_in_etc_protocols_is_dropped():
    fs = FakeFS({'/etc/xinetd.conf': telnet('protocol = bogus')})
    eff = fs.load(protocols_db=set(['tcp', 'udp']))
    assert problem(eff, 'unknown-protocol').effect == 'service-dropped'
    fs.files['/etc/protocols'] = 'tcp\t6\tTCP\nudp 17 UDP # c\n'
    eff = fs.load()
    assert eff.services == {} and 'unknown-protocol' in codes(eff)


def test_unresolvable_bind_in_defaults_is_fatal():
    class Host(object):
        def resolve(self, name):
            return False

    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tbind = nosuch.invalid\n}\n' + telnet()})
    eff = fs.load(host=Host())
    assert eff.exits is True
    assert problem(eff, 'unresolvable-host').severity == 'fatal'


def test_unresolvable_bind_and_redirect_drop_the_service():
    class Host(object):
        def resolve(self, name):
            return False

    fs = FakeFS({'/etc/xinetd.conf': telnet('bind = nosuch.invalid')})
    assert problem(fs.load(host=Host()), 'unresolvable-host').effect == 'service-dropped'


def test_server_directory_loads_with_a_warning():
    class Host(object):
        def executable_problem(self, path):
            return 'is not a regular file'

    eff = FakeFS({'/etc/xinetd.conf': telnet()}).load(host=Host())
    assert list(eff.services) == ['telnet']
    assert problem(eff, 'server-not-a-file').severity == 'warning'


FRAGMENTS = ['service telnet', 'service echo', 'defaults', '{', '}', '# c', '',
             '\tsocket_type = stream', '\tsocket_type = dgram', '\twait = no', '\twait = yes',
             '\tuser = root', '\tserver = /usr/sbin/in.telnetd', '\ttype = INTERNAL',
             '\ttype = UNLISTED', '\tport = 2323', '\tport = abc', '\tport=1', '\tinstances',
             '\tonly_from = 10.0.0.1', '\tonly_from += 300.1.1.1', '\tno_access = 10.0.0.1',
             '\tdisable = yes', '\tdisable = no', '\tgroups = maybe', '\tid = x',
             '\tbind = 127.0.0.1', '\tinterface = ::1', '\tlog_type = SYSLOG daemon',
             '\tenabled = telnet', '\tdisabled = echo', 'includedir /etc/xinetd.d',
             'include /etc/xinetd.conf', '\tprotocol = udp', '\tredirect = 10.0.0.1 23',
             '\tflags = NAMEINARGS', '\tserver_args = a']


@pytest.mark.parametrize('seed', range(60))
def test_load_never_raises(seed):
    import random
    rnd = random.Random(seed)

    def text():
        return '\n'.join(rnd.choice(FRAGMENTS) for _i in range(rnd.randint(1, 60))) + '\n'
    fs = FakeFS({'/etc/xinetd.conf': text(), '/etc/xinetd.d/a': text(), '/etc/xinetd.d/b': text()})
    eff = fs.load()
    d = eff.to_dict()
    assert set(d) == set(['services', 'inactive', 'defaults', 'files', 'skipped', 'problems',
                          'xinetd_exits'])
    for rec in list(eff.services.values()) + eff.inactive:
        assert rec['state'] in ('enabled', 'disabled', 'dropped')
        assert rec['enabled'] is (rec['state'] == 'enabled')
    for p in eff.problems:
        assert p.severity in ('fatal', 'error', 'warning', 'info')
        assert p.effect in ('service-dropped', 'line-ignored', 'lines-lost', 'xinetd-exits',
                            'value-dropped', 'none')
    # the module output: one dict per finding, its keys inserted in this order
    # (the order a dict keeps for them: insertion on Python 3, hash order on 2.7)
    keys = ['file', 'lineno', 'code', 'message', 'severity', 'effect', 'service', 'attribute',
            'value']
    assert len(d['problems']) == len(eff.problems)
    for p in d['problems']:
        assert list(p) == list(dict((key, None) for key in keys))


def test_log_type_in_two_defaults_entries_is_fatal():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tlog_type = SYSLOG daemon\n}\n'
                                     'include /etc/b\n' + telnet(),
                 '/etc/b': 'defaults\n{\n\tlog_type = SYSLOG authpriv\n}\n'})
    eff = fs.load()
    assert eff.exits is True
    p = problem(eff, 'duplicate-log-type')
    assert (p.file, p.lineno, p.severity) == ('/etc/b', 3, 'fatal')
    assert codes(eff) == ['duplicate-log-type']


def test_defaults_lines_before_a_lexical_error_apply():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tdisabled = ftp\n\tport=3\n\tdisabled = telnet\n}\n' +
                 telnet() + telnet().replace('telnet', 'ftp', 1)})
    eff = fs.load()
    assert eff.defaults['disabled'] == ['ftp']
    assert list(eff.services) == ['telnet']


def test_defaults_fatal_value_before_a_lexical_error_still_exits():
    fs = FakeFS({'/etc/xinetd.conf': 'defaults\n{\n\tmax_load = 0\n\tport=3\n}\n' + telnet()})
    assert fs.load().exits is True
