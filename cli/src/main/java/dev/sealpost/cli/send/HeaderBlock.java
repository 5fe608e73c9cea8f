package dev.sealpost.cli.send;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header section of a message read from standard input, kept as the raw lines it arrived in, for
 * {@code sendmail -t}: recipients come from To, Cc and Bcc, and Bcc is removed before sending (it
 * would otherwise tell every recipient who else got a blind copy). The body is left in the stream.
 */
final class HeaderBlock {

  /** Far beyond any real header section; a bound so that no input is buffered without limit. */
  static final int MAX_BYTES = 1 << 20;

  // Each field with its continuation lines and line endings, decoded as ISO-8859-1 so that the bytes
  // go out exactly as they came in; values are re-read as UTF-8 (RFC 6532) only to find addresses.
  private final List<String> fields;

  private HeaderBlock(List<String> fields) {
    this.fields = fields;
  }

  /** Reads up to and including the empty line that ends the header section, or to the end of input. */
  static HeaderBlock read(InputStream in) throws IOException {
    List<String> fields = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int total = 0;
    StringBuilder current = null;
    while (true) {
      line.reset();
      int c;
      while ((c = in.read()) != -1) {
        if (++total > MAX_BYTES) {
          throw new IOException("the header section is larger than " + MAX_BYTES + " bytes");
        }
        line.write(c);
        if (c == '\n') {
          break;
        }
      }
      String l = line.toString(StandardCharsets.ISO_8859_1);
      boolean empty = l.equals("\n") || l.equals("\r\n");
      if (l.isEmpty() || empty) {
        if (current != null) {
          fields.add(current.toString());
        }
        return new HeaderBlock(fields);
      }
      if ((l.startsWith(" ") || l.startsWith("\t")) && current != null) {
        current.append(l);
      } else {
        if (current != null) {
          fields.add(current.toString());
        }
        current = new StringBuilder(l);
      }
      if (c == -1) {
        fields.add(current.toString());
        return new HeaderBlock(fields);
      }
    }
  }

  /** Addresses from every To, Cc and Bcc field, in order, without duplicates. */
  List<String> recipients() throws AddressException {
    List<String> out = new ArrayList<>();
    for (String name : List.of("to", "cc", "bcc")) {
      for (String value : values(name)) {
        for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
          if (a.isGroup()) {
            for (InternetAddress member : a.getGroup(false)) {
              add(out, member.getAddress());
            }
          } else {
            add(out, a.getAddress());
          }
        }
      }
    }
    return out;
  }

  /** The first address of the From field, or null. */
  String fromAddress() throws AddressException {
    List<String> from = values("from");
    if (from.isEmpty()) {
      return null;
    }
    InternetAddress[] a = InternetAddress.parseHeader(from.getFirst(), false);
    return a.length == 0 ? null : a[0].getAddress();
  }

  boolean has(String name) {
    return !values(name).isEmpty();
  }

  /** Unfolded values of every field named {@code name} (case-insensitive). */
  List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      int colon = f.indexOf(':');
      if (colon > 0 && f.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        String value = f.substring(colon + 1).replaceAll("\r?\n[ \t]", " ").strip();
        out.add(new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** The header section as it arrived, minus Bcc fields, plus {@code extra} fields first, then the empty line. */
  byte[] withoutBcc(List<String> extra) {
    StringBuilder b = new StringBuilder();
    for (String e : extra) { // ASCII fields we generate, e.g. From for -F
      b.append(e).append("\r\n");
    }
    for (String f : fields) {
      int colon = f.indexOf(':');
      if (colon > 0 && f.substring(0, colon).trim().equalsIgnoreCase("bcc")) {
        continue;
      }
      b.append(f);
      if (!f.endsWith("\n")) {
        b.append("\r\n");
      }
    }
    b.append("\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void add(List<String> out, String address) {
    if (address != null && !address.isBlank() && !out.contains(address)) {
      out.add(address);
    }
  }
}
