"""The drummer at play time: loads the exported LiteRT model once and continues beats, writes fills,
regenerates (infills) a range, or generates a beat from nothing. No TensorFlow, no Qt.

Sampling is a stateful loop: one LiteRT call per 16th step for all variations at once, carrying the
LSTM state (never a model call over the whole sequence per step). The seed is played into the model once
at batch 1 and its state copied to every variation.

Locked rows keep their hits: at every step the 512-way distribution is restricted to the combinations
that agree with the locked voices, so the model writes the other voices around them.
"""
from __future__ import annotations

import os
import time

import numpy as np

from engine.paths import MODELS_DIR
from engine.drumkit import N_VOICES, VOICE_ROWS, voice_of_pitch
from engine.pattern import EDIT_MAX_BARS, MAX_BARS, Pattern
from engine.timing import swings_8ths

from .rolls import DEFAULT_PATH as ROLLS_PATH
from .rolls import RollHabits, StyleRolls, habits_of, lay_rolls
from .style_bars import DEFAULT_PATH as STYLE_BARS_PATH, read_style_bars
from .dynamics import DEFAULT_PATH as DYNAMICS_PATH, read_style_swing
from .ghosts import DEFAULT_PATH as GHOSTS_PATH, GHOST_BELOW, ghost_targets, ghosts_per_bar, read_style_ghosts
from .takes import FILL_VOICES, beat_steps, fill_verdict, time_verdict
from .groove import CLASS_BITS, GroovePrior, follow_seed_velocity, groove_prior, lacking_fold
from .encoding import (ALL_CLASSES, N_CLASSES, N_FEATURES, STYLES, StepInputs, class_to_hits, condition_vector,
                       hits_to_class, pattern_to_voices, played_as, sequence_inputs)
from .drumify import DRUMIFY_CANDIDATES, SNARE_BIT, TIME_VOICES, drumify_weights
from .runtime import DrummerError, LiteRTStepModel, StepModel, check_range, load_drummer_card, style_of
from .candidates import Candidate, every_nth_bar, merge_voices
from .sampling import dead_bars, draw, pick, shape_step
from .native_step import NativeStep

DEFAULT_DIR = MODELS_DIR
MAX_CONTEXT_BARS = 8  # the model was trained on 8-bar windows
# The trained drummer responds only weakly to the fill flag, so fills sample from
# p(fill)^(1+w) / p(beat)^w (guidance). Measured on 30 GMD test excerpts: w=4 with 8 candidates ranked by the
# following bar gives 13.7 hits/bar and 21.8% toms+crash (real GMD fills 13.8 and 30.7%; beats 4.3%).
FILL_GUIDANCE = 4.0
# Fills are judged take by take (models.takes.fill_verdict: >= 8 hits, a snare, tom or crash in the last beat,
# >= 30% of the hits on those): FILL_CANDIDATES takes are sampled (FILL_PER_VARIATION per variation asked, if
# more), again up to FILL_ROUNDS times while too few pass, each round pushing FILL_PUSH harder against empty
# steps; the takes a drummer would keep come first, ranked by how well the next bar follows them, less
# FILL_BUSY_COST nats per hit over FILL_BUSY (the groove's bars are busier than fills). FILL_PLAY_ON: log-weight
# against an empty step, rising over the bar's second half, and FILL_END for the fill's drums in its last beat
# (GMD's fills often stop on beat 3, and so did the drummer's). Drawn beats x 8 seeds: 49.5% of the
# fills were real fills (26 of 192 in a pattern's last bar under 5 hits). Chosen on GMD validation beats + the
# drawn beats (4 seeds; real validation fills: 12.4 hits a bar, 32.6% toms and crash), every setting 100% real
# fills: ranking without the busy cost 17.1 hits / 35.0%; over 13 at 1 nat, tom bias 0.4: 14.1 / 37.9%; 0.15:
# 14.1 / 34.5%; over 12 at 2 nats: 13.6 / 34.9%, then FILL_END 1: 14.0 / 34.1%, 2: 13.1 / 31.9% (shipped),
# 3: 12.2 / 30.7%. The rule then also refused a silent beat and a half inside the fill: 13.9 / 32.8%.
FILL_CANDIDATES, FILL_PER_VARIATION, FILL_ROUNDS = 16, 4, 3
FILL_BUSY, FILL_BUSY_COST, FILL_PLAY_ON = 12, 2.0, 1.5
FILL_PUSH = 1.5         # ... and a round after a round with too few real fills, this much more
FILL_TOM_BIAS = 0.15     # log-weight per tom or crash hit in a fill step
FILL_END = 2.0           # log-weight for the fill's drums in its last beat (a soft hat there was a fill stopped)
FILL_DRUMS = (ALL_CLASSES & sum(1 << v for v in FILL_VOICES)) > 0   # a snare, tom or crash in the combination
TOMS_CRASH = (4, 5, 6, 7)
VOICE_INDEX = np.arange(N_VOICES)
DEFAULT_VARIATION = 0.5   # chosen with the seed-conditional benchmark (evaluate): see the README



