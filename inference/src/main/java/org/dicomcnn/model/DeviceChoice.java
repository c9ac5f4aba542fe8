package org.dicomcnn.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import java.util.Locale;

/**
 * Which device a model runs on, as the user says it ({@code --device auto|cpu|gpu|gpu:N}), and
 * how that is turned into a DJL {@link Device} against what the engine sees.
 *
 * <ul>
 *   <li>{@code auto}: GPU 0 when DJL's engine sees at least one GPU, else the CPU;
 *   <li>{@code cpu}: the CPU;
 *   <li>{@code gpu} or {@code gpu:N}: GPU 0 or GPU N; an error when DJL sees no such GPU (the
 *       message says how many GPUs it sees and whether the native library has CUDA at all).
 * </ul>
 *
 * <pre>{@code
 * DeviceChoice choice = DeviceChoice.parse(options.device());   // "auto" by default
 * try (ModelRuntime runtime = ModelRuntime.open(bundle, choice)) { ... }
 * }</pre>
 *
 * @param kind auto, cpu or gpu
 * @param gpuIndex the GPU index for {@link Kind#GPU}; 0 otherwise
 */
public record DeviceChoice(Kind kind, int gpuIndex) {

    /** Automatic choice: GPU 0 when one is visible, else the CPU. */
    public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, 0);

    /** The CPU. */
    public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, 0);

    /** The kinds of choice. */
    public enum Kind {
        /** GPU 0 when visible, else the CPU. */
        AUTO,
        /** The CPU. */
        CPU,
        /** A given GPU. */
        GPU
    }

    /** Checks the index: 0 for auto and cpu, 0 or more for gpu. */
    public DeviceChoice {
        if (kind == null) {
            throw new IllegalArgumentException("device kind is missing");
        }
        if (gpuIndex < 0 || (kind != Kind.GPU && gpuIndex != 0)) {
            throw new IllegalArgumentException("GPU index " + gpuIndex + " does not fit device kind "
                    + kind.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Parses a device option.
     *
     * @param text {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N} (case-insensitive)
     * @return the choice
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static DeviceChoice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu":
                return new DeviceChoice(Kind.GPU, 0);
            default:
                if (t.startsWith("gpu:") && t.length() > 4 && t.length() <= 8
                        && t.substring(4).chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return new DeviceChoice(Kind.GPU, Integer.parseInt(t.substring(4)));
                }
                throw new IllegalArgumentException("device '" + text + "' is not one of auto, cpu, gpu, gpu:N");
        }
    }

    /**
     * Resolves this choice against the PyTorch engine started by {@link EngineSetup}.
     *
     * @return the DJL device
     * @throws InferenceException when the engine does not start or the requested GPU is not visible
     */
    public Device resolve() throws InferenceException {
        return resolve(EngineSetup.engine());
    }

    /**
     * Resolves this choice against an engine.
     *
     * @param engine the engine whose visible GPUs count
     * @return the DJL device
     * @throws InferenceException when a GPU is requested that the engine does not see
     */
    public Device resolve(Engine engine) throws InferenceException {
        int gpus = engine.getGpuCount();
        switch (kind) {
            case AUTO:
                return gpus > 0 ? Device.gpu(0) : Device.cpu();
            case CPU:
                return Device.cpu();
            default:
                if (gpuIndex >= gpus) {
                    throw new InferenceException("device " + this + " was requested, but DJL's "
                            + engine.getEngineName() + " engine " + engine.getVersion() + " sees "
                            + (gpus == 0 ? "no GPU" : gpus + " GPU(s): gpu:0" + (gpus > 1 ? "..gpu:" + (gpus - 1) : ""))
                            + (engine.hasCapability(StandardCapabilities.CUDA)
                                    ? ""
                                    : " (its native library is the CPU-only build; the GPU build needs"
                                            + " pytorch-native-cu124, see docs/model-bundles.md)")
                            + "; use --device cpu or auto");
                }
                return Device.gpu(gpuIndex);
        }
    }

    /**
     * The option text that parses back to this choice.
     *
     * @return {@code auto}, {@code cpu} or {@code gpu:N}
     */
    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "gpu:" + gpuIndex;
        };
    }
}
