package org.dicomcnn.model;

import ai.djl.basicmodelzoo.cv.classification.GoogLeNet;
import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.basicmodelzoo.cv.classification.VGG;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.dicomcnn.model.Manifest.Architecture;

/**
 * Builds the networks a model bundle can name, adapted to 1-6 input channels and N classes, as a
 * {@link NetworkBlocks} trunk and head. DJL infers every layer's input size when the network is
 * initialised (or its parameters loaded), so one builder serves every channel count and size.
 *
 * <ul>
 *   <li><b>plain-cnn</b>: {@code depth} stages of 3&times;3 convolution (padding 1), batch
 *       normalisation (unless the manifest says {@code batchNorm: false}) and ReLU, with 2&times;2 max-pooling after every stage but the last; stage {@code i} has
 *       {@code width * 2^i} filters (at most 512). Feature maps: size / 2^(depth-1).
 *   <li><b>resnet</b> 18/34/50: the layout of He et al. 2015 (7&times;7 stem, max-pool, four
 *       stages of basic units {2,2,2,2} / {3,4,6,3}, or bottleneck units {3,4,6,3} for 50) built
 *       from DJL's {@link ResNetV1#residualUnit}. DJL's own {@code ResNetV1.builder()} uses
 *       bottleneck units for depths 18 and 34 too, which is not the published network; it is
 *       therefore not used whole. Feature maps: size / 32, 512 channels (2048 for 50).
 *   <li><b>vgg</b> 11/13/16: the five convolution groups of DJL's {@link VGG}, with the last
 *       group's max-pool dropped and the 4096-4096 fully connected classifier (sized for 224 px
 *       and 138 M parameters) replaced by the common head, as in the class-activation-map version
 *       of VGG (Zhou et al. 2016). Works at 16-1024 px. Feature maps: size / 16, 512 channels.
 *   <li><b>googlenet</b>: DJL's {@link GoogLeNet} (Inception v1) with its global pooling and
 *       linear layer moved into the head. Feature maps: size / 32, 1024 channels.
 * </ul>
 *
 * <p>The head is the same for all: global average pooling (or, with {@code pooling: max}, global
 * max pooling), flatten, one linear layer.
 *
 * <pre>{@code
 * NetworkBlocks blocks = Architectures.build(Architecture.resnet(18), 1, 128, 2);
 * SequentialBlock net = blocks.network();
 * model.setBlock(net);
 * }</pre>
 */
public final class Architectures {

    /** Batch-norm momentum of the ResNet units, DJL's default (MXNet convention). */
    static final float RESNET_BATCH_NORM_MOMENTUM = 0.9f;
    private static final int PLAIN_CNN_MAX_FILTERS = 512;

    private Architectures() {}

