"""Configuration: defaults, files found per linted file, command-line overrides."""
from commlint.config.discovery import find_config
from commlint.config.explain import explain_config
from commlint.config.model import CONFIG_NAMES, FAIL_ON, Config
from commlint.config.resolve import ConfigResolver, load_config, resolve_config

__all__ = [
    "CONFIG_NAMES", "FAIL_ON", "Config", "ConfigResolver", "explain_config", "find_config", "load_config",
    "resolve_config",
]
