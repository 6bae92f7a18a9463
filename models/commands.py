"""Headless drummer commands: train, evaluate, continue, fill, generate."""
from __future__ import annotations

import os
import sys

import numpy as np

from engine.cli import SEED, command, entry_option, float_in, gen_options, grid_option, int_in, model_option
from engine.errors import GrooveLoomError, printable
from engine.pattern import EDIT_MAX_BARS, MAX_BARS, MAX_TEMPO, MIN_TEMPO
from engine.project import RANGES


def cmd_train(args) -> int:
    from .train import train
    if not args.shards and not os.path.isdir(args.data) and not args.data.lower().endswith(".zip"):
        raise GrooveLoomError("no such data folder (a GMD folder, a loop pack folder or .zip)", args.data)
    base = os.path.join(args.out, "drummer.keras") if args.finetune else None
    if base and not os.path.exists(base):
        raise GrooveLoomError("no model to fine-tune (train one first)", base)
    dataset = None
    if args.shards:          # what `prepare` wrote: tf.data under a tf.distribute strategy (models/distributed.py)
        from .distributed import train_distributed
        if args.finetune:
            raise GrooveLoomError("--finetune starts from a model on --data, not on --shards")
        train_distributed(args.shards, args.out, arch=args.arch, epochs=args.epochs, seed=args.seed,
                          max_minutes=args.max_minutes)
        return 0
    if not os.path.exists(os.path.join(args.data, "info.csv")):  # not GMD: a loop pack
        from .data import load_pack
        dataset = load_pack(args.data, seed=args.seed)
        print(f"loop pack {args.data}: {len(dataset.split('train'))} train / {len(dataset.split('validation'))} "
              f"validation sequences (split by source loop); {len(dataset.skipped)} skipped")
    train(args.data, args.out, arch=args.arch, epochs=args.epochs, seed=args.seed, max_minutes=args.max_minutes,
          limit=args.limit, base_model=base, dataset=dataset, lr=5e-4 if base else 2e-3)
    if dataset is not None:
        _pack_rolls(args.data, args.out)
    return 0


def cmd_prepare(args) -> int:
    from .prepare import prepare
    prepare(args.corpus, args.out, runner=args.runner, workers=args.workers, shards=args.shards, limit=args.limit,
            extra=args.pipeline_args)
    return 0


def _pack_rolls(pack: str, out: str) -> None:
    """Beside a drummer fine-tuned on a pack, the styles' roll habits plus the pack's own (style 'other':
    Generate and Fill in 'other' roll as the pack does)."""
    from engine.looppack import scan_pack

    from .rolls import DEFAULT_PATH, StyleRolls, pack_habits, write_style_rolls
    table = dict(StyleRolls(DEFAULT_PATH).table)
    habits = pack_habits([lp.pattern for lp in scan_pack(pack).loops], os.path.basename(pack.rstrip("/")))
    table["other/beat"] = table["other/fill"] = habits
    write_style_rolls(table, os.path.join(out, "rolls.json"))
    print(f"roll habits of the pack: {habits.total:.0f} rolls in {len(habits.per_bar)} bars; wrote "
          f"{os.path.join(out, 'rolls.json')}")


def _drummer(args):
    from .drummer import Drummer
    return Drummer(args.model_dir) if args.model_dir else Drummer()


def _load_pattern(path: str, grid: int | None = None):
    """The pattern of a MIDI file (on `grid`, else the one it is found on), or a project's current pattern."""
    from engine.commands import load_any_project
    return load_any_project(path, grid=grid)[0]


def _target(args):
    """(pattern, the song's bars before it or None): --entry N picks entry N of a .groove project's song
    (its arrangement, or its patterns in order), else the input's pattern."""
    if args.entry is None:
        return _load_pattern(args.input, args.grid), None
    from engine.project import EXTENSION, load_project
    from engine.song import lead_in
    from .drummer import MAX_CONTEXT_BARS
    if not args.input.lower().endswith(EXTENSION):
        raise GrooveLoomError("--entry takes a .groove project (an entry of its song)", args.input)
    project = load_project(args.input)
    if not project.arrangement:
        project = project.with_arrangement([(i, 1) for i in range(len(project.patterns))])
    if not 1 <= args.entry <= len(project.arrangement):
        raise GrooveLoomError(f"--entry {args.entry}: the song has entries 1-{len(project.arrangement)}", args.input)
    index = project.arrangement[args.entry - 1][0]
    lead = lead_in(project, args.entry - 1, MAX_CONTEXT_BARS)
    print(f"entry {args.entry}: pattern '{project.names[index]}'" +
          (f", hearing the {lead.bars} bars of the song before it" if lead is not None else
           " (nothing before it in the same meter and grid)"))
    return project.patterns[index], lead


