/* The drummer's sampler step in C: what models/drummer.py's sampler does in numpy between two calls of the
 * network, for every take of a batch at once, in one call that releases the GIL.
 *
 *   the fold (the voices the seed lacks left out) -> the groove prior (a product, silence capped) -> the
 *   class weights (Drumify's playable hits) -> the locked rows' hits kept -> one of the 512 hit combinations
 *   drawn at the temperature -> a velocity class per hit drawn, with a little life -> the locked rows'
 *   velocities -> the step written into the history -> the next step's network inputs built.
 *
 * The random numbers are numpy's: drawn from the take's own numpy bit generator (its bitgen_t), with
 * numpy's algorithms (Generator.random, and Generator.integers' Lemire draw), in the order the numpy sampler
 * draws them; every sum is the one numpy makes (its pairwise summation). So both draw the same takes: models/native_step.py is the Python side, tests/test_native_step.py compares them. The numpy
 * sampler (models/sampling.py) stays the reference and the fallback where no C compiler is found.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#define N_VOICES 9
#define N_CLASSES 512
#define N_VEL 3

/* numpy's bitgen_t (numpy/random/bitgen.h): a bit generator's state and functions */
typedef struct {
    void *state;
    uint64_t (*next_uint64)(void *st);
    uint32_t (*next_uint32)(void *st);
    double (*next_double)(void *st);
    uint64_t (*next_raw)(void *st);
} bitgen_t;

typedef struct {
    int64_t batch;            /* takes sampled together */
    int64_t steps;            /* the history's steps (its second axis) */
    int64_t spb;              /* steps per bar */
    uint8_t *hist;            /* (batch, steps, 9) velocities: the seed, then the steps drawn */
    const float *fixed;       /* (steps, n_fixed) each step's position and conditioning features */
    int64_t n_fixed;
    const int64_t *lookback;  /* bars looked back (LOOKBACK_BARS) */
    int64_t n_lookback;
    const int64_t *fold_order, *fold_keep, *fold_starts;   /* groove.Fold (fold_n 0: none) */
    int64_t fold_n;
    const double *prior_weights; /* (length, 512) the groove prior's weights, exp of its log-weights less
                                    their largest, as GroovePrior.weights (NULL: none) */
    const double *prior_silence; /* (length,) its chance of an empty step */
    const double *class_weights; /* (length, 512) Drumify's weights (NULL: none) */
    int64_t lock_bits;           /* the locked voices' bits (0: none) */
    const int64_t *lock_want;    /* (length,) the locked voices' hits at each step */
    const int64_t *locked;       /* (length, 9) the locked voices' velocities */
    const int64_t *vel_values;   /* (9, 3) the velocity each class plays back as */
    double temperature;
    float *x;                    /* (batch, n_features) the next network call's inputs */
    double *work;                /* (batch, 512) scratch */
    const float *probs;          /* (batch, 512) the network's hit combinations, this step */
    const float *vprobs;         /* (batch, 27) its velocity classes */
    bitgen_t *rng;               /* the take's numpy bit generator */
    double *u;                   /* (batch * 10) scratch: the uniforms of a step */
    int64_t *jitter;             /* (batch * 9) scratch: its velocities' life */
} gs_ctx;

/* Generator.integers(-5, 6): numpy's random_bounded_uint64_fill for a range under 2^32, Lemire's draw
 * (numpy/random/src/distributions/distributions.c, buffered_bounded_lemire_uint32) */
static int64_t life(bitgen_t *g)
{
    const uint32_t rng = 10, rng_excl = rng + 1;
    uint64_t m = (uint64_t)g->next_uint32(g->state) * rng_excl;
    uint32_t leftover = (uint32_t)m;
    if (leftover < rng_excl) {
        const uint32_t threshold = (UINT32_MAX - rng) % rng_excl;
        while (leftover < threshold) {
            m = (uint64_t)g->next_uint32(g->state) * rng_excl;
            leftover = (uint32_t)m;
        }
    }
    return (int64_t)(m >> 32) - 5;
}

/* numpy's pairwise summation (numpy/_core/src/umath/loops_utils.h.src), so the sums are numpy's own: in
 * double (pairwise) and in float (pairwise_f) */
