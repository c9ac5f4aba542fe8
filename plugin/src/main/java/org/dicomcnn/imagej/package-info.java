/**
 * The ImageJ 1.x commands of the plugin (menu {@code Plugins > DICOM CNN}): thin adapters that
 * read a dialog or the macro options, call the same pipeline as the command line, and show the
 * result as calibrated stacks, overlays, results tables and plots.
 *
 * <p>Every command is macro-recordable; its macro keys are the constants of {@link
 * org.dicomcnn.imagej.MacroKeys}, kept apart from the dialog labels. The model is opened once
 * per ImageJ session ({@link org.dicomcnn.imagej.Session}) and reused for every image.
 *
 * <p>Research use only; not for clinical use.
 */
package org.dicomcnn.imagej;
