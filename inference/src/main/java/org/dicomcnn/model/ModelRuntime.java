package org.dicomcnn.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dicomcnn.model.Manifest.Architecture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ModelBundle} with DJL's PyTorch engine. A session: it owns the DJL model and a
 * child {@link NDManager}; every call creates its arrays in its own sub-manager, closed before the
 * call returns, so only plain Java arrays leave it. Calls may come from several threads.
 *
 * <p>Inputs are batches of n slices already preprocessed as the manifest's
 * {@link Manifest.InputSpec} says: a {@code float[]} of n &times; C &times; H &times; W values,
 * row-major (sample, channel, row, column), with C = {@code input.channels()} and H = W =
 * {@code input.size}.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.load(bundlePath);
 * try (ModelRuntime runtime = ModelRuntime.open(bundle, DeviceChoice.parse("auto"))) {
 *     float[][] logits = runtime.logits(batch, n);
 *     float[] p = ModelRuntime.probabilities(logits[0], runtime.manifest());
 * }
 * }</pre>
 *
 * <p>On the CPU the results are bitwise reproducible (see {@link EngineSetup}).
 */
public final class ModelRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRuntime.class);

    /**
     * DJL's PyTorch engine allows one gradient collector per JVM at a time; calls of
     * {@link #featureGradients} from several runtimes or threads take turns on this lock.
     */
    private static final Object GRADIENT_LOCK = new Object();

    private final Manifest manifest;
    private final String label;
    private final Engine engine;
    private final Model model;
    private final NDManager manager;
    private final Device device;
    private final Block network;
    private final Block trunk;
    private final Block head;
    private final Integer featureOutputIndex;
    private final int channels;
    private final int size;
    private final int classes;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Open candidate-stage models by class name; closed with this one. */
    private final java.util.Map<String, ModelRuntime> stages = new java.util.LinkedHashMap<>();
    /** A candidate stage's ensemble members (same manifest, other weights); closed with this one. */
    private final java.util.List<ModelRuntime> members = new java.util.ArrayList<>();
    private int[] featureShape; // K, h, w for the configured input size; null without feature maps

    private ModelRuntime(Manifest manifest, Engine engine, Model model, Device device, Block network,
            NetworkBlocks split) {
        this.manifest = manifest;
        this.label = "model " + manifest.name() + " " + manifest.version() + " (" + manifest.architecture().label() + ")";
        this.engine = engine;
        this.model = model;
        this.manager = model.getNDManager().newSubManager();
        this.device = device;
        this.network = network;
        this.trunk = split == null ? null : split.trunk();
        this.head = split == null ? null : split.head();
        this.featureOutputIndex = split == null ? manifest.localisation().featureOutputIndex() : null;
        this.channels = manifest.channels();
        this.size = manifest.input().size();
        this.classes = manifest.classes().size();
    }

    /**
     * Loads a bundle's weights onto a device and checks them with one forward pass of a blank
     * input: the output must have one logit per class (and, where the manifest names one, a
     * four-dimensional feature output).
     *
     * @param bundle a loaded (hash-checked) bundle
     * @param choice where to run
     * @return the open runtime; close it
     * @throws BundleException when the weights do not load into the manifest's architecture or
     *     give outputs of the wrong shape
     * @throws InferenceException when the engine does not start or the device is not available
     */
    public static ModelRuntime open(ModelBundle bundle, DeviceChoice choice) throws BundleException, InferenceException {
        long start = System.nanoTime();
        Engine engine = EngineSetup.engine();
        Device device = choice.resolve(engine);
        Manifest m = bundle.manifest();
        String where = "model bundle " + bundle.source();
        Model model;
        try {
            model = Model.newInstance(m.name(), device, EngineSetup.ENGINE_NAME);
        } catch (RuntimeException e) {
            throw new InferenceException(where + ": cannot create a model on " + device + ": " + e.getMessage(), e);
        }
        ModelRuntime runtime = null;
        try {
            if (Architecture.FAMILY_TORCHSCRIPT.equals(m.architecture().family())) {
                loadTorchScript(model, bundle, where);
                runtime = new ModelRuntime(m, engine, model, device, model.getBlock(), null);
            } else {
                NetworkBlocks split = Architectures.build(m.architecture(), m.channels(), m.input().size(),
                        m.classes().size());
                SequentialBlock network = split.network();
                model.setBlock(network);
                loadDjlParameters(model, network, bundle, where);
                runtime = new ModelRuntime(m, engine, model, device, network, split);
            }
            runtime.probe(where);
            for (String className : m.candidateStages().keySet()) {
                runtime.stages.put(className, openEnsemble(bundle.stageModels(className), choice));
            }
            LOG.info("{} opened on {} in {} ms: {} classes, input {}x{}x{}{}", runtime.label, device,
                    (System.nanoTime() - start) / 1_000_000, runtime.classes, runtime.channels, runtime.size,
                    runtime.size, runtime.featureShape == null ? "" : ", feature maps " + runtime.featureShape[0]
                            + "x" + runtime.featureShape[1] + "x" + runtime.featureShape[2]);
            return runtime;
        } catch (BundleException | RuntimeException e) {
            if (runtime != null) {
                runtime.close();
            } else {
                model.close();
            }
            if (e instanceof BundleException b) {
                throw b;
            }
            throw new BundleException(where + ": weights " + m.weights().file() + " cannot be used with "
                    + m.architecture().label() + ": " + describe(e), e);
        }
    }

    /**
     * Opens an ensemble: bundles of one architecture and input whose {@link #logits} are the mean of
     * theirs (a candidate stage with {@link Manifest.CandidateStage#members}). The runtime has the
     * first bundle's manifest, calibration and operating points.
     *
     * @param bundles the members, at least one; one bundle opens as {@link #open} does
     * @param choice where to run
     * @return the open runtime; closing it closes every member
     * @throws BundleException when a member's weights do not load, or its manifest has another
     *     architecture or input
     * @throws InferenceException when the engine does not start or the device is not available
     */
    public static ModelRuntime openEnsemble(java.util.List<ModelBundle> bundles, DeviceChoice choice)
            throws BundleException, InferenceException {
        ModelRuntime first = open(bundles.get(0), choice);
        try {
            for (ModelBundle member : bundles.subList(1, bundles.size())) {
                Manifest m = member.manifest();
                if (!m.architecture().equals(first.manifest.architecture()) || !m.input().equals(first.manifest.input())
                        || !m.classes().equals(first.manifest.classes())) {
                    throw new BundleException("model bundle " + member.source() + ": ensemble member "
                            + m.weights().file() + " has another architecture, input or classes than "
                            + first.manifest.weights().file());
                }
                first.members.add(open(member, choice));
            }
        } catch (BundleException | InferenceException | RuntimeException e) {
            first.close();
            throw e;
        }
        return first;
    }

    /**
     * The manifest of the bundle this runtime runs.
     *
     * @return the manifest
     */
    public Manifest manifest() {
        return manifest;
    }

    /**
     * The device the model runs on, as DJL names it.
     *
     * @return such as {@code cpu()} or {@code gpu(0)}
     */
    public String device() {
        return device.toString();
    }

    /**
     * Whether the network is a DJL trunk and head ({@link #features} gives the trunk's maps and
     * {@link #featureGradients} works).
     *
     * @return true for bundles of our own architectures
     */
    public boolean hasTrunkHeadSplit() {
        return trunk != null;
    }

    /**
     * Whether this is a TorchScript model whose manifest names a feature output.
     *
     * @return true when {@code localisation.featureOutputIndex} is set
     */
    public boolean hasFeatureOutput() {
        return featureOutputIndex != null;
    }

    /**
     * The shape of one sample's feature maps at the manifest's input size, when there are any.
     *
     * @return {K, h, w}, or null when {@link #features} is not available
     */
    public int[] featureShape() {
        return featureShape == null ? null : featureShape.clone();
    }

    /**
     * The logits of a batch. For a candidate stage with ensemble members
     * ({@link Manifest.CandidateStage#members}) they are the mean of its model's and every
     * member's logits.
     *
     * @param batch n &times; C &times; H &times; W float32 values, row-major
     * @param n the number of slices
     * @return n rows of one logit per class
     * @throws InferenceException when the forward pass fails
     */
    public float[][] logits(float[] batch, int n) throws InferenceException {
        float[][] sum = ownLogits(batch, n);
        if (members.isEmpty()) {
            return sum;
        }
        for (ModelRuntime member : members) {
            float[][] l = member.ownLogits(batch, n);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < classes; k++) {
                    sum[i][k] += l[i][k];
                }
            }
        }
        for (float[] row : sum) {
            for (int k = 0; k < classes; k++) {
                row[k] /= members.size() + 1;
            }
        }
        return sum;
    }

    private float[][] ownLogits(float[] batch, int n) throws InferenceException {
        checkBatch(batch, n);
        try (NDManager sub = manager.newSubManager()) {
            NDList out = forward(network, sub, input(sub, batch, n));
            return rows(out.get(0), n, "logits");
        } catch (RuntimeException e) {
            throw failure("forward pass", n, e);
        }
    }

    /**
     * The logits and the feature maps of a batch: the trunk's output for a split DJL network, the
     * named output of a TorchScript model.
     *
     * @param batch n &times; C &times; H &times; W float32 values, row-major
     * @param n the number of slices
     * @return logits and feature maps
     * @throws InferenceException when the model has no feature maps or the forward pass fails
     */
    public FeatureMaps features(float[] batch, int n) throws InferenceException {
        if (!hasTrunkHeadSplit() && !hasFeatureOutput()) {
            throw new InferenceException(label + " has no feature maps: it is TorchScript and its manifest names no"
                    + " localisation.featureOutputIndex");
        }
        checkBatch(batch, n);
        try (NDManager sub = manager.newSubManager()) {
            NDList x = input(sub, batch, n);
            NDArray logits;
            NDArray maps;
            if (hasTrunkHeadSplit()) {
                maps = forward(trunk, sub, x).singletonOrThrow();
                logits = forward(head, sub, new NDList(maps)).get(0);
            } else {
                NDList out = forward(network, sub, x);
                logits = out.get(0);
                maps = out.get(featureOutputIndex);
            }
            int[] shape = mapShape(maps, n);
            return new FeatureMaps(rows(logits, n, "logits"), floats(maps), shape[0], shape[1], shape[2]);
        } catch (RuntimeException e) {
            throw failure("forward pass with feature maps", n, e);
        }
    }

    /**
     * The logits the head gives for feature maps (split DJL networks only): for perturbation
     * methods and checks that work on the feature maps.
     *
     * @param maps n &times; K &times; h &times; w values in the shape {@link #featureShape()} gives
     * @param n the number of samples
     * @return n rows of one logit per class
     * @throws InferenceException when the network has no trunk and head or the pass fails
     */
    public float[][] headLogits(float[] maps, int n) throws InferenceException {
        requireSplit("headLogits");
        long expected = (long) n * featureShape[0] * featureShape[1] * featureShape[2];
        if (n < 1 || maps == null || maps.length != expected) {
            throw new IllegalArgumentException("feature maps hold " + (maps == null ? 0 : maps.length) + " values; n "
                    + n + " x " + featureShape[0] + " x " + featureShape[1] + " x " + featureShape[2] + " = "
                    + expected + " expected");
        }
        try (NDManager sub = manager.newSubManager()) {
            NDArray f = sub.create(maps, new Shape(n, featureShape[0], featureShape[1], featureShape[2]));
            return rows(forward(head, sub, new NDList(f)).get(0), n, "logits");
        } catch (RuntimeException e) {
            throw failure("head forward pass", n, e);
        }
    }

    /**
     * Grad-CAM's ingredients for one class (split DJL networks only): runs the trunk, makes its
     * output a leaf that requires gradients, runs the head inside a gradient collector and
     * back-propagates the sum over the batch of the chosen class's logit. Samples do not interact
     * in the head, so each sample's gradient is that of its own logit.
     *
     * @param batch n &times; C &times; H &times; W float32 values, row-major
     * @param n the number of slices
     * @param classIndex the class whose logit is differentiated
     * @return logits, feature maps and gradients
     * @throws InferenceException when the network has no trunk and head, or the passes fail
     */
    public FeatureGradients featureGradients(float[] batch, int n, int classIndex) throws InferenceException {
        requireSplit("featureGradients");
        checkBatch(batch, n);
        if (classIndex < 0 || classIndex >= classes) {
            throw new IllegalArgumentException("classIndex " + classIndex + " must be 0.." + (classes - 1) + " for "
                    + label);
        }
        synchronized (GRADIENT_LOCK) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray maps = forward(trunk, sub, input(sub, batch, n)).singletonOrThrow().stopGradient();
                maps.setRequiresGradient(true);
                NDArray logits;
                boolean gradMode = JniUtils.isGradMode();
                GradientCollector collector;
                try {
                    collector = engine.newGradientCollector();
                } catch (IllegalStateException e) {
                    JniUtils.setGradMode(gradMode); // the collector switched it on before refusing
                    throw new InferenceException(label + ": another gradient computation (training?) is running in"
                            + " this JVM; DJL's PyTorch engine allows one at a time", e);
                }
                try (collector) {
                    logits = forward(head, sub, new NDList(maps)).get(0);
                    collector.backward(logits.get(":, " + classIndex).sum());
                }
                NDArray gradients = maps.getGradient();
                int[] shape = mapShape(maps, n);
                return new FeatureGradients(rows(logits.stopGradient(), n, "logits"), floats(maps.stopGradient()),
                        floats(gradients), shape[0], shape[1], shape[2], classIndex);
            } catch (RuntimeException e) {
                throw failure("Grad-CAM gradient pass for class " + classIndex, n, e);
            }
        }
    }

    /**
     * Turns one sample's logits into probabilities: divided by the calibration temperature, then a
     * sigmoid per class (multi-label) or a softmax over the classes.
     *
     * @param logits one logit per class
     * @param manifest the manifest giving the task and the calibration
     * @return one probability per class
     */
    public static float[] probabilities(float[] logits, Manifest manifest) {
        int k = manifest.classes().size();
        if (logits == null || logits.length != k) {
            throw new IllegalArgumentException("logits hold " + (logits == null ? 0 : logits.length) + " values; the"
                    + " manifest of " + manifest.name() + " lists " + k + " classes");
        }
        double t = manifest.calibration().temperature();
        float[] p = new float[k];
        if (Manifest.TASK_SOFTMAX.equals(manifest.task())) {
            double max = Double.NEGATIVE_INFINITY;
            for (float z : logits) {
                max = Math.max(max, z / t);
            }
            double sum = 0;
            double[] e = new double[k];
            for (int i = 0; i < k; i++) {
                e[i] = Math.exp(logits[i] / t - max);
                sum += e[i];
            }
            for (int i = 0; i < k; i++) {
                p[i] = (float) (e[i] / sum);
            }
        } else {
            for (int i = 0; i < k; i++) {
                double z = logits[i] / t;
                // the two forms avoid overflow of exp for large |z|
                p[i] = (float) (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
            }
        }
        return p;
    }

    /**
     * Probabilities of every sample of a batch.
     *
     * @param logits n rows of one logit per class
     * @param manifest the manifest giving the task and the calibration
     * @return n rows of one probability per class
     */
    public static float[][] probabilities(float[][] logits, Manifest manifest) {
        float[][] p = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            p[i] = probabilities(logits[i], manifest);
        }
        return p;
    }

    /**
     * The open candidate-stage model of a class ({@link Manifest.CandidateStage}).
     *
     * @param className a class name
     * @return the stage's runtime, or null when the class has no candidate stage
     */
    public ModelRuntime candidateStage(String className) {
        return stages.get(className);
    }

    /** Releases the model's native memory, and its candidate stages'. Safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            stages.values().forEach(ModelRuntime::close);
            members.forEach(ModelRuntime::close);
            manager.close();
            model.close();
            LOG.debug("{} closed", label);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return label + " on " + device;
    }

    // ---------------------------------------------------------------- loading

    private static void loadTorchScript(Model model, ModelBundle bundle, String where) throws BundleException {
        try {
            // mapLocation: tensors saved on another device (a GPU at export) are loaded onto this model's device
            model.load(bundle.weightsFile(), null, Map.of("mapLocation", "true"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new BundleException(where + ": weights " + bundle.manifest().weights().file()
                    + " are not a TorchScript module that PyTorch " + Engine.getEngine(EngineSetup.ENGINE_NAME)
                    .getVersion() + " can load: " + describe(e), e);
        }
    }

    /**
     * Reads DJL parameters: a file written by {@code Model.save} (a "DJL@" header, then the block's
     * parameters) or a bare {@code Block.saveParameters} stream. Every byte must be used: extra
     * bytes mean the file belongs to a larger network.
     */
    private static void loadDjlParameters(Model model, Block network, ModelBundle bundle, String where)
            throws BundleException {
        Manifest m = bundle.manifest();
        String what = "weights " + m.weights().file() + " do not fit " + m.architecture().label() + " with "
                + m.channels() + " channel(s) and " + m.classes().size() + " classes";
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(bundle.weightsFile())))) {
            skipModelHeader(in);
            network.loadParameters(model.getNDManager(), in);
            if (in.read() != -1) {
                throw new BundleException(where + ": " + what + ": the file holds more parameters than the network"
                        + " has; it was saved from a larger network");
            }
        } catch (BundleException e) {
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new BundleException(where + ": " + what + " (they were saved from another architecture or another"
                    + " class count): " + describe(e), e);
        }
        network.freezeParameters(true);
    }

    private static void skipModelHeader(DataInputStream in) throws IOException, MalformedModelException {
        in.mark(4);
        byte[] magic = new byte[4];
        in.readFully(magic);
        if (!"DJL@".equals(new String(magic, StandardCharsets.US_ASCII))) {
            in.reset(); // a bare Block.saveParameters stream
            return;
        }
        int version = in.readInt();
        if (version != 1) {
            throw new MalformedModelException("DJL model file version " + version + " is not supported (1 is)");
        }
        in.readUTF(); // model name
        in.readUTF(); // data type
        int inputs = in.readInt();
        for (int i = 0; i < inputs; i++) {
            in.readUTF();
            Shape.decode(in);
        }
        int properties = in.readInt();
        for (int i = 0; i < properties; i++) {
            in.readUTF();
            in.readUTF();
        }
    }

    /** One forward pass of a blank input: checks the output shapes and records the feature-map shape. */
    private void probe(String where) throws BundleException {
        try (NDManager sub = manager.newSubManager()) {
            NDList x = new NDList(sub.zeros(new Shape(1, channels, size, size), DataType.FLOAT32));
            NDList out;
            if (hasTrunkHeadSplit()) {
                NDArray maps = forward(trunk, sub, x).singletonOrThrow();
                featureShape = mapShape(maps, 1);
                out = forward(head, sub, new NDList(maps));
            } else {
                out = forward(network, sub, x);
                if (featureOutputIndex != null) {
                    if (out.size() <= featureOutputIndex) {
                        throw new BundleException(where + ": the manifest names output " + featureOutputIndex
                                + " as the feature map, but the model returns " + out.size() + " output(s)");
                    }
                    featureShape = mapShape(out.get(featureOutputIndex), 1);
                }
            }
            Shape logits = out.get(0).getShape();
            if (logits.dimension() != 2 || logits.get(0) != 1 || logits.get(1) != classes) {
                throw new BundleException(where + ": the model gives logits of shape " + logits + " for one input;"
                        + " (1, " + classes + ") expected, one per class of " + manifest.classes());
            }
        } catch (BundleException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BundleException(where + ": weights " + manifest.weights().file() + " do not run on an input of "
                    + "1 x " + channels + " x " + size + " x " + size + " (" + manifest.architecture().label()
                    + ", manifest input): " + describe(e), e);
        }
    }

    // ---------------------------------------------------------------- per-call helpers

    private NDList input(NDManager sub, float[] batch, int n) {
        return new NDList(sub.create(batch, new Shape(n, channels, size, size)));
    }

    private static NDList forward(Block block, NDManager sub, NDList input) {
        return block.forward(new ParameterStore(sub, false), input, false);
    }

    private void checkBatch(float[] batch, int n) {
        if (closed.get()) {
            throw new IllegalStateException(label + " is closed");
        }
        long expected = (long) n * channels * size * size;
        if (n < 1 || batch == null || batch.length != expected) {
            throw new IllegalArgumentException("batch holds " + (batch == null ? 0 : batch.length) + " values; n " + n
                    + " x " + channels + " channel(s) x " + size + " x " + size + " = " + expected + " expected by "
                    + label);
        }
    }

    private void requireSplit(String what) throws InferenceException {
        if (!hasTrunkHeadSplit()) {
            throw new InferenceException(label + ": " + what + " needs a DJL network split into trunk and head;"
                    + " a TorchScript model has none");
        }
    }

    private float[][] rows(NDArray logits, int n, String what) {
        Shape s = logits.getShape();
        if (s.dimension() != 2 || s.get(0) != n || s.get(1) != classes) {
            throw new IllegalStateException(what + " of shape " + s + "; (" + n + ", " + classes + ") expected");
        }
        float[] flat = floats(logits);
        float[][] r = new float[n][];
        for (int i = 0; i < n; i++) {
            r[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
        }
        return r;
    }

    private static int[] mapShape(NDArray maps, int n) {
        Shape s = maps.getShape();
        if (s.dimension() != 4 || s.get(0) != n) {
            throw new IllegalStateException("feature map of shape " + s + "; (" + n + ", K, h, w) expected");
        }
        return new int[] {(int) s.get(1), (int) s.get(2), (int) s.get(3)};
    }

    private static float[] floats(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private InferenceException failure(String what, int n, RuntimeException e) {
        return new InferenceException(label + " on " + device + ": " + what + " of a batch of " + n + " x " + channels
                + " x " + size + " x " + size + " failed: " + describe(e), e);
    }

    private static String describe(Throwable e) {
        String msg = e instanceof EOFException ? "the file ends early" : e.getMessage();
        if (msg == null) {
            msg = e.getClass().getSimpleName();
        }
        // PyTorch messages carry a C++ stack trace after the first lines
        int cut = msg.indexOf("\nException raised from");
        if (cut < 0) {
            cut = msg.indexOf("\nframe #");
        }
        msg = cut > 0 ? msg.substring(0, cut) : msg;
        return msg.length() > 600 ? msg.substring(0, 600) + "..." : msg.strip();
    }
}
