# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""One engine: the modules and xinetd_info give the same verdict on every file.

Every configuration of the differential corpus (tests/reliability/diffcases.py:
the spec's edge cases, every attribute with valid and subtly invalid values,
seeded random combinations) goes through both paths on this machine:

* xinetd_info: ``_xinetd.effective.load`` with the host checks;
* xinetd_service / xinetd_config: ``_xinetd.judge.judge`` with every file
  of the configuration as the task's files.

For each file, the findings the modules refuse it for (apart from the
collection's named policies) must be exactly the error and fatal findings
xinetd_info reports for it, with the same messages; every entry xinetd_info
says is not served, and every exit, must make the modules refuse the file.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import sys
import tempfile

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd import effective as _xinetd_effective
from ansible_collections.sysv.services.plugins.module_utils._xinetd.host import Host
from ansible_collections.sysv.services.plugins.module_utils._xinetd.judge import judge

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'reliability'))
import diffcases  # noqa: E402  pylint: disable=wrong-import-position

PARAMS = {'host_checks': ['server', 'user', 'group', 'port', 'protocol', 'hosts'],
          'services_file': '/etc/services'}
BLOCKING = ('error', 'fatal')


def _text(problem):
    where = problem.file
    if problem.lineno:
        where = '%s line %s' % (where, problem.lineno)
    return '%s: %s' % (where, problem.message)


def _files(directory):
    paths = [os.path.join(directory, 'xinetd.conf')]
    inc = os.path.join(directory, 'xinetd.d')
    if os.path.isdir(inc):
        paths += [os.path.join(inc, n) for n in sorted(os.listdir(inc))]
    # read as xinetd_info reads them (bytes on Python 2)
    return dict((path, _xinetd_effective._default_reader(path)) for path in paths
                if os.path.isfile(path))


def both_paths(directory):
    """(info, module): what each path says about each file of ``directory``."""
    conf = os.path.join(directory, 'xinetd.conf')
    host = Host(services_file=PARAMS['services_file'])
    info = _xinetd_effective.load(conf, host=host, services_file=PARAMS['services_file'])
    texts = _files(directory)
    eff, errors, warnings = judge(conf, texts, PARAMS, host, validated=list(texts))
    return info, eff, texts, errors, warnings


def _cases_dir():
    root = tempfile.mkdtemp(prefix='sysv-one-engine-')
    cases = diffcases.all_cases()
    names = diffcases.write_cases(cases, root, root)
    return root, names


@pytest.fixture(scope='module')
def corpus():
    root, names = _cases_dir()
    yield root, names
    shutil.rmtree(root, ignore_errors=True)


def test_every_corpus_configuration_gets_the_same_verdict_on_both_paths(corpus):
    root, names = corpus
    assert len(names) >= 400, 'the corpus shrank: %d configurations' % len(names)
    disagreements = []
    refused = dropped = policies = 0
    for dirname in sorted(names):
        info, eff, texts, errors, warnings = both_paths(os.path.join(root, dirname))
        policy_texts = set(_text(p) for p in eff.policy)
        policies += len(policy_texts)
        for path in sorted(texts):
            expected = set(_text(p) for p in info.problems
                           if p.file == path and p.severity in BLOCKING)
            expected |= set(_text(p) for p in info.problems
                            if p.file != path and p.severity in BLOCKING and
                            p.effect in ('service-dropped', 'xinetd-exits', 'lines-lost') and
                            path + ':' in p.message)
            mine = [e for e in errors if e.startswith(path + ':') or e.startswith(path + ' line ')
                    or ('%s:' % path) in e]
            said = set(e for e in mine if e not in policy_texts)
            if said != expected:
                disagreements.append('%s (%s) %s:\n  xinetd_info: %s\n  modules:     %s' % (
                    names[dirname], dirname, path, sorted(expected - said), sorted(said - expected)))
            not_served = [r for r in info.inactive if r['file'] == path and r['state'] == 'dropped']
            if not_served:
                dropped += 1
                if not mine:
                    disagreements.append('%s: xinetd_info says %s is not served, the modules '
                                         'would write %s' % (names[dirname], not_served[0]['id'],
                                                             path))
            if mine:
                refused += 1
        if info.exits and not errors:
            disagreements.append('%s: xinetd exits, the modules would write it' % names[dirname])
        # the load the modules judge is the one xinetd_info reports
        assert sorted(eff.services) == sorted(info.services), names[dirname]
    assert not disagreements, '%d disagreements:\n%s' % (
        len(disagreements), '\n'.join(disagreements[:20]))
    # not vacuous: many files are refused, many for entries xinetd does not serve
    assert refused >= 200 and dropped >= 100, (refused, dropped)
    assert policies > 0


