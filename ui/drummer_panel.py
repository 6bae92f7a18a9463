"""The drummer panel: style, bars, variation, temperature and variations (they live in the project's generation
settings; the panel shows them and reports edits), the Continue / Fill / Infill / Generate buttons, and
the variations the drummer wrote (browse, keep, discard)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QVBoxLayout)

from engine.project import RANGES, range_text
from models.encoding import DRUMMER_STYLES

from .i18n import QT_TR_NOOP, tr
from .widgets import set_quietly

BUTTON_TIPS = {"continue": QT_TR_NOOP("Write the next bars after the pattern"),
               "fill": QT_TR_NOOP("Write a fill into the selected bar (or the last bar)"),
               "infill": QT_TR_NOOP("Rewrite the selected bars using what comes before and after"),
               "generate": QT_TR_NOOP("A new beat from nothing in the chosen style")}


class DrummerPanel(QGroupBox):
    settingsEdited = Signal(dict)   # some of: style, bars, variation, temperature, variations
    runRequested = Signal(str)      # 'continue' | 'fill' | 'infill' | 'generate'
    browseRequested = Signal(int)
    keepRequested = Signal()
    discardRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(tr("Drummer"), parent)
        self.setObjectName("drummer")
        v = QVBoxLayout(self)
        form = QFormLayout()
        self.style_box = QComboBox()
        self.style_box.addItems(DRUMMER_STYLES)
        self.bars_box = QSpinBox(minimum=RANGES["bars"][0], maximum=RANGES["bars"][1])
        self.temperature_box = QDoubleSpinBox(minimum=RANGES["temperature"][0], maximum=RANGES["temperature"][1],
                                              singleStep=0.1, decimals=2)
        self.variations_box = QSpinBox(minimum=RANGES["variations"][0], maximum=RANGES["variations"][1])
        self.variation_box = QDoubleSpinBox(minimum=RANGES["variation"][0], maximum=RANGES["variation"][1],
                                            singleStep=0.1, decimals=2)
        for label, w, tip in ((QT_TR_NOOP("Style"), self.style_box, QT_TR_NOOP("Style the drummer plays")),
                              (QT_TR_NOOP("Bars"), self.bars_box, QT_TR_NOOP("Bars to continue ({range})")),
                              (QT_TR_NOOP("Variation"), self.variation_box, QT_TR_NOOP("Continue: 0 = play my groove with small "
                               "variations, 0.5 = vary like a drummer, 1 = go where you like")),
                              (QT_TR_NOOP("Temperature"), self.temperature_box, QT_TR_NOOP("0 = safest, 1 = as trained, 2 = wild")),
                              (QT_TR_NOOP("Variations"), self.variations_box,
                               QT_TR_NOOP("How many versions to write (browse them, keep one)"))):
            w.setToolTip(tr(tip).format(range=range_text("bars")))
            form.addRow(tr(label), w)
        v.addLayout(form)
        self.style_box.activated.connect(lambda _i: self.settingsEdited.emit({"style": self.style_box.currentText()}))
        self.bars_box.editingFinished.connect(lambda: self.settingsEdited.emit({"bars": self.bars_box.value()}))
        self.variations_box.editingFinished.connect(
            lambda: self.settingsEdited.emit({"variations": self.variations_box.value()}))
        self.temperature_box.editingFinished.connect(
            lambda: self.settingsEdited.emit({"temperature": round(self.temperature_box.value(), 2)}))
        self.variation_box.editingFinished.connect(
            lambda: self.settingsEdited.emit({"variation": round(self.variation_box.value(), 2)}))
        self.run_buttons = {}
        for key, text in (("continue", QT_TR_NOOP("Continue")), ("fill", QT_TR_NOOP("Fill")), ("infill", QT_TR_NOOP("Infill selection")),
                          ("generate", QT_TR_NOOP("Generate"))):
            b = QPushButton(tr(text))
            b.clicked.connect(lambda _checked=False, key=key: self.runRequested.emit(key))
            self.run_buttons[key] = b
        self.run_buttons["continue"].setObjectName("continue")
        self.fill_every_check = QCheckBox(tr("Fill every 4th bar"))
        for w in (self.run_buttons["continue"], self.run_buttons["fill"], self.fill_every_check,
                  self.run_buttons["infill"], self.run_buttons["generate"]):
            v.addWidget(w)
        v.addSpacing(10)
        self.candidate_label = QLabel("")
        self.candidate_label.setWordWrap(True)
        # room for the text before it appears: the buttons below must not jump under the pointer when the
        # drummer's variations arrive (a click meant for Keep landed beside it)
        self.candidate_label.setMinimumHeight(3 * self.candidate_label.fontMetrics().lineSpacing())
        self.candidate_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        v.addWidget(self.candidate_label)
        v.addLayout(self._navigation())
        v.addStretch(1)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("hint")
        v.addWidget(self.status_label)

    def _navigation(self) -> QVBoxLayout:
        rows, nav, keep = QVBoxLayout(), QHBoxLayout(), QHBoxLayout()
        self.nav_buttons = {}
        for key, text, tip, signal in (
                ("prev", "<", QT_TR_NOOP("Previous variation ([)"), lambda: self.browseRequested.emit(-1)),
                ("next", ">", QT_TR_NOOP("Next variation (])"), lambda: self.browseRequested.emit(1)),
                ("keep", QT_TR_NOOP("Keep"), QT_TR_NOOP("Keep this variation (Enter); one undo step"),
                 self.keepRequested.emit),
                ("discard", QT_TR_NOOP("Discard"), QT_TR_NOOP("Discard the variations (Esc)"),
                 self.discardRequested.emit)):
            b = QPushButton(tr(text))
            b.setToolTip(tr(tip))
            b.clicked.connect(lambda _checked=False, signal=signal: signal())
            (nav if key in ("prev", "next") else keep).addWidget(b)
            self.nav_buttons[key] = b
        nav.addStretch(1)
        rows.addLayout(nav)
        rows.addLayout(keep)         # Keep and Discard on a row of their own: longer words fit a narrow panel
        return rows

    # ---- showing state ----------------------------------------------------------------------------
    def show_settings(self, g) -> None:
        set_quietly(self.bars_box, g.bars)
        set_quietly(self.temperature_box, g.temperature)
        set_quietly(self.variation_box, g.variation)
        set_quietly(self.variations_box, g.variations)
        set_quietly(self.style_box, max(0, self.style_box.findText(g.style)))

    def show_candidates(self, index: int, count: int) -> None:
        for b in self.nav_buttons.values():
            b.setEnabled(count > 0)
        self.candidate_label.setText(tr("Variation {index} of {count}: cyan steps are the drummer's. Keep or "
                                        "discard.").format(index=index + 1, count=count) if count else "")

    def show_availability(self, ready: bool, why: str, has_selection: bool) -> None:
        """Buttons usable when the drummer is ready; otherwise their tooltips say why."""
        for key, b in self.run_buttons.items():
            b.setEnabled(ready and (key != "infill" or has_selection))
            b.setToolTip(tr(BUTTON_TIPS[key]) if ready else
                         tr("{what}. {why}").format(what=tr(BUTTON_TIPS[key]), why=why))

    @property
    def fill_every(self) -> bool:
        return self.fill_every_check.isChecked()
