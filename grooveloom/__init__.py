"""GrooveLoom's application package: the `grooveloom` command (entry.py), the desktop integration
(desktop.py) and, in an installed wheel, the shipped resources (grooveloom/resources)."""

__version__ = "0.2.0"
