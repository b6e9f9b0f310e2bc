"""tws: a programme's governance records (actions, minutes, groups) kept as YAML in git."""

__version__ = "0.1.0"
