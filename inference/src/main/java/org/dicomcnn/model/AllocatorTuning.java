package org.dicomcnn.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PyTorch's large CPU tensors out of fresh {@code mmap}s. PyTorch's CPU allocator takes every
 * tensor from {@code malloc}; glibc serves large requests with a new {@code mmap} and unmaps it on
 * {@code free}, so every activation of a 256&times;256 batch is paged in again, page fault by page
 * fault, on every forward and backward pass. On virtual machines, where a page fault is expensive,
 * that dominates: training the default model's network ran at 4 images/s with glibc's defaults and
 * at 36 with the settings below (docs/benchmarks.md).
 *
 * <p>The full remedy is four environment variables read by glibc when the process starts, which
 * {@code bin/train-default-model}, {@code bench/training-benchmark.sh} and the training module's
 * tests export ({@link #ENVIRONMENT}): {@code MALLOC_ARENA_MAX=1} (one heap for all threads, so
 * that the next ones apply to the threads that call PyTorch; a per-thread arena serves requests
 * above 64 MB with mmap whatever the settings), {@code MALLOC_MMAP_MAX_=0} (no mmap for large
 * blocks), {@code MALLOC_TRIM_THRESHOLD_} (keep freed memory for reuse) and
 * {@code MALLOC_PERTURB_=255} (below). The trainer also calls {@link #apply()}, which sets the last
 * three with {@code mallopt}; that helps tensors below 64 MB only (about 2x here).
 *
 * <p>Reused heap memory is not zeroed, and PyTorch 2.5.1's CPU convolutions (oneDNN) read memory
 * they did not write: for single-channel inputs and for layers whose filter count is not a
 * multiple of 8 that turned into NaN now and then, and once, in the full test suite, a network of
 * 8-filter layers trained twice from one seed ended with different weights. Fresh mmap pages are
 * zero and hid it. So the tuning also asks glibc to fill every block it hands out with zeros
 * ({@code M_PERTURB} {@value #ZERO_ON_ALLOCATE}: allocations get the byte's complement, 0x00;
 * freed blocks get the byte itself, 0xFF), which makes what such a read sees the same in every
 * run: with it, 12-filter layers that gave two different results in six runs gave one (and
 * 4-filter layers on one thread too; on two they still differ, which the trainer refuses anyway).
 * The cost is a memset per allocation and per free, measured with the benchmark.
 *
 * <p>Only training opts in, not the inference runtime; a user's bundle with narrow layers might
 * still meet the problem in inference.
 *
 * <p>Keeping freed memory costs this: the process keeps the peak of its native heap instead of returning it, so resident
 * memory stays flat at the largest working set (which is also what a long run should show). Only
 * on Linux with glibc; elsewhere, or with {@code -D}{@value #DISABLE_PROPERTY}{@code =true}, it does
 * nothing.
 */
public final class AllocatorTuning {

    /** System property that turns the tuning off. */
    public static final String DISABLE_PROPERTY = "dicomcnn.malloc.keep-defaults";

    /** The environment for a fully tuned process, as bin/ scripts set it. */
    public static final String ENVIRONMENT =
            "MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 MALLOC_PERTURB_=255";

    /** glibc's perturb byte: every allocation is filled with its complement (zero), every freed block with it. */
    public static final int ZERO_ON_ALLOCATE = 0xFF;

    private static final Logger LOG = LoggerFactory.getLogger(AllocatorTuning.class);
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_MAX = -4;
    private static final int M_PERTURB = -6;
    private static final int KEEP_FREED_BYTES = Integer.MAX_VALUE;
    private static boolean applied;

    /** glibc's {@code mallopt}. */
    private interface CLibrary extends Library {
        int mallopt(int param, int value);
    }

    private AllocatorTuning() {}

    /**
     * Applies the tuning once per JVM.
     *
     * @return whether glibc accepted it (false elsewhere, when disabled, or when it failed)
     */
    public static synchronized boolean apply() {
        if (applied) {
            return true;
        }
        if (Boolean.getBoolean(DISABLE_PROPERTY) || !Platform.isLinux()) {
            return false;
        }
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            boolean ok = c.mallopt(M_MMAP_MAX, 0) == 1 && c.mallopt(M_TRIM_THRESHOLD, KEEP_FREED_BYTES) == 1
                    && c.mallopt(M_PERTURB, ZERO_ON_ALLOCATE) == 1;
            if (ok && System.getenv("MALLOC_ARENA_MAX") == null) {
                LOG.info("glibc malloc: large blocks from the heap, freed memory kept for reuse, allocations zeroed; start the JVM with {}"
                        + " for the full effect", ENVIRONMENT);
            } else if (ok) {
                LOG.info("glibc malloc: large blocks from the heap, freed memory kept for reuse, allocations zeroed");
            } else {
                LOG.warn("glibc mallopt refused the tuning; PyTorch's large tensors stay in fresh mmaps");
            }
            applied = ok;
            return ok;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.info("malloc tuning unavailable ({}); running with the C library's defaults", e.getMessage());
            return false;
        }
    }
}
