/**
 * Reporters: per-study results written as files a person or another program can read. Findings
 * and temporal comparisons as JSON and CSV with stable snake_case field names whose units are
 * in the name ({@code diameter_mm}, {@code volume_ml}; docs/output-schemas.md), every document
 * and row naming the model, its version and its weights' SHA-256; and overlay PNGs of key
 * slices. Files are written atomically, so a cancelled run leaves no half-written file. No
 * ImageJ and no AWT window: images are drawn on a {@link java.awt.image.BufferedImage}, which
 * works headless.
 */
package org.dicomcnn.report;
