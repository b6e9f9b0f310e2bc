"""Editing: text splices and atomic writes (edit), the all-or-nothing journal, and the edit
commands (workflow, minutes_new)."""
