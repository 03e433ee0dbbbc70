# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parser and renderer: xinetd's lexer rules (spec section 1) and byte stability."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import os

import pytest

from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import (
    Attribute,
    Blank,
    Block,
    Comment,
    Directive,
    Document,
    Junk,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.lexer import tokenize
from ansible_collections.sysv.services.plugins.module_utils._xinetd.parser import parse
from ansible_collections.sysv.services.plugins.module_utils._xinetd.render import (
    format_attribute,
    render,
    render_service,
)

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'fixtures', 'xinetd')
DEBIAN_FILES = ['xinetd.conf'] + ['xinetd.d/' + n for n in sorted(
    os.listdir(os.path.join(FIXTURES, 'debian', 'xinetd.d')))]


def fixture(*parts):
    with io.open(os.path.join(FIXTURES, *parts), encoding='utf-8', newline='') as f:
        return f.read()


def codes(diags):
    return [d.code for d in diags]


# -- lexing ---------------------------------------------------------------------

def test_tokens_split_on_space_and_tab_only():
    assert tokenize('a \tb\x0bc  d') == ['a', 'b\x0bc', 'd']


def test_comment_only_when_first_non_blank_is_hash():
    doc, diags = parse('  # a comment\nservice x\n{\n\t# inner\n\tuser = root\n}\n')
    assert doc.nodes[0] == Comment('  # a comment')
    block = doc.services()[0]
    assert block.items[0] == Comment('\t# inner')
    assert diags == []


def test_inline_hash_is_a_value_and_disable_line_is_ignored():
    doc, diags = parse('service x\n{\n\tdisable = yes # off\n}\n')
    attr = doc.services()[0].get('disable')
    assert attr.values == ['yes', '#', 'off']
    assert codes(diags) == ['inline-comment']
    assert diags[0].attribute == 'disable' and diags[0].value == '#'


def test_quotes_are_not_quoting():
    doc, diags = parse('service x\n{\n\tserver_args = [%s] "two words"\n}\n')
    assert doc.services()[0].get('server_args').values == ['[%s]', '"two', 'words"']
    assert codes(diags) == ['quote']
    assert diags[0].value == '"two'


def test_crlf_keeps_carriage_return_in_tokens():
    text = 'service x\r\n{\r\n\tdisable = no\r\n}\r\n'
    doc, diags = parse(text)
    # '{\r' and '}\r' count as braces (C isspace), but '\r' stays in the name and values
    assert codes(diags) == ['crlf']
    assert diags[0].effect == 'service-dropped'
    block = doc.services()[0]
    assert block.name == 'x\r' and block.get('disable').values == ['no\r']
    assert render(doc).encode('utf-8') != text.encode('utf-8')
    assert parse(render(doc))[0] == doc


def test_crlf_value_keeps_carriage_return():
    doc, diags = parse('service x\n{\n\tdisable = no\r\n}\n')
    assert doc.services()[0].get('disable').values == ['no\r']
    assert codes(diags) == ['crlf']


def test_keywords_are_case_insensitive():
    doc, diags = parse('SERVICE Telnet\n{\n\tUSER = root\n}\nInclude /etc/x\nINCLUDEDIR /etc/y\n')
    assert diags == []
    block = doc.services()[0]
    assert block.name == 'Telnet' and block.keyword == 'SERVICE'
    assert block.get('user').name == 'USER' and block.get('user').key == 'user'
    assert [(d.keyword, d.path) for d in doc.directives()] == [('include', '/etc/x'),
                                                               ('includedir', '/etc/y')]


# -- blocks ---------------------------------------------------------------------

def test_brace_on_the_service_line_loses_the_service():
    text = 'service x {\n\tuser = root\n}\nservice y\n{\n\tuser = root\n}\n'
    doc, diags = parse(text)
    assert codes(diags) == ['missing-brace']
    assert diags[0].effect == 'lines-lost' and diags[0].service == 'x'
    assert [b.name for b in doc.services()] == ['y']
    assert [type(n) for n in doc.nodes[:3]] == [Junk, Junk, Junk]


def test_brace_followed_by_comment_is_not_a_brace():
    doc, diags = parse('service x\n{ # c\n\tuser = root\n}\n')
    assert codes(diags) == ['missing-brace']
    assert doc.services() == []


def test_brace_with_surrounding_blanks_is_fine():
    doc, diags = parse('service x\n  {  \n\tuser = root\n}\t\n')
    assert diags == []
    assert doc.services()[0].get('user').values == ['root']


def test_comments_between_header_and_brace_are_skipped_like_xinetd():
    doc, diags = parse('service x\n# c\n\n{\n\tuser = root\n}\n')
    assert diags == []
    assert doc.services()[0].items[:2] == [Comment('# c'), Blank()]


