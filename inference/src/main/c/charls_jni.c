/*
 * JNI shim between org.dicomcnn.dicom.codec.jpegls.JpegLsDecoder and CharLS, the JPEG-LS
 * (ISO/IEC 14495-1, ITU-T T.87) codec that Debian ships as libcharls2 (headers in libcharls-dev).
 *
 * One function, named by the JNI convention so that no generated header and no RegisterNatives
 * call is needed. It decodes one JPEG-LS stream with CharLS's C API and returns the samples in
 * CharLS's own layout (1 byte per sample up to 8 bits, else 2 bytes little-endian; planar when the
 * stream is not interleaved). JpegLsDecoder converts that layout to DICOM native form.
 *
 * Every CharLS call returns an error code and every one is checked: bad input raises a Java
 * org.dicomcnn.dicom.codec.CodecException carrying CharLS's message, never a crash. The frame the
 * stream declares is compared with what the DICOM header says (passed in from Java) before any
 * output is allocated, so a corrupt or lying header cannot make this code allocate gigabytes.
 *
 * Build (see inference/charls-build-snippet.xml):
 *   gcc -shared -fPIC -O2 -I$JAVA_HOME/include -I$JAVA_HOME/include/linux charls_jni.c \
 *       -o libdicomcnn_charls.so -lcharls
 */
#include <jni.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <charls/charls.h>

/* Layout of the int[] that reports the stream's frame to Java; JpegLsDecoder uses the same indices. */
enum {
    INFO_WIDTH = 0,
    INFO_HEIGHT = 1,
    INFO_BITS_PER_SAMPLE = 2,
    INFO_COMPONENT_COUNT = 3,
    INFO_INTERLEAVE_MODE = 4,
    INFO_NEAR_LOSSLESS = 5,
    INFO_LENGTH = 6
};

#define CODEC_EXCEPTION "org/dicomcnn/dicom/codec/CodecException"

/* Raises a Java exception of the given class with a printf-style message. */
static void throw_java(JNIEnv *env, const char *class_name, const char *format, ...) {
    char message[512];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if ((*env)->ExceptionCheck(env)) {
        return; /* keep the first exception: it names the real cause */
    }
    jclass cls = (*env)->FindClass(env, class_name);
    if (cls != NULL) {
        (*env)->ThrowNew(env, cls, message);
        (*env)->DeleteLocalRef(env, cls);
    } /* else FindClass has left NoClassDefFoundError pending */
}

/* Raises CodecException for a failed CharLS call; returns 1 when errc is an error. */
static int charls_failed(JNIEnv *env, charls_jpegls_errc errc, const char *step) {
    if (errc == CHARLS_JPEGLS_ERRC_SUCCESS) {
        return 0;
    }
    const char *text = charls_get_error_message(errc);
    throw_java(env, CODEC_EXCEPTION, "CharLS %s failed: %s (CharLS error %d)", step,
               text != NULL ? text : "no message", (int) errc);
    return 1;
}

/*
 * Whether the stream has an EOI marker (FF D9) after its last SOS marker (FF DA). Neither can occur
 * inside JPEG-LS scan data, where an FF byte is always followed by a byte below 0x80 (bit stuffing,
 * ISO/IEC 14495-1 A.1), so a stream without one was cut short. The check matters because CharLS
 * 2.4.1 spends seconds (about 5 s, whatever the image size) before it rejects scan data that runs
 * to the end of the buffer without a marker, which is what a truncated frame looks like; with
 * the marker present it fails in milliseconds. A stream without any SOS is left to CharLS, which
 * rejects it while reading the header.
 */
static int has_eoi_after_last_sos(const uint8_t *buffer, size_t size) {
    size_t sos = size;
    for (size_t i = size; i >= 2; i--) {
        if (buffer[i - 2] == 0xFF && buffer[i - 1] == 0xDA) {
            sos = i - 2;
            break;
        }
    }
    if (sos == size) {
        return 1;
    }
    for (size_t i = sos + 2; i + 1 < size; i++) {
        if (buffer[i] == 0xFF && buffer[i + 1] == 0xD9) {
            return 1;
        }
    }
    return 0;
}