# -- the three disagreements the engine had, each pinned on both paths ---------------

SERVICE = ('service t1\n{\n\ttype = UNLISTED\n\tport = 20001\n\tsocket_type = stream\n'
           '\twait = no\n\tuser = root\n\tserver = /bin/cat\n%s}\n')


@pytest.fixture
def one(tmp_path):
    def make(*lines):
        (tmp_path / 'xinetd.d').mkdir(exist_ok=True)
        (tmp_path / 'xinetd.conf').write_text(
            u'defaults\n{\n}\nincludedir %s/xinetd.d\n' % tmp_path)
        keys = set(line.split()[0] for line in lines)
        base = ''.join(line + '\n' for line in SERVICE.split('\n')
                       if line.split(' ')[0].strip() not in keys and line)
        text = base.replace('%s', ''.join('\t%s\n' % line for line in lines))
        (tmp_path / 'xinetd.d' / 't1').write_text(text.decode('utf-8') if bytes is str else text)
        info, eff, texts, errors, warnings = both_paths(str(tmp_path))
        return info, eff, errors, str(tmp_path / 'xinetd.d' / 't1')
    return make


def test_bind_to_an_address_the_host_does_not_have(one):
    # 198.51.100.7 is TEST-NET-2 (RFC 5737): no test machine has it
    info, eff, errors, path = one('bind = 198.51.100.7')
    assert info.services == {}
    assert [(r['id'], r['state'], r['reason']) for r in info.inactive] == \
        [('t1', 'dropped', 'bind-failed')]
    problem = [p for p in info.problems if p.code == 'bind-failed'][0]
    assert 'does not serve' in problem.message
    assert errors == [_text(problem)]


def test_server_that_is_a_directory(one):
    info, eff, errors, path = one('server = /tmp')
    # xinetd only checks access(X_OK): it serves the entry, connections fail
    assert list(info.services) == ['t1']
    problem = [p for p in info.problems if p.code == 'server-not-a-file'][0]
    assert problem.severity == 'warning' and 'xinetd loads the service' in problem.message
    # the modules refuse it by the collection's policy, and say so
    assert len(errors) == 1 and "the collection refuses it on purpose" in errors[0]
    assert 'disables' not in errors[0]


@pytest.mark.parametrize('value,effect,words', [
    ('01:00-24:00', 'connections-refused', 'refuses every connection, at any hour'),
    ('00:00-23:59 01:00-24:00', 'value-dropped', 'admits connections only during 00:00-23:59'),
])
def test_access_times_24_00_with_a_later_disable_no(one, value, effect, words):
    info, eff, errors, path = one('access_times = %s' % value, 'disable = no')
    # xinetd 2.3.15.3 keeps listening on the port
    assert list(info.services) == ['t1']
    problem = [p for p in info.problems if p.attribute == 'access_times'][0]
    assert (problem.severity, problem.effect) == ('error', effect)
    assert words in problem.message and 'listens on the port' in problem.message
    assert errors == [_text(problem)]


def test_access_times_24_00_alone_disables(one):
    info, eff, errors, path = one('access_times = 01:00-24:00')
    assert info.services == {}
    problem = [p for p in info.problems if p.attribute == 'access_times'][0]
    assert problem.effect == 'service-dropped' and 'xinetd disables the service' in problem.message
    assert errors == [_text(problem)]


def test_disabled_entry_is_judged_as_if_enabled_by_policy(one):
    info, eff, errors, path = one('user = no-such-user-xyz', 'disable = yes')
    assert info.services == {} and info.inactive[0]['state'] == 'disabled'
    assert [p for p in info.problems if p.severity in BLOCKING] == []
    assert len(errors) == 1
    assert 'no-such-user-xyz' in errors[0] and "collection's policy" in errors[0]


def test_disabled_entry_with_a_directory_as_server_is_refused_once(one):
    info, eff, errors, path = one('server = /tmp', 'disable = yes')
    assert info.services == {}
    assert len(errors) == 1 and "the collection refuses it on purpose" in errors[0]