def test_extra_tokens_after_service_name_are_kept_and_ignored():
    doc, diags = parse('service telnet tcp\n{\n}\n')
    assert diags == []
    assert doc.services()[0].extra == ['tcp']
    assert render(doc) == 'service telnet tcp\n{\n}\n'


def test_unknown_top_level_keyword_swallows_the_next_service():
    text = 'includefile /etc/x\nservice telnet\n{\n\tuser = root\n}\nservice ftp\n{\n}\n'
    doc, diags = parse(text)
    assert codes(diags) == ['unknown-keyword']
    assert diags[0].effect == 'lines-lost'
    assert diags[0].service == 'telnet'
    assert 'includefile' in diags[0].message and 'telnet' in diags[0].message
    assert [b.name for b in doc.services()] == ['ftp']


def test_service_without_name_is_skipped_to_next_brace():
    doc, diags = parse('service\n{\n}\nservice y\n{\n}\n')
    assert codes(diags) == ['missing-name']
    assert [b.name for b in doc.services()] == ['y']


def test_missing_final_brace_loses_the_service():
    text = 'service x\n{\n\tuser = root\n'
    doc, diags = parse(text)
    assert codes(diags) == ['unterminated-block']
    assert diags[0].effect == 'service-dropped'
    assert doc.services() == []
    assert render(doc) == text


def test_second_defaults_in_one_file_is_ignored():
    doc, diags = parse('defaults\n{\n}\ndefaults\n{\n\tinstances = 5\n}\n')
    assert codes(diags) == ['duplicate-defaults']
    assert doc.defaults()[1].dropped == 'duplicate-defaults'


@pytest.mark.parametrize('line,code', [
    ('port=1', 'no-space-before-op'), ('port= 1', 'no-space-before-op'),
    ('x+= y', 'no-space-before-op'), ('x + = y', 'bad-operator'), ('port 1', 'bad-operator'),
])
def test_whitespace_before_operator_is_required_and_the_entry_is_dropped(line, code):
    doc, diags = parse('service x\n{\n\tuser = root\n\t%s\n}\nservice y\n{\n}\n' % line)
    assert codes(diags) == [code]
    assert diags[0].effect == 'service-dropped'
    assert doc.services()[0].dropped == code
    assert doc.services()[0].items[-1] == Junk('\t' + line)
    # the next entry is unaffected
    assert doc.services()[1].name == 'y' and doc.services()[1].dropped is None


@pytest.mark.parametrize('line,op,values', [
    ('port =1', '=', ['1']), ('only_from +=10.0.0.1 10.0.0.2', '+=', ['10.0.0.1', '10.0.0.2']),
    ('only_from -=10.0.0.1', '-=', ['10.0.0.1']), ('instances == 5', '=', ['=', '5']),
])
def test_operator_is_the_start_of_the_second_token(line, op, values):
    doc, diags = parse('service x\n{\n\t%s\n}\n' % line)
    assert diags == []
    attr = doc.services()[0].attributes()[0]
    assert (attr.op, attr.values) == (op, values)


def test_line_without_operator_also_swallows_the_next_entry():
    # 'instances' alone: the C parser runs past the end of the line, turns
    # the newline after the next '}' into NUL, so 'service b' is merged into
    # that line and its '{' is read as an unknown keyword
    text = 'service a\n{\n\tinstances\n}\nservice b\n{\n}\nservice c\n{\n}\n'
    doc, diags = parse(text)
    assert codes(diags) == ['missing-operator', 'unknown-keyword']
    assert diags[0].effect == 'service-dropped'
    assert diags[1].value == '{'
    assert [b.name for b in doc.services()] == ['a', 'c']
    assert doc.services()[0].dropped == 'missing-operator'
    assert render(doc) == text


def test_line_without_operator_blanks_an_indented_next_line():
    text = 'service a\n{\n\tinstances\n\tgroups = yes\n}\nservice b\n{\n}\n'
    doc, diags = parse(text)
    assert codes(diags) == ['missing-operator']
    assert [(b.name, b.dropped) for b in doc.services()] == [('a', 'missing-operator'),
                                                             ('b', None)]
    assert render(doc) == text


def test_line_without_operator_but_trailing_space_does_not_overrun():
    text = 'service a\n{\n\tinstances \n}\nservice b\n{\n}\n'
    doc, diags = parse(text)
    assert codes(diags) == ['missing-operator']
    assert [(b.name, b.dropped) for b in doc.services()] == [('a', 'missing-operator'),
                                                             ('b', None)]


