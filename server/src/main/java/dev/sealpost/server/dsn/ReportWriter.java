package dev.sealpost.server.dsn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Writes the fixed multipart/report structure by hand (RFC 6522 §3, RFC 2046 §5.1.1): three parts, a
 * boundary drawn at random and redrawn until no part contains it.
 */
final class ReportWriter {

  private static final char[] BOUNDARY_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /** The top-level header fields that vary. */
  record Headers(String host, String to, String subject, Instant date) {
    Headers {
      if (to.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("reverse-path has a control character: " + to.replaceAll("\\p{Cntrl}", "?"));
      }
    }
  }

  private final RandomGenerator random;

  ReportWriter(RandomGenerator random) {
    this.random = random;
  }

  byte[] write(Headers h, String text, String status, Optional<ReturnedContent> returned) {
    byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] statusBytes = status.getBytes(StandardCharsets.US_ASCII);
    byte[] original = returned.map(ReturnedContent::bytes).orElse(new byte[0]);
    String boundary;
    do {
      boundary = "=_sealpost_" + token(24);
    } while (contains(textBytes, boundary) || contains(statusBytes, boundary) || contains(original, boundary));

    ByteArrayOutputStream out = new ByteArrayOutputStream(textBytes.length + statusBytes.length + original.length + 2048);
    boolean textEightBit = eightBit(textBytes);
    boolean originalEightBit = eightBit(original);
    line(out, "Date: " + DeliveryStatusFields.DATE.format(h.date()));
    line(out, "From: Mail Delivery System <MAILER-DAEMON@" + h.host() + ">");
    line(out, "To: <" + h.to() + ">");
    line(out, "Subject: " + h.subject());
    line(out, "Message-ID: <" + h.date().toEpochMilli() + "." + token(16) + "@" + h.host() + ">");
    line(out, "Auto-Submitted: auto-replied"); // RFC 3834 §5: no automatic answer to this
    line(out, "MIME-Version: 1.0");
    line(out, "Content-Type: multipart/report; report-type=delivery-status;");
    line(out, "\tboundary=\"" + boundary + "\"");
    line(out, "Content-Transfer-Encoding: " + (textEightBit || originalEightBit ? "8bit" : "7bit"));
    line(out, "");
    line(out, "This is a MIME-encapsulated message.");

    part(out, boundary, "Notification", "text/plain; charset=" + (textEightBit ? "utf-8" : "us-ascii"),
        textEightBit);
    out.writeBytes(textBytes);
    part(out, boundary, "Delivery report", "message/delivery-status", false);
    out.writeBytes(statusBytes);
    if (returned.isPresent()) {
      boolean full = returned.get().full();
      part(out, boundary, full ? "Undelivered Message" : "Undelivered Message Headers",
          full ? "message/rfc822" : "text/rfc822-headers" + (originalEightBit ? "; charset=utf-8" : ""),
          originalEightBit);
      out.writeBytes(original);
    }
    line(out, "");
    line(out, "--" + boundary + "--");
    return out.toByteArray();
  }

  /** The delimiter line (RFC 2046 §5.1.1: CRLF "--" boundary), then the part's header section. */
  private static void part(ByteArrayOutputStream out, String boundary, String description, String type,
      boolean eightBit) {
    line(out, "");
    line(out, "--" + boundary);
    line(out, "Content-Description: " + description);
    line(out, "Content-Type: " + type);
    line(out, "Content-Transfer-Encoding: " + (eightBit ? "8bit" : "7bit"));
    line(out, "");
  }

  private static void line(ByteArrayOutputStream out, String line) {
    out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    out.write('\r');
    out.write('\n');
  }

  private String token(int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = BOUNDARY_CHARS[random.nextInt(BOUNDARY_CHARS.length)];
    }
    return new String(c);
  }

  static boolean eightBit(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + n.length <= haystack.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
