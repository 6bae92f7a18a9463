"""`python main.py prepare CORPUS -o SHARDS/`: a drum MIDI corpus as TFRecord shards, by an Apache Beam
pipeline, for `train --shards`.

    sources (GMD's info.csv, or every MIDI file under CORPUS)
      -> read each file (engine's MIDI import: drum tracks, grid, 16ths, the 9 voices)  [rejected: by reason]
      -> key by pattern hash (whole-bar rotations alike) -> keep one per hash
      -> {train,validation,test}-NNNNN-of-MMMMM.tfrecord  + manifest.json

Every step is models/corpus.py's, as the single-process path (corpus.prepare_local) runs it, so both give
the same examples. A file's split comes with it (GMD's official one, or a hash of its path), so no file is
in two splits. The DirectRunner runs it on this machine in `workers` processes; `--runner flink|spark|
dataflow` with that runner's own options (passed through to Beam) runs it on a cluster.
"""
from __future__ import annotations

import functools
import glob
import json
import os
import re
import time

from engine.errors import GrooveLoomError
from engine.fileio import atomic_write_bytes, quiet_stderr

from .corpus import SPLITS, Source, encode, keep_first, pattern_hash, reason_kind, sources
from .encoding import STYLES
from .shards import MANIFEST, SUFFIX, record_bytes, shard_files

RUNNERS = {"direct": "DirectRunner", "flink": "FlinkRunner", "spark": "SparkRunner", "dataflow": "DataflowRunner"}
_STATS, _REJECTED = "_stats", "_rejected"


def _beam():
    """apache_beam, imported without its import-time chatter (GCP client warnings on the root logger) and
    with only its errors logged."""
    import logging
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        import apache_beam as beam
    except ImportError:
        raise GrooveLoomError("prepare needs Apache Beam: pip install 'grooveloom[beam]' "
                              "(make test installs it)") from None
    finally:
        root.setLevel(level)
    logging.getLogger("apache_beam").setLevel(logging.ERROR)
    return beam


class _Read:
    """Source -> ('ok', (hash, example)) or ('rejected', reason kind). A plain callable, picklable for the
    workers; the corpus root travels with it."""

    def __init__(self, root: str):
        self.root = root

    def __call__(self, src: Source):
        e, why = encode(self.root, src)
        return ("rejected", reason_kind(why)) if e is None else ("ok", (pattern_hash(e.vel), e))


def _first(examples):
    return functools.reduce(keep_first, examples)


def _stat(kv) -> str:
    e = kv[1]
    return json.dumps([e.split, STYLES[e.style], bool(e.fill), int(len(e.vel))])


def pipeline_options(runner: str, workers: int | None, extra: list[str]):
    from apache_beam.options.pipeline_options import PipelineOptions
    if runner not in RUNNERS:
        raise GrooveLoomError(f"unknown runner {runner!r}; one of {', '.join(RUNNERS)}")
    args = [f"--runner={RUNNERS[runner]}", "--default_sdk_harness_log_level=ERROR", *extra]
    if runner == "direct":
        args += ["--direct_running_mode=multi_processing" if (workers or 1) > 1 else "--direct_running_mode=in_memory",
                 f"--direct_num_workers={workers or 1}"]
    return PipelineOptions(args)


def build(p, root: str, out: str, srcs: list[Source], shards: int):
    """The pipeline's transforms on Pipeline `p` (run by the caller)."""
    beam = _beam()
    read = (p | "sources" >> beam.Create(srcs, reshuffle=True)
            | "read MIDI" >> beam.Map(_Read(root)))
    rejected = read | "rejected" >> beam.Filter(lambda t: t[0] == "rejected") | beam.Map(lambda t: t[1])
    kept = (read | "read ok" >> beam.Filter(lambda t: t[0] == "ok") | beam.Map(lambda t: t[1])
            | "one per hash" >> beam.CombinePerKey(_first))
    for split in SPLITS:
        (kept | f"{split} only" >> beam.Filter(lambda kv, s=split: kv[1].split == s)
         | f"{split} records" >> beam.Map(lambda kv: record_bytes(kv[1], kv[0]))
         | f"write {split}" >> beam.io.WriteToTFRecord(os.path.join(out, split), file_name_suffix=SUFFIX,
                                                         num_shards=shards))
    (kept | "stats" >> beam.Map(_stat) | "count stats" >> beam.combiners.Count.PerElement()
     | "stats json" >> beam.Map(json.dumps) | "write stats" >> beam.io.WriteToText(os.path.join(out, _STATS)))
    (rejected | "count rejected" >> beam.combiners.Count.PerElement()
     | "rejected json" >> beam.Map(json.dumps) | "write rejected" >> beam.io.WriteToText(os.path.join(out, _REJECTED)))


