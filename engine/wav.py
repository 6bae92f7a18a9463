"""WAV files: 16/24-bit PCM stereo, written atomically; read back for tests and benches."""
from __future__ import annotations

import io
import os
import wave

import numpy as np

from .fileio import atomic_write_bytes
from .synth import AudioError

def wav_bytes(audio: np.ndarray, samplerate: int, bits: int = 16) -> bytes:
    if bits not in (16, 24):
        raise AudioError(f"WAV bit depth must be 16 or 24, got {bits}")
    x = np.clip(audio, -1.0, 1.0)
    if bits == 16:
        data = (x * 32767).round().astype("<i2").tobytes()
    else:
        v = (x * 8388607).round().astype("<i4").reshape(-1)
        data = np.stack([(v & 0xFF), (v >> 8) & 0xFF, (v >> 16) & 0xFF], axis=1).astype(np.uint8).tobytes()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(bits // 8)
        w.setframerate(samplerate)
        w.writeframes(data)
    return buf.getvalue()


def write_wav(path: str | os.PathLike, audio: np.ndarray, samplerate: int, bits: int = 16) -> None:
    atomic_write_bytes(path, wav_bytes(audio, samplerate, bits), AudioError)


def read_wav(path: str | os.PathLike) -> tuple[np.ndarray, int]:
    """A 16/24-bit PCM WAV as float32 (frames, channels) and its sample rate (tests, benches)."""
    with wave.open(os.fspath(path), "rb") as w:
        n, ch, width, sr = w.getnframes(), w.getnchannels(), w.getsampwidth(), w.getframerate()
        raw = w.readframes(n)
    if width == 2:
        x = np.frombuffer(raw, "<i2").astype(np.float32) / 32767
    else:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        x = np.where(v >= 1 << 23, v - (1 << 24), v).astype(np.float32) / 8388607
    return x.reshape(-1, ch), sr
