# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd configuration: document model, xinetd-faithful parser, canonical renderer.

Pure standard library; runs on Python 2.7 and 3.6+.

The parser follows xinetd's own lexer (``parse.c`` / ``parsesup.c``):

* input is split on ``\\n`` only; ``\\r`` stays inside tokens;
* a line is a comment only if its first non-blank character is ``#``;
* tokens are split on space and tab only (no quoting, no escaping, no
  inline comments);
* ``service NAME`` / ``defaults`` must be followed by a line holding only
  ``{``; the entry ends at a line holding only ``}``;
* anything xinetd skips is kept as :class:`Junk` so that rendering never
  loses a byte of meaning, and reported as a :class:`Diagnostic`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

OPERATORS = ('=', '+=', '-=')

SEVERITIES = ('fatal', 'error', 'warning', 'info')
EFFECTS = ('service-dropped', 'line-ignored', 'lines-lost', 'xinetd-exits',
           'value-dropped', 'none')

_TOKEN_SPLIT = re.compile(r'[ \t]+')
NAME_WIDTH = 16


def tokenize(line):
    """Split one line the way xinetd does: on spaces and tabs only."""
    return [t for t in _TOKEN_SPLIT.split(line) if t != '']


# next_line() skips C isspace() characters to find blank and comment lines,
# while tokens are split on space and tab only
_C_SPACE = ' \t\n\v\f\r'


def _is_blank(line):
    return line.strip(_C_SPACE) == ''


def _is_comment(line):
    return line.lstrip(_C_SPACE).startswith('#')


def line_has_only(line, char):
    """xinetd's line_has_only_1_char(): the char once, plus C white space."""
    seen = False
    for c in line:
        if c == char and not seen:
            seen = True
        elif c not in _C_SPACE:
            return False
    return seen


class Diagnostic:
    """One finding about a configuration text.

    severity: 'fatal' (xinetd exits), 'error' (xinetd drops or misreads
    something), 'warning' (ignored or risky, usually harmless), 'info'.
    effect: what xinetd does about it, one of EFFECTS.
    """

    __slots__ = ('severity', 'code', 'message', 'lineno', 'service',
                 'attribute', 'value', 'effect', 'file')

    def __init__(self, severity, code, message, lineno=None, service=None,
                 attribute=None, value=None, effect='none', file=None):
        self.severity = severity
        self.code = code
        self.message = message
        self.lineno = lineno
        self.service = service
        self.attribute = attribute
        self.value = value
        self.effect = effect
        self.file = file

    def to_dict(self):
        return dict((k, getattr(self, k)) for k in self.__slots__)

    def __repr__(self):
        return 'Diagnostic(%s %s line %s: %s [%s])' % (
            self.severity, self.code, self.lineno, self.message, self.effect)

    def __str__(self):
        where = ''
        if self.file:
            where = '%s:' % self.file
        if self.lineno is not None:
            where += '%s: ' % self.lineno
        elif where:
            where += ' '
        return '%s%s' % (where, self.message)


class Node:
    __slots__ = ()

    def _key(self):
        return tuple(getattr(self, k) for k in self.__slots__ if k != 'lineno')

    def __eq__(self, other):
        return type(self) is type(other) and self._key() == other._key()

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((type(self).__name__,) + tuple(repr(x) for x in self._key()))

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, ', '.join(
            '%s=%r' % (k, getattr(self, k)) for k in self.__slots__))


class Comment(Node):
    """A whole comment line, without the newline, kept verbatim."""
    __slots__ = ('lineno', 'text')

    def __init__(self, text, lineno=None):
        self.lineno = lineno
        self.text = text


class Blank(Node):
    """One or more blank lines (rendered as exactly one)."""
    __slots__ = ('lineno',)

    def __init__(self, lineno=None):
        self.lineno = lineno


class Junk(Node):
    """A line xinetd skips or loses; rendered verbatim."""
    __slots__ = ('lineno', 'text')

    def __init__(self, text, lineno=None):
        self.lineno = lineno
        self.text = text


class Attribute(Node):
    """``name op values...``; name as written, op one of '=', '+=', '-='."""
    __slots__ = ('lineno', 'name', 'op', 'values')

    def __init__(self, name, op, values, lineno=None):
        self.lineno = lineno
        self.name = name
        self.op = op
        self.values = list(values)

    def _key(self):
        return (self.name, self.op, tuple(self.values))

    @property
    def key(self):
        return self.name.lower()