def locked_rows(pattern, spec: str | None) -> list[int]:
    """Rows named by --lock: row names, GM notes or voice names (kick, snare, closed_hat, ...)."""
    from engine.drumkit import VOICE_NAMES, voice_of_pitch
    if not spec:
        return []
    out = []
    for tok in (t.strip().lower() for t in spec.split(",") if t.strip()):
        hits = [i for i, r in enumerate(pattern.rows)
                if r.name.lower() == tok or str(r.note) == tok
                or (tok in VOICE_NAMES and voice_of_pitch(r.note) == VOICE_NAMES.index(tok))]
        if not hits:
            raise GrooveLoomError(f"--lock: no row '{tok}' in the pattern "
                                  f"(rows: {', '.join(r.name for r in pattern.rows)})")
        out += hits
    return sorted(set(out))


def _midi_output(output: str, source: str | None = None) -> None:
    """GrooveLoomError unless `output` is a .mid/.midi path other than the input."""
    from engine.fileio import check_output
    if not output.lower().endswith((".mid", ".midi")):
        raise GrooveLoomError("output must be a .mid or .midi file", output)
    check_output(output, inputs=[source])


def _write_candidates(cands, output: str, source: str | None = None) -> None:
    from engine.midi import write_midi
    _midi_output(output)
    stem, ext = os.path.splitext(output)
    paths = [output] if len(cands) == 1 else [f"{stem}-{i + 1}{ext}" for i in range(len(cands))]
    for p in paths:
        _midi_output(p, source)
    for c, p in zip(cands, paths):
        write_midi(c.pattern, p, title=os.path.basename(stem))
        print(f"wrote {p}: {c.pattern.bars} bars, {c.pattern.total_hits} hits "
              f"(steps {c.start}-{c.end} by the drummer)")


def cmd_continue(args) -> int:
    pattern, lead = _target(args)
    d = _drummer(args)
    from .candidates import after_lead_in
    from .drummer import DEFAULT_VARIATION
    locked = locked_rows(pattern, args.lock)
    if locked:   # locked rows repeat the pattern's own bars: continued without the song before it
        lead = None
    cands = after_lead_in(lead, pattern, lambda q, _k: d.continue_(
        q, bars=args.bars, temperature=args.temperature, variations=args.variations, seed=args.seed,
        style=args.style, locked_rows=locked, variation=DEFAULT_VARIATION if args.variation is None else args.variation))
    _write_candidates(cands, args.output, args.input)
    return 0


def cmd_fill(args) -> int:
    from .candidates import after_lead_in, every_nth_bar
    from .drummer import DrummerError
    pattern, lead = _target(args)
    d = _drummer(args)
    kw = dict(temperature=args.temperature, variations=args.variations, seed=args.seed, style=args.style,
              locked_rows=locked_rows(pattern, args.lock))
    if args.every is not None:
        bars = every_nth_bar(pattern.bars, args.every)
        cands = after_lead_in(lead, pattern, lambda q, k: d.fill_bars(q, [b + k for b in bars], **kw))
    else:
        if not 1 <= args.bar <= pattern.bars:
            raise DrummerError(f"bar {args.bar} is outside the pattern's {pattern.bars} bars")
        cands = after_lead_in(lead, pattern, lambda q, k: d.fill(q, args.bar - 1 + k, **kw))
    _write_candidates(cands, args.output, args.input)
    return 0


def cmd_generate(args) -> int:
    d = _drummer(args)
    cands = d.generate(style=args.style, bars=args.bars, temperature=args.temperature,
                       variations=args.variations, seed=args.seed, tempo=args.tempo)
    _write_candidates(cands, args.output)
    return 0


