/* GrooveLoom's audio-thread dispatcher: the only code that runs in the audio callback.
 *
 * The Python scheduler (a normal thread) turns steps into note events a little ahead of time and pushes
 * them into a single-producer/single-consumer ring. The audio callback (this file, no Python, no GIL, no
 * lock of GrooveLoom's) moves them into a pending list sorted by frame and renders each block from
 * FluidSynth in pieces, starting every note at its frame inside the block. A busy Python interpreter can
 * therefore make a note late (when the scheduler falls behind its lookahead), never make the audio thread
 * miss its deadline.
 *
 * Withdrawal: every event carries the scheduler's epoch and the serial number of the step it belongs to.
 * WITHDRAW (an edit) drops queued note-ons of older epochs from a step on, the scheduler queues those steps
 * again; ALL_OFF (a stop) drops every older event and silences the synth at once.
 * FluidSynth's functions come in as pointers from the libfluidsynth Python already loaded: no headers and
 * no link step are needed.
 *
 * JACK: with a JACK server GrooveLoom is its own JACK client (engine/jack.py opens it, this file serves its
 * process callback, gl_jack_process): the synth's stereo out and a MIDI out written in the same cycle from
 * the same event list, each MIDI event at its frame inside the period, so a DAW records the grid. The clock
 * is JACK's frame time: after an xrun the events of the skipped frames come late, the rest stay on time.
 * MIDI note-offs are paired with the note-ons sent (a withdrawn note-on's note-off is not sent) and Stop
 * sends the note-off of every note still on: no hung and no extra notes. The JACK transport is read each
 * cycle for Python (gl_jack_transport); following it, GrooveLoom is a slow-sync client: a start waits
 * (gl_jack_sync) until Python has queued the beat from its position, held (EV_HOLD), and the held events
 * move to the frame the transport rolled at. Leading it, its bars are counted here (gl_jack_timebase).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef int (*write_float_t)(void *, int, void *, int, int, void *, int, int);
typedef int (*noteon_t)(void *, int, int, int);
typedef int (*noteoff_t)(void *, int, int);
typedef int (*all_sounds_off_t)(void *, int);
typedef void *(*jport_buffer_t)(void *, uint32_t);
typedef void (*jmidi_clear_t)(void *);
typedef int (*jmidi_write_t)(void *, uint32_t, const uint8_t *, size_t);
typedef uint32_t (*jlast_frame_t)(const void *);
typedef struct { uint32_t time; size_t size; uint8_t *buffer; } jmidi_event_t;   /* jack_midi_event_t */
typedef uint32_t (*jmidi_count_t)(void *);
typedef int (*jmidi_get_t)(jmidi_event_t *, void *, uint32_t);

typedef struct __attribute__((packed)) {   /* jack_position_t (JACK 1.9: packed, 136 bytes) */
    uint64_t unique_1, usecs;
    uint32_t frame_rate, frame;
    int32_t valid, bar, beat, tick;
    double bar_start_tick;
    float beats_per_bar, beat_type;
    double ticks_per_beat, beats_per_minute, frame_time, next_time;
    uint32_t bbt_offset;
    float audio_frames_per_video_frame;
    uint32_t video_offset;
    int32_t padding[7];
    uint64_t unique_2;
} jpos_t;
_Static_assert(sizeof(jpos_t) == 136, "jack_position_t is 136 bytes");
#define JACK_POSITION_BBT 0x10
#define TICKS_PER_BEAT 1920.0
typedef int (*jtransport_query_t)(const void *, jpos_t *);
enum { TR_STATE, TR_FRAME, TR_OURS, TR_BBT, TR_BAR, TR_BEAT, TR_TICK, TR_TPB, TR_BPB, TR_BEAT_TYPE, TR_BPM,
       TR_HOLD, TR_SHIFT, TR_CYCLES, TR_FIELDS };
enum { HOLD_NONE, HOLD_ARMED, HOLD_RELEASED, HOLD_DROPPED };   /* TR_HOLD */
#define JACK_STARTING 3
#define JACK_ROLLING 1

