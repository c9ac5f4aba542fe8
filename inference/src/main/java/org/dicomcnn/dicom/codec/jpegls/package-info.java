/**
 * JPEG-LS decoding (ISO/IEC 14495-1, ITU-T T.87) for the DICOM transfer syntaxes
 * 1.2.840.10008.1.2.4.80 (lossless) and 1.2.840.10008.1.2.4.81 (near-lossless).
 *
 * <p>No maintained pure-Java JPEG-LS decoder is served by Maven Central, so
 * {@link org.dicomcnn.dicom.codec.jpegls.JpegLsDecoder} calls CharLS, the maintained C++ codec
 * that Debian ships as {@code libcharls2}, through a one-function JNI shim
 * ({@code src/main/c/charls_jni.c}). The inference module's build compiles the shim against
 * {@code libcharls-dev} into the class-path resource
 * {@code /native/linux-x86_64/libdicomcnn_charls.so}; at run time it links dynamically against
 * {@code libcharls.so.2}. Where either is missing (another OS or architecture, a build without
 * {@code libcharls-dev}, a machine without {@code libcharls2}) the decoder still loads, reports
 * {@link org.dicomcnn.dicom.codec.jpegls.JpegLsDecoder#isAvailable()} false with the reason, and
 * every decode fails with an "unsupported transfer syntax" {@link
 * org.dicomcnn.dicom.codec.CodecException} naming the UID; nothing crashes the JVM.
 */
package org.dicomcnn.dicom.codec.jpegls;
