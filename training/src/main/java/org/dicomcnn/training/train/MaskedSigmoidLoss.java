package org.dicomcnn.training.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Binary cross-entropy on logits, one sigmoid per class, averaged over the labels that are
 * known: the labels list holds the targets and a mask (1 known, 0 unknown), both batch x
 * classes. Unknown labels (slices at a lesion's edge, slices of a series labelled only as a whole)
 * contribute nothing. Computed in the numerically stable form
 * {@code max(x, 0) - x * y + log(1 + exp(-|x|))}.
 */
public final class MaskedSigmoidLoss extends Loss {

    /** Creates the loss. */
    public MaskedSigmoidLoss() {
        super("MaskedSigmoidBCE");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray x = predictions.singletonOrThrow();
        NDArray y = labels.get(0);
        NDArray mask = labels.get(1);
        NDArray loss = x.maximum(0).sub(x.mul(y)).add(x.abs().neg().exp().add(1).log());
        NDArray known = mask.sum().maximum(1);
        return loss.mul(mask).sum().div(known);
    }
}
