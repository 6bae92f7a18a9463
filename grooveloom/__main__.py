"""`python -m grooveloom`: the same as the `grooveloom` command."""
from .entry import main

main()
