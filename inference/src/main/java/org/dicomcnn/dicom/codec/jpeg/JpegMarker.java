package org.dicomcnn.dicom.codec.jpeg;

/**
 * The marker codes of ITU-T T.81 Table B.1 (the byte after 0xFF) and the names used in
 * messages.
 */
final class JpegMarker {

    /** Start of frame, baseline DCT (process 1). */
    static final int SOF0 = 0xC0;
    /** Start of frame, extended sequential DCT, Huffman coding. */
    static final int SOF1 = 0xC1;
    /** Start of frame, progressive DCT, Huffman coding. */
    static final int SOF2 = 0xC2;
    /** Start of frame, lossless (sequential), Huffman coding. */
    static final int SOF3 = 0xC3;
    /** Define Huffman tables (B.2.4.2). */
    static final int DHT = 0xC4;
    /** Reserved for JPEG extensions; not a start of frame. */
    static final int JPG = 0xC8;
    /** Define arithmetic coding conditioning (B.2.4.3). */
    static final int DAC = 0xCC;
    /** First restart marker RST0; RST0..RST7 are 0xD0..0xD7 (B.2.1). */
    static final int RST0 = 0xD0;
    /** Last restart marker RST7. */
    static final int RST7 = 0xD7;
    /** Start of image. */
    static final int SOI = 0xD8;
    /** End of image. */
    static final int EOI = 0xD9;
    /** Start of scan (B.2.3). */
    static final int SOS = 0xDA;
    /** Define quantization tables (B.2.4.1). */
    static final int DQT = 0xDB;
    /** Define number of lines (B.2.5). */
    static final int DNL = 0xDC;
    /** Define restart interval (B.2.4.4). */
    static final int DRI = 0xDD;
    /** Define hierarchical progression (B.3.2). */
    static final int DHP = 0xDE;
    /** Expand reference components (B.3.3). */
    static final int EXP = 0xDF;
    /** First application segment APP0; APP0..APP15 are 0xE0..0xEF. */
    static final int APP0 = 0xE0;
    /** Last application segment APP15. */
    static final int APP15 = 0xEF;
    /** First JPEG extension JPG0; JPG0..JPG13 are 0xF0..0xFD. */
    static final int JPG0 = 0xF0;
    /** Last JPEG extension JPG13. */
    static final int JPG13 = 0xFD;
    /** Comment. */
    static final int COM = 0xFE;
    /** Temporary private use in arithmetic coding; a marker without a length. */
    static final int TEM = 0x01;

    private JpegMarker() {}

    /** True for the sixteen codes 0xC0..0xCF that start a frame (all but DHT, JPG and DAC). */
    static boolean isStartOfFrame(int code) {
        return code >= 0xC0 && code <= 0xCF && code != DHT && code != JPG && code != DAC;
    }

    /**
     * The frame marker's name and the coding process it selects (T.81 Table B.1), e.g.
     * "SOF2 (progressive DCT)".
     */
    static String processName(int sofCode) {
        return switch (sofCode) {
            case 0xC0 -> "SOF0 (baseline DCT)";
            case 0xC1 -> "SOF1 (extended sequential DCT)";
            case 0xC2 -> "SOF2 (progressive DCT)";
            case 0xC3 -> "SOF3 (lossless)";
            case 0xC5 -> "SOF5 (hierarchical differential sequential DCT)";
            case 0xC6 -> "SOF6 (hierarchical differential progressive DCT)";
            case 0xC7 -> "SOF7 (hierarchical differential lossless)";
            case 0xC9 -> "SOF9 (extended sequential DCT, arithmetic coding)";
            case 0xCA -> "SOF10 (progressive DCT, arithmetic coding)";
            case 0xCB -> "SOF11 (lossless, arithmetic coding)";
            case 0xCD -> "SOF13 (hierarchical differential sequential DCT, arithmetic coding)";
            case 0xCE -> "SOF14 (hierarchical differential progressive DCT, arithmetic coding)";
            case 0xCF -> "SOF15 (hierarchical differential lossless, arithmetic coding)";
            default -> name(sofCode);
        };
    }

    /** A marker's mnemonic for messages, e.g. "DHT", "RST3", "APP1", or "0xFF02". */
    static String name(int code) {
        if (code >= RST0 && code <= RST7) {
            return "RST" + (code - RST0);
        }
        if (code >= APP0 && code <= APP15) {
            return "APP" + (code - APP0);
        }
        if (code >= JPG0 && code <= JPG13) {
            return "JPG" + (code - JPG0);
        }
        if (isStartOfFrame(code)) {
            return "SOF" + (code - SOF0);
        }
        return switch (code) {
            case DHT -> "DHT";
            case JPG -> "JPG";
            case DAC -> "DAC";
            case SOI -> "SOI";
            case EOI -> "EOI";
            case SOS -> "SOS";
            case DQT -> "DQT";
            case DNL -> "DNL";
            case DRI -> "DRI";
            case DHP -> "DHP";
            case EXP -> "EXP";
            case COM -> "COM";
            case TEM -> "TEM";
            default -> String.format("0xFF%02X", code);
        };
    }
}
