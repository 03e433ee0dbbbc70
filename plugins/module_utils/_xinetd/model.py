# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""xinetd configuration: the document model and the finding object.

Pure standard library; runs on Python 2.7 and 3.6+.

A parsed file is a :class:`Document` of nodes (comments, blank lines,
directives, ``service``/``defaults`` entries and the lines xinetd skips, kept
as :class:`Junk`).  Every finding about a configuration, from the parser,
the per-file rules or the loader, is a :class:`Diagnostic`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

OPERATORS = ('=', '+=', '-=')

SEVERITIES = ('fatal', 'error', 'warning', 'info')
EFFECTS = ('service-dropped', 'line-ignored', 'lines-lost', 'xinetd-exits',
           'value-dropped', 'none')


# the keys of Diagnostic.to_dict(), in the order the modules return them
DIAGNOSTIC_FIELDS = ('file', 'lineno', 'code', 'message', 'severity', 'effect', 'service',
                     'attribute', 'value')


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
        return dict((k, getattr(self, k)) for k in DIAGNOSTIC_FIELDS)

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
