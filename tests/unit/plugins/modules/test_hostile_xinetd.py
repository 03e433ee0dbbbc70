# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Hostile input through the xinetd_service and xinetd_config modules.

Every string option x every hostile value (newline, '{', '}', '#', NUL,
carriage return, non-ASCII, ...), names that leave the include directory,
a directory entry that is a symlink to another file, and a 10,000-line
file.  The modules run for real (in-process, through AnsibleModule) on a
temporary tree: ``config_dir``, ``main_config`` and ``services_file`` point
into it and ``reload`` is off.  Each input must give a clear error naming
the option, or a correct result; and no file other than the target changes
(sha256 of every file of the tree before and after).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import io
import json
import os
import sys
import time

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.sysv.services.plugins.module_utils._xinetd import lexer
from ansible_collections.sysv.services.plugins.module_utils._xinetd import model
from ansible_collections.sysv.services.plugins.module_utils._xinetd import parser
from ansible_collections.sysv.services.plugins.modules import xinetd_config, xinetd_service

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    patch_module_args = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
FIGURES = os.path.join(ROOT, 'build', 'reliability', 'figures.jsonl')

HOSTILE = [
    'a\nb', 'x\n}\nservice evil\n{\n\tserver = /bin/sh\n', '{', '}', 'a{b', '# c', 'a # c',
    'a\x00b', 'a\rb', u'caf\u00e9', u'\u2028', u'a\u0085b', '"quoted words"', '', ' ', '\t',
    'a = b', '../../etc/passwd',
]
BAD_NAMES = ['../../etc/passwd', '/etc/passwd', '..', '.', 'a/b', 'foo.conf', 'foo~', '',
             'x\ny', '.hidden', 'two words', u'caf\u00e9\x00', '{', '}', '#c']

# text options of xinetd_service that reach the file (the typed xinetd attributes)
SKIP = set(['name', 'state', 'config_dir', 'main_config', 'services_file', 'pidfile', 'src',
            'mode', 'owner', 'file_group', 'xinetd_state', 'host_checks', '_content'])

_TOTALS = {'inputs': 0, 'failures': 0}


def _record(label, inputs, failures):
    directory = os.path.dirname(FIGURES)
    if not os.path.isdir(directory):
        os.makedirs(directory)
    with open(FIGURES, 'a') as handle:
        handle.write(json.dumps({'kind': 'hostile', 'label': label, 'inputs': inputs, 'failures': failures,
                                 'run': os.environ.get('SYSV_RELIABILITY_RUN')}) + '\n')


def run_module(module, args):
    """Run module.main() with ``args``; return the JSON result."""
    out = io.StringIO() if sys.version_info[0] >= 3 else io.BytesIO()
    saved = sys.stdout
    sys.stdout = out
    try:
        if patch_module_args is not None:
            with patch_module_args(args):
                try:
                    module.main()
                except SystemExit:
                    pass
        else:
            basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
            try:
                module.main()
            except SystemExit:
                pass
    except ValueError as exc:
        # AnsibleModule itself logs its arguments to syslog before the module
        # code runs, and syslog refuses a NUL: ansible-core reports a MODULE
        # FAILURE; the task fails before anything is touched.
        if 'null' not in str(exc):
            raise
        return {'failed': True, 'msg': 'ansible-core: %s' % exc, 'core_failure': True}
    finally:
        sys.stdout = saved
        basic._ANSIBLE_ARGS = None
    text = out.getvalue()
    result = json.loads(text[text.index('{'):])
    if result.get('failed') and 'embedded null' in result.get('msg', '') and \
            'syslog' in result.get('msg', ''):
        # newer ansible-core turns the same syslog refusal into a clean failure
        result['core_failure'] = True
    return result


def digest(top):
    found = {}
    for base, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(base, name)
            if os.path.islink(path):
                found[path] = 'link:' + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, 'rb') as handle:
                    found[path] = hashlib.sha256(handle.read()).hexdigest()
    return found


@pytest.fixture
def tree(tmp_path):
    etc = tmp_path / 'etc'
    conf_dir = etc / 'xinetd.d'
    conf_dir.mkdir(parents=True)
    (etc / 'xinetd.conf').write_text(u'defaults\n{\n}\nincludedir %s\n' % conf_dir)
    (etc / 'services').write_text(u'telnet\t\t23/tcp\necho\t\t7/tcp\n')
    (etc / 'passwd').write_text(u'root:x:0:0:root:/root:/bin/sh\n')
    (conf_dir / 'neighbour').write_text(
        u'service neighbour\n{\n\ttype = UNLISTED\n\tport = 20301\n\tsocket_type = stream\n'
        u'\twait = no\n\tuser = root\n\tserver = /bin/cat\n}\n')
    return tmp_path