def _fill_guide(pattern: Pattern, start: int, end: int, spb: int, style_i: int, n: int) -> dict:
    """How a fill is sampled: guided by the fill flag (against the same steps without it), toms and crash
    favoured (real fills: 31% of their hits), playing on through the bar's second half, and its drums on the
    last beat (a soft hat there was a fill stopped)."""
    favour = np.tile(FILL_TOM_BIAS * CLASS_BITS[:, list(TOMS_CRASH)].sum(1), (end - start, 1))
    pos = np.arange(start, end) % spb
    favour[:, 0] -= FILL_PLAY_ON * np.clip((pos + 1 - spb / 2) / (spb / 2), 0, 1)
    favour[pos >= spb - beat_steps(pattern, spb)] += FILL_END * FILL_DRUMS
    return dict(guide=FILL_GUIDANCE, guide_cond=condition_vector(style_i, False, pattern.tempo, n),
                prior=GroovePrior(favour, np.ones(end - start)))


def _fill_rounds(gen: np.ndarray, ll, again, favour: np.ndarray, beat: int, variations: int):
    """Fill takes and their verdicts, sampling another round (again()) while fewer than `variations` takes
    pass a drummer's rule, each round playing on harder (favour is the guide's prior: a sparse intro left
    fills of 1-2 hits)."""
    verdicts = [fill_verdict(g, beat) for g in gen]
    for _ in range(1, FILL_ROUNDS):
        if sum(v[0] for v in verdicts) >= variations:
            break
        favour[:, 0] -= FILL_PUSH
        more, more_ll = again()
        gen = np.concatenate([gen, more])
        ll = None if ll is None else np.concatenate([ll, more_ll])
        verdicts += [fill_verdict(g, beat) for g in more]
    return gen, ll, verdicts

