"""STAND-IN for hydra/core/override_parser/types.py (github.com/facebookresearch/hydra, 1.3/1.4):
the parsed override and its values (part of the override parser stand-in: overrides_parser.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, List, Optional


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
