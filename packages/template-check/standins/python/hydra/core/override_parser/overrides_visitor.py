"""STAND-IN for Hydra's override grammar and visitor (part of the override parser stand-in:
overrides_parser.py).

A recursive-descent replay of hydra/grammar/OverrideParser.g4 and of the primitive conversion in
hydra/core/override_parser/overrides_visitor.py (github.com/facebookresearch/hydra, 1.3/1.4):
``_createPrimitive`` types one INT/FLOAT/BOOL/NULL token, several tokens concatenate into a
string with ESC sequences un-escaped and the outer whitespace dropped; quoted values are strings.
"""

from __future__ import annotations

import math
import re
from typing import Any, List, Optional

from hydra.core.override_parser.lexer import Token, tokenize
from hydra.core.override_parser.types import (
    ChoiceSweep,
    FunctionCall,
    Override,
    OverrideType,
    QuotedString,
    ValueType,
)
from hydra.errors import HydraException


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
