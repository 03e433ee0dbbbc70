# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd configuration: the xinetd-faithful parser.

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

from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import (
    Attribute,
    Blank,
    Block,
    Comment,
    Diagnostic,
    Directive,
    Document,
    Junk,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.lexer import (
    C_SPACE,
    get_attr_op,
    is_blank,
    is_c_space,
    is_comment,
    line_has_only,
    split_lines,
    tokenize,
)


class _Parser:
    """xinetd's parse_conf_file() over a list of lines.

    ``view`` holds the lines as xinetd sees them (the overrun of a one-word
    attribute line can blank or cut the next line, or merge the line after
    it); nodes always keep the original text, so rendering gives the input
    back.
    """

    def __init__(self, text, filename):
        self.lines = split_lines(text)
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
        if is_blank(line):
            if self.lines[i] != line:
                target.append(Junk(self.lines[i], i + 1))
            elif not (target and isinstance(target[-1], Blank)):
                target.append(Blank(i + 1))
            return True
        if is_comment(line):
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
            if i not in self.hidden and not (is_blank(self.view[i]) or
                                             is_comment(self.view[i])):
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
        while cut < len(nxt) and not is_c_space(nxt[cut]) and nxt[cut] != '=':
            cut += 1
        if cut < len(nxt):
            self.view[j] = nxt[:cut]
        elif j + 1 < len(self.lines):
            self.hidden.add(j + 1)

    # -- top level -----------------------------------------------------------

    def run(self):
        crlf = [n for n, line in enumerate(self.lines) if line.endswith('\r')]
        significant = [n for n in crlf
                       if not (is_comment(self.lines[n]) or is_blank(self.lines[n]))]
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
        """A ``service NAME`` or ``defaults`` header at self.i: parse_entry()."""
        header = self._block_header(tokens, line, lineno)
        if header is None:
            return
        kind, name, extra = header
        label = name if kind == 'service' else 'defaults'
        j = self._next_significant(self.i + 1)
        damaged = any(self.lines[n] != self.view[n] or n in self.hidden
                      for n in range(self.i, (j if j is not None else self.i) + 1))
        if j is None or not line_has_only(self.view[j], '{') or damaged:
            self._missing_brace(kind, label, name, extra, line, lineno, j, damaged)
            return
        block = Block(kind, name=name, extra=extra, lineno=lineno, keyword=tokens[0])
        # trivia between header and '{' moves into the block
        for k in range(self.i + 1, j):
            self._append_trivia(block.items, k)
        if kind == 'defaults' and self.defaults_seen:
            self._duplicate_defaults(block, j)
            return
        body = self._block_body(block, kind, label, name, j + 1)
        if body is None:
            return  # a lexical error ended the entry
        k, closed = body
        if not closed:
            self._unclosed(block, kind, label, name, lineno, k)
            return
        if kind == 'defaults':
            self.defaults_seen = True
        self.nodes.append(block)
        self.i = self._emit_hidden(k, self.nodes)

    def _block_header(self, tokens, line, lineno):
        """``(kind, name, extra)`` of the header, or None when a service has no name."""
        kind = tokens[0].lower()
        if kind != 'service':
            return kind, None, tokens[1:]
        if len(tokens) < 2:
            self.diag('error', 'missing-name',
                      "'service' without a name: xinetd skips up to the next '}'",
                      lineno, 'lines-lost', value=line)
            self.nodes.append(Junk(self.lines[self.i], lineno))
            self.i = self._skip_entry(self._emit_hidden(self.i + 1, self.nodes), self.nodes)
            return None
        return kind, tokens[1], tokens[2:]

    def _missing_brace(self, kind, label, name, extra, line, lineno, j, damaged):
        """No clean '{' after the header: xinetd skips to the next '}'."""
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

    def _block_body(self, block, kind, label, name, start):
        """Read the lines of an entry from ``start``: ``(next line, closed)``.

        None when a line parse_line() rejects ended the entry (handled by
        :meth:`_lexical_error`).
        """
        k = start
        while k < len(self.lines):
            if k in self.hidden:
                break  # only after an overrun, handled by _unclosed
            cur = self.view[k]
            if line_has_only(cur, '}'):
                if self.lines[k] != cur:
                    break  # a damaged '}' cannot be rendered as one
                return k + 1, True
            if self._append_trivia(block.items, k):
                k += 1
                continue
            if self.lines[k] != cur:
                break  # damaged line: represented verbatim by _unclosed
            aname, op, values, err = get_attr_op(cur)
            if err:
                self._lexical_error(block, kind, label, name, k, aname, values, err)
                return None
            self._value_warnings(kind, label, name, aname, values, k + 1)
            block.items.append(Attribute(aname, op, values, k + 1))
            k += 1
        return k, False

    def _value_warnings(self, kind, label, name, aname, values, lineno):
        """Values that look like an inline comment or a quoted string (xinetd has neither)."""
        for v in values:
            if v.startswith('#'):
                self.diag('warning', 'inline-comment',
                          "%s %s: '%s' on attribute %s is not a comment: xinetd "
                          "has no inline comments, so it is read as a value"
                          % (kind, label, v, aname), lineno, 'none',
                          service=name, attribute=aname, value=v)
                break
        for v in values:
            if v[:1] in ('"', "'") or v[-1:] in ('"', "'"):
                self.diag('warning', 'quote',
                          "%s %s: value %s of %s contains a quote: xinetd has no "
                          "quoting, the quote is part of the value"
                          % (kind, label, v, aname), lineno, 'none',
                          service=name, attribute=aname, value=v)
                break

    def _unclosed(self, block, kind, label, name, lineno, k):
        """An entry without its clean '}': lost (a defaults entry applies up to the end)."""
        effect = 'service-dropped' if kind == 'service' else 'lines-lost'
        if k >= len(self.lines):
            self.diag('error', 'unterminated-block',
                      "%s %s: no closing '}' before end of file: xinetd loses the entry"
                      % (kind, label), lineno, effect, service=name)
        else:
            self.diag('error', 'damaged-line',
                      "%s %s: line %d is damaged by the line before it; xinetd does not "
                      "read the entry as written" % (kind, label, k + 1), k + 1,
                      effect, service=name)
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
        shown = cur.strip(C_SPACE)
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
