package org.dicomcnn.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default model: the bundle trained by {@code bin/train-default-model} on phantoms and
 * shipped inside this jar (resources {@value #RESOURCE_FOLDER}), used when the user names no
 * model. Its model card is {@code docs/model-card.md}.
 *
 * <p>DJL loads weights from files, so the first use copies the bundle's manifest and weights into
 * a cache folder ({@code -Ddicomcnn.model.cache}, {@code $XDG_CACHE_HOME/dicomcnn/models} or
 * {@code ~/.cache/dicomcnn/models}; one sub-folder per manifest hash) and later uses load it from there; the usual SHA-256 check
 * of {@link ModelBundle#load} guards against a damaged copy.
 *
 * <pre>{@code
 * ModelBundle bundle = DefaultModel.bundle();
 * }</pre>
 */
public final class DefaultModel {

    /** Where the bundle lies on the class path. */
    public static final String RESOURCE_FOLDER = "/org/dicomcnn/model/default/";

    /** System property naming the folder unpacked bundles go to. */
    public static final String CACHE_PROPERTY = "dicomcnn.model.cache";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultModel.class);

    private DefaultModel() {}

    /**
     * The default bundle, unpacked into the user's cache on first use.
     *
     * @return the checked bundle
     * @throws BundleException if this build carries no default model or it cannot be unpacked
     */
    public static ModelBundle bundle() throws BundleException {
        return bundle(cacheRoot());
    }

    /**
     * The default bundle, unpacked under a given cache folder.
     *
     * @param cacheRoot the folder that holds unpacked bundles
     * @return the checked bundle
     * @throws BundleException if this build carries no default model or it cannot be unpacked
     */
    public static ModelBundle bundle(Path cacheRoot) throws BundleException {
        Manifest manifest;
        byte[] json;
        try (InputStream in = resource(Manifest.FILE_NAME)) {
            json = in.readAllBytes();
            manifest = Manifest.parse(new ByteArrayInputStream(json), "the default model's " + Manifest.FILE_NAME);
        } catch (BundleException e) {
            throw e;
        } catch (IOException e) {
            throw new BundleException("the default model's manifest cannot be read from the class path: "
                    + e.getMessage());
        }
        // keyed by the manifest, which names every weights file's hash: a new stage or a new
        // operating point is a new folder
        String sha = sha256(json);
        Path target = cacheRoot.resolve(manifest.name() + "-" + manifest.version() + "-" + sha.substring(0, 12));
        if (Files.isDirectory(target)) {
            try {
                return ModelBundle.load(target);
            } catch (BundleException e) {
                LOG.warn("the cached default model in {} is damaged ({}); unpacking it again", target, e.getMessage());
                delete(target);
            }
        }
        try {
            Files.createDirectories(cacheRoot);
            Path tmp = Files.createTempDirectory(cacheRoot, ".unpacking-");
            try {
                try (InputStream in = resource(Manifest.FILE_NAME)) {
                    Files.copy(in, tmp.resolve(Manifest.FILE_NAME));
                }
                for (Manifest.Weights w : manifest.allWeights()) {
                    try (InputStream in = resource(w.file())) {
                        Files.copy(in, tmp.resolve(w.file()));
                    }
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // Another process unpacked it first; theirs is as good as ours.
                    LOG.debug("default model already unpacked in {}", target);
                } catch (IOException e) {
                    if (!Files.isDirectory(target)) {
                        throw e;
                    }
                }
            } finally {
                delete(tmp);
            }
        } catch (IOException e) {
            throw new BundleException("the default model cannot be unpacked into " + cacheRoot + ": " + e.getMessage());
        }
        LOG.info("default model {} {} unpacked into {}", manifest.name(), manifest.version(), target);
        return ModelBundle.load(target);
    }

    /**
     * {@code -D}{@value #CACHE_PROPERTY}, else {@code $XDG_CACHE_HOME/dicomcnn/models}, else
     * {@code ~/.cache/dicomcnn/models}.
     */
    static Path cacheRoot() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("dicomcnn").resolve("models");
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DefaultModel.class.getResourceAsStream(RESOURCE_FOLDER + name);
        if (in == null) {
            throw new IOException(RESOURCE_FOLDER + name + " is not on the class path; this build has no default model"
                    + " (bin/train-default-model makes one)");
        }
        return in;
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.getMessage());
        }
    }
}