/* synth note on/off, stop (cut), edit (withdraw); MIDI out note on/off (channel, note, velocity as played),
 * MIDI clock tick (withdrawn with the note-ons of its step), raw MIDI (ch: byte count, note: bytes, low first) */
enum { EV_ON = 1, EV_OFF = 2, EV_ALL_OFF = 3, EV_WITHDRAW = 4, EV_MON = 5, EV_MOFF = 6, EV_MCLOCK = 7, EV_MRAW = 8 };
/* An event with this bit waits in `held` until the JACK transport rolls from the position it was queued for,
 * then moves by the frames the roll came later than its provisional frame (gl_jack_hold). */
#define EV_HOLD 0x100

typedef struct {            /* the layout Python writes: seven int64 per event */
    int64_t frame, type, ch, note, vel, epoch, step;
} gl_event;

#define RING 16384           /* power of two */
#define PENDING 16384
#define IN_RING 4096         /* MIDI in, to Python: power of two */

typedef struct {             /* a MIDI message received: its frame (ours), up to 3 bytes */
    int64_t frame;
    int64_t size;
    int64_t bytes;           /* the first in the low byte */
} gl_midi_in;

typedef struct {             /* GrooveLoom's JACK client, when it plays through JACK */
    void *client, *left, *right, *midi_out, *midi_in;
    jmidi_count_t count;
    jmidi_get_t get;
    gl_midi_in in[IN_RING];  /* MIDI in for Python (recording, clock in): written here, read by gl_jack_read */
    _Atomic uint64_t in_head, in_tail;
    _Atomic int64_t in_lost;
    uint8_t monitor[128];    /* MIDI in note -> the kit's note heard at once (0: not heard) */
    _Atomic int monitor_on;
    int monitor_channel;
    jport_buffer_t buffer;
    jmidi_clear_t clear;
    jmidi_write_t write;
    jlast_frame_t last_frame;
    jtransport_query_t query; /* jack_transport_query, NULL: the transport is not read */
    _Atomic uint64_t tr_seq;  /* the transport as last read (seqlock: odd while written) */
    double tr[TR_FIELDS];
    _Atomic int64_t lead_bpm; /* timebase master: quarter notes a minute x 1e6, the meter */
    _Atomic int lead_num, lead_den;
    double tb_bpm, tb_anchor_frame, tb_anchor_q, tb_last_frame;   /* the timebase callback's own */
    _Atomic int64_t hold_x, hold_pos; /* held events' provisional frame, and the transport frame they are for */
    _Atomic int hold;         /* HOLD_*: armed by Python, then released or dropped here */
    double hold_shift;        /* frames the held events moved when released */
    int sync_waited;          /* cycles a start waited for Python to arm */
    int started;
    uint32_t period;         /* frames in the last cycle */
    uint32_t prev_time;      /* JACK's frame time at the start of the last cycle */
    int64_t time64;          /* the same, counted on past 2^32 */
    int64_t prev_start;      /* our frame at the start of the last cycle */
    void *mbuf;              /* this cycle's MIDI out buffer (NULL outside a cycle or without MIDI out) */
    uint8_t sounding[16][128];  /* MIDI notes on, per channel: note-ons sent minus note-offs sent */
    _Atomic int64_t offset;  /* JACK frame time minus our frame */
    _Atomic int64_t skipped, midi_sent, midi_lost, shutdown;
} gl_jack;

typedef struct {
    void *synth;
    write_float_t write;
    noteon_t noteon;
    noteoff_t noteoff;
    all_sounds_off_t all_off;
    gl_event ring[RING];
    _Atomic uint64_t head;   /* written by the producer only */
    _Atomic uint64_t tail;   /* written by the audio thread only */
    gl_event pending[PENDING];
    int npending;
    _Atomic int64_t frame;   /* frames rendered so far */
    _Atomic int64_t callbacks, last_len, dropped, late, dispatched, worst_late;
    _Atomic int64_t priority;  /* the audio thread's scheduling, see raise_priority; -1 before the first call */
    gl_event held[PENDING];  /* EV_HOLD events, until the transport rolls */
    int nheld;
    int release;             /* render: 1 move the held events by release_shift, -1 drop them */
    int64_t release_shift;
    gl_jack jack;
} gl_engine;