def cmd_train_feel(args) -> int:
    from .corpus import gmd_info
    from .dynamics import write_dynamics
    gmd_info(args.data)                  # (before TensorFlow is imported)
    if args.dynamics_only:
        ref = write_dynamics(args.data, args.out, limit=args.limit)
        print(f"real dynamics: {ref['performances']} GMD train beat performances, per style, hat figure, voice and "
              f"position; wrote {args.out}/dynamics.json")
        return 0
    from .feel_train import train_and_export
    card = train_and_export(args.data, args.out, epochs=args.epochs, max_minutes=args.max_minutes,
                            limit=args.limit, seed=args.seed, ensemble=args.ensemble, verbose=2)
    print(f"feel model: {card['train_windows']} train windows, {card['ensemble']} model(s), epochs {card['epochs']}, "
          f"validation loss {', '.join(f'{v:.4f}' for v in card['validation_loss'])}, {card['seconds']:.0f} s; wrote "
          f"{args.out}/feel.tflite ({card['bytes']:,} bytes), feel.json and the real dynamics, dynamics.json")
    return 0


def cmd_train_rolls(args) -> int:
    import os

    from .rolls import count_gmd_rolls, write_style_rolls
    habits = count_gmd_rolls(args.data)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "rolls.json")
    write_style_rolls(habits, path)
    for key, h in sorted(habits.items()):
        print(f"{key:18s} {len(h.per_bar):5d} bars, {h.total:6.0f} rolls ({h.rate_per_bar:.2f} a bar); share of hits "
              f"rolled: snare {h.voice_rate(1):.1%}, closed hat {h.voice_rate(2):.1%}")
    print(f"wrote {path}")
    from .style_bars import count_style_bars, write_style_bars
    bars = count_style_bars(args.data)
    path = os.path.join(args.out, "style_bars.json")
    write_style_bars(bars, path)
    print(f"wrote {path}: the typical beat bars Generate starts from ({', '.join(f'{s} {len(b)}' for s, b in bars.items())})")
    from .ghosts import count_style_ghosts, write_style_ghosts
    ghosts = count_style_ghosts(args.data)
    path = os.path.join(args.out, "ghosts.json")
    write_style_ghosts(ghosts, path)
    print(f"wrote {path}: ghost notes a bar, 10/50/90% in the bars with any ("
          f"{', '.join(s + ' ' + '-'.join(map(str, g['range'])) for s, g in ghosts.items())})")
    return 0


def cmd_humanize(args) -> int:
    from engine.midi import write_midi
    from .runtime import style_of
    from .feel import Feel, feel_timing
    _midi_output(args.output, args.input)
    style_of(args.style)
    pattern = _load_pattern(args.input, args.grid)
    feel = Feel(args.model_dir) if args.model_dir else Feel()
    added = ""
    if args.ghosts > 0:
        before = pattern.total_hits
        pattern = _drummer(args).ghosts(pattern, args.style, args.ghosts / 100.0, seed=args.seed)[0].pattern
        added = f" ({pattern.total_hits - before} ghost notes added)"
    write_midi(pattern, args.output, title=os.path.splitext(os.path.basename(args.output))[0],
               timing=feel_timing(feel, args.style, args.amount / 100.0))
    print(f"wrote {args.output}: {pattern.bars} bars, {pattern.total_hits} hits{added} played with a {args.style} "
          f"drummer's feel at {args.amount:g}%")
    return 0


def cmd_drumify(args) -> int:
    from engine.midi import part_onsets, write_midi
    from .drumify import drumify_figures
    from .runtime import style_of
    _midi_output(args.output, args.input)
    style_of(args.style)
    part = part_onsets(args.input, args.channel)
    onsets, tempo = part.onsets, part.tempo
    if args.bars:
        onsets = np.resize(onsets, args.bars * 16) if len(onsets) < args.bars * 16 else onsets[:args.bars * 16]
    c = _drummer(args).drumify(onsets, args.style, tempo, args.extra, args.temperature, 1, args.seed,
                               hats=args.hats)[0]
    write_midi(c.pattern, args.output, title=os.path.splitext(os.path.basename(args.output))[0])
    f = drumify_figures(c.pattern, onsets)
    steps = lambda n: f"{n} step{'' if n == 1 else 's'}"   # noqa: E731
    print(f"wrote {args.output}: {c.pattern.bars} bar{'' if c.pattern.bars == 1 else 's'} at {tempo:g} BPM "
          f"following {part.describe()}: "
          f"{f['covered']} of {f['onsets']} onsets carry a kick, snare or hat "
          f"({f['covered'] / max(1, f['onsets']):.0%}), {f['kick_or_snare']} a kick or snare; off the onsets "
          f"{steps(f['extra'])} with other hits, {steps(f['time'])} with hats or ride alone")
    return 0


