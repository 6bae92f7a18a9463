/* Host stall watch for the real-time tests (tests/jackserver.py builds and starts it beside a JACK server).
 *
 * One thread per CPU, pinned to it, SCHED_FIFO above JACK's threads, wakes every 500 us and prints each
 * wake-up that came later than the threshold: "<CLOCK_MONOTONIC seconds> <ms late> <cpu>". Nothing in user
 * space can hold such a thread back, GrooveLoom included: what it sees is the host (a hypervisor taking
 * the virtual CPU away), which also makes JACK's clients miss their periods. A JACK take that failed with
 * xruns is only blamed on the host when this saw it stall a real-time thread at the same time.
 *
 * Usage: hoststall THRESHOLD_MS (prints "ready <cpus> <rt>" first; rt 0: no real-time priority here) */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    double threshold_ms = argc > 1 ? atof(argv[1]) : 0.5;
    int cpus = (int)sysconf(_SC_NPROCESSORS_ONLN), cpu = 0;
    prctl(PR_SET_PDEATHSIG, SIGTERM);              /* the watch ends with the test process, crash or not */
    if (getppid() == 1)
        return 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sched_param prio = {.sched_priority = 95};
    int rt = sched_setscheduler(0, SCHED_FIFO, &prio) == 0;
    printf("ready %d %d\n", cpus, rt);
    for (int c = 1; c < cpus; c++) {
        if (fork() == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM);      /* the watch ends with its parent */
            cpu = c;
            break;
        }
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
    mlockall(MCL_CURRENT | MCL_FUTURE);
    struct timespec due, now;
    clock_gettime(CLOCK_MONOTONIC, &due);
    for (;;) {
        due.tv_nsec += 500000;
        if (due.tv_nsec >= 1000000000) {
            due.tv_nsec -= 1000000000;
            due.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL);
        clock_gettime(CLOCK_MONOTONIC, &now);
        double late_ms = (now.tv_sec - due.tv_sec) * 1e3 + (now.tv_nsec - due.tv_nsec) / 1e6;
        if (late_ms > threshold_ms) {
            printf("%ld.%09ld %.3f %d\n", (long)due.tv_sec, due.tv_nsec, late_ms, cpu);
            due = now;
        }
    }
}