gl_engine *gl_new(void *synth, void *write, void *noteon, void *noteoff, void *all_off) {
    gl_engine *e = calloc(1, sizeof(gl_engine));
    if (!e) return NULL;
    e->synth = synth;
    e->write = (write_float_t)write;
    e->noteon = (noteon_t)noteon;
    e->noteoff = (noteoff_t)noteoff;
    e->all_off = (all_sounds_off_t)all_off;
    atomic_store(&e->priority, -1);
    return e;
}

void gl_free(gl_engine *e) { free(e); }

/* Producer: append n events; returns how many fit (the rest are counted as dropped). */
int gl_push(gl_engine *e, const int64_t *events, int n) {
    uint64_t head = atomic_load_explicit(&e->head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&e->tail, memory_order_acquire);
    int i = 0;
    for (; i < n && head - tail < RING; i++, head++)
        memcpy(&e->ring[head & (RING - 1)], events + 7 * i, sizeof(gl_event));
    atomic_store_explicit(&e->head, head, memory_order_release);
    if (i < n) atomic_fetch_add(&e->dropped, n - i);
    return i;
}

int64_t gl_frame(gl_engine *e) { return atomic_load(&e->frame); }

/* callbacks, last callback length, events dropped (ring or pending full), events dispatched late,
 * events dispatched, audio thread priority, the latest an event came (frames) */
void gl_stats(gl_engine *e, int64_t *out) {
    out[5] = atomic_load(&e->priority);
    out[6] = atomic_load(&e->worst_late);
    out[0] = atomic_load(&e->callbacks);
    out[1] = atomic_load(&e->last_len);
    out[2] = atomic_load(&e->dropped);
    out[3] = atomic_load(&e->late);
    out[4] = atomic_load(&e->dispatched);
}

static int starts_something(int64_t type) { return type == EV_ON || type == EV_MON || type == EV_MCLOCK; }

/* Drop pending (and held) events older than `epoch`: only note-ons (and clock ticks) from step `step` on
 * (withdraw), or all (cut). */
static int drop_from(gl_event *list, int n, int64_t epoch, int64_t step, int all) {
    int keep = 0;
    for (int i = 0; i < n; i++) {
        const gl_event *p = &list[i];
        int drop = p->epoch < epoch && (all || (starts_something(p->type) && p->step >= step));
        if (!drop) list[keep++] = *p;
    }
    return keep;
}

static void drop_older(gl_engine *e, int64_t epoch, int64_t step, int all) {
    e->npending = drop_from(e->pending, e->npending, epoch, step, all);
    e->nheld = drop_from(e->held, e->nheld, epoch, step, all);
}

/* Insert keeping pending sorted by frame; equal frames keep arrival order. */
static void insert(gl_engine *e, const gl_event *ev) {
    if (e->npending >= PENDING) { atomic_fetch_add(&e->dropped, 1); return; }
    int i = e->npending;
    while (i > 0 && e->pending[i - 1].frame > ev->frame) {
        e->pending[i] = e->pending[i - 1];
        i--;
    }
    e->pending[i] = *ev;
    e->npending++;
}

static void midi_bytes(gl_engine *e, int at, const uint8_t *b, size_t size) {
    gl_jack *j = &e->jack;
    if (j->write(j->mbuf, (uint32_t)at, b, size) == 0) atomic_fetch_add_explicit(&j->midi_sent, 1, memory_order_relaxed);
    else atomic_fetch_add_explicit(&j->midi_lost, 1, memory_order_relaxed);
}

/* The note-off of every MIDI note still on (Stop). */
static void midi_all_off(gl_engine *e, int at) {
    gl_jack *j = &e->jack;
    for (int ch = 0; ch < 16; ch++)
        for (int note = 0; note < 128; note++)
            if (j->sounding[ch][note]) {
                uint8_t b[3] = {(uint8_t)(0x80 | ch), (uint8_t)note, 0};
                midi_bytes(e, at, b, 3);
                j->sounding[ch][note] = 0;
            }
}

