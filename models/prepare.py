"""`python main.py prepare CORPUS -o SHARDS/`: a drum MIDI corpus as TFRecord shards, by Apache Beam
pipelines, for `train --shards`.

    read:  sources (GMD's info.csv, or every MIDI file under CORPUS)
             -> read each file (engine's MIDI import: drum tracks, grid, 16ths, the 9 voices)  [rejected: by reason]
             -> every example staged as it is read (_all-*: its name, split, figures and record)
             -> (pattern hash, name), whole-bar rotations alike -> the smallest name per hash (_kept-*;
                corpus.keep_first's rule)
    write: the staged examples whose name was kept -> {train,validation,test}-NNNNN-of-MMMMM.tfrecord
           + manifest.json

Only hashes and names go through a shuffle: the examples themselves are written as they are read and read
back as they are written, so the DirectRunner (whose shuffles are held in its driver's memory) stays within
a few hundred MB whatever the corpus size. Every step is models/corpus.py's, as the single-process path
(corpus.prepare_local) runs it, so both give the same examples. A file's split comes with it (GMD's official
one, or a hash of its path), so no file is in two splits. The DirectRunner runs it on this machine in
`workers` processes; `--runner flink|spark|dataflow` with that runner's own options (passed through to
Beam) runs it on a cluster.
"""
from __future__ import annotations

import glob
import json
import os
import re
import time

from engine.errors import GrooveLoomError
from engine.fileio import atomic_write_bytes, quiet_stderr

from .corpus import SPLITS, Source, encode, pattern_hash, reason_kind, sources
from .encoding import STYLES
from .shards import MANIFEST, SUFFIX, record_bytes, shard_files

RUNNERS = {"direct": "DirectRunner", "flink": "FlinkRunner", "spark": "SparkRunner", "dataflow": "DataflowRunner"}
_STATS, _REJECTED, _ALL, _KEPT = "_stats", "_rejected", "_all", "_kept"


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


def _stat(e) -> str:
    return json.dumps([e.split, STYLES[e.style], bool(e.fill), int(len(e.vel))])


def _staged(kv) -> bytes:
    """A read example as the read pipeline stages it: name, split, figures and record, NUL-separated (a path
    holds no NUL; the record last, as it may)."""
    h, e = kv
    return b"\0".join([e.name.encode("utf-8", "surrogateescape"), e.split.encode(), _stat(e).encode(),
                       record_bytes(e, h)])


def _unstaged(data: bytes) -> tuple[str, str, str, bytes]:
    name, split, stat, record = data.split(b"\0", 3)
    return name.decode("utf-8", "surrogateescape"), split.decode(), stat.decode(), record


def pipeline_options(runner: str, workers: int | None, extra: list[str]):
    from apache_beam.options.pipeline_options import PipelineOptions
    if runner not in RUNNERS:
        raise GrooveLoomError(f"unknown runner {runner!r}; one of {', '.join(RUNNERS)}")
    args = [f"--runner={RUNNERS[runner]}", "--default_sdk_harness_log_level=ERROR", *extra]
    if runner == "direct":
        args += ["--direct_running_mode=multi_processing" if (workers or 1) > 1 else "--direct_running_mode=in_memory",
                 f"--direct_num_workers={workers or 1}"]
    return PipelineOptions(args)


def read(p, root: str, out: str, srcs: list[Source]):
    """The read pipeline's transforms on Pipeline `p`: every example staged, the name kept per hash, the
    rejected files counted."""
    beam = _beam()
    got = (p | "sources" >> beam.Create(srcs, reshuffle=True)
           | "read MIDI" >> beam.Map(_Read(root)))
    rejected = got | "rejected" >> beam.Filter(lambda t: t[0] == "rejected") | beam.Map(lambda t: t[1])
    ok = got | "read ok" >> beam.Filter(lambda t: t[0] == "ok") | beam.Map(lambda t: t[1])
    (ok | "stage" >> beam.Map(_staged)
     | "write staged" >> beam.io.WriteToTFRecord(os.path.join(out, _ALL), file_name_suffix=SUFFIX))
    (ok | "hash, name" >> beam.Map(lambda kv: (kv[0], kv[1].name)) | "one per hash" >> beam.CombinePerKey(min)
     | "kept" >> beam.Map(lambda kv: json.dumps(kv[1])) | "write kept" >> beam.io.WriteToText(os.path.join(out, _KEPT)))
    (rejected | "count rejected" >> beam.combiners.Count.PerElement()
     | "rejected json" >> beam.Map(json.dumps) | "write rejected" >> beam.io.WriteToText(os.path.join(out, _REJECTED)))


def write(p, out: str, shards: int | None):
    """The write pipeline's transforms on Pipeline `p`: the staged examples that were kept, by split, and
    their figures. `shards`: files per split (None: as the runner's bundles fall, no shuffle of the records)."""
    beam = _beam()
    kept = (p | "read kept" >> beam.io.ReadFromText(os.path.join(out, _KEPT) + "*")
            | "kept names" >> beam.Map(lambda line: (json.loads(line), True)))
    staged = (p | "read staged" >> beam.io.ReadFromTFRecord(os.path.join(out, _ALL) + "*")
              | "unstage" >> beam.Map(_unstaged)
              | "only kept" >> beam.Filter(lambda s, names: s[0] in names, names=beam.pvalue.AsDict(kept)))
    for split in SPLITS:
        (staged | f"{split} only" >> beam.Filter(lambda s, sp=split: s[1] == sp)
         | f"{split} records" >> beam.Map(lambda s: s[3])
         | f"write {split}" >> beam.io.WriteToTFRecord(os.path.join(out, split), file_name_suffix=SUFFIX,
                                                         num_shards=shards or 0))
    (staged | "stats" >> beam.Map(lambda s: s[2]) | "count stats" >> beam.combiners.Count.PerElement()
     | "stats json" >> beam.Map(json.dumps) | "write stats" >> beam.io.WriteToText(os.path.join(out, _STATS)))


def prepare(root: str, out: str, *, runner: str = "direct", workers: int | None = None, shards: int | None = None,
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
        with quiet_stderr(keep=lambda line: not CHATTER.match(line)):
            with beam.Pipeline(options=options) as p:
                read(p, root, out, srcs)
            with beam.Pipeline(options=options) as p:
                write(p, out, shards)
        for staged in glob.glob(os.path.join(out, _ALL + "*")) + glob.glob(os.path.join(out, _KEPT + "*")):
            os.remove(staged)
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
