package org.dicomcnn.samples.phantom;

/**
 * A reconstruction kernel as the phantom models it: the texture of its noise (white noise
 * filtered by a narrow Gaussian minus a fraction of a wider one, a band-pass whose power goes
 * towards zero at the lowest frequencies as CT noise does) and how much noisier it is than the
 * standard kernel at the same dose.
 */
public enum ReconstructionKernel {

    /** Soft-tissue kernel: medium-grain noise. */
    STANDARD("STANDARD", 1.0, 3.0, 0.55, 1.0),

    /** Sharp lung kernel: fine-grain, stronger noise. */
    LUNG("LUNG", 0.55, 1.8, 0.45, 1.7);

    private final String dicomName;
    private final double narrowSigmaPx;
    private final double wideSigmaPx;
    private final double wideWeight;
    private final double noiseFactor;

    ReconstructionKernel(String dicomName, double narrowSigmaPx, double wideSigmaPx, double wideWeight,
            double noiseFactor) {
        this.dicomName = dicomName;
        this.narrowSigmaPx = narrowSigmaPx;
        this.wideSigmaPx = wideSigmaPx;
        this.wideWeight = wideWeight;
        this.noiseFactor = noiseFactor;
    }

    /** @return the Convolution Kernel (0018,1210) value */
    public String dicomName() {
        return dicomName;
    }

    /** @return sigma of the narrow Gaussian, pixels */
    public double narrowSigmaPx() {
        return narrowSigmaPx;
    }

    /** @return sigma of the wide Gaussian, pixels */
    public double wideSigmaPx() {
        return wideSigmaPx;
    }

    /** @return weight of the wide Gaussian subtracted from the narrow one */
    public double wideWeight() {
        return wideWeight;
    }

    /** @return noise standard deviation relative to {@link #STANDARD} */
    public double noiseFactor() {
        return noiseFactor;
    }
}
