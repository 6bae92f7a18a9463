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

enum { EV_ON = 1, EV_OFF = 2, EV_ALL_OFF = 3, EV_WITHDRAW = 4 };

typedef struct {            /* the layout Python writes: seven int64 per event */
    int64_t frame, type, ch, note, vel, epoch, step;
} gl_event;

#define RING 16384           /* power of two */
#define PENDING 16384

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

/* Drop pending events older than `epoch`: only note-ons from step `step` on (withdraw), or all (cut). */
static void drop_older(gl_engine *e, int64_t epoch, int64_t step, int all) {
    int keep = 0;
    for (int i = 0; i < e->npending; i++) {
        const gl_event *p = &e->pending[i];
        int drop = p->epoch < epoch && (all || (p->type == EV_ON && p->step >= step));
        if (!drop) e->pending[keep++] = *p;
    }
    e->npending = keep;
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
        insert(e, ev);
    }
    atomic_store_explicit(&e->tail, tail, memory_order_release);

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
        case EV_ALL_OFF: e->all_off(e->synth, -1); break;
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
