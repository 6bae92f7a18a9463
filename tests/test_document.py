"""The Document on its own: undo steps, paint strokes, the drummer's candidates, patterns, files."""
import os

import pytest
from PySide6.QtCore import QStandardPaths

from engine.errors import ProjectFileError
from engine.project import load_project
from models.candidates import Candidate
from ui.document import Document, autosave_path

QStandardPaths.setTestModeEnabled(True)


@pytest.fixture
def doc(qapp):
    return Document()


def test_every_edit_is_one_undo_step_and_a_stroke_is_one(doc):
    changes = []
    doc.changed.connect(lambda: changes.append(1))
    start = doc.pattern
    doc.apply(start.toggle(1, 1), "click")
    assert doc.dirty and doc.edits == 1 and doc.undo.count() == 1 and changes
    doc.begin_stroke()
    for s in (5, 6, 7):
        doc.stroke(doc.pattern.toggle(1, s))
    assert doc.pattern.velocity(1, 7) and doc.project.pattern.velocity(1, 7) == 0   # live until released
    doc.end_stroke("Paint steps")
    assert doc.undo.count() == 2 and doc.edits == 2
    doc.undo.undo()
    assert doc.pattern.velocity(1, 5) == 0 and doc.pattern.velocity(1, 1)
    doc.undo.undo()
    assert doc.pattern == start and not doc.dirty
    doc.apply(doc.pattern, "nothing")          # no change: no undo step
    assert doc.undo.count() == 2 and doc.undo.index() == 0


def test_candidates_browse_keep_discard(doc):
    p = doc.pattern
    longer = [Candidate(p.resized(4).toggle(0, 40 + i), 32, 64) for i in range(3)]
    doc.set_candidates(longer)
    assert doc.shown.bars == 4 and doc.pattern.bars == 2
    doc.browse(-1)
    assert doc.candidate_index == 2 and doc.shown == longer[2].pattern
    doc.keep_candidate()
    assert doc.pattern == longer[2].pattern and doc.candidates == [] and doc.undo.count() == 1
    doc.set_candidates(longer)
    doc.discard_candidates()
    assert doc.candidate is None and doc.pattern == longer[2].pattern


def test_patterns_get_free_names(doc):
    doc.add_pattern(doc.pattern, "Verse", "Import verse.mid")
    doc.add_pattern(doc.pattern, "Verse", "Import verse.mid")
    doc.add_pattern(doc.pattern)
    assert doc.project.names == ("Groove 1", "Verse", "Verse 2", "Pattern 4") and doc.project.current == 3
    assert doc.free_name("Chorus") == "Chorus"


def test_save_load_title_and_autosave(doc, tmp_path):
    f = str(tmp_path / "a.groove")
    doc.apply(doc.pattern.toggle(0, 3, 90), "edit")
    assert doc.title == "Untitled * - GrooveLoom"
    path = doc.autosave()
    assert path == autosave_path(doc.autosave_id) and os.path.exists(path)
    doc.save(f)
    assert not doc.dirty and doc.title == "a.groove - GrooveLoom" and not os.path.exists(path)
    other = Document()
    other.load(f)
    assert other.project == doc.project and other.path == f and other.undo.count() == 0
    bad = tmp_path / "bad.groove"
    bad.write_text("[]")
    with pytest.raises(ProjectFileError):
        other.load(str(bad))
    assert other.path == f and load_project(f) == other.project   # a bad file leaves the document alone
