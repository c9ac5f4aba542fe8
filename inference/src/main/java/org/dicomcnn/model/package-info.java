/**
 * Model bundles and the DJL runtime that runs them.
 *
 * <p>A <em>model bundle</em> is a folder (or a {@code .zip} of one) holding a JSON
 * {@link org.dicomcnn.model.Manifest} and one weights file: DJL parameters for the networks
 * {@link org.dicomcnn.model.Architectures} builds (trained by the {@code training} module), or a
 * TorchScript file exported from PyTorch. {@link org.dicomcnn.model.ModelBundle#load} checks the
 * manifest and the weights' SHA-256 and refuses a bad bundle with a
 * {@link org.dicomcnn.model.BundleException} that says what is wrong.
 *
 * <p>{@link org.dicomcnn.model.ModelRuntime} runs a bundle with DJL's PyTorch engine on the
 * device a {@link org.dicomcnn.model.DeviceChoice} names. The runtime never sees domain types:
 * it takes batches as plain {@code float[]} (N&times;C&times;H&times;W, already windowed and
 * normalised as the manifest's {@link org.dicomcnn.model.Manifest.InputSpec} says) and returns
 * plain Java arrays and records. Every call works in its own {@code NDManager} sub-scope, so no
 * native memory outlives it. {@link org.dicomcnn.model.EngineSetup} starts the engine offline
 * and with a fixed thread count, which makes CPU results bitwise reproducible.
 *
 * <p>The bundle format is documented for people in {@code docs/model-bundles.md}.
 */
package org.dicomcnn.model;