/* A MIDI event into this cycle's buffer at offset `at`. A note-on over a note still on sends its note-off
 * first; a note-off goes out only for a note that is on (its note-on may have been withdrawn). */
static void midi_event(gl_engine *e, int at, const gl_event *ev) {
    gl_jack *j = &e->jack;
    int ch = (int)ev->ch & 15, note = (int)ev->note & 127;
    uint8_t b[3] = {0, (uint8_t)note, (uint8_t)(ev->vel & 127)};
    switch (ev->type) {
    case EV_MON:
        if (j->sounding[ch][note]) {
            uint8_t off[3] = {(uint8_t)(0x80 | ch), (uint8_t)note, 0};
            midi_bytes(e, at, off, 3);
        }
        b[0] = (uint8_t)(0x90 | ch);
        if (b[2] == 0) b[2] = 1;              /* (velocity 0 would be a note-off) */
        midi_bytes(e, at, b, 3);
        if (j->sounding[ch][note] < 255) j->sounding[ch][note]++;
        break;
    case EV_MOFF:
        if (!j->sounding[ch][note]) break;
        if (--j->sounding[ch][note]) break;  /* (a retriggered note: its own note-off is still to come) */
        b[0] = (uint8_t)(0x80 | ch);
        b[2] = 0;
        midi_bytes(e, at, b, 3);
        break;
    case EV_MCLOCK:
        b[0] = 0xF8;
        midi_bytes(e, at, b, 1);
        break;
    case EV_MRAW: {
        int size = ev->ch < 1 ? 1 : ev->ch > 3 ? 3 : (int)ev->ch;
        for (int k = 0; k < size; k++) b[k] = (uint8_t)((ev->note >> (8 * k)) & 0xFF);
        midi_bytes(e, at, b, (size_t)size);
        break;
    }
    }
}

static void render(gl_engine *e, int n, float *l, float *r, int incr) {
    int64_t start = atomic_load_explicit(&e->frame, memory_order_relaxed), end = start + n;
    uint64_t head = atomic_load_explicit(&e->head, memory_order_acquire);
    uint64_t tail = atomic_load_explicit(&e->tail, memory_order_relaxed);
    for (; tail != head; tail++) {
        const gl_event *ev = &e->ring[tail & (RING - 1)];
        if (ev->type == EV_WITHDRAW) {
            drop_older(e, ev->epoch, ev->step, 0);
            continue;
        }
        if (ev->type == EV_ALL_OFF) drop_older(e, ev->epoch, 0, 1);
        if (ev->type & EV_HOLD) {
            if (e->nheld < PENDING) {
                e->held[e->nheld] = *ev;
                e->held[e->nheld++].type &= ~EV_HOLD;
            } else atomic_fetch_add(&e->dropped, 1);
            continue;
        }
        insert(e, ev);
    }
    atomic_store_explicit(&e->tail, tail, memory_order_release);
    if (e->release) {                 /* the transport rolled: the held events at their frames, or gone */
        for (int i = 0; i < e->nheld && e->release > 0; i++) {
            e->held[i].frame += e->release_shift;
            insert(e, &e->held[i]);
        }
        e->nheld = 0;
        e->release = 0;
    }

    int pos = 0, i = 0;
    for (; i < e->npending && e->pending[i].frame < end; i++) {
        gl_event *ev = &e->pending[i];
        int k = ev->frame > start ? (int)(ev->frame - start) : 0;
        if (ev->frame < start && ev->type != EV_ALL_OFF) {
            atomic_fetch_add(&e->late, 1);
            if (start - ev->frame > atomic_load(&e->worst_late)) atomic_store(&e->worst_late, start - ev->frame);
        }
        if (k > pos) {
            e->write(e->synth, k - pos, l, pos * incr, incr, r, pos * incr, incr);
            pos = k;
        }
        switch (ev->type) {
        case EV_ON: e->noteon(e->synth, (int)ev->ch, (int)ev->note, (int)ev->vel); break;
        case EV_OFF: e->noteoff(e->synth, (int)ev->ch, (int)ev->note); break;
        case EV_ALL_OFF:
            e->all_off(e->synth, -1);
            if (e->jack.mbuf) midi_all_off(e, k);
            break;
        default:
            if (e->jack.mbuf) midi_event(e, k, ev);
        }
        atomic_fetch_add_explicit(&e->dispatched, 1, memory_order_relaxed);
    }
    memmove(e->pending, e->pending + i, (size_t)(e->npending - i) * sizeof(gl_event));
    e->npending -= i;
    if (pos < n) e->write(e->synth, n - pos, l, pos * incr, incr, r, pos * incr, incr);
    atomic_store_explicit(&e->frame, end, memory_order_release);
    atomic_fetch_add_explicit(&e->callbacks, 1, memory_order_relaxed);
    atomic_store_explicit(&e->last_len, n, memory_order_relaxed);
}

