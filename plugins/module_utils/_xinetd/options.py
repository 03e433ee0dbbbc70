# -*- coding: utf-8 -*-
# Copyright (c) sysv.services contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed module options: argument specs and option -> attribute conversion.

Pure standard library; runs on Python 2.7 and 3.6+.

The argument specs of the typed xinetd options follow from the attribute
table; :func:`options_to_attributes` turns option values into checked
attribute lines and refuses, naming the option and the value, anything that
could add lines, entries or comments or that xinetd would reject.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.sysv.services.plugins.module_utils._xinetd.attrs import (
    ATTRIBUTES,
    LIST_OPTIONS,
    OPTION_ORDER,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.checks import (
    address_option_problem,
    integer_types,
    same_word,
    string_types,
)
from ansible_collections.sysv.services.plugins.module_utils._xinetd.model import Attribute


class OptionError(ValueError):
    def __init__(self, option, value, message):
        ValueError.__init__(self, 'option %s: %r: %s' % (option, value, message))
        self.option = option
        self.value = value
        self.message = message


# argument specs of the typed options, from the table
SERVICE_OPTIONS = dict((name, ATTRIBUTES[name].argument_spec()) for name in OPTION_ORDER)
SERVICE_OPTIONS['enabled'] = {'type': 'bool'}

DEFAULTS_OPTIONS = dict((name, dict(SERVICE_OPTIONS[name])) for name in OPTION_ORDER
                        if ATTRIBUTES[name].in_defaults)
DEFAULTS_OPTIONS['enabled'] = {'type': 'list', 'elements': 'str'}
DEFAULTS_OPTIONS['disabled'] = {'type': 'list', 'elements': 'str'}


def _text(v):
    if isinstance(v, bool):
        return 'yes' if v else 'no'
    if isinstance(v, integer_types):
        return '%d' % v
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, string_types):
        return v
    return '%s' % (v,)


def _safe_token(option, value, token):
    """A single value token: refuse anything that could inject or be misread."""
    for ch in token:
        if ch in ('\n', '\r', '\0'):
            raise OptionError(option, value, 'contains a newline, carriage return or NUL')
        if ord(ch) < 32 or ord(ch) == 127:
            raise OptionError(option, value, 'contains a non-printable character')
    if token == '':
        raise OptionError(option, value, 'is empty')
    if ' ' in token or '\t' in token:
        raise OptionError(option, value, 'contains whitespace (xinetd would split it)')
    if token.startswith('#'):
        raise OptionError(option, value, "starts with '#' (xinetd has no inline comments)")
    if token in ('{', '}') or '{' in token and option not in ('only_from', 'no_access') \
            or '}' in token and option not in ('only_from', 'no_access'):
        raise OptionError(option, value, "contains '{' or '}'")
    if token[:1] in ('"', "'") or token[-1:] in ('"', "'"):
        raise OptionError(option, value, 'contains a quote (xinetd has no quoting)')
    return token


def _tokens(option, value, split=False, shown=None):
    if value is None:
        return None
    if shown is not None:
        try:
            return _tokens(option, value, split)
        except OptionError as e:
            raise OptionError(option, shown, e.message)
    if isinstance(value, (list, tuple)):
        items = [_text(v) for v in value]
    else:
        v = _text(value)
        if split:
            for ch in ('\n', '\r', '\0'):
                if ch in v:
                    raise OptionError(option, value, 'contains a newline, carriage return or NUL')
            items = [t for t in re.split(r'[ \t]+', v) if t != '']
        else:
            items = [v]
    return [_safe_token(option, value, t) for t in items]


def _check_values(option, value, name, values, in_defaults=False):
    attr = Attribute(name, '=', values)
    spec = ATTRIBUTES[name]
    if isinstance(spec.arity, int) and spec.arity > 0 and len(values) != spec.arity:
        raise OptionError(option, value, 'takes %d value%s' % (spec.arity, '' if spec.arity == 1 else 's'))
    if spec.arity is None and not values:
        raise OptionError(option, value, 'needs at least one value')
    if values or name == 'server_args':
        err = spec.check(values)
        if err:
            raise OptionError(option, value, err)
    return attr


def _operator_in_value(option, value):
    """Refuse ``"+= USERID"``: the operator is not part of the value; point to the mapping form."""
    if isinstance(value, string_types):
        words = [w for w in re.split(r'[ \t]+', value) if w]
    elif isinstance(value, (list, tuple)):
        words = [_text(v) for v in value]
    else:
        return
    if not words:
        return
    for op, key in (('+=', 'add'), ('-=', 'remove'), ('=', None)):
        if words[0] == op or (words[0].startswith(op) and op != '='):
            rest = [w for w in [words[0][len(op):]] + words[1:] if w]
            if key is None:
                raise OptionError(option, value, "starts with '=': the option is the value itself, "
                                  "write %s: [%s]" % (option, ', '.join(rest)))
            raise OptionError(option, value, "starts with the operator '%s', which is not part of the value; "
                              "to %s values %s the defaults write %s: {%s: [%s]}"
                              % (op, key, 'to' if key == 'add' else 'from', option, key, ', '.join(rest)))