def base_args(root, name='hostile'):
    etc = str(root / 'etc')
    return {
        'name': name, 'config_dir': etc + '/xinetd.d', 'main_config': etc + '/xinetd.conf',
        'services_file': etc + '/services', 'pidfile': str(root / 'no-xinetd.pid'),
        'reload': False, 'type': ['UNLISTED'], 'port': 20300, 'socket_type': 'stream',
        'wait': False, 'user': 'root', 'server': '/bin/cat',
    }


def judge(root, before, result, target, option, value):
    """Return a list of problems: the outcome must be a clear error or a correct file."""
    after = digest(str(root))
    problems = []
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    others = [p for p in changed if p != target]
    if others:
        problems.append('files other than the target changed: %s' % others)
    if result.get('failed'):
        if target in changed:
            problems.append('the task failed but the target changed')
        if result.get('core_failure'):
            _TOTALS['core'] = _TOTALS.get('core', 0) + 1
            return problems
        if option and option not in result.get('msg', ''):
            problems.append('the error does not name the option %s: %r' % (option, result.get('msg')))
        return problems
    # success: the file holds exactly one service, the value where it belongs
    with io.open(target, encoding='utf-8', errors='surrogateescape') as handle:
        text = handle.read()
    doc, diags = parser.parse(text)
    if len(doc.blocks()) != 1 or [n for n in doc.nodes if isinstance(n, model.Junk)]:
        problems.append('the file does not hold exactly one clean entry:\n%s' % text)
    bad = [d.message for d in diags if d.severity in ('error', 'fatal')]
    if bad:
        problems.append('xinetd would misread the file: %s' % bad)
    if option and isinstance(value, type(u'')) and value.strip():
        block = doc.blocks()[0] if doc.blocks() else None
        attr = block.get(option) if block is not None else None
        if attr is None or attr.values != lexer.tokenize(value):
            problems.append('option %s=%r became %r' % (option, value, attr))
    return problems


def _options():
    spec = xinetd_service.service_argument_spec()
    return sorted(k for k, v in spec.items() if k not in SKIP and v.get('type') in ('str', 'raw', 'path', 'list')
                  and not v.get('choices'))


def test_every_text_option_with_every_hostile_value(tree):
    target = str(tree / 'etc' / 'xinetd.d' / 'hostile')
    failures = []
    tried = 0
    for option in _options():
        spec = xinetd_service.service_argument_spec()[option]
        for value in HOSTILE:
            if os.path.exists(target):
                os.unlink(target)
            args = base_args(tree)
            args[option] = [value] if spec.get('type') == 'list' else value
            before = digest(str(tree))
            result = run_module(xinetd_service, args)
            tried += 1
            problems = judge(tree, before, result, target, option, value)
            if problems:
                failures.append('%s=%r: %s' % (option, value, problems))
    _record('xinetd_service: %d text options x %d hostile values (%d with NUL stopped by '
            'ansible-core itself, before the module runs: MODULE FAILURE, nothing changed)'
            % (len(_options()), len(HOSTILE), _TOTALS.get('core', 0)), tried, len(failures))
    assert tried > 100
    assert not failures, '%d of %d hostile inputs mishandled:\n%s' % (
        len(failures), tried, '\n'.join(failures[:40]))


def test_names_outside_the_include_directory(tree):
    failures = []
    for name in BAD_NAMES:
        before = digest(str(tree))
        result = run_module(xinetd_service, base_args(tree, name))
        after = digest(str(tree))
        if not result.get('failed'):
            failures.append('%r was accepted: %s' % (name, result.get('path')))
        if before != after:
            failures.append('%r changed files: %s' % (name, sorted(
                p for p in set(before) | set(after) if before.get(p) != after.get(p))))
        if result.get('failed') and 'name' not in result.get('msg', '') and not result.get('core_failure'):
            failures.append('%r: the error does not name the option: %r' % (name, result.get('msg')))
    _record('xinetd_service: names outside the include directory', len(BAD_NAMES), len(failures))
    assert not failures, '\n'.join(failures)


