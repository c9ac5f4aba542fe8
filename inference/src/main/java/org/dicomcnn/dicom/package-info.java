/**
 * Reading DICOM: scanning folder trees into a Patient &gt; Study &gt; Series index without decoding
 * pixels ({@link org.dicomcnn.dicom.DicomIndex}), reading one file's header and locating its
 * pixel data ({@link org.dicomcnn.dicom.DicomFileReader}), describing its image pixel module and
 * per-frame geometry ({@link org.dicomcnn.dicom.ImageDescription}), and decoding frames to
 * floating-point voxel values ({@link org.dicomcnn.dicom.FrameReader}).
 *
 * <p>PixelMed parses headers; pixel data is read from the file directly (native syntaxes) or
 * through the decoders of {@link org.dicomcnn.dicom.codec}. Every size a file declares is checked
 * against the bytes it holds before memory is allocated for it. Patient identifiers never appear
 * in exception messages or logs; file paths and UIDs do.
 */
package org.dicomcnn.dicom;