def cmd_evaluate(args) -> int:
    import json
    import sys
    from .evaluate import evaluate, format_report
    res = evaluate(args.data, files=args.files or None, model_dir=args.model_dir,
                   progress=(lambda m: print(m, file=sys.stderr)) if not args.json else (lambda m: None))
    print(json.dumps(res, indent=1) if args.json else format_report(res))
    return 0


# ---- the beat map ---------------------------------------------------------------------------
def _beatmap(args):
    from .beatmap import BeatMap
    return BeatMap(args.model_dir) if args.model_dir else BeatMap()


def _one_bar(path: str, bar: int):
    """Bar `bar` (1-based) of a MIDI file or project's pattern, as (16, 9) velocities, and the pattern."""
    from .beatmap import pattern_bars
    pattern = _load_pattern(path)
    bars = pattern_bars(pattern)
    if not len(bars):
        raise GrooveLoomError(f"no 4/4 bar on 16ths with hits ({pattern.meter}, grid {pattern.grid})", path)
    if bar > len(bars):
        raise GrooveLoomError(f"has {len(bars)} bars with hits; there is no bar {bar}", path)
    return bars[bar - 1], pattern


def bar_grid(bar: np.ndarray) -> list[str]:
    """A bar as text, one line per voice that plays (o ghost, x normal, X accent)."""
    from .takes import grid_lines
    return grid_lines(bar, len(bar))


def cmd_train_beatmap(args) -> int:
    from .corpus import gmd_info
    from .beatmap_train import train_and_export
    gmd_info(args.data)                  # (before TensorFlow is imported)
    card = train_and_export(args.data, args.out, latent=args.latent, beta=args.beta, epochs=args.epochs,
                            max_minutes=args.max_minutes, limit=args.limit, seed=args.seed, verbose=2)
    print(f"beat map: {card['train_bars']:,} train bars, latent {card['latent']}, {card['epochs']} epochs, validation "
          f"loss {card['validation_loss']:.4f}, {card['seconds']:.0f} s; wrote {args.out}/beatmap_*.tflite and "
          f"beatmap.json")
    return 0


def cmd_interpolate(args) -> int:
    from engine.midi import write_midi
    from .beatmap import bars_pattern
    _midi_output(args.output, args.a)
    _midi_output(args.output, args.b)
    a, pa = _one_bar(args.a, args.bar_a)
    b, _ = _one_bar(args.b, args.bar_b)
    path = _beatmap(args).interpolate(a, b, args.steps)
    out = bars_pattern(path, like=pa)
    write_midi(out, args.output, title=os.path.splitext(os.path.basename(args.output))[0])
    print(f"wrote {args.output}: {args.steps} bars from {os.path.basename(args.a)} bar {args.bar_a} to "
          f"{os.path.basename(args.b)} bar {args.bar_b} through the beat map's latent space")
    for k, bar in enumerate(path):
        print(f" bar {k + 1}:")
        print("\n".join(bar_grid(bar)))
    return 0


def cmd_similar(args) -> int:
    from .beatmap import Collection
    bm = _beatmap(args)
    bar, _ = _one_bar(args.beat, args.bar)
    col = Collection.open(args.collection, bm, progress=lambda m: print(m, file=sys.stderr))
    idx = bm.similar(bar, col.z, args.n)
    z = bm.encode(bar[None])[0]
    print(f"the {len(idx)} bars of {printable(args.collection)} ({len(col.bars):,} bars"
          f"{', cached map' if col.cached else ''}) nearest to {printable(os.path.basename(args.beat))} bar {args.bar}:")
    for rank, i in enumerate(idx, 1):
        d = float(np.sqrt(((col.z[i] - z) ** 2).sum()))
        print(f"{rank:3d}. {printable(col.sources[i])}  ({printable(col.labels[i])}, distance {d:.2f})")
    if len(idx):
        print("the nearest:")
        print("\n".join(bar_grid(col.bars[idx[0]])))
    return 0


