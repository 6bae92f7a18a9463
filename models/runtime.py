"""The runtime of GrooveLoom's networks, without TensorFlow: model cards checked before use, LiteRT models
opened only when their bytes match their card, and the StepModel interface the drummer's sampler drives
(LiteRTStepModel runs the exported LSTM or TCN one 16th step at a time for a batch of takes)."""
from __future__ import annotations

import hashlib
import json
import os
from typing import Protocol

import numpy as np

from engine.drumkit import N_VOICES
from engine.errors import GrooveLoomError
from engine.fileio import quiet_stderr, read_input_file

from engine.project import RANGES

from .encoding import CARD_FORMAT, N_FEATURES, STYLES, style_index


class DrummerError(GrooveLoomError):
    """The drummer cannot run: missing or broken model files, or a pattern it cannot play."""


def read_card(path: str, what: str = "model card") -> object:
    """A model card's JSON (at most 1 MB), or DrummerError naming the file."""
    try:
        return json.loads(read_input_file(path, DrummerError, max_bytes=1 << 20))
    except (ValueError, RecursionError) as exc:
        raise DrummerError(f"{what} is not valid JSON ({' '.join(str(exc).split())[:100]})", path) from None


def open_litert(model_path: str, sha256: str, threads: int = 2):
    """The 'serve' signature runner of a LiteRT model whose bytes match its card's sha256 (LiteRT's own
    chatter kept off stderr), or DrummerError naming the file and the problem."""
    blob = read_input_file(model_path, DrummerError)
    if hashlib.sha256(blob).hexdigest() != sha256:
        raise DrummerError("model file does not match its card (damaged or replaced); reinstall or retrain",
                           model_path)
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError as exc:
        raise DrummerError(f"the LiteRT runtime is not installed ({exc}); run `make run` to install it",
                           model_path) from None
    try:
        with quiet_stderr():   # LiteRT says "INFO: Created TensorFlow Lite XNNPACK delegate" on fd 2
            return Interpreter(model_content=blob, num_threads=threads).get_signature_runner("serve")
    except Exception as exc:  # LiteRT raises ValueError/RuntimeError on a corrupt flatbuffer
        raise DrummerError(f"not a usable LiteRT model: {str(exc).splitlines()[0] if str(exc) else exc}",
                           model_path) from None


def load_drummer_card(path: str) -> dict:
    """The drummer's model card, every field the runtime relies on checked; DrummerError naming the file."""
    if not os.path.exists(path):
        raise DrummerError("model card missing; train a model with `python main.py train`", path)
    card = read_card(path)
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        raise DrummerError(f"model card format {card.get('format') if isinstance(card, dict) else '?'} "
                           f"is not the one this GrooveLoom reads ({CARD_FORMAT}); retrain the model", path)
    if card.get("features") != N_FEATURES or card.get("styles") != list(STYLES):
        raise DrummerError("model was trained with another encoding than this GrooveLoom's; retrain it", path)
    try:
        card["config"]["arch"]
        shapes = [(str(n), tuple(int(x) for x in s)) for n, s in card["state"]]
        vel = np.asarray(card["velocity_values"], np.float64).reshape(N_VOICES, 3)
    except (KeyError, TypeError, ValueError, OverflowError):
        raise DrummerError("model card is incomplete (config, state or velocity values)", path) from None
    if len(shapes) > 16 or any(not 1 <= len(s) <= 3 or not all(1 <= x <= 4096 for x in s) for _, s in shapes):
        raise DrummerError("model card's state shapes are out of range (each 1-3 sizes of 1-4096)", path)
    if not (np.all(np.isfinite(vel)) and np.all((vel >= 1) & (vel <= 127))):
        raise DrummerError("model card's velocity values must be 1-127", path)
    sha = card.get("tflite_sha256")
    if not (isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)):
        raise DrummerError("model card has no valid tflite_sha256 (the model file's check): retrain or reinstall",
                           path)
    return card



