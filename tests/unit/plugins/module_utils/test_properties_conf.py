# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Property-based tests (hypothesis) for the xinetd parser, renderer and options.

* parse(render(x)) == x for any valid document model x;
* parse() never raises on arbitrary text, returns well-formed diagnostics,
  and render(parse(text)) is a fixpoint (rendering twice changes nothing);
* no option value can produce an extra line, block, comment or attribute:
  options_to_attributes either refuses the value (OptionError naming the
  option) or the rendered service parses back to exactly the attributes
  that were asked for, in one block, with no diagnostics about structure.
"""
from __future__ import absolute_import, division, print_function
from __future__ import unicode_literals  # hypothesis' text strategies must stay unicode on Python 2.7
__metaclass__ = type

import json
import os
import string

import pytest

hypothesis = pytest.importorskip('hypothesis', reason='hypothesis is not installed in this environment')
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from ansible_collections.sysv.services.plugins.module_utils._xinetd import model  # noqa: E402
from ansible_collections.sysv.services.plugins.module_utils._xinetd import parser  # noqa: E402
from ansible_collections.sysv.services.plugins.module_utils._xinetd import render  # noqa: E402
from ansible_collections.sysv.services.plugins.module_utils._xinetd import attrs  # noqa: E402
from ansible_collections.sysv.services.plugins.module_utils._xinetd import options  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
FIGURES = os.path.join(ROOT, 'build', 'reliability', 'figures.jsonl')
EXAMPLES = int(os.environ.get('SYSV_HYPOTHESIS_EXAMPLES', '300'))
# No example database: with one, hypothesis keeps a Pareto front of examples
# and, between generated examples, shrinks its entries to store them; on
# hypothesis 4.57 (the last release for Python 2.7) that shrinking can run
# for tens of minutes on an unlucky seed, with every example passing. These
# tests draw fresh examples on every run (CI starts from a clean tree
# anyway). Hypothesis still writes caches (unicode tables, collected
# constants) to its home directory: tests/unit/conftest.py points that at
# build/hypothesis, so no .hypothesis directory appears in the tree.
PROFILE = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

_COUNTS = {}


def record(label, examples):
    """Append a figure for docs/reliability.md (see tests/reliability/conftest.py)."""
    directory = os.path.dirname(FIGURES)
    if not os.path.isdir(directory):
        os.makedirs(directory)
    with open(FIGURES, 'a') as handle:
        handle.write(json.dumps({'kind': 'property', 'label': label, 'examples': examples,
                                 'run': os.environ.get('SYSV_RELIABILITY_RUN')}) + '\n')


def count(name):
    _COUNTS[name] = _COUNTS.get(name, 0) + 1


@pytest.fixture(scope='module', autouse=True)
def _figures():
    yield
    for name, n in sorted(_COUNTS.items()):
        record('parser/renderer: %s' % name, n)


# -- strategies ------------------------------------------------------------------

# a token xinetd reads back as one value: no blanks, no line breaks, no NUL
TOKEN_CHARS = st.characters(blacklist_characters=' \t\n\r\x00\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029',
                            blacklist_categories=('Cs',))
token = st.text(TOKEN_CHARS, min_size=1, max_size=12).filter(
    lambda t: t not in ('{', '}') and not t.startswith('#'))
name_token = st.text(string.ascii_letters + string.digits + '_-', min_size=1, max_size=10)
attr_name = st.sampled_from(sorted(attrs.ATTRIBUTES))
op = st.sampled_from(model.OPERATORS)


@st.composite
def attribute(draw):
    return model.Attribute(draw(attr_name), draw(op), draw(st.lists(token, min_size=1, max_size=4)))


comment = st.builds(lambda ws, body: model.Comment(ws + '#' + body),
                    st.sampled_from(['', ' ', '\t']),
                    st.text(TOKEN_CHARS | st.just(' '), max_size=20))


def _no_double_blank(items):
    out = []
    for item in items:
        if isinstance(item, model.Blank) and out and isinstance(out[-1], model.Blank):
            continue
        out.append(item)
    return out


@st.composite
def block(draw):
    items = draw(st.lists(st.one_of(attribute(), attribute(), comment, st.just(model.Blank())),
                          max_size=8))
    items = _no_double_blank(items)
    # a blank line right after '{' or before '}' is kept as Blank too
    if draw(st.booleans()):
        return model.Block('service', draw(name_token), items)
    return model.Block('defaults', None, items)


@st.composite
def document(draw):
    nodes = draw(st.lists(st.one_of(
        block(), block(), comment, st.just(model.Blank()),
        st.builds(model.Directive, st.sampled_from(['include', 'includedir']),
                  st.text(string.ascii_letters + '/_-', min_size=1, max_size=15).map(lambda p: '/' + p))),
        max_size=6))
    nodes = _no_double_blank(nodes)
    # only one defaults entry per file is legal: keep the first
    seen = False
    kept = []
    for node in nodes:
        if isinstance(node, model.Block) and node.kind == 'defaults':
            if seen:
                continue
            seen = True
        kept.append(node)
    return model.Document(_no_double_blank(kept))


# -- properties ------------------------------------------------------------------------

@PROFILE
@given(document())
def test_parse_render_roundtrip(doc):
    count('parse(render(x)) == x')
    text = render.render(doc)
    parsed, diags = parser.parse(text)
    assert parsed == doc, 'round trip changed the model:\n%s' % text
    assert not [d for d in diags if d.effect in ('service-dropped', 'lines-lost')], \
        [(d.code, d.message) for d in diags]
    # byte-stable: rendering the parsed model gives the same bytes
    assert render.render(parsed) == text


ARBITRARY = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(['service x', 'service', '{', '}', 'defaults', '\tport = 1',
                              'port=1', 'a += b', 'a -= b', '# c', ' ', '', '\r', 'include /x',
                              'includedir /d', '{ # c', 'service y {', '\x00', u'\u00e9 = \u00e9',
                              'x =', '=', '+=', 'disable = yes # no']),
             max_size=30).map('\n'.join),
)


@PROFILE
@given(ARBITRARY)
def test_parser_never_raises_and_render_is_a_fixpoint(text):
    count('parse() on arbitrary text')
    doc, diags = parser.parse(text)
    for d in diags:
        assert d.severity in model.SEVERITIES
        assert d.effect in model.EFFECTS
        assert d.code and isinstance(d.code, str)
        assert d.message
    once = render.render(doc)
    twice = render.render(parser.parse(once)[0])
    assert once == twice


@PROFILE
@given(st.binary(max_size=300))
def test_parser_never_raises_on_bytes(data):
    count('parse() on arbitrary bytes')
    doc, dummy = parser.parse(data)
    render.render(doc)


# every option that takes text from the user, with hostile and random values
STRING_OPTIONS = sorted(k for k, v in options.SERVICE_OPTIONS.items()
                        if v.get('type') in ('str', 'path', 'raw') and 'choices' not in v)
LIST_OPTIONS = sorted(set(attrs.LIST_OPTIONS) | set(
    k for k, v in options.SERVICE_OPTIONS.items()
    if v.get('type') == 'list' and 'choices' not in v and k != 'cps'))
HOSTILE_PIECES = ['\n', '\r', '\x00', '{', '}', '#', ' ', '\t', '=', '+=', '"', "'", '\\',
                  'service evil', 'disable = no', u'\u00e9', u'\u2028', '\x0b', '\x85', '..', '/']
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=6)),
                        min_size=1, max_size=6).map(''.join)


def _structure_ok(name, wanted):
    text = render.render_service(name, wanted)
    doc, diags = parser.parse(text)
    blocks = doc.blocks()
    assert len(blocks) == 1, text
    assert [n for n in doc.nodes if not isinstance(n, (model.Block, model.Comment, model.Blank))] == [], text
    got = [(a.name, a.op, a.values) for a in blocks[0].attributes()]
    assert got == [(n, o, list(v)) for n, o, v in wanted], text
    assert not [i for i in blocks[0].items if isinstance(i, (model.Comment, model.Junk))], text
    assert not [d for d in diags if d.effect in ('lines-lost', 'service-dropped')
                or d.code in ('missing-brace', 'unknown-keyword', 'unterminated-block')], text
    # one line per attribute, plus header, '{' and '}'
    assert text.count('\n') == len(wanted) + 3, text


@PROFILE
@given(st.sampled_from(STRING_OPTIONS), hostile_text)
def test_no_string_option_value_injects_structure(option, value):
    count('hostile value in a string option')
    try:
        wanted = options.options_to_attributes({option: value})
    except options.OptionError as exc:
        assert exc.option == option
        return
    _structure_ok('svc', wanted)


@PROFILE
@given(st.sampled_from(LIST_OPTIONS),
       st.one_of(st.lists(hostile_text, min_size=1, max_size=3),
                 st.fixed_dictionaries({'add': st.lists(hostile_text, min_size=1, max_size=2)}),
                 st.fixed_dictionaries({'remove': st.lists(hostile_text, min_size=1, max_size=2)}),
                 hostile_text))
def test_no_list_option_value_injects_structure(option, value):
    count('hostile value in a list option')
    try:
        wanted = options.options_to_attributes({option: value})
    except options.OptionError as exc:
        assert exc.option == option
        return
    _structure_ok('svc', wanted)
