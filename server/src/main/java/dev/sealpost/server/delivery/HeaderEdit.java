package dev.sealpost.server.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A message as it goes into a mailbox: a field added on top and some fields of its header dropped
 * (forged Authentication-Results), the body streamed untouched. The header block is read whole, at most
 * {@value #MAX_HEADER} octets; a longer one is passed on unchanged after the added field.
 */
final class HeaderEdit {

  static final int MAX_HEADER = 1 << 20;

  private HeaderEdit() {}

  /** @param drop true for a field (name and value, folding included, without CRLF) to leave out */
  static InputStream rewrite(InputStream message, String prepend, Predicate<String> drop) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    int b;
    int last3 = 0;
    boolean ended = false;
    while ((b = message.read()) >= 0) {
      header.write(b);
      last3 = (last3 << 8 | b) & 0xffffffff;
      if (last3 == 0x0d0a0d0a || (header.size() == 2 && last3 == 0x0d0a)) {
        ended = true;
        break;
      }
      if (header.size() > MAX_HEADER) {
        break;
      }
    }
    byte[] head = header.toByteArray();
    byte[] kept = ended ? filter(new String(head, StandardCharsets.ISO_8859_1), drop).getBytes(StandardCharsets.ISO_8859_1)
        : head;
    return new SequenceInputStream(new ByteArrayInputStream(
        concat(prepend.getBytes(StandardCharsets.ISO_8859_1), kept)), message);
  }

  private static String filter(String header, Predicate<String> drop) {
    StringBuilder out = new StringBuilder();
    StringBuilder field = new StringBuilder();
    for (String line : header.split("\r\n", -1)) {
      boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
      if (continuation && field.length() > 0) {
        field.append("\r\n").append(line);
        continue;
      }
      flush(out, field, drop);
      field.setLength(0);
      field.append(line);
    }
    // the split leaves the empty line and the empty tail; put the header's end back as it was
    String kept = out.toString();
    return kept + "\r\n";
  }

  private static void flush(StringBuilder out, StringBuilder field, Predicate<String> drop) {
    if (field.length() == 0) {
      return;
    }
    String f = field.toString();
    if (!drop.test(f)) {
      out.append(f).append("\r\n");
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