def test_defaults_stop_at_a_lexical_error_and_the_rest_is_top_level():
    text = ('defaults\n{\n\tinstances       = 5\n\tport=3\n\tgroups = yes\n}\n'
            'service a\n{\n}\n')
    doc, diags = parse(text)
    assert codes(diags) == ['no-space-before-op', 'unknown-keyword']
    d = doc.defaults()[0]
    assert (d.closed, d.dropped) == (False, 'no-space-before-op')
    assert d.get('instances').values == ['5']
    assert [b.name for b in doc.services()] == ['a']
    assert render(doc) == text
    assert parse(render(doc))[0] == doc


def test_defaults_lexical_error_right_before_brace_swallows_the_next_service():
    text = 'defaults\n{\n\tport=3\n}\nservice a\n{\n}\nservice b\n{\n}\n'
    doc, diags = parse(text)
    assert codes(diags) == ['no-space-before-op', 'unknown-keyword']
    assert diags[1].service == 'a'
    assert [b.name for b in doc.services()] == ['b']


def test_failed_defaults_entry_does_not_count_as_the_first():
    text = 'defaults\n{\n\tport=3\n\tx = 1\n}\ndefaults\n{\n\tinstances = 5\n}\n'
    doc, diags = parse(text)
    assert 'duplicate-defaults' not in codes(diags)
    assert doc.defaults()[1].dropped is None


# -- rendering ------------------------------------------------------------------

def test_format_attribute_is_canonical():
    assert format_attribute('user', '=', ['root']) == '\tuser            = root'
    assert format_attribute('log_on_failure', '+=', ['USERID']) == '\tlog_on_failure  += USERID'
    assert format_attribute('a_very_long_name_x', '=', ['1']) == '\ta_very_long_name_x = 1'
    with pytest.raises(ValueError):
        format_attribute('user', '==', ['root'])


def test_render_service_exact_bytes():
    text = render_service('telnet', [('socket_type', '=', ['stream']), ('wait', '=', ['no']),
                                     ('log_on_failure', '+=', ['USERID']),
                                     ('disable', '=', ['no'])],
                          header_comments=['default: on', '# description: telnet'])
    assert text == ('# default: on\n# description: telnet\nservice telnet\n{\n'
                    '\tsocket_type     = stream\n\twait            = no\n'
                    '\tlog_on_failure  += USERID\n\tdisable         = no\n}\n')


def test_blank_runs_collapse_to_one():
    doc, _d = parse('# a\n\n\n\n# b\nservice x\n{\n\n\n\tuser = root\n}\n')
    assert render(doc) == '# a\n\n# b\nservice x\n{\n\n\tuser            = root\n}\n'


def test_render_directives():
    doc = Document([Directive('includedir', '/etc/xinetd.d'), Directive('include', '/etc/x')])
    assert render(doc) == 'includedir /etc/xinetd.d\ninclude /etc/x\n'


CANONICAL = [
    'service telnet\n{\n\tflags           = REUSE\n\tdisable         = no\n}\n',
    '# c\n\ndefaults\n{\n\tlog_type        = SYSLOG daemon info\n}\n\nincludedir /etc/xinetd.d\n',
    'service x\n{\n\tonly_from       =\n\tno_access       -= 10.0.0.1\n}\n',
]


@pytest.mark.parametrize('text', CANONICAL)
def test_canonical_text_renders_to_the_same_bytes(text):
    doc, diags = parse(text)
    assert render(doc) == text
    assert render(parse(render(doc))[0]) == text


def _roundtrip(text):
    doc, diags = parse(text)
    out = render(doc)
    doc2, diags2 = parse(out)
    assert doc2 == doc, 'model changed by render'
    assert render(doc2) == out, 'render is not byte-stable'
    return doc, diags, out


@pytest.mark.parametrize('name', DEBIAN_FILES)
def test_debian_stock_files_round_trip(name):
    doc, diags, out = _roundtrip(fixture('debian', name))
    assert diags == []
    # comments and operators survive
    original_comments = [l for l in fixture('debian', name).split('\n') if l.startswith('#')]
    assert all_comments(doc) == original_comments
    original_ops = [l.split()[1] for l in fixture('debian', name).split('\n')
                    if l.startswith('\t') and len(l.split()) > 1]
    assert [a.op for b in doc.blocks() for a in b.attributes()] == original_ops


def all_comments(doc):
    out = []
    for n in doc.nodes:
        if isinstance(n, Comment):
            out.append(n.text)
        elif isinstance(n, Block):
            out.extend(i.text for i in n.items if isinstance(i, Comment))
    return out


