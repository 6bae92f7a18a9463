"""WAV files: 16/24-bit PCM stereo, written atomically; read back for tests and benches."""
from __future__ import annotations

import io
import os
import wave

import numpy as np

from .fileio import atomic_write_bytes, atomic_writer
from .synth import AudioError

def _pcm(audio: np.ndarray, bits: int) -> bytes:
    x = np.clip(audio, -1.0, 1.0)
    if bits == 16:
        return (x * 32767).round().astype("<i2").tobytes()
    v = (x * 8388607).round().astype("<i4").reshape(-1)
    return np.stack([(v & 0xFF), (v >> 8) & 0xFF, (v >> 16) & 0xFF], axis=1).astype(np.uint8).tobytes()


def _check_bits(bits: int) -> None:
    if bits not in (16, 24):
        raise AudioError(f"WAV bit depth must be 16 or 24, got {bits}")


class WavStream:
    """A stereo WAV written block by block as it is rendered (a long render never sits in memory), put in
    place atomically when the with-block ends without an error. `write(block)`: float32 (frames, 2)."""

    def __init__(self, path: str | os.PathLike, samplerate: int, bits: int = 16):
        _check_bits(bits)
        self.writer, self.samplerate, self.bits = atomic_writer(path, AudioError), samplerate, bits
        self.frames = 0

    def __enter__(self):
        f = self.writer.__enter__()
        self.wav = wave.open(f, "wb")
        self.wav.setnchannels(2)
        self.wav.setsampwidth(self.bits // 8)
        self.wav.setframerate(self.samplerate)
        return self

    def write(self, block: np.ndarray) -> None:
        self.wav.writeframesraw(_pcm(block, self.bits))
        self.frames += len(block)

    def __exit__(self, kind, exc, tb):
        try:
            self.wav.close()        # (patches the header's sizes; the file object stays open)
        except OSError:
            if kind is None:
                raise
        return self.writer.__exit__(kind, exc, tb)


def wav_bytes(audio: np.ndarray, samplerate: int, bits: int = 16) -> bytes:
    _check_bits(bits)
    data = _pcm(audio, bits)
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
