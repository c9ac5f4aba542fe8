package org.dicomcnn.imagej;

import ij.IJ;
import ij.ImageListener;
import ij.ImagePlus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.DefaultModel;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;

/**
 * What the DICOM CNN commands share within one ImageJ session: the chosen model bundle and its
 * open runtime (opened on first use and reused for every image, so a batch macro loads the model
 * once), and for every image the commands opened, the series behind it and its last analysis.
 *
 * <p>ImageJ creates a new command object per menu click, so this state lives in one instance per
 * class loader. Entries of an image are dropped when the image is closed.
 */
public final class Session {

    private static final Session INSTANCE = new Session();

    /**
     * A series as Open DICOM Series opened it.
     *
     * @param index the scan of the folder it came from (the patient's other studies are there too)
     * @param patient its patient
     * @param study its study
     * @param loaded the loaded series
     * @param volume the volume shown (the largest of {@code loaded})
     * @param loadMs how long loading took
     */
    public record OpenedSeries(DicomIndex index, PatientRef patient, StudyRef study, SeriesVolumes loaded,
            Volume volume, long loadMs) {}

    private Path bundlePath;
    private DeviceChoice device = DeviceChoice.AUTO;
    private ModelBundle bundle;
    private ModelRuntime runtime;
    /** Leases of the open model not yet closed. */
    private int leases;
    private int modelOpens;
    private final Map<Integer, OpenedSeries> opened = new HashMap<>();
    private final Map<Integer, StudyAnalysis> analyses = new HashMap<>();
    private boolean listening;

    private Session() {
    }

    /** @return the session of this ImageJ */
    public static Session get() {
        return INSTANCE;
    }

    /**
     * Chooses the model for the next classification; the open runtime, if any, is closed.
     * Refused while a command holds the model ({@link #leaseRuntime}).
     *
     * @param path a bundle folder or .zip, or null for the built-in model
     * @param choice where to run it
     * @return the bundle, loaded and hash-checked
     * @throws BundleException if the bundle cannot be read, or is a candidate classifier rather
     *     than a slice classifier
     * @throws IllegalArgumentException while a command is using the open model
     */
    public synchronized ModelBundle chooseModel(Path path, DeviceChoice choice) throws BundleException {
        if (leases > 0) {
            throw new IllegalArgumentException("the model is in use by a running classification or comparison; "
                    + "choose another model when it has finished (or press Esc to stop it)");
        }
        ModelBundle b = path == null ? DefaultModel.bundle() : ModelBundle.load(path);
        if (b.manifest().input().triplanar()) {
            throw new BundleException(path + " is a candidate classifier (input sampling "
                    + Manifest.InputSpec.SAMPLING_TRIPLANAR + "); Classify needs a slice classifier");
        }
        closeRuntime();
        bundlePath = path;
        device = choice;
        bundle = b;
        return b;
    }

    /**
     * @return the chosen bundle, the built-in one when none was chosen
     * @throws BundleException if it cannot be read
     */
    public synchronized ModelBundle bundle() throws BundleException {
        if (bundle == null) {
            chooseModel(bundlePath, device);
        }
        return bundle;
    }

    /** @return the open runtime, if a classification opened one */
    public synchronized Optional<ModelRuntime> openRuntime() {
        return Optional.ofNullable(runtime);
    }

    /**
     * A command's hold on the open model: while one is held, choosing another model is refused,
     * so the model is never closed under a running classification. Closing the lease releases
     * the hold, not the model (the session owns it).
     */
    public final class ModelLease implements AutoCloseable {
        private final ModelRuntime leased;
        private boolean released;

        private ModelLease(ModelRuntime leased) {
            this.leased = leased;
        }

        /** @return the open model; do not close it */
        public ModelRuntime runtime() {
            return leased;
        }

        @Override
        public void close() {
            synchronized (Session.this) {
                if (!released) {
                    released = true;
                    leases--;
                }
            }
        }
    }

    /**
     * The open model (opened on first use), held until the lease is closed.
     *
     * <pre>{@code
     * try (Session.ModelLease model = Session.get().leaseRuntime()) {
     *     new SeriesAnalyzer(model.runtime(), ...).analyze(...);
     * }
     * }</pre>
     *
     * @return the lease
     * @throws BundleException if the bundle cannot be read
     * @throws InferenceException if the engine cannot load it
     */
    public synchronized ModelLease leaseRuntime() throws BundleException, InferenceException {
        ModelLease lease = new ModelLease(runtime());
        leases++;
        return lease;
    }

    /**
     * The open model, opened on first use.
     *
     * @return the runtime; the session owns it, callers do not close it
     * @throws BundleException if the bundle cannot be read
     * @throws InferenceException if the engine cannot load it
     */
    private synchronized ModelRuntime runtime() throws BundleException, InferenceException {
        if (runtime == null) {
            ModelBundle b = bundle();
            IJ.showStatus("DICOM CNN: opening model " + b.manifest().name() + " " + b.manifest().version());
            // DJL finds its engine and native library through the thread's context class loader;
            // in ImageJ the plugin and jars/ live in ImageJ's plugin class loader, which a
            // command's thread does not have as its context loader
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(Session.class.getClassLoader());
            try {
                runtime = ModelRuntime.open(b, device);
            } finally {
                thread.setContextClassLoader(previous);
            }
            modelOpens++;
            IJ.log("DICOM CNN: model " + b.manifest().name() + " " + b.manifest().version() + " opened on "
                    + runtime.device() + "; research use only");
        }
        return runtime;
    }

    /** @return how many times this session opened a model (once per run unless the model is changed) */
    public synchronized int modelOpens() {
        return modelOpens;
    }

    /**
     * Remembers the series behind an image.
     *
     * @param imp the image
     * @param series the series
     */
    public synchronized void register(ImagePlus imp, OpenedSeries series) {
        if (!listening) {
            ImagePlus.addImageListener(new Forget());
            listening = true;
        }
        opened.put(imp.getID(), series);
        analyses.remove(imp.getID());
    }

    /**
     * @param imp an image
     * @return the series behind it, if Open DICOM Series opened it
     */
    public synchronized Optional<OpenedSeries> series(ImagePlus imp) {
        return Optional.ofNullable(opened.get(imp.getID()));
    }

    /**
     * Remembers the last analysis of an image, unless the image was closed meanwhile (a
     * classification takes seconds): an entry for a closed image would never be dropped.
     *
     * @param imp the image
     * @param analysis its analysis
     * @return whether it was kept: false when the image is closed (or was not opened by Open
     *     DICOM Series)
     */
    public synchronized boolean putAnalysis(ImagePlus imp, StudyAnalysis analysis) {
        if (!opened.containsKey(imp.getID())) {
            return false;
        }
        analyses.put(imp.getID(), analysis);
        return true;
    }

    /**
     * @param imp an image
     * @return its last analysis, if it was classified
     */
    public synchronized Optional<StudyAnalysis> analysis(ImagePlus imp) {
        return Optional.ofNullable(analyses.get(imp.getID()));
    }

    private synchronized void closeRuntime() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    private synchronized void forget(ImagePlus imp) {
        opened.remove(imp.getID());
        analyses.remove(imp.getID());
    }

    /** Drops an image's entries when it closes, so that its volume can be collected. */
    private final class Forget implements ImageListener {
        @Override
        public void imageOpened(ImagePlus imp) {
        }

        @Override
        public void imageClosed(ImagePlus imp) {
            forget(imp);
        }

        @Override
        public void imageUpdated(ImagePlus imp) {
        }
    }
}