def register(sub) -> None:
    """The drummer's and the models' commands: train*, evaluate, continue, fill, humanize, drumify,
    interpolate, similar, generate."""
    _register_training(sub)
    _register_drummer(sub)
    _register_moves(sub)
    _register_beatmap(sub)
    _register_generate(sub)


def _register_training(sub) -> None:
    from engine.cli import DATA_DEFAULT, MODELS_DEFAULT
    p = command(sub, "train", cmd_train, help="train the drummer (TensorFlow) and export it for the app")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (info.csv) or a loop pack folder/zip")
    p.add_argument("--out", default=MODELS_DEFAULT)
    p.add_argument("--arch", choices=("lstm", "tcn"), default="lstm")
    p.add_argument("--epochs", type=int_in(1, 100_000), default=40)
    p.add_argument("--max-minutes", type=float_in(0.01, 100_000), default=28.0)
    p.add_argument("--seed", type=SEED, default=1234)
    p.add_argument("--limit", type=int_in(1, 1_000_000), default=None, help="first N sequences per split (quick runs)")
    p.add_argument("--finetune", action="store_true", help="start from the model in --out")
    p.add_argument("--shards", default=None, help="train on what `prepare` wrote to this folder instead of --data")
    p = command(sub, "prepare", cmd_prepare, help="a MIDI corpus as TFRecord shards for train --shards "
                                                  "(Apache Beam)")
    p.add_argument("corpus", help="GMD folder (info.csv, its split) or any folder of MIDI files")
    p.add_argument("-o", "--out", required=True, help="folder for the shards and manifest.json")
    p.add_argument("--runner", choices=("direct", "flink", "spark", "dataflow"), default="direct")
    p.add_argument("--workers", type=int_in(1, 1024), default=os.cpu_count() or 1,
                   help="DirectRunner processes (default: this machine's cores)")
    p.add_argument("--shards", type=int_in(1, 100_000), default=None,
                   help="files per split (default: as the runner's bundles fall, the records never shuffled; a "
                        "number sends every record through one shuffle, held in memory on the DirectRunner)")
    p.add_argument("--limit", type=int_in(1, 100_000_000), default=None, help="the first N files (quick runs)")
    p.add_argument("pipeline_args", nargs="*", metavar="-- BEAM_OPTION",
                   help="after --: options for the runner (--flink_master=HOST:8081, --project=..., ...)")
    p = command(sub, "train-feel", cmd_train_feel, help="train the feel model (each hit's timing and velocity) on GMD and export it")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (info.csv)")
    p.add_argument("--out", default=MODELS_DEFAULT)
    p.add_argument("--epochs", type=int_in(1, 1000), default=40)
    p.add_argument("--max-minutes", type=float_in(0.01, 1000), default=60.0, help="for all the models together")
    p.add_argument("--limit", type=int_in(1, 1_000_000), default=None, help="first N performances per split")
    p.add_argument("--seed", type=SEED, default=0)
    p.add_argument("--ensemble", type=int_in(1, 8), default=3, help="models averaged (seeds seed, seed+1, ...)")
    p.add_argument("--dynamics-only", action="store_true",
                   help="only count the real drummers' dynamics the feel is held to (dynamics.json)")
    p = command(sub, "train-rolls", cmd_train_rolls, help="count where GMD drummers roll and flam, and their typical beat bars, per style")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (info.csv)")
    p.add_argument("--out", default=MODELS_DEFAULT)
    p = command(sub, "train-beatmap", cmd_train_beatmap, help="train the beat map (a latent space of one-bar beats) on GMD and export it")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (info.csv)")
    p.add_argument("--out", default=MODELS_DEFAULT)
    p.add_argument("--latent", type=int_in(2, 256), default=32)
    p.add_argument("--beta", type=float_in(0, 100), default=0.25, help="weight of the KL term")
    p.add_argument("--epochs", type=int_in(1, 1000), default=60)
    p.add_argument("--max-minutes", type=float_in(0.01, 1000), default=15.0)
    p.add_argument("--limit", type=int_in(1, 1_000_000), default=None, help="first N performances per split")
    p.add_argument("--seed", type=SEED, default=0)
    p = command(sub, "evaluate", cmd_evaluate, help="the drummer's NLL, F1 and generation quality vs count baselines")
    p.add_argument("files", nargs="*", help="MIDI files or folders (default: the GMD test split)")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (baselines are fitted on its train split)")
    p.add_argument("--json", action="store_true")
    model_option(p)