/* The audio thread must run as soon as the server wakes it, whatever else the machine does. JACK in
 * real-time mode, PipeWire and CoreAudio give their callbacks a real-time thread already; otherwise (a JACK
 * server started with --no-realtime, ALSA, PulseAudio) ask for SCHED_FIFO as JACK's own clients get it,
 * else a higher nice priority. Both need the right (root, CAP_SYS_NICE, or the audio group's rtprio limit):
 * 2 already real-time, 1 made real-time, 3 nice -11, 0 left as it was. */
static void raise_priority(gl_engine *e) {
    int policy;
    struct sched_param sp;
    if (pthread_getschedparam(pthread_self(), &policy, &sp) == 0 && policy != SCHED_OTHER) {
        atomic_store(&e->priority, 2);
        return;
    }
    sp.sched_priority = 70;
    if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp) == 0) {
        atomic_store(&e->priority, 1);
        return;
    }
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), -11) == 0) {
        atomic_store(&e->priority, 3);
        return;
    }
    atomic_store(&e->priority, 0);
}

/* FluidSynth's fluid_audio_func_t: new_fluid_audio_driver2(settings, gl_audio, engine). */
int gl_audio(void *data, int len, int nfx, float *fx[], int nout, float *out[]) {
    (void)nfx; (void)fx;
    if (atomic_load_explicit(&((gl_engine *)data)->priority, memory_order_relaxed) < 0)
        raise_priority((gl_engine *)data);
    if (nout >= 2) render((gl_engine *)data, len, out[0], out[1], 1);
    return 0;
}

/* Render n interleaved stereo frames into buf (the null clock and tests). */
void gl_render(gl_engine *e, int n, float *buf) { render(e, n, buf, buf + 1, 2); }


/* JACK: attach GrooveLoom's client and its ports (midi_out may be NULL) with libjack's functions, which come
 * in as pointers as FluidSynth's do; then jack_set_process_callback(client, gl_jack_process, engine). */
void gl_jack_attach(gl_engine *e, void *client, void *left, void *right, void *midi_out, void *midi_in,
                    void *buffer, void *clear, void *write, void *last_frame, void *count, void *get,
                    void *query) {
    gl_jack *j = &e->jack;
    j->client = client;
    j->left = left;
    j->right = right;
    j->midi_out = midi_out;
    j->midi_in = midi_in;
    j->count = (jmidi_count_t)count;
    j->get = (jmidi_get_t)get;
    j->buffer = (jport_buffer_t)buffer;
    j->clear = (jmidi_clear_t)clear;
    j->write = (jmidi_write_t)write;
    j->last_frame = (jlast_frame_t)last_frame;
    j->query = (jtransport_query_t)query;
}

/* MIDI in: every message of the period to Python's ring at its frame; a note-on heard at once through the
 * synth (monitoring: no Python between a pad and its sound) where the monitor map gives it a note. */