class Block(Node):
    """A ``service NAME`` or ``defaults`` entry.

    ``dropped`` is None, or the diagnostic code of a lexical error that
    makes xinetd throw the whole entry away (e.g. 'no-space-before-op').
    ``closed`` is False for a defaults entry that stopped at such an error
    (or at the end of the file): its last item is the offending line and no
    '}' is rendered; the lines before it still apply.
    """
    __slots__ = ('lineno', 'kind', 'name', 'extra', 'items', 'keyword', 'dropped', 'closed')

    def __init__(self, kind, name=None, items=None, extra=None, lineno=None,
                 keyword=None, dropped=None, closed=True):
        self.lineno = lineno
        self.kind = kind
        self.name = name
        self.extra = list(extra or [])
        self.items = list(items or [])
        self.keyword = keyword or kind
        self.dropped = dropped
        self.closed = closed

    def _key(self):
        return (self.kind, self.name, tuple(self.extra), tuple(self.items), self.dropped,
                self.closed)

    def get(self, key):
        key = key.lower()
        for item in self.items:
            if isinstance(item, Attribute) and item.key == key:
                return item
        return None

    def attributes(self):
        return [i for i in self.items if isinstance(i, Attribute)]


class Directive(Node):
    """``include FILE`` or ``includedir DIR``; keyword is lower case."""
    __slots__ = ('lineno', 'keyword', 'path', 'extra')

    def __init__(self, keyword, path, lineno=None, extra=None):
        self.lineno = lineno
        self.keyword = keyword
        self.path = path
        self.extra = list(extra or [])


class Document(Node):
    __slots__ = ('nodes',)

    def __init__(self, nodes=None):
        self.nodes = list(nodes or [])

    def _key(self):
        return (tuple(self.nodes),)

    def services(self):
        return [n for n in self.nodes if isinstance(n, Block) and n.kind == 'service']

    def defaults(self):
        return [n for n in self.nodes if isinstance(n, Block) and n.kind == 'defaults']

    def directives(self):
        return [n for n in self.nodes if isinstance(n, Directive)]

    def blocks(self):
        return [n for n in self.nodes if isinstance(n, Block)]


def _split_lines(text):
    if text is None:
        return []
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'surrogateescape') if str is not bytes else text
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return lines


def _is_c_space(ch):
    return ch in _C_SPACE


def get_attr_op(line):
    """xinetd 2.3.15's get_attr_op() + parse_line() on one line.

    Returns (name, op, values, error) with error one of None,
    'no-space-before-op' (``port=1``), 'bad-operator' (``x + = y``,
    ``x 5``), 'missing-operator' (``x`` then only white space) and
    'overrun' (a single word with nothing after it, not even a space: the
    C code runs past the end of the line into the next one, see
    _Parser._overrun).  The name ends at white space (C isspace) or '=';
    the operator is '=', '+=' or '-=' right after it (spaces allowed
    between), values are split on space and tab only.
    """
    n = len(line)
    p = 0
    while p < n and _is_c_space(line[p]):
        p += 1
    start = p
    while p < n and not _is_c_space(line[p]) and line[p] != '=':
        p += 1
    name = line[start:p]
    if p == n:
        return name, None, [], 'overrun'
    if line[p] == '=':
        return name, None, tokenize(line[p:]), 'no-space-before-op'
    p += 1
    while p < n and _is_c_space(line[p]):
        p += 1
    if p == n:
        return name, None, [], 'missing-operator'
    if line[p] == '=':
        op = '='
    elif line[p] in '+-' and p + 1 < n and line[p + 1] == '=':
        op = line[p] + '='
        p += 1
    else:
        return name, None, tokenize(line[p:]), 'bad-operator'
    return name, op, tokenize(line[p + 1:]), None