#define PAIRWISE(name, type)                                                                               \
    static type name(const type *a, int64_t n)                                                             \
    {                                                                                                      \
        if (n < 8) {                                                                                       \
            type res = 0;                                                                                  \
            for (int64_t i = 0; i < n; i++)                                                                \
                res += a[i];                                                                               \
            return res;                                                                                    \
        }                                                                                                  \
        if (n <= 128) {                                                                                    \
            type r[8];                                                                                     \
            int64_t i;                                                                                     \
            for (int j = 0; j < 8; j++)                                                                    \
                r[j] = a[j];                                                                               \
            for (i = 8; i < n - (n % 8); i += 8)                                                           \
                for (int j = 0; j < 8; j++)                                                                \
                    r[j] += a[i + j];                                                                      \
            type res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));                 \
            for (; i < n; i++)                                                                             \
                res += a[i];                                                                               \
            return res;                                                                                    \
        }                                                                                                  \
        int64_t n2 = n / 2;                                                                                \
        n2 -= n2 % 8;                                                                                      \
        return name(a, n2) + name(a + n2, n - n2);                                                         \
    }

PAIRWISE(pairwise, double)
PAIRWISE(pairwise_f, float)

/* numpy's sum of a row: the first element, then the pairwise sum of the rest added to it */
static double row_sum(const double *a, int64_t n)
{
    return n ? a[0] + pairwise(a + 1, n - 1) : 0.;
}

/* the index where the running sum of w[i] / s (n of them, summing to ~1) first reaches u; n - 1 when it
 * never does (numpy's count of cumsum(w / s) < u: each quotient is the same, and only those up to the
 * index are needed) */
static int64_t inverse_cdf(const double *w, int64_t n, double s, double u)
{
    double c = 0.;
    for (int64_t i = 0; i < n; i++) {
        c += w[i] / s;
        if (!(c < u))
            return i;
    }
    return n - 1;
}

/* sampling.pick for one row p (n classes), allowed (NULL: all) at temperature T with the uniform u;
 * p is overwritten */
static int64_t pick(double *p, int64_t n, const uint8_t *allowed, double T, double u)
{
    if (allowed)
        for (int64_t i = 0; i < n; i++)
            p[i] = allowed[i] ? p[i] : 0.;
    if (T <= 1e-3) {
        int64_t best = 0;
        for (int64_t i = 1; i < n; i++)
            if (p[i] > p[best])
                best = i;
        return best;
    }
    if (T == 1.0 && !allowed) {
        for (int64_t i = 0; i < n; i++)
            p[i] = p[i] > 1e-30 ? p[i] : 1e-30;
    } else {
        double top = -INFINITY;
        for (int64_t i = 0; i < n; i++) {
            p[i] = (!allowed || allowed[i]) ? log(p[i] > 1e-30 ? p[i] : 1e-30) / T : -INFINITY;
            top = p[i] > top ? p[i] : top;
        }
        for (int64_t i = 0; i < n; i++)
            p[i] = exp(p[i] - top);
    }
    return inverse_cdf(p, n, row_sum(p, n), u);
}

/* StepInputs.at: the network's inputs for step k of the first `batch` histories */
void gs_inputs(const gs_ctx *c, int64_t k, int64_t batch)
{
    int64_t nf = (2 + c->n_lookback) * N_VOICES + c->n_fixed;
    for (int64_t b = 0; b < batch; b++) {
        const uint8_t *h = c->hist + b * c->steps * N_VOICES;
        float *x = c->x + b * nf;
        for (int v = 0; v < N_VOICES; v++) {
            uint8_t prev = k > 0 ? h[(k - 1) * N_VOICES + v] : 0;
            x[v] = prev > 0;
            x[N_VOICES + v] = (float)prev / 127.0f;
        }
        for (int64_t j = 0; j < c->n_lookback; j++) {
            int64_t kk = k - c->lookback[j] * c->spb;
            for (int v = 0; v < N_VOICES; v++)
                x[(2 + j) * N_VOICES + v] = kk >= 0 && h[kk * N_VOICES + v] > 0;
        }
        memcpy(x + (2 + c->n_lookback) * N_VOICES, c->fixed + k * c->n_fixed, c->n_fixed * sizeof(float));
    }
}

