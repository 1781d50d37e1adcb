"""STAND-IN for Hydra's command-line override parser (hydra 1.3/1.4, github.com/facebookresearch/hydra).

A hand-written replay of the ANTLR grammar in hydra/grammar/OverrideLexer.g4 and
OverrideParser.g4 (two lexer modes: the key, then the value after ``=``; longest match, ties
resolved by rule order) and of the primitive conversion in
hydra/core/override_parser/overrides_visitor.py (``_createPrimitive``: one INT/FLOAT/BOOL/NULL
token is typed, several tokens concatenate into a string with ESC sequences un-escaped and the
outer whitespace dropped; quoted values are strings). ``OverridesParser.parse_overrides`` wraps
errors as Hydra does ("Error when parsing index: N, string: S out of [...]").

Replayed: ``key=value``, ``key=`` (empty string), ``+key=value``, ``++key=value``, ``~key``,
``~key=value``, ``group@pkg=value``, quoted values, lists, dicts, simple choice sweeps
(``a,b``) and function calls (parsed; sweeps are refused by ``hydra.main`` without --multirun as
Hydra does). Not replayed: evaluating the grammar functions (choice/range/interval/glob/...:
they parse and are reported as sweeps or calls) and the exact ANTLR error wording.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, List, Optional

from hydra.errors import HydraException, OverrideParseException

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


class OverrideType(Enum):
    CHANGE = 1
    ADD = 2
    FORCE_ADD = 3
    DEL = 4


class ValueType(Enum):
    ELEMENT = 1
    SIMPLE_CHOICE_SWEEP = 2
    FUNCTION = 3


@dataclass
class QuotedString:
    text: str
    quote: str


@dataclass
class ChoiceSweep:
    list: List[Any]
    simple_form: bool = True


@dataclass
class FunctionCall:
    name: str
    args: List[Any] = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)


@dataclass
class Override:
    type: OverrideType
    key_or_group: str
    value_type: Optional[ValueType]
    _value: Any
    package: Optional[str] = None
    input_line: Optional[str] = None

    def value(self) -> Any:
        """The value with quoted strings turned into plain strings (Override.value())."""
        return _unquote(self._value)

    def is_sweep_override(self) -> bool:
        return self.value_type in (ValueType.SIMPLE_CHOICE_SWEEP, ValueType.FUNCTION)


def _unquote(value: Any) -> Any:
    if isinstance(value, QuotedString):
        return value.text
    if isinstance(value, list):
        return [_unquote(v) for v in value]
    if isinstance(value, dict):
        return {k: _unquote(v) for k, v in value.items()}
    return value


def _unescape_quoted(text: str) -> str:
    # overrides_visitor._unescape_quoted_string: backslashes before a quote are halved
    quote, inner = text[0], text[1:-1]

    def halve(m: "re.Match[str]") -> str:
        slashes = m.group(1)
        return slashes[: len(slashes) // 2] + (m.group(2) or "")

    inner = re.sub(r"(\\+)(" + re.escape(quote) + ")", halve, inner)
    inner = re.sub(r"(\\+)$", lambda m: m.group(1)[: len(m.group(1)) // 2], inner)
    return inner


_PRIMITIVE_TYPES = {"ID", "NULL", "INT", "FLOAT", "BOOL", "INTERPOLATION", "UNQUOTED_CHAR",
                    "COLON", "ESC", "WS"}
_DICT_KEY_TYPES = _PRIMITIVE_TYPES - {"COLON", "INTERPOLATION"}


class _Parser:
    def __init__(self, s: str) -> None:
        self.s = s
        self.tokens = tokenize(s)
        self.i = 0

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def take(self, token_type: str) -> Token:
        token = self.peek()
        if token.type != token_type:
            raise HydraException(
                f"mismatched input '{token.text}' expecting {token_type} "
                f"(at character {token.pos} of '{self.s}')"
            )
        self.i += 1
        return token

    # override: (key EQUAL value? | TILDE key (EQUAL value?)? | PLUS PLUS? key EQUAL value?) EOF
    def override(self) -> Override:
        kind = OverrideType.CHANGE
        if self.peek().type == "TILDE":
            self.i += 1
            kind = OverrideType.DEL
        elif self.peek().type == "PLUS":
            self.i += 1
            kind = OverrideType.ADD
            if self.peek().type == "PLUS":
                self.i += 1
                kind = OverrideType.FORCE_ADD
        key, package = self.key()
        value: Any = None
        value_type: Optional[ValueType] = None
        if kind == OverrideType.DEL and self.peek().type == "EOF":
            pass
        else:
            self.take("EQUAL")
            if self.peek().type == "EOF":
                value, value_type = "", ValueType.ELEMENT
            else:
                value = self.value()
                value_type = (
                    ValueType.SIMPLE_CHOICE_SWEEP
                    if isinstance(value, ChoiceSweep)
                    else ValueType.FUNCTION
                    if isinstance(value, FunctionCall)
                    else ValueType.ELEMENT
                )
        self.take("EOF")
        return Override(kind, key, value_type, value, package, self.s)

    # key: packageOrGroup (AT package)?
    def key(self) -> tuple:
        group = self.package_or_group()
        package = None
        if self.peek().type == "AT":
            self.i += 1
            package = self.package()
        return group, package

    def package_or_group(self) -> str:
        if self.peek().type == "ID" and self.peek(1).type == "SLASH":
            parts = [self.take("ID").text]
            while self.peek().type == "SLASH":
                self.i += 1
                parts.append(self.take("ID").text)
            return "/".join(parts)
        return self.package()

    def package(self) -> str:
        if self.peek().type in ("ID", "KEY_SPECIAL", "DOT_PATH"):
            token = self.peek()
            self.i += 1
            return token.text
        return ""

    def value(self) -> Any:
        first = self.element()
        if self.peek().type != "COMMA":
            return first
        items = [first]
        while self.peek().type == "COMMA":
            self.i += 1
            items.append(self.element())
        return ChoiceSweep(items)

    def element(self) -> Any:
        token = self.peek()
        if token.type == "BRACKET_OPEN":
            return self.list_container()
        if token.type == "BRACE_OPEN":
            return self.dict_container()
        if token.type == "ID" and self.peek(1).type == "POPEN":
            return self.function()
        if token.type == "QUOTED_VALUE":
            self.i += 1
            return QuotedString(_unescape_quoted(token.text), token.text[0])
        return self.primitive(_PRIMITIVE_TYPES)

    def primitive(self, allowed: set) -> Any:
        tokens: List[Token] = []
        while self.peek().type in allowed:
            tokens.append(self.peek())
            self.i += 1
        if not tokens:
            token = self.peek()
            raise HydraException(
                f"no viable alternative at input '{token.text}' "
                f"(at character {token.pos} of '{self.s}')"
            )
        if tokens[0].type == "WS" and len(tokens) == 1:
            raise HydraException("Trying to parse a primitive that is all whitespaces")
        inner = tokens[:]
        if inner[0].type == "WS":
            inner = inner[1:]
        if inner[-1].type == "WS":
            inner = inner[:-1]
        if len(inner) > 1:
            return "".join(t.text[1::2] if t.type == "ESC" else t.text for t in inner)
        t = inner[0]
        if t.type == "INT":
            return int(t.text)
        if t.type == "FLOAT":
            text = t.text.lower()
            return float(text) if "inf" not in text and "nan" not in text else (
                math.nan if "nan" in text else (-math.inf if text.startswith("-") else math.inf)
            )
        if t.type == "NULL":
            return None
        if t.type == "BOOL":
            return t.text.lower() == "true"
        if t.type == "ESC":
            return t.text[1::2]
        return t.text

    def list_container(self) -> list:
        self.take("BRACKET_OPEN")
        items: list = []
        if self.peek().type != "BRACKET_CLOSE":
            items.append(self.element())
            while self.peek().type == "COMMA":
                self.i += 1
                items.append(self.element())
        self.take("BRACKET_CLOSE")
        return items

    def dict_container(self) -> dict:
        self.take("BRACE_OPEN")
        items: dict = {}
        if self.peek().type != "BRACE_CLOSE":
            while True:
                key = self.primitive(_DICT_KEY_TYPES)
                self.take("COLON")
                items[str(key)] = self.element()
                if self.peek().type != "COMMA":
                    break
                self.i += 1
        self.take("BRACE_CLOSE")
        return items

    def function(self) -> FunctionCall:
        name = self.take("ID").text
        self.take("POPEN")
        call = FunctionCall(name)
        if self.peek().type != "PCLOSE":
            while True:
                if self.peek().type == "ID" and self.peek(1).type == "EQUAL":
                    arg = self.take("ID").text
                    self.i += 1
                    call.kwargs[arg] = self.element()
                else:
                    if call.kwargs:
                        raise HydraException("positional argument follows keyword argument")
                    call.args.append(self.element())
                if self.peek().type != "COMMA":
                    break
                self.i += 1
        self.take("PCLOSE")
        return call


def parse_override(s: str) -> Override:
    return _Parser(s).override()


class OverridesParser:
    """hydra.core.override_parser.overrides_parser.OverridesParser (the parts main() uses)."""

    @classmethod
    def create(cls) -> "OverridesParser":
        return cls()

    def parse_override(self, s: str) -> Override:
        return parse_override(s)

    def parse_overrides(self, overrides: List[str]) -> List[Override]:
        ret = []
        for idx, override in enumerate(overrides):
            try:
                ret.append(parse_override(override))
            except HydraException as e:
                raise OverrideParseException(
                    override=override,
                    message=f"Error when parsing index: {idx}, string: {override} out of "
                    f"{overrides}.\n{e}"
                    "\nSee https://hydra.cc/docs/1.2/advanced/override_grammar/basic for details",
                ) from e
        return ret
