package dev.sealpost.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The Local-part of RFC 5321 §4.1.2 with the UTF-8 extension of RFC 6531 §3.3: a Dot-string or a
 * Quoted-string. Values are kept dequoted; {@link #render} quotes again only when needed, as §4.1.2
 * asks ("SHOULD NOT ... be quoted unless necessary").
 */
final class LocalPart {

  /** RFC 5321 §4.5.3.1.1. */
  static final int MAX_OCTETS = 64;

  /** A local part scanned from the start of a text, and where it ended. */
  record Scanned(String value, int end) {}

  private LocalPart() {}

  static Scanned scan(String text) {
    return text.startsWith("\"") ? quoted(text) : dotString(text);
  }

  private static Scanned dotString(String text) {
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!isAtext(cp) && cp != '.') {
        break;
      }
      i += Character.charCount(cp);
    }
    String value = text.substring(0, i);
    if (!isDotString(value)) {
      throw new IllegalArgumentException("Not a valid local part: " + Ascii.show(text));
    }
    return new Scanned(value, i);
  }

  /** Quoted-string: qtextSMTP and quoted-pairSMTP ("\" %d32-126) between DQUOTEs. */
  private static Scanned quoted(String text) {
    StringBuilder value = new StringBuilder();
    int i = 1;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (cp == '"') {
        return new Scanned(value.toString(), i + 1);
      } else if (cp == '\\' && i + 1 < text.length() && text.charAt(i + 1) >= 32 && text.charAt(i + 1) <= 126) {
        value.append(text.charAt(i + 1));
        i += 2;
      } else if (isQtext(cp)) {
        value.appendCodePoint(cp);
        i += Character.charCount(cp);
      } else {
        break;
      }
    }
    throw new IllegalArgumentException("Not a valid quoted local part: " + Ascii.show(text));
  }

  /** Dot-string = Atom *("." Atom). */
  static boolean isDotString(String s) {
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return false;
    }
    return s.codePoints().allMatch(cp -> cp == '.' || isAtext(cp));
  }

  /** RFC 5322 atext, plus UTF8-non-ascii (RFC 6531 §3.3). */
  static boolean isAtext(int cp) {
    return Ascii.isAlpha(cp) || Ascii.isDigit(cp) || "!#$%&'*+-/=?^_`{|}~".indexOf(cp) >= 0 || isNonAscii(cp);
  }

  /** qtextSMTP = %d32-33 / %d35-91 / %d93-126, plus UTF8-non-ascii. */
  static boolean isQtext(int cp) {
    return (cp >= 32 && cp <= 126 && cp != '"' && cp != '\\') || isNonAscii(cp);
  }

  /** A non-ASCII scalar value; C1 controls and unpaired surrogates are refused. */
  static boolean isNonAscii(int cp) {
    return cp >= 0xA0 && (cp < 0xD800 || cp > 0xDFFF);
  }

  /** The local part as it must be written: a Dot-string if possible, else a Quoted-string. */
  static String render(String value) {
    if (isDotString(value)) {
      return value;
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  /** Refuses values that cannot be written at all, or only longer than 64 octets. */
  static void validate(String value) {
    if (!value.codePoints().allMatch(cp -> isQtext(cp) || cp == '"' || cp == '\\')) {
      throw new IllegalArgumentException("Local part has a character SMTP cannot carry: " + Ascii.show(value));
    }
    if (octets(render(value)) > MAX_OCTETS) {
      throw new IllegalArgumentException("Local part longer than 64 octets: " + Ascii.show(value));
    }
  }

  static int octets(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