static void midi_in(gl_engine *e, int64_t start, uint32_t n) {
    gl_jack *j = &e->jack;
    void *buf = j->buffer(j->midi_in, n);
    uint32_t count = j->count(buf);
    uint64_t head = atomic_load_explicit(&j->in_head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&j->in_tail, memory_order_acquire);
    for (uint32_t i = 0; i < count; i++) {
        jmidi_event_t ev;
        if (j->get(&ev, buf, i) != 0 || ev.size == 0) continue;
        uint8_t st = ev.buffer[0];
        if ((st & 0xE0) == 0x80 && ev.size >= 3 && atomic_load(&j->monitor_on)) {   /* note on or off */
            uint8_t note = j->monitor[ev.buffer[1] & 127];
            if (note && (st & 0xF0) == 0x90 && ev.buffer[2] > 0)
                e->noteon(e->synth, j->monitor_channel, note, ev.buffer[2]);
            else if (note)
                e->noteoff(e->synth, j->monitor_channel, note);
        }
        if (st == 0xFE || (st >= 0xF0 && st < 0xF8 && st != 0xF2)) continue;   /* active sensing, sysex */
        if (head - tail >= IN_RING) { atomic_fetch_add(&j->in_lost, 1); continue; }
        gl_midi_in *m = &j->in[head & (IN_RING - 1)];
        m->frame = start + ev.time;
        m->size = ev.size > 3 ? 3 : (int64_t)ev.size;
        m->bytes = 0;
        for (int k = 0; k < m->size; k++) m->bytes |= (int64_t)ev.buffer[k] << (8 * k);
        head++;
    }
    atomic_store_explicit(&j->in_head, head, memory_order_release);
}

/* Python: up to max messages received (frame, size, bytes: three int64 each); returns how many. */
int gl_jack_read(gl_engine *e, int64_t *out, int max) {
    gl_jack *j = &e->jack;
    uint64_t tail = atomic_load_explicit(&j->in_tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&j->in_head, memory_order_acquire);
    int n = 0;
    for (; tail != head && n < max; tail++, n++)
        memcpy(out + 3 * n, &j->in[tail & (IN_RING - 1)], sizeof(gl_midi_in));
    atomic_store_explicit(&j->in_tail, tail, memory_order_release);
    return n;
}

/* Monitoring: map[128] (MIDI in note -> kit note, 0 none) on the synth's `channel`; on 0 or 1. */
void gl_jack_monitor(gl_engine *e, const uint8_t *map, int channel, int on) {
    atomic_store(&e->jack.monitor_on, 0);
    memcpy(e->jack.monitor, map, 128);
    e->jack.monitor_channel = channel;
    atomic_store(&e->jack.monitor_on, on);
}

/* JACK transport, read each cycle for Python (engine/transport.py follows it): state, the transport's frame
 * at the cycle's start and ours, and the bar/beat/tick and tempo when a timebase master gives them. */
static void release_held(gl_engine *e, int state, double tframe, int64_t ours);

