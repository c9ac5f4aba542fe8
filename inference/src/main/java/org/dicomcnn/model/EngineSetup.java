package org.dicomcnn.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine once per JVM with this project's settings, which must be in place
 * before the engine first starts (DJL reads them then):
 *
 * <ul>
 *   <li>{@value #OFFLINE_PROPERTY}{@code =true}, always: DJL never downloads anything; the native
 *       library comes from the {@code pytorch-native-cpu} (or {@code -cu124}) jar on the class path;
 *   <li>{@value #INTRA_OP_THREADS_PROPERTY}: intra-op threads, unless set by the user:
 *       {@code min(}{@value #MAX_DEFAULT_INTRA_OP_THREADS}{@code , available processors)};
 *   <li>{@value #INTER_OP_THREADS_PROPERTY}: inter-op threads, unless set: 1;
 *   <li>{@value #GRAPH_OPTIMIZER_PROPERTY}: TorchScript's profiling graph executor, unless set:
 *       {@code false}, so that TorchScript models run the same graph on every call instead of
 *       re-optimising after the first calls.
 * </ul>
 *
 * <p>With a fixed thread count, CPU results are bitwise reproducible: the same input gives the same
 * bits, whichever batch (of the same size) it comes in. Another thread count or another CPU can
 * change the last bits. Code that uses DJL directly (the training module) should call
 * {@link #engine()} before anything else touches DJL, so that the settings apply.
 */
public final class EngineSetup {

    /** DJL's engine name for PyTorch. */
    public static final String ENGINE_NAME = "PyTorch";
    /** DJL system property: never download models or native libraries. */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";
    /** DJL system property read at engine start: PyTorch intra-op threads ({@code torch.set_num_threads}). */
    public static final String INTRA_OP_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    /** DJL system property read at engine start: PyTorch inter-op threads ({@code torch.set_num_interop_threads}). */
    public static final String INTER_OP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";
    /** DJL system property read on every TorchScript forward: the graph executor's optimisation. */
    public static final String GRAPH_OPTIMIZER_PROPERTY = "ai.djl.pytorch.graph_optimizer";
    /** Upper bound of the default intra-op thread count. */
    public static final int MAX_DEFAULT_INTRA_OP_THREADS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(EngineSetup.class);
    private static Engine engine;

    private EngineSetup() {}

    /**
     * The PyTorch engine, started on first use with the settings above.
     *
     * @return the engine
     * @throws InferenceException when the native library cannot be loaded
     */
    public static synchronized Engine engine() throws InferenceException {
        if (engine != null) {
            return engine;
        }
        String offline = System.getProperty(OFFLINE_PROPERTY);
        if (offline != null && !"true".equals(offline)) {
            LOG.warn("{}={} overridden to true: nothing may be downloaded at run time", OFFLINE_PROPERTY, offline);
        }
        System.setProperty(OFFLINE_PROPERTY, "true");
        int intraOp = Integer.getInteger(INTRA_OP_THREADS_PROPERTY, defaultIntraOpThreads());
        setIfAbsent(INTRA_OP_THREADS_PROPERTY, Integer.toString(intraOp));
        setIfAbsent(INTER_OP_THREADS_PROPERTY, "1");
        setIfAbsent(GRAPH_OPTIMIZER_PROPERTY, "false");
        Engine e;
        try {
            e = Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | UnsatisfiedLinkError ex) {
            throw new InferenceException("DJL's PyTorch engine did not start (offline: its native library must come"
                    + " from the pytorch-native-cpu or pytorch-native-cu124 jar on the class path, with the matching"
                    + " pytorch-jni): " + ex.getMessage(), ex);
        }
        // The engine may have been started earlier by code that did not come through here; the
        // intra-op count can still be fixed now (the inter-op count cannot once work has started).
        if (JniUtils.getNumThreads() != intraOp) {
            JniUtils.setNumThreads(intraOp);
        }
        LOG.info("DJL {} / PyTorch {} engine started offline: {} intra-op and {} inter-op threads, {} GPU(s) visible",
                Engine.getDjlVersion(), e.getVersion(), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                e.getGpuCount());
        engine = e;
        return e;
    }

    /**
     * The intra-op thread count used when the user sets none.
     *
     * @return {@code min(MAX_DEFAULT_INTRA_OP_THREADS, available processors)}
     */
    public static int defaultIntraOpThreads() {
        return Math.max(1, Math.min(MAX_DEFAULT_INTRA_OP_THREADS, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The intra-op thread count PyTorch uses now.
     *
     * @return the count
     * @throws InferenceException when the engine does not start
     */
    public static int intraOpThreads() throws InferenceException {
        engine();
        return JniUtils.getNumThreads();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
