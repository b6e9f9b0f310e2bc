"""Run the CLI as ``python -m trauma_ws``."""

from trauma_ws.cli import main

main()
