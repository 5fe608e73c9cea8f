package dev.sealpost.server.spool;

import java.nio.charset.StandardCharsets;

/**
 * The spool file layout: {@code "SEALPOST-SPOOL 1\n"}, the length of the envelope JSON in decimal and
 * {@code "\n"}, the JSON, then the message exactly as received. The length prefix lets a reader find the
 * body without scanning it, and the bound lets it refuse a damaged length before allocating.
 */
final class SpoolFormat {

  static final byte[] MAGIC = "SEALPOST-SPOOL 1\n".getBytes(StandardCharsets.US_ASCII);
  static final int MAX_HEADER_JSON = 1 << 20;
  /** Digits of MAX_HEADER_JSON: a longer length line is corrupt without parsing it. */
  static final int MAX_LENGTH_DIGITS = 7;

  private SpoolFormat() {}

  /** The bytes before the body for an envelope serialized as {@code json}. */
  static byte[] header(byte[] json) {
    if (json.length > MAX_HEADER_JSON) {
      throw new IllegalArgumentException("envelope JSON of " + json.length + " bytes exceeds " + MAX_HEADER_JSON);
    }
    byte[] length = (json.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[MAGIC.length + length.length + json.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    System.arraycopy(length, 0, out, MAGIC.length, length.length);
    System.arraycopy(json, 0, out, MAGIC.length + length.length, json.length);
    return out;
  }
}
