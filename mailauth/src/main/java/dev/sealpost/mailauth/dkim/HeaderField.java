package dev.sealpost.mailauth.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One header field as it came, folding included, without its final CRLF: what simple canonicalization
 * signs and relaxed canonicalization rewrites (RFC 6376 §3.4).
 */
record HeaderField(String name, String raw) {

  /** The lower-case field name. */
  String key() {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The text after the colon, unfolded. */
  String value() {
    return raw.substring(raw.indexOf(':') + 1).replace("\r\n", "");
  }

  /** The parsed header block and where the body starts. */
  record Block(List<HeaderField> fields, int bodyOffset) {}

  /**
   * Splits the header block of {@code message} (CRLF lines; a bare LF is taken as a line end too) into
   * fields; a line without a colon that is not a continuation ends the header, as the body would.
   *
   * @param maxFields fields beyond this are refused, so a hostile message cannot make us index forever
   */
  static Block parse(byte[] message, int maxFields) {
    List<HeaderField> fields = new ArrayList<>();
    int pos = 0;
    StringBuilder current = null;
    while (pos < message.length) {
      int end = pos;
      while (end < message.length && message[end] != '\n') {
        end++;
      }
      int lineEnd = end > pos && message[end - 1] == '\r' ? end - 1 : end;
      String line = new String(message, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
      int next = Math.min(end + 1, message.length);
      if (line.isEmpty()) {
        flush(fields, current, maxFields);
        return new Block(fields, next);
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
        current.append("\r\n").append(line);
      } else if (line.indexOf(':') > 0) {
        flush(fields, current, maxFields);
        current = new StringBuilder(line);
      } else {
        flush(fields, current, maxFields);
        return new Block(fields, pos); // not a header line: the body starts here
      }
      pos = next;
    }
    flush(fields, current, maxFields);
    return new Block(fields, message.length);
  }

  private static void flush(List<HeaderField> fields, StringBuilder current, int maxFields) {
    if (current == null) {
      return;
    }
    if (fields.size() >= maxFields) {
      throw new IllegalArgumentException("more than " + maxFields + " header fields");
    }
    String raw = current.toString();
    fields.add(new HeaderField(raw.substring(0, raw.indexOf(':')).strip(), raw));
    current.setLength(0);
  }
}
