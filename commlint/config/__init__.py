"""Configuration: defaults, files found per linted file, command-line overrides."""
from commlint.config.model import CONFIG_NAMES, FAIL_ON, Config, find_config, load_config

__all__ = ["CONFIG_NAMES", "FAIL_ON", "Config", "find_config", "load_config"]
