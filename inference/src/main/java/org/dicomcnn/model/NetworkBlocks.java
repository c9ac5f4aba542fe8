package org.dicomcnn.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A network split in two: the {@code trunk}, a convolutional feature extractor producing
 * N&times;K&times;h&times;w feature maps, and the {@code head}, global average pooling, flatten and
 * one fully connected layer producing N&times;classes logits. The full network is
 * {@code SequentialBlock(trunk, head)} ({@link #network()}): the structure whose parameters the
 * training module saves and {@link ModelRuntime} loads, and the split Grad-CAM needs.
 *
 * @param trunk the feature extractor
 * @param head the pooling and classification layers
 */
public record NetworkBlocks(Block trunk, Block head) {

    /** Checks both parts are present. */
    public NetworkBlocks {
        if (trunk == null || head == null) {
            throw new IllegalArgumentException("trunk and head are both required; got trunk " + trunk + ", head " + head);
        }
    }

    /**
     * The full network over this trunk and head. Each call wraps the same two blocks in a new
     * {@link SequentialBlock}; initialise, train and save one of them.
     *
     * @return {@code SequentialBlock(trunk, head)}
     */
    public SequentialBlock network() {
        return new SequentialBlock().add(trunk).add(head);
    }
}