def test_debian_chargen_holds_both_ids():
    doc, diags, out = _roundtrip(fixture('debian', 'xinetd.d/chargen'))
    assert [(b.name, b.get('id').values[0]) for b in doc.services()] == [
        ('chargen', 'chargen-stream'), ('chargen', 'chargen-dgram')]
    assert out.startswith('# default: off\n')


def test_debian_xinetd_conf_model():
    doc, diags, out = _roundtrip(fixture('debian', 'xinetd.conf'))
    assert len(doc.defaults()) == 1 and doc.defaults()[0].attributes() == []
    assert doc.directives() == [Directive('includedir', '/etc/xinetd.d')]


def test_centos6_telnet_round_trip():
    doc, diags, out = _roundtrip(fixture('centos6', 'telnet'))
    assert diags == []
    block = doc.services()[0]
    assert [(a.name, a.op, a.values) for a in block.attributes()] == [
        ('flags', '=', ['REUSE']), ('socket_type', '=', ['stream']), ('wait', '=', ['no']),
        ('user', '=', ['root']), ('server', '=', ['/usr/sbin/in.telnetd']),
        ('log_on_failure', '+=', ['USERID']), ('disable', '=', ['no'])]
    assert out == (
        '# default: on\n'
        '# description: The telnet server serves telnet sessions; it uses \\\n'
        '#       unencrypted username/password pairs for authentication.\n'
        'service telnet\n{\n'
        '\tflags           = REUSE\n'
        '\tsocket_type     = stream\n'
        '\twait            = no\n'
        '\tuser            = root\n'
        '\tserver          = /usr/sbin/in.telnetd\n'
        '\tlog_on_failure  += USERID\n'
        '\tdisable         = no\n'
        '}\n')


def test_node_equality_ignores_line_numbers():
    assert Attribute('user', '=', ['root'], lineno=3) == Attribute('user', '=', ['root'], lineno=9)
    assert Attribute('user', '=', ['root']) != Attribute('user', '+=', ['root'])
    assert Block('service', 'x') != Block('service', 'y')


def test_diagnostic_to_dict():
    _doc, diags = parse('service x {\n}\n', filename='/etc/xinetd.d/x')
    d = diags[0].to_dict()
    assert d['file'] == '/etc/xinetd.d/x' and d['lineno'] == 1 and d['code'] == 'missing-brace'
    assert set(d) == set(['severity', 'code', 'message', 'lineno', 'service', 'attribute',
                          'value', 'effect', 'file'])


# -- byte stability on arbitrary input -------------------------------------------------

FRAGMENTS = ['service x', 'service y extra', 'defaults', '{', '}', ' { ', '{ # c', '# c',
             '  # indented', '', '   ', '\tuser = root', '\tport=1', '\tport =1',
             '\tinstances == 5', '\tonly_from +=10.0.0.1', '\tonly_from -= a b',
             '\tinstances', '\tx + = y', 'includedir /etc/xinetd.d', 'include', 'includefile /x',
             '\tdisable = yes # off', '\tserver_args = "a b"', '\tdisable = no\r', 'service z {',
             '\ta_very_long_attribute_name = 1', '\tonly_from =', 'SERVICE Q', '\t=', '\t= x']


@pytest.mark.parametrize('seed', range(40))
def test_render_is_a_fixed_point_on_random_text(seed):
    import random
    rnd = random.Random(seed)
    text = '\n'.join(rnd.choice(FRAGMENTS) for _i in range(rnd.randint(1, 40))) + '\n'
    doc, diags = parse(text)
    once = render(doc)
    doc2, diags2 = parse(once)
    assert doc2 == doc
    assert render(doc2) == once
    # the diagnostics keep their codes and effects (line numbers may move)
    assert [(d.code, d.effect) for d in diags2] == [(d.code, d.effect) for d in diags]


def test_crlf_only_in_comments_is_harmless():
    doc, diags = parse('# a\r\nservice x\n{\n}\n')
    assert codes(diags) == ['crlf']
    assert (diags[0].severity, diags[0].effect) == ('warning', 'none')


def test_crlf_blank_line_is_blank():
    # next_line() skips isspace() lines, so a lone '\r' is a blank line
    doc, diags = parse('service x\n{\n\r\n\tuser = root\n}\n')
    assert codes(diags) == ['crlf']
    assert diags[0].severity == 'warning'
    assert doc.services()[0].get('user').values == ['root']


def test_second_defaults_is_skipped_without_parsing_its_lines():
    text = ('defaults\n{\n}\ndefaults\n{\n\tinstances\n}\nservice a\n{\n}\n')
    doc, diags = parse(text)
    assert codes(diags) == ['duplicate-defaults']
    assert [b.name for b in doc.services()] == ['a']
    assert doc.defaults()[1].items == [Junk('\tinstances')]
    assert render(doc) == text