class StepModel(Protocol):
    """One step of a stateful network for a batch of takes: what the sampler needs, whatever runs it."""
    card: dict
    vel_values: np.ndarray      # (9 voices, 3 classes) velocities: soft, typical, loud

    def zero_state(self, batch: int) -> list[np.ndarray]: ...

    def step(self, x: np.ndarray, state: list[np.ndarray]): ...
    # -> (hit-combination probabilities (batch, 512), velocity-class probabilities (batch, 27), new state)


class LiteRTStepModel:
    """The drummer's exported network through LiteRT: its inputs checked against the card, run once at
    load (a state shape it does not take fails here, not in the middle of a take)."""

    def __init__(self, model_path: str, card: dict, threads: int = 2):
        if not os.path.exists(model_path):
            raise DrummerError("model file missing; train one with `python main.py train`", model_path)
        self.card = card
        self._runner = open_litert(model_path, card["tflite_sha256"], threads)
        with quiet_stderr():
            inputs = self._runner.get_input_details()
        self.state = [(name, tuple(shape)) for name, shape in card["state"]]
        want = {"x"} | {name for name, _ in self.state}
        if set(inputs) != want or int(inputs["x"]["shape_signature"][-1]) != N_FEATURES:
            raise DrummerError("model inputs do not match this version of GrooveLoom; retrain it", model_path)
        self.vel_values = np.asarray(card["velocity_values"], np.int64)
        self._fast = _FastSignature.of(self._runner, ["x"] + [name for name, _ in self.state])
        try:
            with quiet_stderr():   # (the delegate is made on the first run: its message too)
                self.step(np.zeros((1, N_FEATURES), np.float32), self.zero_state(1))
        except Exception as exc:   # a state shape the model does not take
            raise DrummerError(f"the model does not run with its card's state ({' '.join(str(exc).split())[:120]})",
                               model_path) from None

    def zero_state(self, batch: int) -> list[np.ndarray]:
        return [np.zeros((batch,) + shape, np.float32) for _, shape in self.state]

    def step(self, x: np.ndarray, state: list[np.ndarray]):
        x = np.ascontiguousarray(x, np.float32)
        if self._fast is not None:
            out = self._fast.run([x, *state])
            return out[0], out[1], out[2:]
        feed = {"x": x}
        feed.update({name: s for (name, _), s in zip(self.state, state)})
        out = self._runner(**feed)
        return out["output_0"], out["output_1"], [out[f"output_{k + 2}"] for k in range(len(self.state))]


class _FastSignature:
    """The signature runner's own steps (LiteRT's SignatureRunner.__call__), without what a step of the same
    batch size does not need: the inputs are resized and the tensors allocated only when the batch size
    changes, and no dict is built. The sampler calls it once per 16th step: 60 us a call become ~25."""

    @classmethod
    def of(cls, runner, names: list[str]):
        try:
            return cls(runner, names)
        except (AttributeError, KeyError, TypeError):    # another LiteRT's runner: its public call is used
            return None

    def __init__(self, runner, names: list[str]):
        self.w, self.sub = runner._interpreter_wrapper, runner._subgraph_index
        self.inputs = [runner._inputs[n] for n in names]
        outputs = dict(runner._outputs)
        self.outputs = [outputs[f"output_{k}"] for k in range(len(names) + 1)]
        self.batch = None

    def run(self, values: list[np.ndarray]) -> list[np.ndarray]:
        w, sub = self.w, self.sub
        if len(values[0]) != self.batch:
            for index, v in zip(self.inputs, values):
                w.ResizeInputTensor(index, np.array(v.shape, np.int32), False, sub)
            w.AllocateTensors(sub)
            self.batch = len(values[0])
        for index, v in zip(self.inputs, values):
            w.SetTensor(index, v, sub)
        w.Invoke(sub)
        return [w.GetTensor(index, sub) for index in self.outputs]


def style_of(style: str) -> int:
    """The style's index for the model; an unknown style is a DrummerError naming the styles."""
    try:
        return style_index(style)
    except ValueError as exc:
        raise DrummerError(str(exc)) from None


def check_range(name: str, value, lo=None, hi=None) -> None:
    """value within lo-hi, by default the setting's range (engine.project.RANGES)."""
    if lo is None:
        lo, hi = RANGES[name]
    if not lo <= value <= hi:
        raise DrummerError(f"{name} must be {lo:g}-{hi:g}, got {value}")
