"""`python -m kamlit` runs the command line."""

from kamlit.cli import main

main()