class Drummer:
    def __init__(self, model_dir: str = DEFAULT_DIR, threads: int = 2):
        self.model_dir = model_dir
        card = load_drummer_card(os.path.join(model_dir, "drummer.json"))
        own = os.path.join(model_dir, "rolls.json")
        self.style_rolls = StyleRolls(own if os.path.exists(own) else ROLLS_PATH)
        own = os.path.join(model_dir, "style_bars.json")
        self.style_bars = read_style_bars(own if os.path.exists(own) else STYLE_BARS_PATH)
        own = os.path.join(model_dir, "ghosts.json")
        self.style_ghosts = read_style_ghosts(own if os.path.exists(own) else GHOSTS_PATH)
        own = os.path.join(model_dir, "dynamics.json")
        self.style_swing = read_style_swing(own if os.path.exists(own) else DYNAMICS_PATH)
        self.model: StepModel = LiteRTStepModel(os.path.join(model_dir, "drummer.tflite"), card, threads)
        self.card, self.vel_values = card, self.model.vel_values
        self._step, self._zero_state = self.model.step, self.model.zero_state

    def teacher_forced(self, vels: list[np.ndarray], conds: list[np.ndarray], steps_per_bar: int = 16,
                       keep_probs: bool = False):
        """Run whole sequences (steps, 9) through the model, all at once (padded, one call per step).
        Returns per sequence the log-probability of each actual step's hit class, and with keep_probs
        the full (steps, 512) probabilities."""
        n = max(len(v) for v in vels)
        x = np.zeros((len(vels), n, N_FEATURES), np.float32)
        target = np.zeros((len(vels), n), np.int64)
        for i, (v, c) in enumerate(zip(vels, conds)):
            x[i, :len(v)] = sequence_inputs(v, steps_per_bar, c)
            target[i, :len(v)] = hits_to_class(v)
        state = self._zero_state(len(vels))
        logp = np.zeros((len(vels), n))
        probs = np.zeros((len(vels), n, N_CLASSES), np.float32) if keep_probs else None
        rows = np.arange(len(vels))
        for t in range(n):
            p, _, state = self._step(x[:, t], state)
            logp[:, t] = np.log(np.maximum(p[rows, target[:, t]], 1e-12))
            if keep_probs:
                probs[:, t] = p
        out_lp = [logp[i, :len(v)] for i, v in enumerate(vels)]
        return out_lp, ([probs[i, :len(v)] for i, v in enumerate(vels)] if keep_probs else None)

    # ---- sampling -----------------------------------------------------------------------------
    def sample(self, context: np.ndarray, length: int, first_step: int, steps_per_bar: int, cond: np.ndarray,
                variations: int, temperature: float, rng: np.random.Generator,
                locked: np.ndarray | None = None, lock_mask: np.ndarray | None = None,
                teacher: np.ndarray | None = None, guide: float = 0.0, guide_cond: np.ndarray | None = None,
                prior: np.ndarray | None = None, fold: np.ndarray | None = None,
                class_weights: np.ndarray | None = None):
        """Play `context` (steps, 9, ending at pattern step first_step) into the model, then sample `length`
        steps for `variations` at once. `locked` (length, 9) velocities are kept on voices where lock_mask
        is True. If `teacher` (k, 9) is given, it is scored after the sampled steps (log-likelihood per
        variation, for infill). guide > 0 runs a second model pass conditioned on `guide_cond` and samples
        from p^(1+guide) / p_guide^guide, amplifying what the conditioning changes (e.g. the fill flag).
        `prior` (a GroovePrior: the seed's groove) multiplies into the model's distribution;
        `fold` (a groove.Fold) moves probability between classes first (voices the seed lacks left out).
        `class_weights` (length, 512) multiply the 512-way distribution of each step (0: that combination of
        hits cannot be played there; Drumify's constraints).
        Returns (vel (variations, length, 9), log-likelihood (variations,) or None)."""
        n_ctx = len(context)
        n_teach = 0 if teacher is None else len(teacher)
        hist = np.zeros((variations, n_ctx + length + n_teach, N_VOICES), np.uint8)
        hist[:, :n_ctx] = context
        if n_teach:
            hist[:, n_ctx + length:] = teacher
        first = first_step - n_ctx
        conds = (cond, guide_cond) if guide > 0 and guide_cond is not None else (cond,)
        inputs = [StepInputs(first, steps_per_bar, c) for c in conds]     # (hist's step 0 is pattern step first)
        lock_bits = 0 if lock_mask is None else int(hits_to_class(lock_mask))
        fast = None if len(inputs) > 1 else NativeStep.of(hist, inputs[0], steps_per_bar, temperature, self.vel_values,
                                                          rng, prior, fold, class_weights, lock_bits, locked, lock_mask)
        states = self._play_seed(hist, n_ctx, inputs, variations, fast)
        if fast is not None:       # (the C step: the numpy loop below is its reference and its fallback)
            states[0] = fast.run(self._step, states[0], n_ctx, length)
        for t in range(length if fast is not None else 0, length):
            time.sleep(0)         # the GIL to the audio feeder (as share_gil does, at every step)
            k = n_ctx + t
            outs = [self._step(inp.at(hist, k), st) for inp, st in zip(inputs, states)]
            states = [o[2] for o in outs]
            probs, vprobs, _ = outs[0]
            if len(outs) > 1:
                logp = (1 + guide) * np.log(np.maximum(probs, 1e-12)) - guide * np.log(np.maximum(outs[1][0], 1e-12))
                probs = np.exp(logp - logp.max(-1, keepdims=True))
                probs /= probs.sum(-1, keepdims=True)
            probs, allowed = shape_step(probs, t, prior, fold, class_weights,
                                         lock_bits and int(hits_to_class(locked[t])) & lock_bits, lock_bits)
            hits = class_to_hits(pick(probs, temperature, rng, allowed))          # (variations, 9)
            vel = self._velocities(vprobs, hits, temperature, rng, variations)
            if lock_bits:
                vel = np.where(lock_mask, locked[t], vel)
            hist[:, k] = vel
        ll = None
        if n_teach:
            ll = np.zeros(variations)
            for j in range(n_teach):
                k = n_ctx + length + j
                probs, _, states[0] = self._step(inputs[0].at(hist, k), states[0])
                ll += np.log(np.maximum(probs[:, int(hits_to_class(teacher[j]))], 1e-12))
        return hist[:, n_ctx:n_ctx + length], ll

    def _play_seed(self, hist: np.ndarray, n_ctx: int, inputs: list, variations: int, fast=None) -> list:
        """The network's state after the seed, once per conditioning (the seed is the same for every
        variation: played once, then repeated for each)."""
        states = [self._zero_state(1) for _ in inputs]
        for k in range(n_ctx):
            if fast is not None:
                states = [self._step(fast.inputs(k, 1), states[0])[2]]
            else:
                states = [self._step(inp.at(hist[:1], k), st)[2] for inp, st in zip(inputs, states)]
        return [[np.repeat(s, variations, axis=0) for s in st] for st in states]

    def _velocities(self, vprobs: np.ndarray, hits: np.ndarray, temperature: float, rng: np.random.Generator,
                    variations: int) -> np.ndarray:
        """Each hit's velocity: its class sampled, a little life inside the class (temperature > 0)."""
        vcls = pick(vprobs.reshape(-1, 3), temperature, rng).reshape(variations, N_VOICES)
        vel = self.vel_values[VOICE_INDEX, vcls]
        if temperature > 0:
            vel = vel + rng.integers(-5, 6, vel.shape)
        return np.minimum(np.maximum(vel, 1), 127) * hits     # (np.clip's wrapper costs more than the work)

    # ---- what the app calls -------------------------------------------------------------------
    def continue_(self, pattern: Pattern, bars: int = 4, temperature: float = 1.0, variations: int = 1,
                  seed: int | None = None, style: str = "rock", locked_rows=(),
                  variation: float = DEFAULT_VARIATION, sampled: int | None = None) -> list[Candidate]:
        """New bars after the pattern. Each candidate is the input bars followed by `bars` new ones.
        `sampled`: takes each try samples (default: as many as asked; Generate's takes sample 4 and keep the
        first that holds the groove, as its evaluation was made).
        Locked rows repeat their hits from the drawn bars (keep my kick, write the hats). Variation 0 plays
        the drawn groove with small variations, 1 lets the model go where it likes; velocities follow the
        drawn ones. Candidates with a dead bar (next to nothing where the seed is busy) are replaced."""
        check_range("bars", bars)
        check_range("variations", variations)
        check_range("temperature", temperature)
        check_range("variation", variation)
        voices, spb = self._voices(pattern)
        if pattern.bars + bars > MAX_BARS:
            raise DrummerError(f"a pattern holds at most {MAX_BARS} bars")
        n0, length = len(voices), bars * spb
        ctx_start = max(0, n0 - MAX_CONTEXT_BARS * spb)
        lock_mask = self._lock_mask(pattern, locked_rows)
        locked = None
        if lock_mask.any():
            locked = np.tile(voices, (-(-length // n0), 1))[:length]
        cond = condition_vector(style_of(style), False, pattern.tempo, n0 - ctx_start + length)
        rng = np.random.default_rng(seed)
        seed_v = voices[ctx_start:]
        live = []
        # lost the groove in every try: again, holding it tighter. Four or more asked, each try samples as many
        # (one of them may lose it); fewer, only as many are sampled, and the first try is made twice
        n = max(variations, sampled or variations)
        tries = (variation, variation / 2, 0.0) if n >= 4 else (variation, variation, variation / 2, 0.0)
        for v in tries:
            prior = groove_prior(seed_v, spb, n0 - ctx_start, length, v)
            gen, _ = self.sample(seed_v, length, n0, spb, cond, n, temperature, rng, locked,
                                 lock_mask, prior=prior, fold=lacking_fold(seed_v, v))
            dead = dead_bars(gen, seed_v, spb)
            live += [g for g, d in zip(gen, dead) if not d]
            if len(live) >= variations:
                break
        gen = np.array((live + [g for g, d in zip(gen, dead) if d])[:variations])
        gen = follow_seed_velocity(gen, seed_v, spb, n0 - ctx_start, rng if temperature > 0 else None)
        if lock_mask.any():
            gen[..., lock_mask] = locked[..., lock_mask]
        base = pattern.resized(pattern.bars + bars)
        if locked_rows:  # locked rows repeat the drawn bars, exactly, row by row
            h = np.array(base.hits)
            added = base.n_steps - pattern.n_steps  # new steps on the pattern's own grid
            reps = -(-added // pattern.n_steps)
            h[list(locked_rows), pattern.n_steps:] = np.tile(pattern.hits[list(locked_rows)], (1, reps))[:, :added]
            base = base.with_hits(h)
        habits = habits_of(pattern)      # Continue keeps the seed's roll habits (none: no rolls)
        return [Candidate(lay_rolls(merge_voices(base, g, n0, locked_rows), n0, n0 + length, habits, rng,
                                    locked_rows, seed=pattern, keep=1.0 - variation), n0, n0 + length) for g in gen]

    def infill(self, pattern: Pattern, start: int, end: int, temperature: float = 1.0, variations: int = 1,
               seed: int | None = None, style: str = "rock", locked_rows=(), fill: bool = False,
               candidates: int = 8, variation: float = DEFAULT_VARIATION) -> list[Candidate]:
        """Regenerate steps [start, end) of the 16th grid using the context on both sides: left context
        is played into the model; `candidates` samples per variation are scored by how well the bar
        after the range follows from them, and the best-fitting ones are kept. Outside a fill the groove of
        the bars around the range holds as in Continue (at `variation`: anchors, voices the pattern lacks)."""
        voices, spb = self._voices(pattern)
        if not 0 <= start < end <= len(voices):
            raise DrummerError(f"range {start}-{end} outside the pattern's {len(voices)} steps")
        check_range("variations", variations)
        check_range("temperature", temperature)
        rng = np.random.default_rng(seed)
        ctx_start = max(0, (start // spb - MAX_CONTEXT_BARS) * spb)
        right = voices[end:end + spb]
        if fill and not len(right) and end % spb == 0 and len(voices) > spb:
            right = voices[:spb]      # a fill in the last bar leads back to bar 1: the loop comes around
        lock_mask = self._lock_mask(pattern, locked_rows)
        locked = voices[start:end]
        n = start - ctx_start + (end - start) + len(right)
        flags = np.zeros(n, bool)
        if fill:
            flags[start - ctx_start:start - ctx_start + end - start] = True
        style_i = style_of(style)
        cond = condition_vector(style_i, flags, pattern.tempo, n)
        k = max(candidates, variations) if len(right) else variations
        if fill:
            k = max(k, FILL_CANDIDATES, FILL_PER_VARIATION * variations)
        if fill:   # guidance by the fill flag, and toms and crash favoured (real fills: 31% of their hits)
            guide = _fill_guide(pattern, start, end, spb, style_i, n)
        else:   # (without it 28% of infills on the drawn beats kept the anchors and the pattern's voices)
            around, first = groove_around(voices, start, end, spb)
            guide = dict(prior=groove_prior(around, spb, first, end - start, variation),
                         fold=lacking_fold(around, variation))
        gen, ll = self.sample(voices[ctx_start:start], end - start, start, spb, cond, k, temperature, rng,
                              locked, lock_mask, teacher=right, **guide)
        if fill:   # the takes a drummer would keep first; where too few of them came, another round
            def again():
                return self.sample(voices[ctx_start:start], end - start, start, spb, cond, k, temperature, rng,
                                   locked, lock_mask, teacher=right, **guide)
            gen, ll, verdicts = _fill_rounds(gen, ll, again, guide["prior"].logits, beat_steps(pattern, spb),
                                             variations)
            order = fill_order(gen, ll, verdicts)[:variations]
        else:
            order = np.argsort(-ll)[:variations] if ll is not None else np.arange(variations)
            gen = follow_seed_velocity(gen, around, spb, first, rng if temperature > 0 else None)
        habits = self._infill_habits(pattern, start, end, style, fill)
        return [Candidate(lay_rolls(merge_voices(pattern, gen[i], start, locked_rows), start, end, habits, rng,
                                    locked_rows), start, end) for i in order]

    def _infill_habits(self, pattern: Pattern, start: int, end: int, style: str, fill: bool) -> RollHabits:
        """The rolls of regenerated steps: the pattern's own habits outside them; a fill adds the style's
        fill habits (GMD: fills end in snare rolls), and takes as many rolls as a fill bar of the style."""
        seed = habits_of(pattern)
        inside = habits_of(pattern, start, end)
        seed.rolls -= inside.rolls      # (Counters: what is left outside the range, nothing below zero)
        seed.hits -= inside.hits
        prior = self.style_rolls.habits(style, fill=True) if fill else None
        if prior is None or not prior.total:
            return seed
        merged = RollHabits(source=f"seed + {prior.source}", per_bar=list(prior.per_bar))
        merged.add_counts(seed)
        merged.add_counts(prior)
        return merged

    def fill(self, pattern: Pattern, bar: int, temperature: float = 1.0, variations: int = 1,
             seed: int | None = None, style: str = "rock", locked_rows=()) -> list[Candidate]:
        """A drum fill in bar `bar` (0-based): sampled with the fill flag (amplified by guidance) and chosen
        among candidates by how well the next bar of the groove follows it."""
        if not 0 <= bar < pattern.bars:
            raise DrummerError(f"bar {bar + 1} is outside the pattern's {pattern.bars} bars")
        spb = self._steps_per_bar(pattern)
        return self.infill(pattern, bar * spb, (bar + 1) * spb, temperature, variations, seed, style,
                           locked_rows, fill=True)

    def fill_bars(self, pattern: Pattern, bars: list[int] | None = None, every: int = 4, temperature: float = 1.0,
                  variations: int = 1, seed: int | None = None, style: str = "rock", locked_rows=()) -> list[Candidate]:
        """Fills in several bars (by default every `every`th: bars 4, 8, ...; the last bar of a shorter
        pattern), one after another so each fill hears the ones before. One candidate per variation."""
        if bars is None:
            bars = every_nth_bar(pattern.bars, every)
        check_range("variations", variations)
        out = []
        for v in range(variations):
            cur = pattern
            for i, b in enumerate(bars):
                s = None if seed is None else seed + 100 * v + i
                cur = self.fill(cur, b, temperature, 1, s, style, locked_rows)[0].pattern
            spb = self._steps_per_bar(pattern)
            out.append(Candidate(cur, bars[0] * spb, (bars[-1] + 1) * spb))
        return out

    def drumify(self, onsets: np.ndarray, style: str = "rock", tempo: float = 110.0, extra: float = 0.05,
                temperature: float = 1.0, variations: int = 1, seed: int | None = None,
                hats: bool = True) -> list[Candidate]:
        """A beat that follows a rhythm: `onsets` (16th steps, whole 4/4 bars) each get a kick, snare or hat
        (the 512-way distribution restricted per step, kick and snare favoured), and only sparse extra hits
        elsewhere (`extra` 0-1) but for hats and ride keeping time as the drummer likes (`hats`).
        The drummer plays in the style, after one bar of closed hats (as Generate does)."""
        onsets = np.asarray(onsets, bool)
        if len(onsets) == 0 or len(onsets) % 16:
            raise DrummerError("Drumify needs whole 4/4 bars of 16th steps")
        check_range("extra", extra)
        check_range("variations", variations)
        check_range("temperature", temperature)
        if len(onsets) // 16 > EDIT_MAX_BARS:
            raise DrummerError(f"Drumify writes at most {EDIT_MAX_BARS} bars")
        st = style_of(style)
        primer = np.zeros((16, N_VOICES), np.uint8)
        primer[::2, 2] = 80
        pool = self.style_bars.get(STYLES[st])
        keeps = (pool[:, :, list(TIME_VOICES)] > 0).any(axis=2).mean(axis=0) > 0.5 if pool is not None else None
        cond = condition_vector(st, False, tempo, 16 + len(onsets))
        gen, _ = self.sample(primer, len(onsets), 16, 16, cond, variations * DRUMIFY_CANDIDATES, temperature,
                             np.random.default_rng(seed), class_weights=drumify_weights(onsets, extra, hats, keeps))
        if hats:   # the takes whose hats keep a time figure first (models.takes.time_verdict)
            verdicts = [time_verdict(g) for g in gen]
            gen = gen[sorted(range(len(gen)), key=lambda i: (not verdicts[i][0], -verdicts[i][2]))]
        gen = gen[:variations]
        empty = Pattern.empty(VOICE_ROWS, bars=len(onsets) // 16, tempo=tempo)
        return [Candidate(merge_voices(empty, g, 0, ()), 0, len(onsets)) for g in gen]

    def ghosts(self, pattern: Pattern, style: str = "rock", amount: float = 1.0, variations: int = 1,
               seed: int | None = None, temperature: float = 1.0) -> list[Candidate]:
        """Ghost notes a drummer would add to the pattern as it is: the drummer (in the style) plays it, every
        hit kept and nothing else allowed but a snare on a step that has none; of the snares it adds, each bar
        keeps as many as the style's drummers play in a bar (models.ghosts: around the median of GMD's bars with
        ghosts, inside their 10-90% range, the pattern's own ghosts counted) times `amount` (0-1); each added snare
        is soft (the model's soft snare velocity, a little varied). The user's rows, velocities and finer steps
        stay as they are. Candidates span the whole pattern."""
        check_range("amount", amount, 0.0, 1.0)
        check_range("variations", variations)
        check_range("temperature", temperature)
        voices, spb = self._voices(pattern, played=False)     # (the ghosts go onto the pattern's own steps)
        rng = np.random.default_rng(seed)
        steps = len(voices)
        cls = np.asarray(hits_to_class(voices > 0), np.int64).reshape(steps)
        weights = np.zeros((steps, N_CLASSES))
        weights[np.arange(steps), cls] = 1.0
        free = np.flatnonzero(cls & SNARE_BIT == 0)
        span = self.style_ghosts.get(STYLES[style_of(style)])
        weights[free, cls[free] | SNARE_BIT] = 1.0 if span is not None else amount   # (the count is amount's)
        # heard after its own last bar (a loop comes around), so bar 1 has a past
        cond = condition_vector(style_of(style), False, pattern.tempo, spb + steps)
        k = GHOST_TAKES if span is not None else 1
        gen, _ = self.sample(voices[-spb:], steps, steps, spb, cond, variations * k, temperature, rng,
                             class_weights=weights)
        soft = int(self.vel_values[1, 0])
        row = next((r for r, rw in enumerate(pattern.rows) if rw.note == 38), None)
        if row is None:
            row = next((r for r, rw in enumerate(pattern.rows) if voice_of_pitch(rw.note) == 1), None)
        base = pattern if row is not None else pattern.add_row_sorted(VOICE_ROWS[1])
        if row is None:
            row = base.row_index(VOICE_ROWS[1].note)
        out = []
        have = ghosts_per_bar(voices, spb)
        free_steps = voices[:, 1] == 0
        for i in range(variations):
            takes = gen[i * k:(i + 1) * k, :, 1] > 0
            if span is None:
                added = np.flatnonzero(takes[0] & free_steps)
            else:   # as many as the style's drummers play in a bar, where the drummer puts them most often
                odds = (takes & free_steps).sum(axis=0) + GHOST_FLOOR * free_steps
                want = np.maximum(ghost_targets(rng, len(have), span, amount) - have, 0)
                added = np.sort(np.concatenate([draw(rng, odds[b * spb:(b + 1) * spb], want[b]) + b * spb
                                                for b in range(len(have))]).astype(np.int64))
            hits = np.array(base.hits)
            at = np.array([base.from_16ths(int(t)) for t in added], np.int64)
            soft_vel = min(soft, GHOST_BELOW - 1)
            vel = np.clip(soft + rng.integers(-6, 7, len(at)), 12, GHOST_BELOW - 1) if temperature > 0 else \
                np.full(len(at), soft_vel)
            hits[row, at] = np.where(hits[row, at] > 0, hits[row, at], vel)
            out.append(Candidate(base.with_hits(hits), 0, steps))
        return out

    def generate(self, style: str = "rock", bars: int = 4, temperature: float = 1.0, variations: int = 1,
                 seed: int | None = None, tempo: float = 110.0, like: Pattern | None = None) -> list[Candidate]:
        """A beat from nothing, in a style (models.generate)."""
        from .generate import generate
        return generate(self, style, bars, temperature, variations, seed, tempo, like)

    # ---- helpers ------------------------------------------------------------------------------
    @staticmethod
    def _steps_per_bar(pattern: Pattern) -> int:
        """16th steps per bar, or DrummerError for grids the drummer cannot play."""
        if pattern.grid not in (16, 32):
            raise DrummerError(f"the drummer plays a 16th grid; this pattern uses {pattern.grid}-step bars "
                               f"(switch the grid to 16 or 32)")
        return pattern.to_16ths(pattern.steps_per_bar)

    def _voices(self, pattern: Pattern, played: bool = True) -> tuple[np.ndarray, int]:
        """The pattern's voices on 16ths; `played`: a pattern swung on 8ths read as GMD's drummers' 16ths
        hold it (merge_voices writes the drummer's bars back the same way)."""
        spb = self._steps_per_bar(pattern)
        v = pattern_to_voices(pattern)
        return (played_as(v) if played and swings_8ths(pattern) else v), spb

    @staticmethod
    def _lock_mask(pattern: Pattern, locked_rows) -> np.ndarray:
        mask = np.zeros(N_VOICES, bool)
        for r in locked_rows:
            v = voice_of_pitch(pattern.rows[r].note)
            if v is not None:
                mask[v] = True
        return mask


def groove_around(voices: np.ndarray, start: int, end: int, spb: int) -> tuple[np.ndarray, int]:
    """The whole bars around steps [start, end) as the loop plays them before the range (the bars after it,
    then those before), and the range's first step counted from their start: the seed a regenerated range
    keeps the groove of."""
    a, b = start // spb * spb, -(-end // spb) * spb
    around = np.concatenate([voices[b:len(voices) // spb * spb], voices[:a]])
    return around, len(around) + start - a


def fill_order(gen: np.ndarray, ll: np.ndarray | None, verdicts: list) -> np.ndarray:
    """Fill takes (k, steps, 9), best first: those a drummer would keep (their models.takes.fill_verdict)
    before the rest, then by how well the next bar follows them (ll), a take repeating one already ranked last."""
    lik = np.zeros(len(gen)) if ll is None else np.asarray(ll, np.float64)
    fit = lik - FILL_BUSY_COST * np.maximum(np.count_nonzero(gen, axis=(1, 2)) - FILL_BUSY, 0)
    order = sorted(range(len(gen)), key=lambda i: (not verdicts[i][0], -verdicts[i][2], -fit[i]))
    seen, first, again = set(), [], []
    for i in order:
        key = (gen[i] > 0).tobytes()
        (again if key in seen else first).append(i)
        seen.add(key)
    return np.array(first + again, np.int64)


GHOST_TAKES = 8          # Add ghosts: the drummer plays the pattern this many times; the ghosts go where it put
GHOST_FLOOR = 0.05       # them most often (a step it never chose: this much), as many as the style's bars hold


