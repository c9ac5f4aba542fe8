package org.dicomcnn.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The manifest of a model bundle ({@code manifest.json}): what the model is, what it expects as
 * input, how to read its output, how it was made, and which weights file belongs to it.
 *
 * <p>Every record here validates itself in its compact constructor, so a {@code Manifest} that
 * exists is a valid one; the exception message names the field and the bad value. JSON field
 * names are the record component names and are part of the format (format version
 * {@value #FORMAT_VERSION}); {@link #write(Path)} output is deterministic (fixed field order,
 * two-space indentation, {@code \n} line ends, maps in a fixed order).
 *
 * <pre>{@code
 * Manifest m = Manifest.builder()
 *         .setName("chest-ct-nodule")
 *         .setVersion("1.0.0")
 *         .setTask(Manifest.TASK_MULTI_LABEL)
 *         .setClasses(List.of("nodule", "consolidation"))
 *         .setArchitecture(Manifest.Architecture.resnet(18))
 *         .setInput(new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)),
 *                 128, 1.5, 1, 2.5, 0.5, 0.25))
 *         .setWeights(Manifest.Weights.unhashed("model.params", Manifest.Weights.FORMAT_DJL_PARAMS))
 *         .build();
 * ModelBundle bundle = ModelBundle.write(dir, m, trainedParams); // fills in the SHA-256
 * }</pre>
 *
 * <p>The format is described for people in {@code docs/model-bundles.md}.
 *
 * @param formatVersion the bundle format version; this build reads and writes {@value #FORMAT_VERSION}
 * @param name a short machine name for the model: letters, digits, '.', '_' or '-'
 * @param version the model's own version, such as {@code 1.2.0}
 * @param description free text for people (never patient data); empty when absent
 * @param task {@value #TASK_MULTI_LABEL} (one sigmoid per class) or {@value #TASK_SOFTMAX}
 *     (one softmax over the classes)
 * @param classes class names in output order; unique, at least one (two for softmax)
 * @param architecture the network family the weights belong to
 * @param input what a slice must look like before it enters the network
 * @param operatingPoints decision thresholds per class name (a subset of {@code classes}),
 *     in class order; a class without one uses {@link OperatingPoint#DEFAULT_THRESHOLD}
 * @param calibration how logits become calibrated probabilities; {@link Calibration#NONE} when
 *     absent
 * @param localisation where class-activation maps come from; a default for the architecture
 *     when absent
 * @param metrics free-form evaluation figures (numbers or strings), sorted by key
 * @param provenance how and from what the model was trained, or null when unknown
 * @param weights the weights file, its format and its SHA-256
 * @param candidateStages per class name, a second-stage candidate classifier whose findings and
 *     series score replace the slice model's for that class (see {@link CandidateStage}); empty
 *     when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        @JsonProperty(required = true) int formatVersion,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String version,
        String description,
        @JsonProperty(required = true) String task,
        @JsonProperty(required = true) List<String> classes,
        @JsonProperty(required = true) Architecture architecture,
        @JsonProperty(required = true) InputSpec input,
        Map<String, OperatingPoint> operatingPoints,
        Calibration calibration,
        LocalisationSpec localisation,
        Map<String, Object> metrics,
        Provenance provenance,
        @JsonProperty(required = true) Weights weights,
        Map<String, CandidateStage> candidateStages) {

    /** The bundle format version this build reads and writes. */
    public static final int FORMAT_VERSION = 1;

    /** The manifest's file name inside a bundle. */
    public static final String FILE_NAME = "manifest.json";

    /** Task: each class has its own sigmoid; any number of classes can be present at once. */
    public static final String TASK_MULTI_LABEL = "multi-label";

    /** Task: exactly one class per input; probabilities are a softmax over the classes. */
    public static final String TASK_SOFTMAX = "softmax";

    private static final List<String> TASKS = List.of(TASK_MULTI_LABEL, TASK_SOFTMAX);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_TEXT = 200;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /** Validates and normalises every field; see the class description for the rules. */
    public Manifest {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + formatVersion
                    + " is not supported; this build reads formatVersion " + FORMAT_VERSION);
        }
        name = requireText("name", name);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name
                    + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        version = requireText("version", version);
        if (version.length() > 64 || version.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("version '" + version
                    + "' must be at most 64 characters without spaces, such as 1.2.0");
        }
        description = description == null ? "" : description;
        task = requireText("task", task);
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("task '" + task + "' is not one of " + String.join(", ", TASKS));
        }
        classes = checkClasses(classes, task);
        requireField("architecture", architecture);
        requireField("input", input);
        requireField("weights", weights);
        boolean torchScript = Architecture.FAMILY_TORCHSCRIPT.equals(architecture.family());
        String expectedFormat = torchScript ? Weights.FORMAT_TORCHSCRIPT : Weights.FORMAT_DJL_PARAMS;
        if (!expectedFormat.equals(weights.format())) {
            throw new IllegalArgumentException("weights.format '" + weights.format() + "' does not fit architecture "
                    + architecture.label() + ", which needs '" + expectedFormat + "'");
        }
        operatingPoints = checkOperatingPoints(operatingPoints, classes);
        calibration = calibration == null ? Calibration.NONE : calibration;
        localisation = localisation == null ? LocalisationSpec.defaultFor(architecture) : localisation;
        localisation.checkFits(architecture);
        metrics = checkMetrics(metrics);
        candidateStages = checkStages(candidateStages, classes, weights);
    }

    /**
     * Starts a builder for a manifest of the current format version.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of input channels, {@code input().channels()}.
     *
     * @return 1 to 3
     */
    @JsonIgnore
    public int channels() {
        return input.channels();
    }

    /**
     * The decision threshold of a class: its operating point's threshold, or
     * {@link OperatingPoint#DEFAULT_THRESHOLD} when the manifest names none.
     *
     * @param classIndex index into {@link #classes()}
     * @return a probability threshold in [0, 1]
     */
    public double threshold(int classIndex) {
        OperatingPoint p = operatingPoints.get(classes.get(classIndex));
        return p == null ? OperatingPoint.DEFAULT_THRESHOLD : p.threshold();
    }

    /**
     * A copy with other weights (for example with the SHA-256 filled in).
     *
     * @param newWeights the weights entry
     * @return a new manifest
     */
    public Manifest withWeights(Weights newWeights) {
        return new Manifest(formatVersion, name, version, description, task, classes, architecture, input,
                operatingPoints, calibration, localisation, metrics, provenance, newWeights, candidateStages);
    }

    /**
     * A copy with another calibration (fitted after training, on the validation set).
     *
     * @param newCalibration the calibration
     * @return a new manifest
     */
    public Manifest withCalibration(Calibration newCalibration) {
        return new Manifest(formatVersion, name, version, description, task, classes, architecture, input,
                operatingPoints, newCalibration, localisation, metrics, provenance, weights, candidateStages);
    }

    /**
     * A copy with other candidate stages.
     *
     * @param stages per class name; empty for none
     * @return a new manifest
     */
    public Manifest withCandidateStages(Map<String, CandidateStage> stages) {
        return new Manifest(formatVersion, name, version, description, task, classes, architecture, input,
                operatingPoints, calibration, localisation, metrics, provenance, weights, stages);
    }

    /**
     * A copy with other operating points and metrics (chosen and measured after training).
     *
     * @param points per class name
     * @param newMetrics evaluation figures
     * @return a new manifest
     */
    public Manifest withEvaluation(Map<String, OperatingPoint> points, Map<String, Object> newMetrics) {
        return new Manifest(formatVersion, name, version, description, task, classes, architecture, input, points,
                calibration, localisation, newMetrics, provenance, weights, candidateStages);
    }

    /**
     * Every weights file the bundle holds: the main model's, then each candidate stage's (its model, then its ensemble members).
     *
     * @return the weights entries, main first
     */
    @JsonIgnore
    public List<Weights> allWeights() {
        List<Weights> all = new ArrayList<>();
        all.add(weights);
        candidateStages.values().forEach(s -> all.addAll(s.allWeights()));
        return all;
    }

    /**
     * Reads and validates a manifest file.
     *
     * @param file the {@code manifest.json} to read
     * @return the manifest
     * @throws BundleException when the file is missing or unreadable, is not valid JSON, or breaks a
     *     rule of the format; the message names the file, the field and the bad value
     */
    public static Manifest read(Path file) throws BundleException {
        String where = "manifest " + file;
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, where);
        } catch (NoSuchFileException e) {
            throw new BundleException(where + " does not exist", e);
        } catch (BundleException e) {
            throw e;
        } catch (IOException e) {
            throw new BundleException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a manifest, turning Jackson's and the records' complaints into one message.
     *
     * @param in the JSON text
     * @param where what to name in messages, such as "model bundle /x: manifest.json"
     */
    static Manifest parse(InputStream in, String where) throws BundleException {
        try {
            Manifest m = MAPPER.readValue(in, Manifest.class);
            if (m == null) {
                throw new BundleException(where + " is empty; expected a JSON object");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new BundleException(where + describe(e), e);
        } catch (IOException e) {
            throw new BundleException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * This manifest as JSON text, exactly as {@link #write(Path)} writes it.
     *
     * @return the JSON, ending with a line feed
     */
    public String toJson() {
        try {
            return WRITER.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest " + name + " cannot be written as JSON", e);
        }
    }

    /**
     * Writes this manifest as JSON (UTF-8), replacing the file atomically where the file system
     * allows it.
     *
     * @param file where to write, usually {@code <bundle>/manifest.json}
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".manifest", ".tmp");
        try {
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---------------------------------------------------------------- nested value records

    /**
     * The network family of the weights and its size.
     *
     * <ul>
     *   <li>{@value #FAMILY_PLAIN_CNN}: {@code depth} convolution stages (1-6, default 4) of
     *       {@code width}, 2&times;width, ... filters (4-128, default 32);
     *   <li>{@value #FAMILY_RESNET}: depth 18, 34 or 50;
     *   <li>{@value #FAMILY_VGG}: depth 11, 13 or 16;
     *   <li>{@value #FAMILY_GOOGLENET}: no depth (GoogLeNet / Inception v1);
     *   <li>{@value #FAMILY_TORCHSCRIPT}: a TorchScript module; no depth or width.
     * </ul>
     *
     * @param family one of the families above
     * @param depth the depth where the family has one, else null
     * @param width the first stage's filter count for plain-cnn, else null
     * @param pooling the head's global pooling for our DJL networks: null (or {@value #POOLING_AVERAGE},
     *     stored as null) for global average pooling, {@value #POOLING_MAX} for global max pooling,
     *     which suits findings that cover a small part of the image (Oquab et al. 2015); absent
     *     for TorchScript
     * @param batchNorm plain-cnn only: null (stored as null, the default) for batch normalisation
     *     after every convolution, false for none (the plain CNN of bundles written before it had
     *     batch norm)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Architecture(@JsonProperty(required = true) String family, Integer depth, Integer width,
            String pooling, Boolean batchNorm) {

        /** A plain CNN: convolution, ReLU and max-pooling stages, then global pooling and a linear layer. */
        public static final String FAMILY_PLAIN_CNN = "plain-cnn";
        /** ResNet (He et al. 2015), built from DJL's residual units. */
        public static final String FAMILY_RESNET = "resnet";
        /** VGG (Simonyan and Zisserman 2014) with a global-average-pooling head. */
        public static final String FAMILY_VGG = "vgg";
        /** GoogLeNet / Inception v1 (Szegedy et al. 2014), DJL's model-zoo version. */
        public static final String FAMILY_GOOGLENET = "googlenet";
        /** A TorchScript module exported from PyTorch. */
        public static final String FAMILY_TORCHSCRIPT = "torchscript";
        /** Default number of plain-cnn stages. */
        public static final int PLAIN_CNN_DEFAULT_DEPTH = 4;
        /** Default plain-cnn first-stage width. */
        public static final int PLAIN_CNN_DEFAULT_WIDTH = 32;
        /** Head pooling: global average (the default). */
        public static final String POOLING_AVERAGE = "avg";
        /** Head pooling: global maximum. */
        public static final String POOLING_MAX = "max";

        private static final List<String> FAMILIES =
                List.of(FAMILY_PLAIN_CNN, FAMILY_RESNET, FAMILY_VGG, FAMILY_GOOGLENET, FAMILY_TORCHSCRIPT);
        private static final List<Integer> RESNET_DEPTHS = List.of(18, 34, 50);
        private static final List<Integer> VGG_DEPTHS = List.of(11, 13, 16);

        /** Validates the family and its size; fills in plain-cnn's defaults. */
        public Architecture {
            family = requireText("family", family);
            if (POOLING_AVERAGE.equals(pooling)) {
                pooling = null;
            }
            if (pooling != null && !POOLING_MAX.equals(pooling)) {
                throw new IllegalArgumentException("pooling '" + pooling + "' must be " + POOLING_AVERAGE + " or "
                        + POOLING_MAX);
            }
            if (pooling != null && FAMILY_TORCHSCRIPT.equals(family)) {
                throw new IllegalArgumentException("pooling does not apply to torchscript; leave it out");
            }
            if (Boolean.TRUE.equals(batchNorm)) {
                batchNorm = null;
            }
            if (batchNorm != null && !FAMILY_PLAIN_CNN.equals(family)) {
                throw new IllegalArgumentException("batchNorm applies to plain-cnn only; leave it out for " + family);
            }
            switch (family) {
                case FAMILY_PLAIN_CNN -> {
                    depth = depth == null ? PLAIN_CNN_DEFAULT_DEPTH : depth;
                    width = width == null ? PLAIN_CNN_DEFAULT_WIDTH : width;
                    if (depth < 1 || depth > 6) {
                        throw new IllegalArgumentException("depth " + depth + " of plain-cnn must be 1..6 stages");
                    }
                    if (width < 4 || width > 128) {
                        throw new IllegalArgumentException("width " + width + " of plain-cnn must be 4..128 filters");
                    }
                }
                case FAMILY_RESNET -> {
                    requireOneOf(family, "depth", depth, RESNET_DEPTHS);
                    requireAbsent(family, "width", width);
                }
                case FAMILY_VGG -> {
                    requireOneOf(family, "depth", depth, VGG_DEPTHS);
                    requireAbsent(family, "width", width);
                }
                case FAMILY_GOOGLENET, FAMILY_TORCHSCRIPT -> {
                    requireAbsent(family, "depth", depth);
                    requireAbsent(family, "width", width);
                }
                default -> throw new IllegalArgumentException(
                        "family '" + family + "' is not one of " + String.join(", ", FAMILIES));
            }
        }

        /**
         * A family, depth and width with the default (average) pooling.
         *
         * @param family the family
         * @param depth its depth, or null
         * @param width plain-cnn's width, or null
         */
        public Architecture(String family, Integer depth, Integer width) {
            this(family, depth, width, null, null);
        }

        /**
         * A family, depth, width and head pooling, with batch norm.
         *
         * @param family the family
         * @param depth its depth, or null
         * @param width plain-cnn's width, or null
         * @param pooling the head pooling, or null for average
         */
        public Architecture(String family, Integer depth, Integer width, String pooling) {
            this(family, depth, width, pooling, null);
        }

        /**
         * The same plain CNN without batch normalisation.
         *
         * @return the architecture
         */
        public Architecture withoutBatchNorm() {
            return new Architecture(family, depth, width, pooling, false);
        }

        /**
         * Whether convolutions are followed by batch normalisation (plain-cnn).
         *
         * @return false only when the manifest says {@code batchNorm: false}
         */
        @JsonIgnore
        public boolean batchNormalised() {
            return batchNorm == null || batchNorm;
        }

        /**
         * The same network with another head pooling.
         *
         * @param newPooling {@value #POOLING_AVERAGE} or {@value #POOLING_MAX}
         * @return the architecture
         */
        public Architecture withPooling(String newPooling) {
            return new Architecture(family, depth, width, newPooling, batchNorm);
        }

        /**
         * Whether the head pools by maximum.
         *
         * @return true for {@value #POOLING_MAX}
         */
        @JsonIgnore
        public boolean maxPooling() {
            return POOLING_MAX.equals(pooling);
        }

        /**
         * A plain CNN.
         *
         * @param depth convolution stages, 1..6
         * @param width filters of the first stage, 4..128
         * @return the architecture
         */
        public static Architecture plainCnn(int depth, int width) {
            return new Architecture(FAMILY_PLAIN_CNN, depth, width);
        }

        /**
         * A ResNet.
         *
         * @param depth 18, 34 or 50
         * @return the architecture
         */
        public static Architecture resnet(int depth) {
            return new Architecture(FAMILY_RESNET, depth, null);
        }

        /**
         * A VGG network.
         *
         * @param depth 11, 13 or 16
         * @return the architecture
         */
        public static Architecture vgg(int depth) {
            return new Architecture(FAMILY_VGG, depth, null);
        }

        /**
         * GoogLeNet.
         *
         * @return the architecture
         */
        public static Architecture googlenet() {
            return new Architecture(FAMILY_GOOGLENET, null, null);
        }

        /**
         * A TorchScript module.
         *
         * @return the architecture
         */
        public static Architecture torchscript() {
            return new Architecture(FAMILY_TORCHSCRIPT, null, null);
        }

        /**
         * A short label for messages and logs, such as {@code resnet-18} or {@code plain-cnn-4x32}.
         *
         * @return the label
         */
        public String label() {
            String suffix = (maxPooling() ? "-maxpool" : "") + (batchNormalised() ? "" : "-nobn");
            if (FAMILY_PLAIN_CNN.equals(family)) {
                return family + "-" + depth + "x" + width + suffix;
            }
            return (depth == null ? family : family + "-" + depth) + suffix;
        }

        private static void requireOneOf(String family, String field, Integer value, List<Integer> allowed) {
            if (value == null || !allowed.contains(value)) {
                throw new IllegalArgumentException(field + " " + value + " of " + family + " must be one of "
                        + allowed.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
        }

        private static void requireAbsent(String family, String field, Integer value) {
            if (value != null) {
                throw new IllegalArgumentException(field + " " + value + " does not apply to " + family
                        + "; leave it out");
            }
        }
    }

    /**
     * What a slice must look like before it enters the network. The preprocessor windows the HU
     * image once per window, maps each window to [0, 1], stacks {@code sliceContext} neighbouring
     * slices each side at {@code contextSpacingMm} (2.5-D), resamples to {@code pixelSpacingMm}
     * and crops or pads to {@code size}&times;{@code size}, then normalises with
     * {@code (v - mean) / std}. Channel order: for each window, slices from the most negative
     * offset to the most positive.
     *
     * @param modality the DICOM modality code the model was trained on, such as {@code CT}
     * @param windows the intensity windows, one channel group each
     * @param size the square in-plane input size, pixels (16..1024)
     * @param pixelSpacingMm the in-plane resampling target, mm per pixel; 0 means "fit the field
     *     of view into {@code size}"
     * @param sliceContext neighbouring slices taken each side for 2.5-D input (0 for 2-D)
     * @param contextSpacingMm distance between those neighbours, mm (above 0 when
     *     {@code sliceContext > 0}); for a triplanar patch, 0 or the pixel size of a second, wider
     *     set of the same three planes (context planes, {@code size x size} at this spacing, above
     *     {@code pixelSpacingMm}): 6 channels
     * @param mean subtracted after windowing to [0, 1]
     * @param std divided by after subtracting the mean; above 0
     * @param sampling {@value #SAMPLING_SLICES} (default when absent: whole slices, as above) or
     *     {@value #SAMPLING_TRIPLANAR}: a {@code size x size} patch of three orthogonal planes
     *     through a candidate at {@code pixelSpacingMm} (above 0), one window, no slice context,
     *     3 channels, or 6 with context planes (the input of a candidate classifier;
     *     {@code PatchSampler})
     */
    public record InputSpec(
            @JsonProperty(required = true) String modality,
            @JsonProperty(required = true) List<Window> windows,
            @JsonProperty(required = true) int size,
            @JsonProperty(required = true) double pixelSpacingMm,
            @JsonProperty(required = true) int sliceContext,
            @JsonProperty(required = true) double contextSpacingMm,
            @JsonProperty(required = true) double mean,
            @JsonProperty(required = true) double std,
            String sampling) {

        /** Whole slices with optional 2.5-D context. */
        public static final String SAMPLING_SLICES = "slices";
        /** Triplanar patches around candidates. */
        public static final String SAMPLING_TRIPLANAR = "triplanar-patch";

        /** Smallest accepted {@code size}. */
        public static final int MIN_SIZE = 16;
        /** Largest accepted {@code size}. */
        public static final int MAX_SIZE = 1024;
        private static final Pattern MODALITY = Pattern.compile("[A-Z0-9]{1,16}");

        /** Validates every field and the resulting channel count (1..3; a triplanar patch 3 or 6). */
        public InputSpec {
            modality = requireText("modality", modality);
            if (!MODALITY.matcher(modality).matches()) {
                throw new IllegalArgumentException("modality '" + modality
                        + "' must be a DICOM modality code in capitals, such as CT or MR");
            }
            requireField("windows", windows);
            if (windows.isEmpty() || windows.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("windows " + windows + " must list at least one window");
            }
            windows = List.copyOf(windows);
            if (size < MIN_SIZE || size > MAX_SIZE) {
                throw new IllegalArgumentException("size " + size + " must be " + MIN_SIZE + ".." + MAX_SIZE + " pixels");
            }
            if (!Double.isFinite(pixelSpacingMm) || pixelSpacingMm < 0) {
                throw new IllegalArgumentException("pixelSpacingMm " + pixelSpacingMm
                        + " must be 0 (fit the field of view) or a positive spacing in mm");
            }
            if (sliceContext < 0) {
                throw new IllegalArgumentException("sliceContext " + sliceContext + " must be 0 or more");
            }
            if (!Double.isFinite(contextSpacingMm) || contextSpacingMm < 0
                    || (sliceContext > 0 && contextSpacingMm == 0)) {
                throw new IllegalArgumentException("contextSpacingMm " + contextSpacingMm + " must be "
                        + (sliceContext > 0 ? "above 0 mm when sliceContext is " + sliceContext : "0 or more"));
            }
            if (!Double.isFinite(mean)) {
                throw new IllegalArgumentException("mean " + mean + " must be a finite number");
            }
            if (!Double.isFinite(std) || std <= 0) {
                throw new IllegalArgumentException("std " + std + " must be above 0");
            }
            sampling = sampling == null ? SAMPLING_SLICES : sampling;
            if (!sampling.equals(SAMPLING_SLICES) && !sampling.equals(SAMPLING_TRIPLANAR)) {
                throw new IllegalArgumentException("sampling '" + sampling + "' must be " + SAMPLING_SLICES + " or "
                        + SAMPLING_TRIPLANAR);
            }
            if (sampling.equals(SAMPLING_TRIPLANAR) && (windows.size() != 1 || sliceContext != 0 || pixelSpacingMm == 0)) {
                throw new IllegalArgumentException(SAMPLING_TRIPLANAR + " input needs one window, sliceContext 0 and a "
                        + "pixelSpacingMm above 0; it has " + windows.size() + " windows, sliceContext " + sliceContext
                        + " and " + pixelSpacingMm + " mm");
            }
            if (sampling.equals(SAMPLING_TRIPLANAR) && contextSpacingMm != 0 && contextSpacingMm <= pixelSpacingMm) {
                throw new IllegalArgumentException(SAMPLING_TRIPLANAR + " context planes need a contextSpacingMm above the"
                        + " pixelSpacingMm " + pixelSpacingMm + " mm (or 0 for none), not " + contextSpacingMm + " mm");
            }
            long channels = (long) windows.size() * (2L * sliceContext + 1);
            if (sampling.equals(SAMPLING_SLICES) && (channels < 1 || channels > 3)) {
                throw new IllegalArgumentException("channels = " + windows.size() + " windows x (2 x sliceContext "
                        + sliceContext + " + 1) = " + channels + "; must be 1..3");
            }
        }

        /**
         * Whole slices, the input of the classic {@link #InputSpec(String, List, int, double, int,
         * double, double, double, String)} without a sampling.
         */
        public InputSpec(String modality, List<Window> windows, int size, double pixelSpacingMm, int sliceContext,
                double contextSpacingMm, double mean, double std) {
            this(modality, windows, size, pixelSpacingMm, sliceContext, contextSpacingMm, mean, std, SAMPLING_SLICES);
        }

        /**
         * A triplanar patch spec for a candidate classifier.
         *
         * @param modality the modality
         * @param window the window
         * @param size patch side, pixels
         * @param pixelSpacingMm patch pixel size, mm
         * @param mean normalisation mean
         * @param std normalisation standard deviation
         * @return the spec
         */
        public static InputSpec triplanar(String modality, Window window, int size, double pixelSpacingMm, double mean,
                double std) {
            return triplanar(modality, window, size, pixelSpacingMm, 0, mean, std);
        }

        /**
         * A triplanar patch spec with context planes: the same three planes again at a coarser
         * pixel size, so the network sees what surrounds a candidate (a hilum, the mediastinum)
         * as well as its shape (the multi-scale context of Dou et al., IEEE TBME 2017).
         *
         * @param modality the modality
         * @param window the window
         * @param size patch side, pixels
         * @param pixelSpacingMm patch pixel size, mm
         * @param contextSpacingMm context planes' pixel size, mm (above {@code pixelSpacingMm}; 0 for none)
         * @param mean normalisation mean
         * @param std normalisation standard deviation
         * @return the spec
         */
        public static InputSpec triplanar(String modality, Window window, int size, double pixelSpacingMm,
                double contextSpacingMm, double mean, double std) {
            return new InputSpec(modality, List.of(window), size, pixelSpacingMm, 0, contextSpacingMm, mean, std,
                    SAMPLING_TRIPLANAR);
        }

        /** Whether this is a triplanar candidate patch. */
        @JsonIgnore
        public boolean triplanar() {
            return SAMPLING_TRIPLANAR.equals(sampling);
        }

        /**
         * The number of input channels: 3 for a triplanar patch (6 with context planes), else
         * {@code windows.size() * (2 * sliceContext + 1)}.
         *
         * @return 1 to 3, or 6
         */
        @JsonIgnore
        public int channels() {
            if (triplanar()) {
                return contextSpacingMm > 0 ? 6 : 3;
            }
            return windows.size() * (2 * sliceContext + 1);
        }
    }

    /**
     * An intensity window in Hounsfield units (or the modality's stored unit).
     *
     * @param centreHu the window centre
     * @param widthHu the window width, above 0
     */
    public record Window(
            @JsonProperty(required = true) double centreHu,
            @JsonProperty(required = true) double widthHu) {

        /** Validates the numbers. */
        public Window {
            if (!Double.isFinite(centreHu)) {
                throw new IllegalArgumentException("centreHu " + centreHu + " must be a finite number");
            }
            if (!Double.isFinite(widthHu) || widthHu <= 0) {
                throw new IllegalArgumentException("widthHu " + widthHu + " must be above 0");
            }
        }
    }

    /**
     * The weights file of the bundle.
     *
     * @param file the file name inside the bundle folder (no folders)
     * @param format {@value #FORMAT_DJL_PARAMS} or {@value #FORMAT_TORCHSCRIPT}
     * @param sha256 the file's SHA-256 as 64 lower-case hex digits; null only before
     *     {@link ModelBundle#write} computes it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Weights(
            @JsonProperty(required = true) String file,
            @JsonProperty(required = true) String format,
            String sha256) {

        /** DJL parameters as written by {@code Model.save} (or a bare {@code Block.saveParameters} stream). */
        public static final String FORMAT_DJL_PARAMS = "djl-params";
        /** A TorchScript module saved by {@code torch.jit.save} / {@code ScriptModule.save}. */
        public static final String FORMAT_TORCHSCRIPT = "torchscript";
        private static final List<String> FORMATS = List.of(FORMAT_DJL_PARAMS, FORMAT_TORCHSCRIPT);
        private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

        /** Validates the file name, the format and the hash. */
        public Weights {
            file = requireText("file", file);
            if (file.contains("/") || file.contains("\\") || file.equals(".") || file.equals("..")
                    || file.equals(FILE_NAME) || file.length() > 255) {
                throw new IllegalArgumentException("file '" + file
                        + "' must be a plain file name inside the bundle, not a path, and not " + FILE_NAME);
            }
            format = requireText("format", format);
            if (!FORMATS.contains(format)) {
                throw new IllegalArgumentException("format '" + format + "' is not one of " + String.join(", ", FORMATS));
            }
            if (sha256 != null) {
                sha256 = sha256.toLowerCase(Locale.ROOT);
                if (!SHA256.matcher(sha256).matches()) {
                    throw new IllegalArgumentException("sha256 '" + sha256 + "' must be 64 hex digits");
                }
            }
        }

        /**
         * A weights entry whose hash {@link ModelBundle#write} will fill in.
         *
         * @param file the file name inside the bundle
         * @param format the weights format
         * @return the entry without a hash
         */
        public static Weights unhashed(String file, String format) {
            return new Weights(file, format, null);
        }

        /**
         * A copy with the given hash.
         *
         * @param hex the SHA-256, 64 hex digits
         * @return a new entry
         */
        public Weights withSha256(String hex) {
            return new Weights(file, format, hex);
        }
    }

    /**
     * A decision threshold for one class, with the sensitivity and specificity measured at it
     * (on the validation set named in the provenance) when known.
     *
     * @param threshold the calibrated probability at or above which the class is called present
     * @param sensitivity the sensitivity at this threshold, in [0, 1], or null
     * @param specificity the specificity at this threshold, in [0, 1], or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OperatingPoint(
            @JsonProperty(required = true) double threshold, Double sensitivity, Double specificity) {

        /** The threshold of a class that has no operating point. */
        public static final double DEFAULT_THRESHOLD = 0.5;

        /** Checks every number lies in [0, 1]. */
        public OperatingPoint {
            requireUnit("threshold", threshold);
            if (sensitivity != null) {
                requireUnit("sensitivity", sensitivity);
            }
            if (specificity != null) {
                requireUnit("specificity", specificity);
            }
        }

        private static void requireUnit(String field, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(field + " " + v + " must lie in [0, 1]");
            }
        }
    }

    /**
     * How raw logits become calibrated probabilities.
     *
     * @param method {@value #METHOD_NONE} or {@value #METHOD_TEMPERATURE} (logits divided by
     *     {@code temperature} before the sigmoid or softmax; Guo et al. 2017)
     * @param temperature above 0; exactly 1 for {@value #METHOD_NONE}
     */
    public record Calibration(String method, double temperature) {

        /** No calibration. */
        public static final String METHOD_NONE = "none";
        /** Temperature scaling. */
        public static final String METHOD_TEMPERATURE = "temperature";
        /** The identity calibration. */
        public static final Calibration NONE = new Calibration(METHOD_NONE, 1.0);

        /** Validates the method and the temperature. */
        public Calibration {
            method = requireText("method", method);
            if (METHOD_NONE.equals(method)) {
                if (temperature != 1.0) {
                    throw new IllegalArgumentException("temperature " + temperature
                            + " does not apply to method none; leave it out or use method temperature");
                }
            } else if (METHOD_TEMPERATURE.equals(method)) {
                if (!Double.isFinite(temperature) || temperature <= 0) {
                    throw new IllegalArgumentException("temperature " + temperature + " must be above 0");
                }
            } else {
                throw new IllegalArgumentException("method '" + method + "' is not one of "
                        + METHOD_NONE + ", " + METHOD_TEMPERATURE);
            }
        }

        /**
         * The JSON creator: {@code temperature} may be left out for {@value #METHOD_NONE}.
         *
         * @param method the method
         * @param temperature the temperature, or null
         * @return the calibration
         */
        @JsonCreator
        public static Calibration of(
                @JsonProperty(value = "method", required = true) String method,
                @JsonProperty("temperature") Double temperature) {
            if (temperature == null) {
                if (METHOD_TEMPERATURE.equals(method)) {
                    throw new IllegalArgumentException("temperature is missing; method temperature needs one");
                }
                return new Calibration(method, 1.0);
            }
            return new Calibration(method, temperature);
        }

        /**
         * A temperature-scaling calibration.
         *
         * @param temperature above 0
         * @return the calibration
         */
        public static Calibration temperature(double temperature) {
            return new Calibration(METHOD_TEMPERATURE, temperature);
        }
    }

    /**
     * Where class-activation maps come from.
     *
     * @param featureOutputIndex for a TorchScript module that returns a tuple, the index of the
     *     N&times;K&times;h&times;w feature map in it (at least 1; the logits are output 0), else
     *     null
     * @param method the preferred localisation method: {@value #METHOD_GRAD_CAM} (DJL networks,
     *     gradients through the head), {@value #METHOD_REGION_SCORING} (DJL networks: region
     *     proposals scored by the head for nodule classes, Grad-CAM for the others),
     *     {@value #METHOD_SCORE_CAM} (the feature output's maps mask the input, gradient-free),
     *     {@value #METHOD_OCCLUSION} (any model, by masking patches of the input) or
     *     {@value #METHOD_NONE}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocalisationSpec(Integer featureOutputIndex, @JsonProperty(required = true) String method) {

        /** Grad-CAM on the trunk's feature maps (Selvaraju et al. 2017). */
        public static final String METHOD_GRAD_CAM = "grad-cam";
        /** Score-CAM on the feature output (Wang et al. 2020): gradient-free. */
        public static final String METHOD_SCORE_CAM = "score-cam";
        /**
         * Nodule classes are placed by scoring lung-field region proposals with the network's
         * head (Fast R-CNN style); other classes by Grad-CAM. DJL networks only.
         */
        public static final String METHOD_REGION_SCORING = "region-scoring";
        /** Occlusion sensitivity: the score drop when parts of the input are masked. */
        public static final String METHOD_OCCLUSION = "occlusion";
        /** The model does not localise. */
        public static final String METHOD_NONE = "none";
        private static final List<String> METHODS =
                List.of(METHOD_GRAD_CAM, METHOD_SCORE_CAM, METHOD_REGION_SCORING, METHOD_OCCLUSION, METHOD_NONE);

        /** Validates the index and the method name. */
        public LocalisationSpec {
            if (featureOutputIndex != null && featureOutputIndex < 1) {
                throw new IllegalArgumentException("featureOutputIndex " + featureOutputIndex
                        + " must be 1 or more (output 0 is the logits)");
            }
            method = requireText("method", method);
            if (!METHODS.contains(method)) {
                throw new IllegalArgumentException("method '" + method + "' is not one of " + String.join(", ", METHODS));
            }
        }

        /**
         * The default for an architecture: Grad-CAM for DJL networks, occlusion for TorchScript
         * (Score-CAM when a feature output is named).
         *
         * @param architecture the architecture
         * @return the default specification
         */
        public static LocalisationSpec defaultFor(Architecture architecture) {
            return Architecture.FAMILY_TORCHSCRIPT.equals(architecture.family())
                    ? new LocalisationSpec(null, METHOD_OCCLUSION)
                    : new LocalisationSpec(null, METHOD_GRAD_CAM);
        }

        void checkFits(Architecture architecture) {
            boolean torchScript = Architecture.FAMILY_TORCHSCRIPT.equals(architecture.family());
            if (featureOutputIndex != null && !torchScript) {
                throw new IllegalArgumentException("localisation.featureOutputIndex " + featureOutputIndex
                        + " applies to TorchScript models only; " + architecture.label()
                        + " exposes its trunk's feature maps itself");
            }
            if ((METHOD_GRAD_CAM.equals(method) || METHOD_REGION_SCORING.equals(method)) && torchScript) {
                throw new IllegalArgumentException("localisation.method " + method + " needs a DJL network split into"
                        + " trunk and head; a TorchScript model can use score-cam, occlusion or none");
            }
            if (METHOD_SCORE_CAM.equals(method) && featureOutputIndex == null) {
                throw new IllegalArgumentException("localisation.method " + method
                        + " needs localisation.featureOutputIndex (a TorchScript model returning a feature map)");
            }
        }
    }

    /**
     * A second-stage candidate classifier for one class (the nodule detector of LUNA16-style
     * systems): lesion candidates are proposed from the image ({@code BlobCandidates}), each is
     * scored by this model on a triplanar patch, and the candidates at or above the model's
     * operating point are the class's findings. The class's series score is the most probable
     * candidate's probability. Its weights lie in the same bundle folder as the main model's.
     *
     * @param model the candidate model's own manifest: input sampling {@code triplanar-patch}, one
     *     class, task multi-label; its operating point and calibration are the stage's
     * @param maxCandidates candidates scored per series, strongest proposals first; default
     *     {@value #DEFAULT_MAX_CANDIDATES}
     * @param mirrorings test-time augmentation: each candidate's patch is scored in this many
     *     mirrorings ({@code PatchSampler.Orientation#first}: 1, 2, 4 or 8) and the logits are
     *     averaged before calibration; default 1 (the patch as sampled). The operating point is
     *     only valid for the mirrorings it was chosen with
     * @param groundGlassCandidates ground-glass cores scored per series besides the blobs
     *     ({@code BlobCandidates.find(volume, maxCandidates, groundGlassCandidates)}); default 0
     * @param members an ensemble: further weights of the same architecture and input (the same
     *     model trained from other seeds); each candidate's logit is the mean over the model and
     *     every member (each over the mirrorings) before calibration, so the calibration and the
     *     operating point belong to the whole ensemble. Default none
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record CandidateStage(@JsonProperty(required = true) Manifest model, Integer maxCandidates,
            Integer mirrorings, Integer groundGlassCandidates, List<Weights> members) {

        /** Candidates scored per series when the manifest names no limit. */
        public static final int DEFAULT_MAX_CANDIDATES = 400;

        /** Upper limit of {@code maxCandidates}. */
        public static final int MAX_CANDIDATES = 5000;

        /** The numbers of mirrorings a stage may average (each adds one axis's mirror images). */
        public static final List<Integer> MIRRORINGS = List.of(1, 2, 4, 8);

        /** Checks the model's input and the limit. */
        public CandidateStage {
            requireField("model", model);
            if (!model.input().triplanar()) {
                throw new IllegalArgumentException("a candidate stage's model needs input.sampling "
                        + InputSpec.SAMPLING_TRIPLANAR + ", not " + model.input().sampling());
            }
            if (model.classes().size() != 1 || !TASK_MULTI_LABEL.equals(model.task())) {
                throw new IllegalArgumentException("a candidate stage's model has one class and task "
                        + TASK_MULTI_LABEL + "; got " + model.classes() + " and " + model.task());
            }
            if (!model.candidateStages().isEmpty()) {
                throw new IllegalArgumentException("a candidate stage's model cannot have stages of its own");
            }
            if (maxCandidates != null && (maxCandidates < 1 || maxCandidates > MAX_CANDIDATES)) {
                throw new IllegalArgumentException("maxCandidates " + maxCandidates + " must be 1 to " + MAX_CANDIDATES);
            }
            if (mirrorings != null && !MIRRORINGS.contains(mirrorings)) {
                throw new IllegalArgumentException("mirrorings " + mirrorings + " must be 1, 2, 4 or 8");
            }
            if (groundGlassCandidates != null) {
                checkGroundGlass(groundGlassCandidates);
            }
            members = members == null ? List.of() : List.copyOf(members);
            Set<String> files = new HashSet<>(List.of(model.weights().file()));
            for (Weights w : members) {
                if (!files.add(w.file())) {
                    throw new IllegalArgumentException("members: weights file '" + w.file()
                            + "' is used twice; each ensemble member needs its own weights file");
                }
                if (!w.format().equals(model.weights().format())) {
                    throw new IllegalArgumentException("members: weights file '" + w.file() + "' is " + w.format()
                            + ", the model's are " + model.weights().format() + "; members share the model's format");
                }
            }
        }

        /** A stage of one model (no ensemble). */
        public CandidateStage(Manifest model, Integer maxCandidates, Integer mirrorings, Integer groundGlassCandidates) {
            this(model, maxCandidates, mirrorings, groundGlassCandidates, List.of());
        }

        /**
         * Checks a number of ground-glass cores per series.
         *
         * @param n the number
         * @throws IllegalArgumentException unless 0 to {@value #MAX_CANDIDATES}
         */
        public static void checkGroundGlass(int n) {
            if (n < 0 || n > MAX_CANDIDATES) {
                throw new IllegalArgumentException("groundGlassCandidates " + n + " must be 0 to " + MAX_CANDIDATES);
            }
        }

        /** A stage of blob candidates only. */
        public CandidateStage(Manifest model, Integer maxCandidates, Integer mirrorings) {
            this(model, maxCandidates, mirrorings, null);
        }

        /** A stage of blob candidates only, without test-time mirrorings. */
        public CandidateStage(Manifest model, Integer maxCandidates) {
            this(model, maxCandidates, null, null);
        }

        /** The limit, or {@value #DEFAULT_MAX_CANDIDATES} when none is named. */
        public int candidateLimit() {
            return maxCandidates == null ? DEFAULT_MAX_CANDIDATES : maxCandidates;
        }

        /** The ground-glass cores scored per series, 0 when none are named. */
        public int groundGlassLimit() {
            return groundGlassCandidates == null ? 0 : groundGlassCandidates;
        }

        /** The mirrorings averaged per candidate, 1 when none are named. */
        public int mirroringCount() {
            return mirrorings == null ? 1 : mirrorings;
        }

        /** Every weights entry of the stage: the model's, then its members'. */
        @JsonIgnore
        public List<Weights> allWeights() {
            List<Weights> all = new ArrayList<>();
            all.add(model.weights());
            all.addAll(members);
            return all;
        }

        /** A copy whose model and members have these weights entries (model first), such as with hashes filled in. */
        public CandidateStage withWeights(List<Weights> weights) {
            if (weights.size() != members.size() + 1) {
                throw new IllegalArgumentException("the stage has " + (members.size() + 1) + " weights files, not "
                        + weights.size());
            }
            return new CandidateStage(model.withWeights(weights.get(0)), maxCandidates, mirrorings,
                    groundGlassCandidates, weights.subList(1, weights.size()));
        }
    }

    /**
     * How and from what the model was made. Every field is optional; none may hold patient data.
     *
     * @param createdAt when the weights were produced, ISO-8601 instant such as
     *     {@code 2026-11-26T10:15:30Z}
     * @param createdBy the tool or person, such as {@code dicomcnn-training 0.1.0}
     * @param software framework versions, such as {@code DJL 0.33.0 / PyTorch 2.5.1}
     * @param dataset a description or identifier of the training and validation data
     * @param codeRevision the source revision that trained it (a git commit)
     * @param seed the random seed
     * @param epochs the number of training epochs, 0 or more
     * @param notes anything else
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Provenance(
            String createdAt,
            String createdBy,
            String software,
            String dataset,
            String codeRevision,
            Long seed,
            Integer epochs,
            String notes) {

        /** Checks the timestamp and the epoch count. */
        public Provenance {
            if (createdAt != null) {
                try {
                    Instant.parse(createdAt);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("createdAt '" + createdAt
                            + "' is not an ISO-8601 instant such as 2026-11-26T10:15:30Z", e);
                }
            }
            if (epochs != null && epochs < 0) {
                throw new IllegalArgumentException("epochs " + epochs + " must be 0 or more");
            }
        }
    }

    // ---------------------------------------------------------------- builder

    /**
     * Builds a {@link Manifest}: {@code setX} for required fields, {@code optX} for optional ones.
     * A missing required field is rejected by name.
     */
    public static final class Builder {

        private String name;
        private String version;
        private String description;
        private String task;
        private List<String> classes;
        private Architecture architecture;
        private InputSpec input;
        private Map<String, OperatingPoint> operatingPoints;
        private Calibration calibration;
        private LocalisationSpec localisation;
        private Map<String, Object> metrics;
        private Provenance provenance;
        private Weights weights;
        private Map<String, CandidateStage> candidateStages;

        Builder() {}

        /**
         * Sets the model's machine name.
         *
         * @param value letters, digits, '.', '_' or '-'
         * @return this builder
         */
        public Builder setName(String value) {
            this.name = value;
            return this;
        }

        /**
         * Sets the model's version.
         *
         * @param value such as {@code 1.0.0}
         * @return this builder
         */
        public Builder setVersion(String value) {
            this.version = value;
            return this;
        }

        /**
         * Sets the task.
         *
         * @param value {@link #TASK_MULTI_LABEL} or {@link #TASK_SOFTMAX}
         * @return this builder
         */
        public Builder setTask(String value) {
            this.task = value;
            return this;
        }

        /**
         * Sets the class names in output order.
         *
         * @param value the class names
         * @return this builder
         */
        public Builder setClasses(List<String> value) {
            this.classes = value;
            return this;
        }

        /**
         * Sets the architecture.
         *
         * @param value the architecture
         * @return this builder
         */
        public Builder setArchitecture(Architecture value) {
            this.architecture = value;
            return this;
        }

        /**
         * Sets the input specification.
         *
         * @param value the input specification
         * @return this builder
         */
        public Builder setInput(InputSpec value) {
            this.input = value;
            return this;
        }

        /**
         * Sets the weights entry (its hash may be left null for {@link ModelBundle#write}).
         *
         * @param value the weights entry
         * @return this builder
         */
        public Builder setWeights(Weights value) {
            this.weights = value;
            return this;
        }

        /**
         * Sets the description.
         *
         * @param value free text, no patient data
         * @return this builder
         */
        public Builder optDescription(String value) {
            this.description = value;
            return this;
        }

        /**
         * Sets the operating points.
         *
         * @param value thresholds by class name
         * @return this builder
         */
        public Builder optOperatingPoints(Map<String, OperatingPoint> value) {
            this.operatingPoints = value;
            return this;
        }

        /**
         * Sets the calibration.
         *
         * @param value the calibration
         * @return this builder
         */
        public Builder optCalibration(Calibration value) {
            this.calibration = value;
            return this;
        }

        /**
         * Sets the localisation specification.
         *
         * @param value the specification
         * @return this builder
         */
        public Builder optLocalisation(LocalisationSpec value) {
            this.localisation = value;
            return this;
        }

        /**
         * Sets the metrics.
         *
         * @param value numbers or strings by name
         * @return this builder
         */
        public Builder optMetrics(Map<String, Object> value) {
            this.metrics = value;
            return this;
        }

        /**
         * Sets the provenance.
         *
         * @param value the provenance
         * @return this builder
         */
        public Builder optProvenance(Provenance value) {
            this.provenance = value;
            return this;
        }

        /**
         * Sets the candidate stages (optional).
         *
         * @param value per class name
         * @return this builder
         */
        public Builder optCandidateStages(Map<String, CandidateStage> value) {
            this.candidateStages = value;
            return this;
        }

        /**
         * Builds and validates the manifest.
         *
         * @return the manifest
         * @throws IllegalArgumentException naming a missing required field or a bad value
         */
        public Manifest build() {
            requireSet("name", "setName", name);
            requireSet("version", "setVersion", version);
            requireSet("task", "setTask", task);
            requireSet("classes", "setClasses", classes);
            requireSet("architecture", "setArchitecture", architecture);
            requireSet("input", "setInput", input);
            requireSet("weights", "setWeights", weights);
            return new Manifest(FORMAT_VERSION, name, version, description, task, classes, architecture, input,
                    operatingPoints, calibration, localisation, metrics, provenance, weights, candidateStages);
        }

        private static void requireSet(String field, String setter, Object value) {
            if (value == null) {
                throw new IllegalArgumentException("Manifest.Builder: " + field + " is required (" + setter + ")");
            }
        }
    }

    // ---------------------------------------------------------------- validation helpers

    private static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing or empty");
        }
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long; at most "
                    + MAX_TEXT + " allowed");
        }
        return value;
    }

    private static void requireField(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }

    private static List<String> checkClasses(List<String> classes, String task) {
        requireField("classes", classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("classes is empty; a model needs at least one class");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < classes.size(); i++) {
            String c = classes.get(i);
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("classes[" + i + "] is missing or empty");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("classes lists '" + c + "' twice");
            }
        }
        if (TASK_SOFTMAX.equals(task) && classes.size() < 2) {
            throw new IllegalArgumentException("task softmax needs at least 2 classes, got " + classes.size() + " "
                    + classes + "; use multi-label for a single class");
        }
        return List.copyOf(classes);
    }

    private static Map<String, OperatingPoint> checkOperatingPoints(Map<String, OperatingPoint> points,
            List<String> classes) {
        if (points == null || points.isEmpty()) {
            return Map.of();
        }
        for (Map.Entry<String, OperatingPoint> e : points.entrySet()) {
            if (e.getKey() == null || !classes.contains(e.getKey())) {
                throw new IllegalArgumentException("operatingPoints names class '" + e.getKey()
                        + "', which is not in classes " + classes);
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("operatingPoints." + e.getKey() + " is null");
            }
        }
        // class order, so that the written JSON does not depend on the map the caller passed
        Map<String, OperatingPoint> ordered = new LinkedHashMap<>();
        for (String c : classes) {
            OperatingPoint p = points.get(c);
            if (p != null) {
                ordered.put(c, p);
            }
        }
        return Collections.unmodifiableMap(ordered);
    }

    private static Map<String, CandidateStage> checkStages(Map<String, CandidateStage> stages, List<String> classes,
            Weights weights) {
        if (stages == null || stages.isEmpty()) {
            return Map.of();
        }
        Set<String> files = new HashSet<>(List.of(weights.file()));
        for (Map.Entry<String, CandidateStage> e : stages.entrySet()) {
            if (e.getKey() == null || !classes.contains(e.getKey())) {
                throw new IllegalArgumentException("candidateStages names class '" + e.getKey()
                        + "', which is not in classes " + classes);
            }
            requireField("candidateStages." + e.getKey(), e.getValue());
            for (Weights w : e.getValue().allWeights()) {
                if (!files.add(w.file())) {
                    throw new IllegalArgumentException("candidateStages." + e.getKey() + ": weights file '" + w.file()
                            + "' is used twice in the bundle; each model needs its own weights file");
                }
            }
        }
        Map<String, CandidateStage> ordered = new LinkedHashMap<>();
        for (String c : classes) {
            if (stages.containsKey(c)) {
                ordered.put(c, stages.get(c));
            }
        }
        return Collections.unmodifiableMap(ordered);
    }

    private static Map<String, Object> checkMetrics(Map<String, Object> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("metrics has an empty key");
            }
            if (v instanceof Number n) {
                if (!Double.isFinite(n.doubleValue())) {
                    throw new IllegalArgumentException("metrics." + key + " " + v + " must be a finite number");
                }
            } else if (!(v instanceof String)) {
                throw new IllegalArgumentException("metrics." + key + " must be a number or a string, got "
                        + (v == null ? "null" : v instanceof Map ? "an object" : v instanceof List ? "a list"
                                : v instanceof Boolean ? "a boolean" : v.getClass().getSimpleName()));
            }
            sorted.put(key, v);
        }
        return Collections.unmodifiableMap(sorted);
    }

    // ---------------------------------------------------------------- JSON error messages

    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    private static String describe(JsonProcessingException e) {
        if (e instanceof StreamReadException && !(e instanceof MismatchedInputException)) {
            JsonLocation at = e.getLocation();
            return " is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        String path = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof ValueInstantiationException) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String reason = cause == null ? e.getOriginalMessage() : cause.getMessage();
            return ": " + (path.isEmpty() ? "" : path + ": ") + reason;
        }
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            Collections.sort(known);
            return ": unknown field '" + path + "'; known fields here: " + String.join(", ", known);
        }
        String original = Objects.toString(e.getOriginalMessage(), "");
        if (original.startsWith("No content to map")) {
            return " is empty; expected a JSON object";
        }
        if (original.startsWith("Missing required creator property")) {
            Matcher q = QUOTED.matcher(original);
            String field = q.find() ? q.group(1) : "?";
            String full = path.isEmpty() ? field : path.equals(field) || path.endsWith("." + field) ? path
                    : path + "." + field;
            return ": field '" + full + "' is missing";
        }
        int cut = original.indexOf("\n");
        return ": " + (path.isEmpty() ? "" : "field '" + path + "': ") + (cut > 0 ? original.substring(0, cut) : original);
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