/* One drawn step: generated step t (history step k) from the network's outputs (c->probs, c->vprobs).
 * Draws as the numpy sampler does: above temperature 1e-3 each take's class, then each hit's velocity class
 * (Generator.random((batch, 1)), then ((batch * 9, 1))), and above 0 the velocities' life
 * (Generator.integers(-5, 6, (batch, 9))). Writes the history's step k and, when k + 1 < steps, the inputs
 * of step k + 1. */
void gs_step(const gs_ctx *c, int64_t t, int64_t k)
{
    int64_t B = c->batch;
    double T = c->temperature;
    uint8_t allowed[N_CLASSES];
    int any_allowed = c->class_weights || c->lock_bits;
    const float *probs = c->probs, *vprobs = c->vprobs;
    double *u = c->u;
    int64_t *jitter = c->jitter;
    if (T > 1e-3)
        for (int64_t i = 0; i < B * (1 + N_VOICES); i++)
            u[i] = c->rng->next_double(c->rng->state);
    if (T > 0)
        for (int64_t i = 0; i < B * N_VOICES; i++)
            jitter[i] = life(c->rng);
    const double *weights = c->prior_weights ? c->prior_weights + t * N_CLASSES : NULL;
    if (any_allowed)
        for (int i = 0; i < N_CLASSES; i++) {
            int ok = !c->class_weights || c->class_weights[t * N_CLASSES + i] > 0;
            if (c->lock_bits)
                ok = ok && ((i & c->lock_bits) == c->lock_want[t]);
            allowed[i] = (uint8_t)ok;
        }
    for (int64_t b = 0; b < B; b++) {
        const float *p = probs + b * N_CLASSES;
        double *out = c->work + b * N_CLASSES;
        float folded[N_CLASSES];
        float gathered[N_CLASSES];
        if (c->fold_n) {
            memset(folded, 0, sizeof folded);
            for (int i = 0; i < N_CLASSES; i++)
                gathered[i] = p[c->fold_order[i]];
            for (int64_t i = 0; i < c->fold_n; i++) {
                int64_t lo = c->fold_starts[i], hi = i + 1 < c->fold_n ? c->fold_starts[i + 1] : N_CLASSES;
                folded[c->fold_keep[i]] = gathered[lo] + (hi - lo > 1 ? pairwise_f(gathered + lo + 1, hi - lo - 1) : 0.f);
            }
            p = folded;
        }
        if (weights) {
            for (int i = 0; i < N_CLASSES; i++)
                out[i] = (double)(p[i] > 1e-12f ? p[i] : 1e-12f) * weights[i];
            double s = row_sum(out, N_CLASSES);
            for (int i = 0; i < N_CLASSES; i++)
                out[i] /= s;
            double raw = (double)probs[b * N_CLASSES], cap = raw > c->prior_silence[t] ? raw : c->prior_silence[t];
            if (out[0] > cap) {
                double rest = 1.0 - out[0];
                double scale = (1.0 - cap) / (rest > 1e-12 ? rest : 1e-12);
                for (int i = 1; i < N_CLASSES; i++)
                    out[i] *= scale;
                out[0] = cap;
            }
        } else {
            for (int i = 0; i < N_CLASSES; i++)
                out[i] = (double)p[i];
        }
        if (c->class_weights)
            for (int i = 0; i < N_CLASSES; i++)
                out[i] *= c->class_weights[t * N_CLASSES + i];
        int64_t cls = pick(out, N_CLASSES, any_allowed ? allowed : NULL, T, T > 1e-3 ? u[b] : 0.);
        uint8_t *h = c->hist + (b * c->steps + k) * N_VOICES;
        for (int v = 0; v < N_VOICES; v++) {
            double vp[N_VEL];
            for (int j = 0; j < N_VEL; j++)
                vp[j] = (double)vprobs[(b * N_VOICES + v) * N_VEL + j];
            int64_t vc = pick(vp, N_VEL, NULL, T, T > 1e-3 ? u[B + b * N_VOICES + v] : 0.);
            int64_t vel = c->vel_values[v * N_VEL + vc];
            if (T > 0)
                vel += jitter[b * N_VOICES + v];
            vel = vel < 1 ? 1 : vel > 127 ? 127 : vel;
            vel *= (cls >> v) & 1;
            if ((c->lock_bits >> v) & 1)
                vel = c->locked[t * N_VOICES + v];
            h[v] = (uint8_t)vel;
        }
    }
    if (k + 1 < c->steps)
        gs_inputs(c, k + 1, B);
}
