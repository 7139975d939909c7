"""`python -m tasktracker COMMAND`, the same as the `tasktracker` script."""

from tasktracker.cli import main

main()
