"""STAND-IN for Hydra's override lexer (part of the override parser stand-in: overrides_parser.py).

A hand-written replay of hydra/grammar/OverrideLexer.g4 (github.com/facebookresearch/hydra,
hydra 1.3/1.4): two lexer modes, the key (DEFAULT_MODE) until the first ``=``, then the value
(VALUE_MODE); the longest match wins, ties resolved by rule order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from hydra.errors import HydraException

_CHAR = "[a-zA-Z]"
_DIGIT = "[0-9]"
_INT_UNSIGNED = "(?:0|[1-9](?:_?[0-9])*)"
_KEY_SPECIAL = r"[a-zA-Z_$][a-zA-Z0-9_\-$]*"
_WS = "[ \t]+"
# Python's regex alternation takes the first alternative that matches, ANTLR the longest: the
# longer alternatives come first.
_POINT_FLOAT = rf"(?:{_INT_UNSIGNED}?\.[0-9](?:_?[0-9])*|{_INT_UNSIGNED}\.)"
_EXPONENT_FLOAT = rf"(?:(?:{_POINT_FLOAT}|{_INT_UNSIGNED})[eE][+-]?[0-9](?:_?[0-9])*)"

# (token type, regex) in rule order: the longest match wins, then the first rule.
_KEY_MODE = [
    ("EQUAL", rf"=(?:{_WS})?"),
    ("TILDE", "~"),
    ("PLUS", r"\+"),
    ("AT", "@"),
    ("COLON", ":"),
    ("SLASH", "/"),
    ("ID", r"[a-zA-Z_][a-zA-Z0-9_\-]*"),
    ("KEY_SPECIAL", _KEY_SPECIAL),
    ("DOT_PATH", rf"(?:{_KEY_SPECIAL}|{_INT_UNSIGNED})(?:\.(?:{_KEY_SPECIAL}|{_INT_UNSIGNED}))+"),
]
_VALUE_MODE = [
    ("POPEN", rf"(?:{_WS})?\((?:{_WS})?"),
    ("COMMA", rf"(?:{_WS})?,(?:{_WS})?"),
    ("PCLOSE", rf"(?:{_WS})?\)"),
    ("BRACKET_OPEN", rf"\[(?:{_WS})?"),
    ("BRACKET_CLOSE", rf"(?:{_WS})?\]"),
    ("BRACE_OPEN", rf"\{{(?:{_WS})?"),
    ("BRACE_CLOSE", rf"(?:{_WS})?\}}"),
    ("COLON", rf"(?:{_WS})?:(?:{_WS})?"),
    ("EQUAL", rf"(?:{_WS})?=(?:{_WS})?"),
    (
        "FLOAT",
        rf"[+-]?(?:{_EXPONENT_FLOAT}|{_POINT_FLOAT}|[Ii][Nn][Ff]|[Nn][Aa][Nn])",
    ),
    ("INT", rf"[+-]?{_INT_UNSIGNED}"),
    ("BOOL", "[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]"),
    ("NULL", "[Nn][Uu][Ll][Ll]"),
    ("UNQUOTED_CHAR", r"[/\-\\+.$%*@?|]"),
    ("ID", r"[a-zA-Z_][a-zA-Z0-9_\-]*"),
    ("ESC", r"(?:\\\\|\\\(|\\\)|\\\[|\\\]|\\\{|\\\}|\\:|\\=|\\,|\\ |\\\t)+"),
    ("WS", _WS),
    (
        "QUOTED_VALUE",
        r"\"(?:(?:\\\\)*|.*?[^\\](?:\\\\)*)\"|'(?:(?:\\\\)*|.*?[^\\](?:\\\\)*)'",
    ),
    ("INTERPOLATION", r"\$\{[^}]+\}"),
]
_KEY_RE = [(t, re.compile(r)) for t, r in _KEY_MODE]
_VALUE_RE = [(t, re.compile(r, re.S)) for t, r in _VALUE_MODE]


@dataclass
class Token:
    type: str
    text: str
    pos: int


def tokenize(s: str) -> List[Token]:
    """The lexer: DEFAULT_MODE until the first EQUAL, then VALUE_MODE."""
    tokens: List[Token] = []
    pos = 0
    rules = _KEY_RE
    while pos < len(s):
        best: Optional[Token] = None
        for token_type, regex in rules:
            # QUOTED_VALUE is non-greedy in ANTLR: the shortest closing quote that fits
            m = regex.match(s, pos)
            if m and m.end() > pos and (best is None or m.end() - pos > len(best.text)):
                best = Token(token_type, m.group(0), pos)
        if best is None:
            raise HydraException(f"token recognition error at: '{s[pos]}'")
        if best.type == "KEY_SPECIAL" and rules is _KEY_RE and re.fullmatch(
            r"[a-zA-Z_][a-zA-Z0-9_\-]*", best.text
        ):
            best.type = "ID"
        tokens.append(best)
        pos += len(best.text)
        if rules is _KEY_RE and best.type == "EQUAL":
            rules = _VALUE_RE
    tokens.append(Token("EOF", "<EOF>", len(s)))
    return tokens
