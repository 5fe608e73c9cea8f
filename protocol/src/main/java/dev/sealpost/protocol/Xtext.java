package dev.sealpost.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The xtext encoding of RFC 3461 §4 (ENVID, ORCPT, AUTH=): octets 33..126 but "+" and "=" stand for
 * themselves, any other octet is "+XX". Also the utf-8-addr-xtext of RFC 6533 §3 for ORCPT=utf-8;
 * where "\x{HEX}" stands for a code point. Public because the spool stores these values encoded.
 */
public final class Xtext {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Xtext() {}

  /** Encodes the UTF-8 octets of {@code text}; refuses unpaired surrogates. */
  public static String encode(String text) {
    StringBuilder b = new StringBuilder();
    for (byte octet : utf8(text)) {
      int c = octet & 0xff;
      if (c >= 33 && c <= 126 && c != '+' && c != '=') {
        b.append((char) c);
      } else {
        b.append('+').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return b.toString();
  }

  /**
   * Decodes xtext into the string its octets spell in UTF-8. Lower-case hex digits are tolerated,
   * though RFC 3461 asks senders for upper case.
   *
   * @throws IllegalArgumentException naming the text when it is not xtext or not UTF-8
   */
  public static String decode(String xtext) {
    Objects.requireNonNull(xtext, "xtext");
    ByteArrayOutputStream out = new ByteArrayOutputStream(xtext.length());
    for (int i = 0; i < xtext.length(); i++) {
      char c = xtext.charAt(i);
      if (c == '+' && i + 2 < xtext.length()
          && Ascii.isHex(xtext.charAt(i + 1)) && Ascii.isHex(xtext.charAt(i + 2))) {
        out.write(Integer.parseInt(xtext, i + 1, i + 3, 16));
        i += 2;
      } else if (c >= 33 && c <= 126 && c != '+' && c != '=') {
        out.write(c);
      } else {
        throw new IllegalArgumentException("Not valid xtext: " + Ascii.show(xtext));
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("xtext does not decode to UTF-8: " + Ascii.show(xtext), e);
    }
  }

  /** RFC 6533 utf-8-addr-xtext: QCHAR as is, every other code point as "\x{HEX}". Pure ASCII. */
  public static String encodeUtf8Address(String address) {
    StringBuilder b = new StringBuilder();
    address.codePoints().forEach(cp -> {
      if (isQchar(cp)) {
        b.append((char) cp);
      } else {
        b.append("\\x{").append(Integer.toHexString(cp).toUpperCase(Locale.ROOT)).append('}');
      }
    });
    return b.toString();
  }

  /**
   * Decodes RFC 6533 utf-8-addr-xtext or utf-8-addr-unitext (raw UTF-8 is allowed as is).
   *
   * @throws IllegalArgumentException naming the text when it is malformed
   */
  public static String decodeUtf8Address(String text) {
    Objects.requireNonNull(text, "text");
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (cp == '\\' && text.startsWith("\\x{", i)) {
        int close = text.indexOf('}', i);
        int value = close < 0 ? -1 : codePoint(text.substring(i + 3, close));
        if (value < 0) {
          throw new IllegalArgumentException("Not valid utf-8-addr-xtext: " + Ascii.show(text));
        }
        b.appendCodePoint(value);
        i = close + 1;
      } else if (isQchar(cp) || LocalPart.isNonAscii(cp)) {
        b.appendCodePoint(cp);
        i += Character.charCount(cp);
      } else {
        throw new IllegalArgumentException("Not valid utf-8-addr-xtext: " + Ascii.show(text));
      }
    }
    return b.toString();
  }

  /** QCHAR = %x21-2a / %x2c-3c / %x3e-5b / %x5d-7e: printable ASCII but "+", "=" and "\". */
  private static boolean isQchar(int cp) {
    return cp >= 0x21 && cp <= 0x7e && cp != '+' && cp != '=' && cp != '\\';
  }

  /** 1 to 6 hex digits naming a Unicode scalar value; -1 otherwise. */
  private static int codePoint(String hex) {
    if (hex.isEmpty() || hex.length() > 6 || !hex.chars().allMatch(Ascii::isHex)) {
      return -1;
    }
    int cp = Integer.parseInt(hex, 16);
    return cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? -1 : cp;
  }

  private static byte[] utf8(String text) {
    try {
      ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("Not well-formed UTF-16 (unpaired surrogate): " + Ascii.show(text), e);
    }
  }
}