class _Parser:
    """xinetd's parse_conf_file() over a list of lines.

    ``view`` holds the lines as xinetd sees them (the overrun of a one-word
    attribute line can blank or cut the next line, or merge the line after
    it); nodes always keep the original text, so rendering gives the input
    back.
    """

    def __init__(self, text, filename):
        self.lines = _split_lines(text)
        self.view = list(self.lines)
        self.hidden = set()
        self.filename = filename
        self.diags = []
        self.nodes = []
        self.i = 0
        self.defaults_seen = False

    def diag(self, severity, code, message, lineno, effect, service=None,
             attribute=None, value=None):
        self.diags.append(Diagnostic(severity, code, message, lineno=lineno,
                                     service=service, attribute=attribute,
                                     value=value, effect=effect, file=self.filename))

    # -- helpers -----------------------------------------------------------

    def _emit_hidden(self, i, target):
        """Lines merged into line i-1 by an overrun: kept as Junk, never read."""
        while i < len(self.lines) and i in self.hidden:
            target.append(Junk(self.lines[i], i + 1))
            i += 1
        return i

    def _append_trivia(self, target, i):
        """Comment/blank line i (as xinetd sees it); returns True if consumed."""
        line = self.view[i]
        if _is_blank(line):
            if self.lines[i] != line:
                target.append(Junk(self.lines[i], i + 1))
            elif not (target and isinstance(target[-1], Blank)):
                target.append(Blank(i + 1))
            return True
        if _is_comment(line):
            if self.lines[i] != line:
                target.append(Junk(self.lines[i], i + 1))
            else:
                target.append(Comment(line, i + 1))
            return True
        return False

    def _skip_entry(self, start, target):
        """xinetd's skip_entry(): lose lines up to and including the next '}'."""
        i = start
        while i < len(self.lines):
            if i in self.hidden:
                i = self._emit_hidden(i, target)
                continue
            target.append(Junk(self.lines[i], i + 1))
            i += 1
            if line_has_only(self.view[i - 1], '}'):
                break
        return self._emit_hidden(i, target)

    def _next_significant(self, start):
        """Index of the next line that is neither blank nor a comment."""
        i = start
        while i < len(self.lines):
            if i not in self.hidden and not (_is_blank(self.view[i]) or
                                             _is_comment(self.view[i])):
                return i
            i += 1
        return None

    def _overrun(self, k):
        """A one-word line k: get_attr_op() scans on into line k+1.

        It stops at the first white space or '=' of the next line and writes
        a NUL there: the next line is cut at that point (blank if it starts
        with white space); if the next line has no white space at all, the
        NUL replaces its newline and the line after it is merged into it.
        """
        j = k + 1
        while j < len(self.lines) and j in self.hidden:
            j += 1
        if j >= len(self.lines):
            return
        nxt = self.view[j]
        cut = 0
        while cut < len(nxt) and not _is_c_space(nxt[cut]) and nxt[cut] != '=':
            cut += 1
        if cut < len(nxt):
            self.view[j] = nxt[:cut]
        elif j + 1 < len(self.lines):
            self.hidden.add(j + 1)

    # -- top level -----------------------------------------------------------

    def run(self):
        crlf = [n for n, line in enumerate(self.lines) if line.endswith('\r')]
        significant = [n for n in crlf
                       if not (_is_comment(self.lines[n]) or _is_blank(self.lines[n]))]
        if significant:
            self.diag('error', 'crlf',
                      'the file has CRLF line endings: xinetd keeps the carriage return '
                      'inside values and names, so the entries it touches are dropped',
                      significant[0] + 1, 'service-dropped', value='\\r')
        elif crlf:
            self.diag('warning', 'crlf',
                      'comment or blank lines end with a carriage return (CRLF); harmless there',
                      crlf[0] + 1, 'none', value='\\r')
        while self.i < len(self.lines):
            if self.i in self.hidden:
                self.i = self._emit_hidden(self.i, self.nodes)
                continue
            if self._append_trivia(self.nodes, self.i):
                self.i += 1
                continue
            line = self.view[self.i]
            lineno = self.i + 1
            tokens = tokenize(line)
            word = tokens[0].lower()
            if word in ('include', 'includedir'):
                if len(tokens) < 2:
                    self.diag('error', 'missing-name',
                              "'%s' without a path: xinetd skips up to the next '}'" % tokens[0],
                              lineno, 'lines-lost', value=tokens[0])
                    self.nodes.append(Junk(self.lines[self.i], lineno))
                    self.i = self._skip_entry(self.i + 1, self.nodes)
                    continue
                if self.lines[self.i] != line:
                    # damaged by an overrun: what xinetd reads is not what is written
                    self.nodes.append(Junk(self.lines[self.i], lineno))
                    self.diag('warning', 'damaged-line',
                              'line %r is read by xinetd as %r' % (self.lines[self.i], line),
                              lineno, 'none', value=line)
                else:
                    self.nodes.append(Directive(word, tokens[1], lineno, tokens[2:]))
                self.i = self._emit_hidden(self.i + 1, self.nodes)
                continue
            if word == 'service' or word == 'defaults':
                self._block(tokens, line, lineno)
                continue
            self._unknown(tokens, lineno)
        return Document(self.nodes), self.diags

    def _unknown(self, tokens, lineno):
        start = self.i
        self.nodes.append(Junk(self.lines[start], lineno))
        end = self._skip_entry(self._emit_hidden(start + 1, self.nodes), self.nodes)
        lost = [tokenize(self.view[n]) for n in range(start + 1, end) if n not in self.hidden]
        swallowed = [t[1] for t in lost if len(t) > 1 and t[0].lower() == 'service']
        if tokens[0] == '}':
            msg = "a '}' outside any entry: xinetd skips every line up to the next '}'"
        else:
            msg = "unknown keyword '%s': xinetd skips every line up to the next '}'" % tokens[0]
        if swallowed:
            msg += ', so service %s is lost' % ', '.join(swallowed)
        if tokens[0].lower() == 'includefile':
            msg += " (there is no 'includefile'; use 'include')"
        self.diag('error', 'unknown-keyword', msg, lineno, 'lines-lost',
                  service=swallowed[0] if swallowed else None, value=tokens[0])
        self.i = end

    def _lost_region(self, start, end):
        for k in range(start, end):
            self.nodes.append(Junk(self.lines[k], k + 1))

    def _block(self, tokens, line, lineno):
        kind = tokens[0].lower()
        if kind == 'service':
            if len(tokens) < 2:
                self.diag('error', 'missing-name',
                          "'service' without a name: xinetd skips up to the next '}'",
                          lineno, 'lines-lost', value=line)
                self.nodes.append(Junk(self.lines[self.i], lineno))
                self.i = self._skip_entry(self._emit_hidden(self.i + 1, self.nodes), self.nodes)
                return
            name = tokens[1]
            extra = tokens[2:]
        else:
            name = None
            extra = tokens[1:]
        label = name if kind == 'service' else 'defaults'
        j = self._next_significant(self.i + 1)
        damaged = any(self.lines[n] != self.view[n] or n in self.hidden
                      for n in range(self.i, (j if j is not None else self.i) + 1))
        if j is None or not line_has_only(self.view[j], '{') or damaged:
            if j is None:
                msg = "%s %s: missing '{' before end of file" % (kind, label)
            elif damaged and line_has_only(self.view[j], '{'):
                # rare (an entry without '}' before it): kept verbatim, reported as lost
                msg = ("%s %s: the header is damaged by the one-word line before it; "
                       "the entry is not read as written" % (kind, label))
            else:
                msg = ("%s %s: missing '{' (it must be alone on the line after the "
                       "name; found %r): xinetd skips to the next '}' and the entry is lost"
                       % (kind, label, self.view[j] if j != self.i else line))
            if extra and '{' in extra:
                msg = ("%s %s: '{' must be on a line of its own, not after the name: "
                       "xinetd skips to the next '}' and the entry is lost" % (kind, label))
            self.diag('error', 'missing-brace', msg, lineno, 'lines-lost',
                      service=name, value=line)
            # the header line, the trivia and the offending line are consumed;
            # then skip_entry() runs from the line after the offending one
            stop = j if j is not None else len(self.lines) - 1
            self._lost_region(self.i, stop + 1)
            self.i = self._skip_entry(stop + 1, self.nodes)
            return
        block = Block(kind, name=name, extra=extra, lineno=lineno, keyword=tokens[0])
        # trivia between header and '{' moves into the block
        for k in range(self.i + 1, j):
            self._append_trivia(block.items, k)
        if kind == 'defaults' and self.defaults_seen:
            self._duplicate_defaults(block, j)
            return
        k = j + 1
        closed = False
        while k < len(self.lines):
            if k in self.hidden:
                break  # only after an overrun, handled below
            cur = self.view[k]
            clineno = k + 1
            if line_has_only(cur, '}'):
                if self.lines[k] != cur:
                    break  # a damaged '}' cannot be rendered as one
                closed = True
                k += 1
                break
            if self._append_trivia(block.items, k):
                k += 1
                continue
            if self.lines[k] != cur:
                break  # damaged line: represented verbatim below
            aname, op, values, err = get_attr_op(cur)
            if err:
                self._lexical_error(block, kind, label, name, k, aname, values, err)
                return
            for v in values:
                if v.startswith('#'):
                    self.diag('warning', 'inline-comment',
                              "%s %s: '%s' on attribute %s is not a comment: xinetd "
                              "has no inline comments, so it is read as a value"
                              % (kind, label, v, aname), clineno, 'none',
                              service=name, attribute=aname, value=v)
                    break
            for v in values:
                if v[:1] in ('"', "'") or v[-1:] in ('"', "'"):
                    self.diag('warning', 'quote',
                              "%s %s: value %s of %s contains a quote: xinetd has no "
                              "quoting, the quote is part of the value"
                              % (kind, label, v, aname), clineno, 'none',
                              service=name, attribute=aname, value=v)
                    break
            block.items.append(Attribute(aname, op, values, clineno))
            k += 1
        if not closed:
            if k >= len(self.lines):
                self.diag('error', 'unterminated-block',
                          "%s %s: no closing '}' before end of file: xinetd loses the entry"
                          % (kind, label), lineno,
                          'service-dropped' if kind == 'service' else 'lines-lost',
                          service=name)
            else:
                self.diag('error', 'damaged-line',
                          "%s %s: line %d is damaged by the line before it; xinetd does not "
                          "read the entry as written" % (kind, label, k + 1), k + 1,
                          'service-dropped' if kind == 'service' else 'lines-lost',
                          service=name)
            # keep the text verbatim: rendering must not invent the brace
            if kind == 'defaults' and k >= len(self.lines):
                # parse_entry() failed, but the lines before the end were applied
                block.closed = False
                block.dropped = 'unterminated-block'
                self.nodes.append(block)
                self.i = len(self.lines)
                return
            self._lost_region(self.i, k)
            if kind == 'service':
                self.i = self._skip_entry(k, self.nodes)
            else:
                self.i = k
            return
        if kind == 'defaults':
            self.defaults_seen = True
        self.nodes.append(block)
        self.i = self._emit_hidden(k, self.nodes)

    def _duplicate_defaults(self, block, j):
        """A second defaults entry in one file: skip_entry(), nothing is parsed."""
        self.diag('warning', 'duplicate-defaults',
                  "only one 'defaults' entry is allowed per file: this one is ignored",
                  block.lineno, 'lines-lost')
        sub = []
        end = self._skip_entry(j + 1, sub)
        last = end - 1
        if last > j and line_has_only(self.view[last], '}') and \
                self.lines[last] == self.view[last] and \
                all(n not in self.hidden for n in range(j + 1, end)):
            block.dropped = 'duplicate-defaults'
            for n in range(j + 1, last):
                if self._append_trivia(block.items, n):
                    continue
                aname, op, values, err = get_attr_op(self.view[n])
                if err or self.lines[n] != self.view[n]:
                    block.items.append(Junk(self.lines[n], n + 1))
                else:
                    block.items.append(Attribute(aname, op, values, n + 1))
            self.nodes.append(block)
        else:
            self._lost_region(block.lineno - 1, j + 1)
            self.nodes.extend(sub)
        self.i = end

    def _lexical_error(self, block, kind, label, name, k, aname, values, err):
        """A line parse_line() rejects: the entry fails.

        In a service, skip_entry() then runs to the next '}'.  A defaults
        entry is not skipped: the lines before stay applied, the rest of the
        entry is read as top-level lines (and a later defaults entry of the
        file is not "duplicate").
        """
        cur = self.lines[k]
        clineno = k + 1
        shown = cur.strip(_C_SPACE)
        if err == 'no-space-before-op':
            msg = ("%r needs whitespace before the operator (write 'name = value')" % shown)
        elif err == 'bad-operator':
            msg = "bad operator %r for attribute %s" % (values[0] if values else '', aname)
        else:
            msg = "line %r has no operator ('=', '+=' or '-=')" % shown
        if err == 'overrun':
            msg += (": xinetd's parser runs on into the next line and damages it, so the "
                    "entry after this one may be lost as well")
            err = 'missing-operator'
        if kind == 'service':
            msg = 'service %s: %s; xinetd drops the entry' % (label, msg)
        else:
            msg = ('defaults: %s; the defaults entry stops here (the lines before it apply, '
                   'the lines after it are read as new entries)' % msg)
        self.diag('error', err, msg, clineno,
                  'service-dropped' if kind == 'service' else 'lines-lost',
                  service=name, attribute=aname, value=shown)
        if get_attr_op(cur)[3] == 'overrun':
            self._overrun(k)
        block.items.append(Junk(cur, clineno))
        if kind == 'defaults':
            block.closed = False
            block.dropped = err
            self.nodes.append(block)
            self.i = self._emit_hidden(k + 1, self.nodes)
            return
        block.dropped = err
        # skip_entry() from the next line; keep the block when it ends at a
        # clean '}' of its own, else keep the text verbatim
        end = k + 1
        sub = []
        end = self._skip_entry(end, sub)
        last = end - 1
        while last > k and last in self.hidden:
            last -= 1
        if last > k and line_has_only(self.view[last], '}') and self.lines[last] == self.view[last] \
                and all(n not in self.hidden for n in range(k + 1, last)):
            for n in range(k + 1, last):
                if not self._append_trivia(block.items, n):
                    block.items.append(Junk(self.lines[n], n + 1))
            self.nodes.append(block)
            self.i = self._emit_hidden(last + 1, self.nodes)
            return
        self._lost_region(block.lineno - 1, end)
        self.i = end


