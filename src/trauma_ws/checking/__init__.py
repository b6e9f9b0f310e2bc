"""Checking: the whole-programme rules tws validate applies (validate, with one module per
concern: references, attendance, dates, files) and the frozen-minutes rule against a git
revision (frozen)."""