static void read_transport(gl_engine *e, int64_t ours) {
    gl_jack *j = &e->jack;
    jpos_t pos;
    int state = j->query(j->client, &pos);
    uint64_t seq = atomic_load_explicit(&j->tr_seq, memory_order_relaxed);
    atomic_store_explicit(&j->tr_seq, seq + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    int bbt = (pos.valid & JACK_POSITION_BBT) && pos.beats_per_minute > 0 && pos.ticks_per_beat > 0;
    double *t = j->tr;
    t[TR_STATE] = state;
    t[TR_FRAME] = pos.frame;
    t[TR_OURS] = (double)ours;
    t[TR_BBT] = bbt;
    t[TR_BAR] = bbt ? pos.bar : 0;
    t[TR_BEAT] = bbt ? pos.beat : 0;
    t[TR_TICK] = bbt ? pos.tick : 0;
    t[TR_TPB] = bbt ? pos.ticks_per_beat : 0;
    t[TR_BPB] = bbt ? pos.beats_per_bar : 0;
    t[TR_BEAT_TYPE] = bbt ? pos.beat_type : 0;
    t[TR_BPM] = bbt ? pos.beats_per_minute : 0;
    if (atomic_load(&j->hold) == HOLD_NONE || atomic_load(&j->hold) == HOLD_ARMED)
        release_held(e, state, pos.frame, ours);
    t[TR_HOLD] = atomic_load(&j->hold);
    t[TR_SHIFT] = j->hold_shift;
    t[TR_CYCLES] += 1;
    atomic_store_explicit(&j->tr_seq, seq + 2, memory_order_release);
}

/* Python: the transport as last read (TR_FIELDS doubles); 0 while the callback was writing it (read again). */
int gl_jack_transport(gl_engine *e, double *out) {
    gl_jack *j = &e->jack;
    uint64_t before = atomic_load_explicit(&j->tr_seq, memory_order_acquire);
    if (before & 1) return 0;
    memcpy(out, j->tr, sizeof j->tr);
    atomic_thread_fence(memory_order_acquire);
    return atomic_load_explicit(&j->tr_seq, memory_order_relaxed) == before;
}

/* Leading the transport (timebase master): the tempo (quarter notes a minute) and meter the bar/beat/tick
 * are counted in; 0 BPM: not leading. */
void gl_jack_lead(gl_engine *e, double bpm, int numerator, int denominator) {
    atomic_store(&e->jack.lead_num, numerator > 0 ? numerator : 4);
    atomic_store(&e->jack.lead_den, denominator > 0 ? denominator : 4);
    atomic_store(&e->jack.lead_bpm, (int64_t)(bpm * 1e6));
}

/* JACK's JackTimebaseCallback while GrooveLoom leads: bar, beat and tick of pos->frame in our tempo and meter
 * (a tempo change counts on from the frame it came at), so a DAW following the transport keeps our bars. */
void gl_jack_timebase(int state, uint32_t n, jpos_t *pos, int new_pos, void *arg) {
    (void)state; (void)n; (void)new_pos;
    gl_jack *j = &((gl_engine *)arg)->jack;
    double qbpm = atomic_load(&j->lead_bpm) / 1e6;
    int num = atomic_load(&j->lead_num), den = atomic_load(&j->lead_den);
    if (qbpm <= 0 || pos->frame_rate == 0) return;
    double rate = pos->frame_rate, frame = pos->frame;
    if (qbpm != j->tb_bpm) {                        /* a tempo change goes on from where the bar was */
        if (j->tb_bpm > 0)
            j->tb_anchor_q += (j->tb_last_frame - j->tb_anchor_frame) * j->tb_bpm / (60.0 * rate);
        j->tb_anchor_frame = j->tb_last_frame;
        j->tb_bpm = qbpm;
    }
    double q = j->tb_anchor_q + (frame - j->tb_anchor_frame) * qbpm / (60.0 * rate);
    if (frame == 0 || q < 0) {                      /* back to the start: bar 1 */
        j->tb_anchor_q = j->tb_anchor_frame = 0;
        q = frame * qbpm / (60.0 * rate);
    }
    j->tb_last_frame = frame;
    double bpm = qbpm * den / 4.0;                  /* beats (of 1/den) a minute */
    double beats = q * den / 4.0;
    int64_t whole = (int64_t)beats, bar = whole / num;
    pos->valid = JACK_POSITION_BBT;
    pos->bar = (int32_t)(bar + 1);
    pos->beat = (int32_t)(whole - bar * num + 1);
    pos->tick = (int32_t)((beats - (double)whole) * TICKS_PER_BEAT);
    pos->bar_start_tick = (double)bar * num * TICKS_PER_BEAT;
    pos->beats_per_bar = (float)num;
    pos->beat_type = (float)den;
    pos->ticks_per_beat = TICKS_PER_BEAT;
    pos->beats_per_minute = bpm;
}

/* Python holds the events of a transport start: they were queued from our frame `x` for the transport's
 * frame `pos`; the sync callback says ready, and when the transport rolls from `pos` they move to where it
 * rolled. x < 0: nothing held (the held events are dropped). */
void gl_jack_hold(gl_engine *e, int64_t x, int64_t pos) {
    gl_jack *j = &e->jack;
    atomic_store(&j->hold_x, x);
    atomic_store(&j->hold_pos, pos);
    atomic_store(&j->hold, x < 0 ? HOLD_DROPPED : HOLD_ARMED);
    j->sync_waited = 0;
}

/* JACK's JackSyncCallback (a slow-sync client while GrooveLoom follows the transport): a start, or a locate
 * while rolling, waits until Python has queued the beat from its position (at most SYNC_WAIT_S, then the
 * transport goes without it and the beat joins late, as it would without this callback). */
#define SYNC_WAIT_S 0.25
int gl_jack_sync(int state, jpos_t *pos, void *arg) {
    gl_jack *j = &((gl_engine *)arg)->jack;
    if (state != JACK_STARTING) return 1;
    if (atomic_load(&j->hold) == HOLD_ARMED && (uint32_t)atomic_load(&j->hold_pos) == pos->frame) return 1;
    double rate = pos->frame_rate ? pos->frame_rate : 48000.0, n = j->period ? j->period : 256;
    return ++j->sync_waited > SYNC_WAIT_S * rate / n;
}

/* At a cycle's start: the held events of a start go to where the transport rolled from (or are dropped when
 * it rolled from elsewhere). */
static void release_held(gl_engine *e, int state, double tframe, int64_t ours) {
    gl_jack *j = &e->jack;
    if (state != JACK_ROLLING || atomic_load(&j->hold) != HOLD_ARMED) return;
    if ((uint32_t)atomic_load(&j->hold_pos) == (uint32_t)tframe) {
        e->release_shift = ours - atomic_load(&j->hold_x);
        e->release = 1;
        j->hold_shift = (double)e->release_shift;
        atomic_store(&j->hold, HOLD_RELEASED);
    } else {
        e->release = -1;
        atomic_store(&j->hold, HOLD_DROPPED);
    }
}

/* JACK's process callback: our frame follows JACK's frame time (a skipped cycle is skipped here too), the
 * synth renders into the audio ports and the MIDI events of the period go to the MIDI port at their frame. */
int gl_jack_process(uint32_t n, void *arg) {
    gl_engine *e = (gl_engine *)arg;
    gl_jack *j = &e->jack;
    if (atomic_load_explicit(&e->priority, memory_order_relaxed) < 0) raise_priority(e);
    uint32_t now = j->last_frame(j->client);
    int64_t frame = atomic_load_explicit(&e->frame, memory_order_relaxed);
    if (j->started) {
        j->time64 += (uint32_t)(now - j->prev_time);
        int64_t start = j->prev_start + (int64_t)(uint32_t)(now - j->prev_time);
        if (start > frame) {
            atomic_fetch_add_explicit(&j->skipped, start - frame, memory_order_relaxed);
            frame = start;
            atomic_store_explicit(&e->frame, frame, memory_order_release);
        }
    }
    else j->time64 = now;
    j->started = 1;
    j->prev_time = now;
    j->prev_start = frame;
    atomic_store_explicit(&j->offset, j->time64 - frame, memory_order_relaxed);
    j->period = n;
    if (j->query) read_transport(e, frame);
    if (j->midi_in) midi_in(e, frame, n);   /* (before the render: a pad's note sounds in this period) */
    float *l = (float *)j->buffer(j->left, n), *r = (float *)j->buffer(j->right, n);
    j->mbuf = j->midi_out ? j->buffer(j->midi_out, n) : NULL;
    if (j->mbuf) j->clear(j->mbuf);
    render(e, (int)n, l, r, 1);
    j->mbuf = NULL;
    return 0;
}

void gl_jack_shutdown(void *arg) { atomic_store(&((gl_engine *)arg)->jack.shutdown, 1); }

/* JACK frame time minus our frame (a recorder's frames minus this is ours), frames skipped by xruns, MIDI
 * events sent, MIDI events that did not fit the port's buffer, whether the server shut the client down,
 * MIDI in messages lost (Python did not read them in time). */
void gl_jack_stats(gl_engine *e, int64_t *out) {
    out[0] = atomic_load(&e->jack.offset);
    out[1] = atomic_load(&e->jack.skipped);
    out[2] = atomic_load(&e->jack.midi_sent);
    out[3] = atomic_load(&e->jack.midi_lost);
    out[4] = atomic_load(&e->jack.shutdown);
    out[5] = atomic_load(&e->jack.in_lost);
}
