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

The stand-in is split as Hydra's package is: ``lexer.py`` (OverrideLexer.g4), ``types.py``
(hydra/core/override_parser/types.py), ``overrides_visitor.py`` (OverrideParser.g4 and
overrides_visitor.py) and this module (overrides_parser.py).
"""

from __future__ import annotations

from typing import List

from hydra.core.override_parser.lexer import Token, tokenize
from hydra.core.override_parser.overrides_visitor import _Parser
from hydra.core.override_parser.types import (
    ChoiceSweep,
    Override,
    OverrideType,
    QuotedString,
    ValueType,
)
from hydra.errors import HydraException, OverrideParseException

__all__ = [
    "ChoiceSweep",
    "Override",
    "OverrideType",
    "OverridesParser",
    "QuotedString",
    "Token",
    "ValueType",
    "parse_override",
    "tokenize",
]


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
