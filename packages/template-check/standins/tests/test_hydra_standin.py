"""Cases from Hydra's own tests (github.com/facebookresearch/hydra, tests/test_overrides_parser.py:
test_key, test_primitive, test_override, test_override_del, test_parse_errors,
test_parse_overrides) and the composition rules of hydra/_internal/config_loader_impl.py."""

import math
import sys

import pytest
from omegaconf import OmegaConf

from hydra.core.override_parser.overrides_parser import (
    ChoiceSweep,
    OverridesParser,
    OverrideType,
    QuotedString,
    ValueType,
    parse_override,
)
from hydra.errors import ConfigCompositionException, HydraException, OverrideParseException
from hydra.main import compose


@pytest.mark.parametrize(
    "line,key,package",
    [
        ("abc=1", "abc", None),
        ("abc/cde=1", "abc/cde", None),
        ("abc.cde=1", "abc.cde", None),
        ("ab-c/d-ef=1", "ab-c/d-ef", None),
        ("$foo.bar$.x$z=1", "$foo.bar$.x$z", None),
        ("list.0=1", "list.0", None),
        ("package_or_group@pkg1=1", "package_or_group", "pkg1"),
        ("package_or_group@=1", "package_or_group", ""),
    ],
)
def test_key(line, key, package):
    override = parse_override(line)
    assert (override.key_or_group, override.package) == (key, package)


@pytest.mark.parametrize(
    "value,expected",
    [
        ("abc10", "abc10"), ("a.b.c", "a.b.c"), ("10", 10), ("10abc", "10abc"),
        ("abc-cde", "abc-cde"), ("trUe", True), ("faLse", False), ("xyz_${a.b.c}", "xyz_${a.b.c}"),
        ("c:\\foo\\a-b.txt", "c:\\foo\\a-b.txt"), ("null", None), ("-1", -1), ("10_0", 100),
        ("0.51", 0.51), ("1e-05", 1e-05), ("-3.14", -3.14), ("3.1_4", 3.14), ("-10e1", -100.0),
        ("INF", math.inf), ("-inf", -math.inf), ("${foo:1,2,3}", "${foo:1,2,3}"),
        ("value-1.0", "value-1.0"), ("a b", "a b"),
    ],
)
def test_primitive(value, expected):
    assert parse_override(f"key={value}").value() == expected


def test_nan():
    assert math.isnan(parse_override("key=nan").value())


@pytest.mark.parametrize(
    "line,kind,value,value_type",
    [
        ("key=value", OverrideType.CHANGE, "value", ValueType.ELEMENT),
        ("key=", OverrideType.CHANGE, "", ValueType.ELEMENT),
        ("+key=value", OverrideType.ADD, "value", ValueType.ELEMENT),
        ("++key=value", OverrideType.FORCE_ADD, "value", ValueType.ELEMENT),
        ("key='1,2,3'", OverrideType.CHANGE, QuotedString("1,2,3", "'"), ValueType.ELEMENT),
        ("key='foo , bar'", OverrideType.CHANGE, QuotedString("foo , bar", "'"),
         ValueType.ELEMENT),
        ("key=[1,2]", OverrideType.CHANGE, [1, 2], ValueType.ELEMENT),
        ("key={a:10,b:20}", OverrideType.CHANGE, {"a": 10, "b": 20}, ValueType.ELEMENT),
        ("key=1,2,3", OverrideType.CHANGE, ChoiceSweep([1, 2, 3]),
         ValueType.SIMPLE_CHOICE_SWEEP),
        ("~x", OverrideType.DEL, None, None),
        ("~x=10", OverrideType.DEL, 10, ValueType.ELEMENT),
        ("~x=", OverrideType.DEL, "", ValueType.ELEMENT),
    ],
)
def test_override(line, kind, value, value_type):
    override = parse_override(line)
    assert (override.type, override._value, override.value_type) == (kind, value, value_type)


@pytest.mark.parametrize(
    "line",
    ["", "''", "'a=1 b=2'", "a=1 b=2", "key", "$foo/bar=foobar", "key={' abc ': 0}", "0=1"],
)
def test_parse_errors(line):
    with pytest.raises(HydraException):
        parse_override(line)


def test_parse_overrides_names_the_failing_one():
    with pytest.raises(OverrideParseException) as info:
        OverridesParser.create().parse_overrides(["x=10", "''"])
    assert "Error when parsing index: 1, string: '' out of ['x=10', \"''\"]" in str(info.value)


def _conf(tmp_path):
    (tmp_path / "config.yaml").write_text("seed: 1\ntrainer:\n  epochs: 10\n  lr: 0.1\n")
    return str(tmp_path)


def test_compose_applies_overrides(tmp_path):
    cfg = compose(_conf(tmp_path), "config", ["trainer.epochs=2", "+extra=x", "++seed=3",
                                              "~trainer.lr"])
    assert OmegaConf.to_container(cfg) == {"seed": 3, "trainer": {"epochs": 2}, "extra": "x"}


@pytest.mark.parametrize(
    "override,message",
    [
        ("trainer.missing=1", "Could not override 'trainer.missing'.\nTo append to your config use "
                              "+trainer.missing=1"),
        ("+seed=2", "Could not append to config. An item is already at 'seed'."),
        ("~nope", "Could not delete from config. 'nope' does not exist."),
        ("seed=1,2", "Ambiguous value for argument 'seed=1,2'"),
    ],
)
def test_compose_refuses(tmp_path, override, message):
    with pytest.raises(ConfigCompositionException) as info:
        compose(_conf(tmp_path), "config", [override])
    assert message in str(info.value)


def test_main_reads_argv_and_exits_1_on_a_bad_override(tmp_path, monkeypatch, capsys):
    import hydra

    conf = tmp_path / "conf"
    conf.mkdir()
    _conf(conf)
    script = tmp_path / "app.py"
    script.write_text("")
    seen = []

    def task(cfg):
        seen.append(cfg.trainer.epochs)

    task.__code__ = task.__code__.replace(co_filename=str(script))
    app = hydra.main(version_base=None, config_path="conf", config_name="config")(task)
    monkeypatch.setattr(sys, "argv", ["app.py", "trainer.epochs=3"])
    app()
    assert seen == [3]
    monkeypatch.setattr(sys, "argv", ["app.py", "''"])
    with pytest.raises(SystemExit) as exit_info:
        app()
    assert exit_info.value.code == 1
    assert "Error when parsing index: 0, string: ''" in capsys.readouterr().err