def _list_option(option, value, in_defaults):
    """list -> [('=', values)]; {add, remove} -> [('+=', ..), ('-=', ..)]."""
    if isinstance(value, dict):
        unknown = set(value) - set(['add', 'remove'])
        if unknown:
            raise OptionError(option, value, 'a mapping takes only the keys add and remove')
        res = []
        for key, op in (('add', '+='), ('remove', '-=')):
            items = value.get(key)
            if items is None:
                continue
            if isinstance(items, string_types):
                items = [items]
            toks = _tokens(option, items, shown=value)
            if not toks:
                continue
            if option in ('only_from', 'no_access'):
                problem = address_option_problem(items, toks)
                if problem:
                    raise OptionError(option, value, problem)
            if op == '-=' and option == 'env':
                raise OptionError(option, value, "env cannot remove values ('-=' disables the service)")
            _check_values(option, value, option, toks)
            res.append((op, toks))
        return res
    _operator_in_value(option, value)
    if isinstance(value, string_types):
        toks = _tokens(option, value, split=True)
    elif isinstance(value, (list, tuple)):
        toks = _tokens(option, value)
    else:
        raise OptionError(option, value, 'must be a list or a mapping with add/remove')
    if option in ('only_from', 'no_access'):
        problem = address_option_problem(value, toks)
        if problem:
            raise OptionError(option, value, problem)
    _check_values(option, value, option, toks)
    return [('=', toks)]


def options_to_attributes(options, context='service'):
    """Typed module options -> [(name, op, [values])] in canonical order.

    context 'service' (keys of SERVICE_OPTIONS) or 'defaults' (keys of
    DEFAULTS_OPTIONS).  Options whose value is None are left out.  Raises
    OptionError naming the option and the value for anything that could
    inject lines, blocks or comments, or that xinetd would reject.
    """
    in_defaults = context == 'defaults'
    allowed = DEFAULTS_OPTIONS if in_defaults else SERVICE_OPTIONS
    for key in options:
        if key not in allowed and options[key] is not None:
            raise OptionError(key, options[key], 'is not a%s xinetd attribute option'
                              % (' defaults' if in_defaults else ' service'))
    out = []
    for name in OPTION_ORDER:
        value = options.get(name)
        if name not in allowed or value is None:
            continue
        if name in LIST_OPTIONS:
            for op, tokens in _list_option(name, value, in_defaults):
                out.append((name, op, tokens))
            continue
        tokens = _scalar_tokens(name, value)
        if tokens is None:
            continue  # an empty list means: no such line
        _check_values(name, value, name, tokens)
        out.append((name, '=', tokens))
    if in_defaults:
        out.extend(_id_lists(options))
    else:
        enabled = options.get('enabled')
        if enabled is not None:
            if not isinstance(enabled, bool):
                raise OptionError('enabled', enabled, 'must be a boolean')
            out.append(('disable', '=', ['no' if enabled else 'yes']))
    return out


def _scalar_tokens(name, value):
    """The values of the line of an option that is not a list attribute (None: no line)."""
    spec = ATTRIBUTES[name]
    if spec.option_type == 'bool':
        if not isinstance(value, bool):
            raise OptionError(name, value, 'must be a boolean')
        return ['yes' if value else 'no']
    if name == 'cps':
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise OptionError(name, value, 'must be a list [rate, seconds]')
        for item in value:
            if isinstance(item, bool) or not isinstance(item, integer_types + string_types):
                raise OptionError(name, value, 'must hold two integers')
        return _tokens(name, value)
    if name in ('instances', 'per_source'):
        return _limit_tokens(name, value)
    if spec.split:
        tokens = _tokens(name, value, split=isinstance(value, string_types))
        if not tokens and spec.option_type == 'list':
            return None
        return tokens
    if name == 'umask' and isinstance(value, integer_types) and not isinstance(value, bool):
        raise OptionError(name, value, 'must be an octal string such as "022" '
                          '(an integer is ambiguous)')
    return _tokens(name, value)


def _limit_tokens(name, value):
    """instances / per_source: a non-negative integer or UNLIMITED."""
    if isinstance(value, bool):
        raise OptionError(name, value, 'must be an integer or UNLIMITED')
    if isinstance(value, string_types) and same_word(value, 'UNLIMITED'):
        return ['UNLIMITED']
    if isinstance(value, float) and value != int(value):
        raise OptionError(name, value, 'must be a whole number or UNLIMITED')
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise OptionError(name, value, 'must be an integer or UNLIMITED')
    if number < 0:
        raise OptionError(name, value, 'must not be negative')
    return ['%d' % number]


def _id_lists(options):
    """The defaults-only ``enabled`` / ``disabled`` id lists."""
    out = []
    for name in ('enabled', 'disabled'):
        value = options.get(name)
        if value is None:
            continue
        tokens = _tokens(name, value, split=isinstance(value, string_types))
        _check_values(name, value, name, tokens)
        # an id listed twice is written once, at its first place (xinetd
        # compares these ids without case)
        seen = set()
        unique = []
        for token in tokens:
            if token.lower() not in seen:
                seen.add(token.lower())
                unique.append(token)
        out.append((name, '=', unique))
    return out