    /**
     * Builds a network's trunk and head. The blocks are not initialised.
     *
     * @param architecture the family and its depth or width
     * @param channels input channels, 1..6 (up to 3 for slices, 6 for a triplanar patch with context planes)
     * @param size the square input size in pixels
     * @param classes the number of outputs, at least 1
     * @return the trunk and the head
     * @throws IllegalArgumentException for a TorchScript architecture (it has no DJL blocks), channels
     *     outside 1..6, no classes, or a size too small for the network's downsampling
     */
    public static NetworkBlocks build(Architecture architecture, int channels, int size, int classes) {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture is missing");
        }
        if (channels < 1 || channels > 6) {
            throw new IllegalArgumentException("channels " + channels + " must be 1..6");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes " + classes + " must be 1 or more");
        }
        int factor = downsampling(architecture);
        if (size < factor || size > Manifest.InputSpec.MAX_SIZE) {
            throw new IllegalArgumentException(architecture.label() + " reduces its input " + factor
                    + "-fold; size " + size + " must be " + factor + ".." + Manifest.InputSpec.MAX_SIZE + " pixels");
        }
        Block trunk = switch (architecture.family()) {
            case Architecture.FAMILY_PLAIN_CNN -> plainCnn(architecture.depth(), architecture.width(),
                    architecture.batchNormalised());
            case Architecture.FAMILY_RESNET -> resnet(architecture.depth());
            case Architecture.FAMILY_VGG -> vgg(architecture.depth());
            case Architecture.FAMILY_GOOGLENET -> googlenet();
            default -> throw new IllegalArgumentException("architecture " + architecture.label()
                    + " has no DJL blocks; a TorchScript bundle carries its own network");
        };
        return new NetworkBlocks(trunk, head(classes, architecture.maxPooling()));
    }

    /**
     * How many times smaller than the input the trunk's feature maps are (per side).
     *
     * @param architecture a DJL-built architecture
     * @return the downsampling factor
     */
    public static int downsampling(Architecture architecture) {
        return switch (architecture.family()) {
            case Architecture.FAMILY_PLAIN_CNN -> 1 << (architecture.depth() - 1);
            case Architecture.FAMILY_VGG -> 16;
            case Architecture.FAMILY_RESNET, Architecture.FAMILY_GOOGLENET -> 32;
            default -> throw new IllegalArgumentException("architecture " + architecture.label()
                    + " has no DJL blocks; a TorchScript bundle carries its own network");
        };
    }

    /** Global average (or max) pooling, flatten, linear: N x K x h x w to N x classes. */
    private static Block head(int classes, boolean max) {
        return new SequentialBlock()
                .add(max ? Pool.globalMaxPool2dBlock() : Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    private static Block plainCnn(int depth, int width, boolean batchNorm) {
        SequentialBlock trunk = new SequentialBlock();
        int filters = width;
        for (int stage = 0; stage < depth; stage++) {
            trunk.add(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .setFilters(filters)
                    .build());
            if (batchNorm) {
                trunk.add(BatchNorm.builder().build());
            }
            trunk.add(Activation.reluBlock());
            if (stage < depth - 1) {
                trunk.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            filters = Math.min(PLAIN_CNN_MAX_FILTERS, filters * 2);
        }
        return trunk;
    }

    private static Block resnet(int depth) {
        boolean bottleneck = depth >= 50;
        int[] units = depth == 18 ? new int[] {2, 2, 2, 2} : new int[] {3, 4, 6, 3};
        int[] filters = bottleneck ? new int[] {256, 512, 1024, 2048} : new int[] {64, 128, 256, 512};
        // The stem of ResNetV1 for inputs above 32 px: 7x7/2 convolution, batch norm, ReLU, 3x3/2 max-pool.
        SequentialBlock trunk = new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(7, 7))
                        .setFilters(64)
                        .optStride(new Shape(2, 2))
                        .optPadding(new Shape(3, 3))
                        .optBias(false)
                        .build())
                .add(BatchNorm.builder().optEpsilon(2E-5f).optMomentum(RESNET_BATCH_NORM_MOMENTUM).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        int inChannels = 64;
        for (int stage = 0; stage < units.length; stage++) {
            Shape stride = stage == 0 ? new Shape(1, 1) : new Shape(2, 2);
            // A projection shortcut only where the shape changes (stride or channels), as in the paper.
            boolean identity = stage == 0 && inChannels == filters[stage];
            trunk.add(ResNetV1.residualUnit(filters[stage], stride, identity, bottleneck, RESNET_BATCH_NORM_MOMENTUM));
            for (int u = 1; u < units[stage]; u++) {
                trunk.add(ResNetV1.residualUnit(filters[stage], new Shape(1, 1), true, bottleneck,
                        RESNET_BATCH_NORM_MOMENTUM));
            }
            inChannels = filters[stage];
        }
        return trunk;
    }

    private static Block vgg(int depth) {
        int[][] arch = switch (depth) {
            case 11 -> new int[][] {{1, 64}, {1, 128}, {2, 256}, {2, 512}, {2, 512}};
            case 13 -> new int[][] {{2, 64}, {2, 128}, {2, 256}, {2, 512}, {2, 512}};
            case 16 -> new int[][] {{2, 64}, {2, 128}, {3, 256}, {3, 512}, {3, 512}};
            default -> throw new IllegalArgumentException("vgg depth " + depth + " must be 11, 13 or 16");
        };
        Block whole = VGG.builder().setNumLayers(depth).setConvArch(arch).setOutSize(1).build();
        List<Block> children = whole.getChildren().values();
        SequentialBlock trunk = new SequentialBlock();
        for (int i = 0; i < arch.length; i++) {
            SequentialBlock group = (SequentialBlock) children.get(i);
            if (i == arch.length - 1) {
                group.removeLastBlock(); // keep the last group's resolution for localisation
            }
            trunk.add(group);
        }
        return trunk;
    }

    private static Block googlenet() {
        Block whole = GoogLeNet.builder().setOutSize(1).build();
        List<Block> children = whole.getChildren().values();
        // children: five SequentialBlocks (the last ending in global average pooling), then Linear
        SequentialBlock trunk = new SequentialBlock();
        for (int i = 0; i < 5; i++) {
            SequentialBlock group = (SequentialBlock) children.get(i);
            if (i == 4) {
                group.removeLastBlock(); // its global pooling moves into the head
            }
            trunk.add(group);
        }
        return trunk;
    }
}
