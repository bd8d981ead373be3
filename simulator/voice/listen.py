"""Live microphone audio: cut a stream of PCM chunks into the trainee's turns.

The browser streams 16-bit PCM while the microphone is open. A turn ends when the trainee has
spoken and then stayed quiet for `end_silence` seconds, as a real customer would take the word.
Loudness is judged against the room's own noise floor (learnt from the quietest frames), so a
noisy office does not keep a turn open forever and a quiet headset still counts as speech.
While the customer speaks, the caller drops the microphone's audio (half duplex: the
customer's own voice coming back through the speakers is not a trainee turn).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from simulator.voice.asr import MAX_SECONDS, SAMPLE_RATE

FRAME_SECONDS = 0.03
MIN_SPEECH_SECONDS = 0.3  # louder frames than this in total make a turn (a cough does not)
SPEECH_RMS_FLOOR = 0.01  # never call quieter frames speech, whatever the room
SPEECH_OVER_NOISE = 3.0  # speech is this many times louder than the noise floor
KEEP_BEFORE = 0.3  # seconds of audio kept before the first loud frame (soft word starts)
KEEP_AFTER = 0.4  # and after the last one (soft word endings)


def pcm16_to_float(data: bytes) -> np.ndarray:
    usable = len(data) - len(data) % 2
    return np.frombuffer(data[:usable], dtype="<i2").astype(np.float32) / 32768.0


def resample(audio: np.ndarray, rate: int, to: int) -> np.ndarray:
    """Resample speech; going down, a low-pass filter first keeps the high band from folding
    into the speech band (aliasing that costs the recogniser words)."""
    if rate == to or len(audio) == 0:
        return audio
    kind = audio.dtype if audio.dtype.kind == "f" else np.float32
    signal = audio.astype(np.float32)
    if to < rate:
        cutoff = 0.45 * to / rate  # of the input rate; a little below the new Nyquist
        taps = np.arange(-32, 33)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(len(taps))
        signal = np.convolve(signal, kernel / kernel.sum(), mode="same")
    n = int(round(len(signal) * to / rate))
    return np.interp(np.linspace(0, len(signal) - 1, n), np.arange(len(signal)), signal).astype(
        kind
    )


@dataclass
class Endpointer:
    """Feed PCM16 chunks; get back each finished turn as 16 kHz float32 samples."""

    rate: int = SAMPLE_RATE
    end_silence: float = 1.2
    _frames: list[np.ndarray] = field(default_factory=list)
    _loud: list[bool] = field(default_factory=list)
    _pending: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    _noise: float = 0.0

    def feed(self, data: bytes) -> np.ndarray | None:
        """Add a chunk; return a turn when this chunk completed one, else None."""
        audio = np.concatenate([self._pending, pcm16_to_float(data)])
        size = max(1, int(self.rate * FRAME_SECONDS))
        whole = len(audio) - len(audio) % size
        self._pending = audio[whole:]
        for start in range(0, whole, size):
            frame = audio[start : start + size]
            rms = float(np.sqrt(np.mean(np.square(frame))))
            self._learn_noise(rms)
            self._frames.append(frame)
            self._loud.append(rms >= max(SPEECH_RMS_FLOOR, self._noise * SPEECH_OVER_NOISE))
            done = self._turn_if_ended()
            if done is not None:
                return done
        return None

    def flush(self) -> np.ndarray | None:
        """The microphone closed: whatever speech is buffered is the turn."""
        turn = self._cut(len(self._frames)) if self._spoken() else None
        self.reset()
        return turn

    def reset(self) -> None:
        self._frames, self._loud = [], []
        self._pending = np.zeros(0, np.float32)

    @property
    def hearing_speech(self) -> bool:
        return self._spoken()

    def _learn_noise(self, rms: float) -> None:
        # follow quiet frames quickly and loud ones slowly: the floor tracks the room, not speech
        if self._noise == 0.0:
            self._noise = rms
        weight = 0.2 if rms < self._noise else 0.002
        self._noise += weight * (rms - self._noise)

    def _spoken(self) -> bool:
        return sum(self._loud) * FRAME_SECONDS >= MIN_SPEECH_SECONDS

    def _turn_if_ended(self) -> np.ndarray | None:
        if not any(self._loud):
            keep = int(KEEP_BEFORE / FRAME_SECONDS)  # only a little lead-in before speech
            del self._frames[:-keep], self._loud[:-keep]
            return None
        quiet = 0
        for loud in reversed(self._loud):
            if loud:
                break
            quiet += 1
        too_long = len(self._frames) * FRAME_SECONDS >= MAX_SECONDS
        if quiet * FRAME_SECONDS < self.end_silence and not too_long:
            return None
        if not self._spoken():  # a click or a cough, then silence: not a turn
            self.reset()
            return None
        # the closing pause is not part of the turn (Whisper tends to "hear" words in silence)
        turn = self._cut(len(self._frames) - quiet + int(KEEP_AFTER / FRAME_SECONDS))
        self.reset()
        return turn

    def _cut(self, end: int) -> np.ndarray:
        audio = np.concatenate(self._frames[:end]) if end else np.zeros(0, np.float32)
        return resample(audio, self.rate, SAMPLE_RATE)