def parse(text, filename=None):
    """Parse xinetd configuration text.

    Returns ``(Document, [Diagnostic])``; never raises on any string.
    """
    return _Parser(text, filename).run()


# -- rendering -----------------------------------------------------------------

def format_attribute(name, op, values):
    """One canonical attribute line (no newline)."""
    if op not in OPERATORS:
        raise ValueError('bad operator %r' % (op,))
    head = name.ljust(NAME_WIDTH) if len(name) < NAME_WIDTH else name + ' '
    line = '\t' + head + op
    values = list(values)
    if values:
        line += ' ' + ' '.join(values)
    return line


def _render_items(items, out):
    prev_blank = False
    for item in items:
        if isinstance(item, Blank):
            if not prev_blank:
                out.append('')
            prev_blank = True
            continue
        prev_blank = False
        if isinstance(item, Attribute):
            out.append(format_attribute(item.name, item.op, item.values))
        elif isinstance(item, (Comment, Junk)):
            out.append(item.text)
        else:
            raise TypeError('cannot render %r inside a block' % (item,))


def render(document):
    """Canonical text of a Document: byte-stable, ends with a newline."""
    out = []
    prev_blank = False
    for node in document.nodes:
        if isinstance(node, Blank):
            if not prev_blank:
                out.append('')
            prev_blank = True
            continue
        prev_blank = False
        if isinstance(node, (Comment, Junk)):
            out.append(node.text)
        elif isinstance(node, Directive):
            out.append(' '.join([node.keyword, node.path] + list(node.extra)))
        elif isinstance(node, Block):
            if node.kind == 'service':
                out.append(' '.join(['service', node.name] + list(node.extra)))
            else:
                out.append(' '.join(['defaults'] + list(node.extra)))
            out.append('{')
            _render_items(node.items, out)
            if node.closed:
                out.append('}')
        else:
            raise TypeError('cannot render %r' % (node,))
    if not out:
        return ''
    return '\n'.join(out) + '\n'


def render_service(name, attributes, header_comments=()):
    """Render one service entry.

    attributes: iterable of (name, op, [values]);
    header_comments: lines put before the entry ('# ' is added when missing).
    """
    nodes = []
    for c in header_comments:
        c = c.rstrip('\n')
        if not c.lstrip(' \t').startswith('#'):
            c = '# ' + c if c else '#'
        nodes.append(Comment(c))
    items = [Attribute(n, op, list(values)) for n, op, values in attributes]
    nodes.append(Block('service', name=name, items=items))
    return render(Document(nodes))
