"""The transport toolbar: play, tempo, swing, humanize, kit, master volume, metronome, count-in and loop the
selection (the last three are also in the Transport menu). It shows the project (`show`) and says what the user changed (signals)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QPushButton, QSlider, QSpinBox, QToolBar

from engine.pattern import MAX_SWING, MAX_TEMPO, MIN_SWING, MIN_TEMPO
from engine.project import RANGES

from .i18n import tr
from .widgets import set_quietly


def _check(text: str, signal, tip: str, name: str = "") -> QCheckBox:
    """A transport check box whose toggles go to signal."""
    box = QCheckBox(text)
    box.setToolTip(tip)
    if name:
        box.setObjectName(name)
    box.toggled.connect(signal)
    return box


class _PlayButton(QPushButton):
    """Never narrower than its longer word, Play or Stop, in the themed (bold) font: a full toolbar gave it
    the style sheet's minimum, 2 px under a longer language's Play."""

    def event(self, e) -> bool:
        done = super().event(e)
        if e.type() == QEvent.Type.Polish:
            shown = self.text()
            widths = []
            for text in (tr("Play"), tr("Stop")):
                self.setText(text)
                widths.append(self.sizeHint().width())
            self.setText(shown)
            self.setMinimumWidth(max(widths))
        return done


class TransportBar(QToolBar):
    playToggled = Signal(bool)
    tempoEdited = Signal(float)
    swingEdited = Signal(float)
    humanizeEdited = Signal(int)        # ms
    feelEdited = Signal(int)            # 0-100 %
    feelStyleChosen = Signal(str)
    kitChosen = Signal(str)
    masterEdited = Signal(float)
    metronomeToggled = Signal(bool)
    countInToggled = Signal(bool)
    loopSelectionToggled = Signal(bool)
    songModeToggled = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(tr("Transport"), parent)
        self.setObjectName("transport")
        self.setMovable(False)
        self.play_button = _PlayButton(tr("Play"))
        self.play_button.setObjectName("play")
        self.play_button.setCheckable(True)
        self.play_button.setToolTip(tr("Play / stop (Space)"))
        self.play_button.toggled.connect(self.playToggled)
        self.song_check = _check(tr("Song"), self.songModeToggled, tr("Play the song (the strip above the grid: its "
                                 "patterns in order, each repeated) instead of looping the pattern; the grid follows "
                                 "the pattern playing"), "songMode")
        self.tempo_box = QDoubleSpinBox(decimals=1, minimum=MIN_TEMPO, maximum=MAX_TEMPO, singleStep=1, suffix=tr(" BPM"))
        self.tempo_box.setToolTip(tr("Tempo"))
        self.tempo_box.editingFinished.connect(lambda: self.tempoEdited.emit(self.tempo_box.value()))
        self.swing_box = QSpinBox(minimum=round(MIN_SWING * 100), maximum=round(MAX_SWING * 100), suffix=tr("% sw"))
        self.swing_box.setToolTip(tr("MPC-style swing on 16ths: 50% straight, 66% triplet feel, 75% dotted"))
        self.swing_box.valueChanged.connect(lambda v: self.swingEdited.emit(v / 100))
        self.humanize_box = QSpinBox(minimum=int(RANGES["humanize_ms"][0]), maximum=int(RANGES["humanize_ms"][1]),
                                     suffix=tr(" ms hum"))
        self.humanize_box.setToolTip(tr("Humanize: random timing (+-ms) and velocity, seeded (same every loop pass)"))
        self.humanize_box.valueChanged.connect(self.humanizeEdited)
        self.feel_box = QSpinBox(minimum=RANGES["feel"][0], maximum=RANGES["feel"][1], singleStep=10, suffix=tr("% feel"))
        self.feel_box.setObjectName("feel")
        self.feel_box.setToolTip(tr("Feel: each hit's timing and velocity as a GMD drummer of the chosen style plays "
                                 "them (a trained model; 0% = the grid as drawn). Heard, rendered and exported"))
        self.feel_box.valueChanged.connect(self.feelEdited)
        self.feel_style = QComboBox()
        self.feel_style.setToolTip(tr("Whose feel: a drummer of this style"))
        from models.encoding import STYLES
        self.feel_style.addItems(list(STYLES))
        self.feel_style.activated.connect(lambda i: self.feelStyleChosen.emit(self.feel_style.itemText(i)))
        self.feel_style.setMaximumWidth(92)
        self.kit_box = QComboBox()
        self.kit_box.setToolTip(tr("Drum kit (bank 128 presets of the soundfont)"))
        self.kit_box.setMinimumWidth(120)
        self.kit_box.setMaximumWidth(130)
        self.kit_box.activated.connect(lambda i: self.kitChosen.emit(self.kit_box.itemText(i)))
        self.master_slider = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=150)
        self.master_slider.setFixedWidth(90)
        self.master_slider.setToolTip(tr("Master volume"))
        self.master_slider.sliderReleased.connect(lambda: self.masterEdited.emit(self.master_slider.value() / 100))
        self.metronome_check = _check(tr("Click"), self.metronomeToggled, tr("Metronome (higher click on beat 1)"))
        self.count_in_check = _check(tr("Count-in"), self.countInToggled, tr("One bar of clicks before playback starts"))
        self.loop_sel_check = _check(tr("Loop sel"), self.loopSelectionToggled,
                                     tr("Loop only the selected bars (select bars on the ruler)"))
        for w, english in ((self.tempo_box, " BPM"), (self.swing_box, "% sw"), (self.humanize_box, " ms hum"),
                           (self.feel_box, "% feel")):
            fm = w.fontMetrics()          # as wide as in English, wider by what a translated unit adds
            w.setMaximumWidth(96 + max(0, fm.horizontalAdvance(w.suffix()) - fm.horizontalAdvance(english)))
        for w in (self.swing_box, self.humanize_box, self.feel_box):
            w.setKeyboardTracking(False)    # typing "100" is one change (one undo step), not 1, 10, 100
        for w in (self.play_button, self.song_check, self.tempo_box, self.swing_box, self.humanize_box, self.feel_box,
                  self.feel_style, self.kit_box, QLabel(tr(" Vol")),
                  self.master_slider, self.metronome_check, self.count_in_check, self.loop_sel_check):
            self.addWidget(w)

    def show_pattern(self, pattern, browsing: bool = False) -> None:
        """The tempo and swing of the pattern on screen; while the drummer's variations are browsed they show
        the variation's (a drumified part's own tempo) and rest until it is kept or discarded."""
        set_quietly(self.tempo_box, pattern.tempo)
        set_quietly(self.swing_box, round(pattern.swing * 100))
        unit = getattr(pattern, "swing_unit", 16)        # (jazz and shuffle generate on 8ths)
        self.swing_box.setSuffix(tr("% sw8") if unit == 8 else tr("% sw"))
        self.swing_box.setToolTip(tr("MPC-style swing on {unit}ths: 50% straight, 66% triplet feel, 75% dotted").format(
            unit=unit))
        for w in (self.tempo_box, self.swing_box):
            w.setEnabled(not browsing)

    def show_project(self, project, pattern, browsing: bool = False) -> None:
        """Show the project's values without emitting edits."""
        m = project.mixer
        self.show_pattern(pattern, browsing)
        set_quietly(self.humanize_box, int(m.humanize_ms))
        set_quietly(self.feel_box, int(m.feel))
        self.feel_style.blockSignals(True)
        self.feel_style.setCurrentText(m.feel_style)
        self.feel_style.blockSignals(False)
        set_quietly(self.master_slider, int(m.master * 100))
        set_quietly(self.metronome_check, m.metronome)
        set_quietly(self.count_in_check, m.count_in)

    def set_kits(self, names: list[str], current: str) -> None:
        self.kit_box.clear()
        self.kit_box.addItems(names)
        self.kit_box.setCurrentText(current)

    def show_playing(self, on: bool) -> None:
        """The button's state without emitting playToggled (playback changed elsewhere)."""
        set_quietly(self.play_button, on)
        self.play_button.setText(tr("Stop") if on else tr("Play"))

    def toggles(self) -> dict:
        """The Transport menu's check items and the boxes they mirror (the boxes sat behind the toolbar's
        overflow at 1024 px)."""
        return {"song_mode": self.song_check, "metronome": self.metronome_check, "count_in": self.count_in_check,
                "loop_selection": self.loop_sel_check}

    def set_play_enabled(self, on: bool, why: str = "") -> None:
        self.play_button.setEnabled(on)
        self.play_button.setToolTip(tr("Play / stop (Space). {why}").format(why=why) if why else
                                    tr("Play / stop (Space)"))

    @property
    def loop_selection(self) -> bool:
        return self.loop_sel_check.isChecked()