def _register_drummer(sub) -> None:
    p = command(sub, "continue", cmd_continue, help="the drummer writes the next bars")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--lock", help="rows the drummer must keep, e.g. kick or kick,snare")
    entry_option(p)
    grid_option(p)
    p.add_argument("--variation", type=float_in(*RANGES["variation"]), default=None,
                   help="0 (this groove with small variations) to 1 (free); default 0.5")
    gen_options(p)
    p = command(sub, "fill", cmd_fill, help="the drummer writes a fill into a bar, or into every Nth bar")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--bar", type=int_in(1, MAX_BARS), help="the bar (1-based) to fill")
    which.add_argument("--every", type=int_in(1, MAX_BARS), metavar="N", help="fill every Nth bar (4: bars 4, 8, ...)")
    p.add_argument("--lock", help="rows the drummer must keep")
    entry_option(p)
    grid_option(p)
    gen_options(p, bars=False)


def _register_moves(sub) -> None:
    """humanize and drumify: the drummer plays what is given."""
    p = command(sub, "humanize", cmd_humanize, help="play a quantized beat as a GMD drummer would: each hit's timing and velocity")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--style", default="rock", help="rock, funk, jazz, latin, hiphop, soul, punk, ...")
    p.add_argument("--amount", type=float_in(0, 100), default=100.0, help="0-100%% of the drummer's feel")
    p.add_argument("--ghosts", type=float_in(0, 100), default=0.0,
                   help="add soft snare ghost notes where the drummer would: 0 none (default) .. 100 as many a bar as "
                        "the style's drummers play (GMD)")
    p.add_argument("--seed", type=SEED, default=0, help="which ghost notes (the feel itself is deterministic)")
    grid_option(p)
    model_option(p)
    p = command(sub, "drumify", cmd_drumify, help="a drum beat that follows the rhythm of any MIDI part (bass, chords, taps)")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--channel", type=int_in(1, 16), default=None,
                   help="the part to follow (default: the channel with the most notes, not the drums)")
    p.add_argument("--bars", type=int_in(1, EDIT_MAX_BARS), default=None, help="bars to write (default: the part's)")
    p.add_argument("--extra", type=float_in(*RANGES["extra"]), default=0.05,
                   help="hits off the part's onsets other than hats and ride: 0 none .. 1 as the drummer likes "
                        "(default 0.05)")
    p.add_argument("--no-hats", dest="hats", action="store_false",
                   help="no hats or ride keeping time between the onsets either (hits only where the part plays)")
    p.add_argument("--style", default="rock")
    p.add_argument("--temperature", type=float_in(*RANGES["temperature"]), default=1.0)
    p.add_argument("--seed", type=SEED, default=None)
    model_option(p)


def _register_beatmap(sub) -> None:
    """interpolate and similar: the beat map."""
    p = command(sub, "interpolate", cmd_interpolate, help="N bars morphing one beat into another through the beat map")
    p.add_argument("a", help="MIDI or .groove: the first beat")
    p.add_argument("b", help="MIDI or .groove: the last beat")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--steps", type=int_in(2, EDIT_MAX_BARS), default=8, help="bars, both ends included")
    p.add_argument("--bar-a", type=int_in(1, MAX_BARS), default=1, help="which bar of A (1-based, bars with hits)")
    p.add_argument("--bar-b", type=int_in(1, MAX_BARS), default=1, help="which bar of B")
    model_option(p)
    p = command(sub, "similar", cmd_similar, help="the bars of a collection nearest to a beat on the beat map")
    p.add_argument("beat", help="MIDI or .groove")
    p.add_argument("collection", help="GMD folder, or a loop pack folder or .zip")
    p.add_argument("-n", type=int_in(1, 1000), default=10)
    p.add_argument("--bar", type=int_in(1, MAX_BARS), default=1)
    model_option(p)


def _register_generate(sub) -> None:
    p = command(sub, "generate", cmd_generate, help="a beat from nothing")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--tempo", type=float_in(MIN_TEMPO, MAX_TEMPO), default=110.0)
    gen_options(p)
