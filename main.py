"""GrooveLoom: a drum step sequencer with a neural drummer. In a checkout `python main.py` is the installed
`grooveloom` command (grooveloom/entry.py): `python main.py --help-commands` lists every command."""
import sys

from grooveloom.entry import run

if __name__ == "__main__":
    sys.exit(run())