def prepare(root: str, out: str, *, runner: str = "direct", workers: int | None = None, shards: int = 4,
            limit: int | None = None, extra: list[str] | None = None, progress=print) -> dict:
    """Run the pipeline; write SHARDS/manifest.json and return it."""
    srcs = list(sources(root))
    if limit is not None:
        srcs = srcs[:limit]
    if not srcs:
        raise GrooveLoomError("no MIDI files found", root)
    beam = _beam()
    os.makedirs(out, exist_ok=True)
    for old in glob.glob(os.path.join(out, f"*{SUFFIX}")) + glob.glob(os.path.join(out, "_*")):
        os.remove(old)                                  # (a run's shards replace the last run's, never mix)
    t0 = time.monotonic()
    if progress:
        progress(f"prepare: {len(srcs):,} files from {root}, {runner} runner, {workers or 1} worker(s)")
    try:
        options = pipeline_options(runner, workers, extra or [])
        with quiet_stderr(keep=lambda line: not CHATTER.match(line)), beam.Pipeline(options=options) as p:
            build(p, root, out, srcs, shards)
    except (RuntimeError, OSError) as exc:
        if runner == "direct":
            raise
        # (Flink's and Spark's Python runners fetch a job-server jar from Maven Central at start; a cluster
        # that cannot be reached or a missing option says so here)
        raise GrooveLoomError(f"the {runner} runner could not run the pipeline: {str(exc)[:300]}") from None
    manifest = _manifest(root, out, srcs, runner, workers, time.monotonic() - t0)
    if progress:
        progress(f"wrote {out}: " + ", ".join(f"{manifest['examples'][s]:,} {s}" for s in SPLITS)
                 + f" examples; {_count(manifest['duplicates'], 'duplicate')}, "
                   f"{_count(sum(manifest['rejected'].values()), 'file')} "
                   f"rejected; {manifest['seconds']} s")
    return manifest


# what every Beam worker process says on stderr as it starts (its log at INFO, a GCP import it probes): the
# workers write to our stderr, which is kept for the run and passed on after it, less these lines
CHATTER = re.compile(r"^(WARNING:root:apitools not found, .*|INFO:__main__:Logging handler created\.)$")


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")


def _counts(out: str, stem: str) -> list:
    rows = []
    for path in sorted(glob.glob(os.path.join(out, stem + "*"))):
        with open(path, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
        os.remove(path)
    return rows


def _manifest(root: str, out: str, srcs: list[Source], runner: str, workers: int | None, seconds: float) -> dict:
    examples = {s: 0 for s in SPLITS}
    steps = {s: 0 for s in SPLITS}
    styles: dict[str, dict[str, int]] = {s: {} for s in SPLITS}
    fills = {s: 0 for s in SPLITS}
    for key, n in _counts(out, _STATS):
        split, style, fill, length = json.loads(key)
        examples[split] += n
        steps[split] += n * length
        styles[split][style] = styles[split].get(style, 0) + n
        fills[split] += n * fill
    rejected = {k: n for k, n in sorted(_counts(out, _REJECTED))}
    read = len(srcs) - sum(rejected.values())
    manifest = {"corpus": os.path.abspath(root), "files": len(srcs), "examples": examples, "steps": steps,
                "fills": fills, "duplicates": read - sum(examples.values()), "rejected": rejected,
                "styles": {s: dict(sorted(v.items())) for s, v in styles.items()},
                "shards": {s: [os.path.basename(f) for f in shard_files(out, s)] for s in SPLITS},
                "runner": runner, "workers": workers or 1, "seconds": round(seconds, 1)}
    atomic_write_bytes(os.path.join(out, MANIFEST), json.dumps(manifest, indent=1).encode())
    return manifest
