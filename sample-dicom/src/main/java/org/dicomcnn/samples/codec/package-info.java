/**
 * Lossless encoders for the compressed transfer syntaxes the generator can write: RLE Lossless
 * (PS3.5 Annex G), JPEG Lossless process 14 selection value 1 (ITU-T T.81 Annex H, PS3.5
 * A.4.1) and JPEG 2000 lossless (5/3 wavelet, via jai-imageio, PS3.5 A.4.4). Each turns one
 * frame of unsigned 16-bit stored values into the bytes of one encapsulated fragment.
 */
package org.dicomcnn.samples.codec;
