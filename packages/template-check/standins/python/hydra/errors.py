"""STAND-IN for hydra/errors.py (names of the exceptions Hydra raises)."""


class HydraException(Exception):
    pass


class OverrideParseException(HydraException):
    def __init__(self, override: str, message: str) -> None:
        super().__init__(message)
        self.override = override
        self.message = message


class ConfigCompositionException(HydraException):
    pass


class MissingConfigException(HydraException):
    pass