/* CharLS writes 16-bit samples in host byte order; DICOM native form is little-endian. */
static void to_little_endian_16(uint8_t *buffer, size_t size) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    for (size_t i = 0; i + 1 < size; i += 2) {
        uint8_t t = buffer[i];
        buffer[i] = buffer[i + 1];
        buffer[i + 1] = t;
    }
#else
    (void) buffer;
    (void) size;
#endif
}

/*
 * Class:     org_dicomcnn_dicom_codec_jpegls_JpegLsDecoder
 * Method:    decodeNative
 * Signature: ([BIIII[I)[B
 *
 * encoded:             the JPEG-LS stream (SOI .. EOI), DICOM padding after EOI allowed
 * expected_width:      Columns from the DICOM header
 * expected_height:     Rows
 * expected_components: Samples per Pixel
 * max_bits:            Bits Allocated; the stream's sample precision must not exceed it
 * info_out:            int[6] receiving width, height, bits per sample, component count,
 *                      interleave mode (0 none, 1 line, 2 sample) and NEAR of the stream
 * returns:             the decoded samples, or NULL with a Java exception pending
 */
JNIEXPORT jbyteArray JNICALL Java_org_dicomcnn_dicom_codec_jpegls_JpegLsDecoder_decodeNative(
        JNIEnv *env, jclass cls, jbyteArray encoded, jint expected_width, jint expected_height,
        jint expected_components, jint max_bits, jintArray info_out) {
    (void) cls;
    jbyteArray result = NULL;
    uint8_t *source = NULL;
    uint8_t *destination = NULL;
    charls_jpegls_decoder *decoder = NULL;

    if (encoded == NULL || info_out == NULL) {
        throw_java(env, "java/lang/NullPointerException", "encoded frame and info array are required");
        return NULL;
    }
    if ((*env)->GetArrayLength(env, info_out) < INFO_LENGTH) {
        throw_java(env, "java/lang/IllegalArgumentException", "info array must hold %d ints", INFO_LENGTH);
        return NULL;
    }
    const jsize source_size = (*env)->GetArrayLength(env, encoded);
    if (source_size == 0) {
        throw_java(env, CODEC_EXCEPTION, "JPEG-LS frame is empty (0 bytes); expected a stream starting with SOI (FFD8)");
        return NULL;
    }

    /* A private copy: CharLS may take a while, and a JNI critical section would stall the GC. */
    source = malloc((size_t) source_size);
    if (source == NULL) {
        throw_java(env, "java/lang/OutOfMemoryError", "cannot allocate %d bytes for a JPEG-LS frame", (int) source_size);
        goto done;
    }
    (*env)->GetByteArrayRegion(env, encoded, 0, source_size, (jbyte *) source);
    if ((*env)->ExceptionCheck(env)) {
        goto done;
    }

    if (!has_eoi_after_last_sos(source, (size_t) source_size)) {
        throw_java(env, CODEC_EXCEPTION,
                   "JPEG-LS stream of %d bytes has no EOI marker (FFD9) after its last scan; the frame is truncated",
                   (int) source_size);
        goto done;
    }

    decoder = charls_jpegls_decoder_create();
    if (decoder == NULL) {
        throw_java(env, "java/lang/OutOfMemoryError", "CharLS could not create a decoder");
        goto done;
    }
    if (charls_failed(env, charls_jpegls_decoder_set_source_buffer(decoder, source, (size_t) source_size),
                      "set_source_buffer")
            || charls_failed(env, charls_jpegls_decoder_read_header(decoder), "read_header")) {
        goto done;
    }

    charls_frame_info frame;
    charls_interleave_mode interleave_mode;
    int32_t near_lossless = 0;
    if (charls_failed(env, charls_jpegls_decoder_get_frame_info(decoder, &frame), "get_frame_info")
            || charls_failed(env, charls_jpegls_decoder_get_interleave_mode(decoder, &interleave_mode),
                             "get_interleave_mode")
            || charls_failed(env, charls_jpegls_decoder_get_near_lossless(decoder, 0, &near_lossless),
                             "get_near_lossless")) {
        goto done;
    }

    const jint info[INFO_LENGTH] = {
        (jint) frame.width, (jint) frame.height, frame.bits_per_sample, frame.component_count,
        (jint) interleave_mode, near_lossless};
    (*env)->SetIntArrayRegion(env, info_out, 0, INFO_LENGTH, info);
    if ((*env)->ExceptionCheck(env)) {
        goto done;
    }

    /* Check the stream against the DICOM header before allocating anything it asks for. */
    if ((int64_t) frame.width != expected_width || (int64_t) frame.height != expected_height) {
        throw_java(env, CODEC_EXCEPTION,
                   "JPEG-LS frame header declares %u x %u pixels (columns x rows), the DICOM header %d x %d",
                   frame.width, frame.height, (int) expected_width, (int) expected_height);
        goto done;
    }
    if (frame.component_count != expected_components) {
        throw_java(env, CODEC_EXCEPTION,
                   "JPEG-LS frame header declares %d components, the DICOM header %d samples per pixel",
                   frame.component_count, (int) expected_components);
        goto done;
    }
    if (frame.bits_per_sample < 2 || frame.bits_per_sample > 16 || frame.bits_per_sample > max_bits) {
        throw_java(env, CODEC_EXCEPTION,
                   "JPEG-LS frame header declares %d bits per sample; expected 2..%d (the DICOM header's Bits Allocated, at most 16)",
                   frame.bits_per_sample, (int) (max_bits < 16 ? max_bits : 16));
        goto done;
    }
    if (interleave_mode != CHARLS_INTERLEAVE_MODE_NONE && interleave_mode != CHARLS_INTERLEAVE_MODE_LINE
            && interleave_mode != CHARLS_INTERLEAVE_MODE_SAMPLE) {
        throw_java(env, CODEC_EXCEPTION, "JPEG-LS stream has interleave mode %d; expected 0 (none), 1 (line) or 2 (sample)",
                   (int) interleave_mode);
        goto done;
    }

    const uint64_t bytes_per_sample = frame.bits_per_sample > 8 ? 2 : 1;
    const uint64_t expected_size = (uint64_t) frame.width * frame.height * (uint64_t) frame.component_count
            * bytes_per_sample;
    if (expected_size > (uint64_t) INT32_MAX - 8) {
        throw_java(env, CODEC_EXCEPTION, "JPEG-LS frame of %llu bytes exceeds the 2 GiB a Java array can hold",
                   (unsigned long long) expected_size);
        goto done;
    }
    size_t destination_size = 0;
    if (charls_failed(env, charls_jpegls_decoder_get_destination_size(decoder, 0, &destination_size),
                      "get_destination_size")) {
        goto done;
    }
    if ((uint64_t) destination_size != expected_size) {
        throw_java(env, CODEC_EXCEPTION, "CharLS asks for a %zu-byte buffer, the frame header implies %llu bytes",
                   destination_size, (unsigned long long) expected_size);
        goto done;
    }

    destination = malloc(destination_size);
    if (destination == NULL) {
        throw_java(env, "java/lang/OutOfMemoryError", "cannot allocate %zu bytes for a decoded JPEG-LS frame",
                   destination_size);
        goto done;
    }
    if (charls_failed(env, charls_jpegls_decoder_decode_to_buffer(decoder, destination, destination_size, 0),
                      "decode_to_buffer")) {
        goto done;
    }
    if (bytes_per_sample == 2) {
        to_little_endian_16(destination, destination_size);
    }

    result = (*env)->NewByteArray(env, (jsize) destination_size);
    if (result == NULL) {
        goto done; /* OutOfMemoryError pending */
    }
    (*env)->SetByteArrayRegion(env, result, 0, (jsize) destination_size, (const jbyte *) destination);
    if ((*env)->ExceptionCheck(env)) {
        (*env)->DeleteLocalRef(env, result);
        result = NULL;
    }

done:
    charls_jpegls_decoder_destroy(decoder); /* accepts NULL */
    free(destination);
    free(source);
    return result;
}
