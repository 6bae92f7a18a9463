"""Typed reads of QSettings. What comes back is checked, not trusted: QSettings gives a one-element list
back as a plain string (INI and native backends alike), and an older or damaged file may hold anything."""
from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QSettings


def read_str(settings: QSettings, key: str, default: str | None = None) -> str | None:
    v = settings.value(key)
    return v if isinstance(v, str) and v else default


def read_flag(settings: QSettings, key: str, default: bool) -> bool:
    """A checkbox's setting: INI files give 'true'/'false' back as strings."""
    v = settings.value(key)
    return default if v is None else str(v).lower() in ("true", "1")


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    v = settings.value(key)
    return v if isinstance(v, QByteArray) and not v.isEmpty() else None


def read_int_list(settings: QSettings, key: str) -> list[int]:
    v = settings.value(key)
    items = [v] if isinstance(v, (str, int)) else (v if isinstance(v, list) else [])
    out = []
    for x in items:
        try:
            out.append(int(x))
        except (TypeError, ValueError):
            return []
    return out


def read_paths(settings: QSettings, key: str, limit: int) -> list[str]:
    """A list of file paths: a lone string is a one-element list; entries that are not absolute paths of
    existing files (junk from older versions, files deleted since) are dropped."""
    v = settings.value(key)
    items = [v] if isinstance(v, str) else (v if isinstance(v, list) else [])
    out = []
    for p in items:
        if isinstance(p, str) and os.path.isabs(p) and os.path.isfile(p) and p not in out:
            out.append(p)
    return out[:limit]


def write_paths(settings: QSettings, key: str, paths: list[str]) -> None:
    settings.setValue(key, list(paths))
