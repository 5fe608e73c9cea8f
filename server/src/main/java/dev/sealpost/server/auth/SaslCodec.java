package dev.sealpost.server.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** Strict decoding of SASL client responses: padded base64 (RFC 4648 §4), then well-formed UTF-8. */
final class SaslCodec {

  /** RFC 4616 §2 and LOGIN clients in practice: 255 octets per field is plenty. */
  static final int MAX_FIELD_OCTETS = 255;

  private SaslCodec() {}

  static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes one client line; {@code maxOctets} is checked on the encoded length first so an oversized
   * line is refused before anything is allocated.
   *
   * @throws IllegalArgumentException with a message that does not repeat the input
   */
  static byte[] decode(String line, int maxOctets) {
    if (line.length() > (maxOctets + 2) / 3 * 4) {
      throw new IllegalArgumentException("response longer than " + maxOctets + " octets");
    }
    // The JDK decoder tolerates missing padding; SASL requires it.
    if (line.length() % 4 != 0) {
      throw new IllegalArgumentException("base64 length not a multiple of 4");
    }
    try {
      return Base64.getDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid base64");
    }
  }

  /** Strict UTF-8 to chars, for passwords: no String is made, and the intermediate buffer is cleared. */
  static char[] utf8Chars(byte[] bytes, int from, int to) {
    CharBuffer chars;
    try {
      chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not valid UTF-8");
    }
    char[] out = new char[chars.remaining()];
    chars.get(out);
    if (chars.hasArray()) {
      Arrays.fill(chars.array(), '\0');
    }
    return out;
  }

  static String utf8String(byte[] bytes, int from, int to) {
    char[] chars = utf8Chars(bytes, from, to);
    return new String(chars);
  }
}