def test_symlink_entry_in_config_dir(tree):
    """A config_dir entry that is a symlink to another file: that file never changes."""
    outside = tree / 'etc' / 'passwd'
    link = tree / 'etc' / 'xinetd.d' / 'linked'
    os.symlink(str(outside), str(link))
    original = outside.read_bytes()
    before = digest(str(tree))
    result = run_module(xinetd_service, base_args(tree, 'linked'))
    after = digest(str(tree))
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    problems = []
    if outside.read_bytes() != original:
        problems.append('the symlink target %s was written through' % outside)
    if [p for p in changed if p != str(link)]:
        problems.append('other files changed: %s' % changed)
    if not result.get('failed') and os.path.islink(str(link)):
        problems.append('success reported but the entry is still the symlink')
    if result.get('failed') and 'symlink' not in result.get('msg', '') and 'link' not in result.get('msg', ''):
        problems.append('unclear error: %r' % result.get('msg'))
    _record('xinetd_service: config_dir entry is a symlink', 1, len(problems))
    assert not problems, (problems, result)


def test_ten_thousand_line_file(tree):
    """An existing 10,000-line file is read, judged and replaced correctly and quickly."""
    big = tree / 'etc' / 'xinetd.d' / 'big'
    lines = [u'# generated line %d' % i for i in range(9990)]
    lines += [u'service big', u'{', u'\ttype = UNLISTED', u'\tport = 20302', u'\tsocket_type = stream',
              u'\twait = no', u'\tuser = root', u'\tserver = /bin/cat', u'}']
    big.write_text(u'\n'.join(lines) + u'\n')
    assert len(big.read_text().splitlines()) >= 9999
    args = base_args(tree, 'big')
    args['port'] = 20302
    before = digest(str(tree))
    start = time.time()
    result = run_module(xinetd_service, args)
    elapsed = time.time() - start
    problems = judge(tree, before, result, str(big), None, None)
    if result.get('failed'):
        problems.append('failed: %s' % result.get('msg'))
    if elapsed > 20:
        problems.append('took %.1f s' % elapsed)
    # second run: idempotent
    again = run_module(xinetd_service, args)
    if again.get('changed') or again.get('failed'):
        problems.append('second run not idempotent: %s' % again)
    _record('xinetd_service: 10,000-line existing file (%.2f s)' % elapsed, 1, len(problems))
    assert not problems, problems


def test_xinetd_config_hostile_defaults_and_service_names(tree):
    etc = tree / 'etc'
    target = str(etc / 'xinetd.conf')
    failures = []
    tried = 0
    for option in ('log_type', 'bind', 'banner', 'umask', 'only_from', 'passenv', 'instances'):
        for value in HOSTILE:
            args = {'path': target, 'includedir': str(etc / 'xinetd.d'), 'reload': False,
                    'services_file': str(etc / 'services'), 'pidfile': str(tree / 'no.pid'),
                    'defaults': {option: value}}
            before = digest(str(tree))
            result = run_module(xinetd_config, args)
            tried += 1
            after = digest(str(tree))
            changed = [p for p in set(before) | set(after) if before.get(p) != after.get(p)]
            if [p for p in changed if p != target]:
                failures.append('defaults %s=%r changed %s' % (option, value, changed))
            if not result.get('failed'):
                text = io.open(target, encoding='utf-8', errors='surrogateescape').read()
                doc, diags = parser.parse(text)
                if [n for n in doc.nodes if isinstance(n, model.Junk)] or len(doc.blocks()) != 1 or \
                        [d for d in diags if d.severity in ('error', 'fatal')]:
                    failures.append('defaults %s=%r produced:\n%s' % (option, value, text))
            elif option not in result.get('msg', ''):
                failures.append('defaults %s=%r: unclear error %r' % (option, value, result.get('msg')))
    for name in BAD_NAMES:
        svc = dict((k, v) for k, v in base_args(tree).items()
                   if k in ('type', 'port', 'socket_type', 'wait', 'user', 'server'))
        args = {'path': target, 'includedir': str(etc / 'xinetd.d'), 'reload': False,
                'services_file': str(etc / 'services'), 'pidfile': str(tree / 'no.pid'),
                'services': {name: svc}}
        before = digest(str(tree))
        result = run_module(xinetd_config, args)
        tried += 1
        after = digest(str(tree))
        if not result.get('failed'):
            failures.append('service name %r accepted' % name)
        if before != after:
            failures.append('service name %r changed files' % name)
    _record('xinetd_config: hostile defaults values and service names', tried, len(failures))
    assert not failures, '%d of %d mishandled:\n%s' % (len(failures), tried, '\n'.join(failures[:40]))
