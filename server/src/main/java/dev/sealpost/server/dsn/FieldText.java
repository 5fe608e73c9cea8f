package dev.sealpost.server.dsn;

import dev.sealpost.protocol.Xtext;
import java.nio.charset.StandardCharsets;

/**
 * Makes untrusted text (remote replies, host names, decoded parameters) safe for one header-style field
 * line: printable US-ASCII only, no CR or LF, bounded. What a remote server says can therefore never
 * start a line of its own, so it can inject neither a field nor a MIME boundary.
 */
final class FieldText {

  /** Longest diagnostic kept: far below the 998-octet line limit once the field name is added. */
  static final int MAX_DIAGNOSTIC = 512;
  static final int MAX_NAME = 255;

  private FieldText() {}

  /** Controls and whitespace become one space, other non-ASCII becomes "?", cut to {@code max} chars. */
  static String clean(String text, int max) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), max + 8));
    boolean space = false;
    for (int i = 0; i < text.length() && b.length() < max; i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = b.length() > 0;
        continue;
      }
      if (space) {
        b.append(' ');
        space = false;
      }
      b.append(c < 0x7f ? c : '?');
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // one "?" for the whole code point
      }
    }
    if (b.length() >= max) {
      b.setLength(max - 3);
      b.append("...");
    }
    return b.toString();
  }

  /** A host name or address literal for Reporting-MTA or Remote-MTA; only its characters survive. */
  static String hostName(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length() && b.length() < MAX_NAME; i++) {
      char c = name.charAt(i);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-.:[]_".indexOf(c) >= 0)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * An address as "type;address" for Original-Recipient or Final-Recipient. ASCII addresses use rfc822;
   * others use the utf-8-addr-xtext of RFC 6533 §3, which keeps message/delivery-status 7-bit.
   */
  static String typedAddress(String address) {
    if (StandardCharsets.US_ASCII.newEncoder().canEncode(address)) {
      return "rfc822;" + clean(address, MAX_NAME * 2);
    }
    return "utf-8;" + clean(Xtext.encodeUtf8Address(address), MAX_NAME * 4);
  }

  /**
   * The stored ORCPT value ("addr-type;xtext") as the Original-Recipient field wants it: xtext decoded
   * (RFC 3461 §4), utf-8 left in its 7-bit utf-8-addr-xtext form. A value that does not decode is
   * shown as stored rather than dropped: the sender asked for it.
   */
  static String originalRecipient(String orcpt) {
    int semi = orcpt.indexOf(';');
    String type = semi < 0 ? "rfc822" : clean(orcpt.substring(0, semi), 64);
    String value = orcpt.substring(semi + 1);
    if (type.equalsIgnoreCase("utf-8")) {
      return "utf-8;" + clean(value, MAX_NAME * 4);
    }
    try {
      String decoded = Xtext.decode(value);
      return type.equalsIgnoreCase("rfc822") ? typedAddress(decoded) : type + ";" + clean(decoded, MAX_NAME * 2);
    } catch (IllegalArgumentException e) {
      return type + ";" + clean(value, MAX_NAME * 2);
    }
  }
}
