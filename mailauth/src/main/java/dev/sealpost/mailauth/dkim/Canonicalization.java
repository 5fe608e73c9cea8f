package dev.sealpost.mailauth.dkim;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Locale;

/** The two canonicalization algorithms of RFC 6376 §3.4, for header fields and for the body. */
enum Canonicalization {
  SIMPLE, RELAXED;

  String token() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Canonicalization of(String token) {
    return switch (token.toLowerCase(Locale.ROOT)) {
      case "simple" -> SIMPLE;
      case "relaxed" -> RELAXED;
      default -> throw new IllegalArgumentException("unknown canonicalization '" + token + "'");
    };
  }

  /** A header field canonicalized, with its CRLF (§3.4.1, §3.4.2). */
  String header(HeaderField field) {
    if (this == SIMPLE) {
      return field.raw() + "\r\n";
    }
    String value = field.value().replaceAll("[ \t]+", " ").replaceAll("^ | $", "");
    return field.key() + ":" + value + "\r\n";
  }

  /**
   * A streaming body canonicalizer feeding a digest (§3.4.3, §3.4.4): lines are written as they come,
   * empty lines held back until a non-empty one shows they were not trailing. At most {@code limit}
   * canonical octets are hashed (the l= tag), -1 for all.
   */
  final class BodyHasher {
    private final MessageDigest digest;
    private final long limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long pendingEmptyLines;
    private long hashed;
    private long total;
    private boolean previousCr;
    private boolean sawAnything;

    BodyHasher(MessageDigest digest, long limit) {
      this.digest = digest;
      this.limit = limit;
    }

    void update(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        byte c = b[i];
        sawAnything = true;
        if (c == '\n' && previousCr) {
          endLine();
          previousCr = false;
          continue;
        }
        if (previousCr) {
          line.write('\r');
        }
        previousCr = c == '\r';
        if (!previousCr) {
          line.write(c);
        }
      }
    }

    private void endLine() {
      byte[] text = line.toByteArray();
      line.reset();
      if (Canonicalization.this == RELAXED) {
        text = relaxLine(text);
      }
      if (text.length == 0) {
        pendingEmptyLines++;
        return;
      }
      for (; pendingEmptyLines > 0; pendingEmptyLines--) {
        emit(new byte[] {'\r', '\n'});
      }
      emit(text);
      emit(new byte[] {'\r', '\n'});
    }

    private static byte[] relaxLine(byte[] text) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(text.length);
      boolean space = false;
      for (byte c : text) {
        if (c == ' ' || c == '\t') {
          space = true;
        } else {
          if (space) {
            out.write(' ');
            space = false;
          }
          out.write(c);
        }
      }
      return out.toByteArray(); // trailing WSP dropped (§3.4.4 b)
    }

    private void emit(byte[] bytes) {
      total += bytes.length;
      int n = bytes.length;
      if (limit >= 0) {
        n = (int) Math.max(0, Math.min(n, limit - hashed));
      }
      digest.update(bytes, 0, n);
      hashed += n;
    }

    /** The body hash; also says how many canonical octets there were in all. */
    byte[] finish() {
      if (previousCr) {
        line.write('\r');
        previousCr = false;
      }
      if (line.size() > 0) {
        endLine(); // a last line without CRLF gets one (§3.4.3, §3.4.4)
      }
      if (Canonicalization.this == SIMPLE && total == 0) {
        emit(new byte[] {'\r', '\n'}); // an empty body is one CRLF under simple (§3.4.3)
      }
      return digest.digest();
    }

    /** Canonical octets of the whole body, hashed or not: more than l= means unsigned content follows. */
    long totalLength() {
      return total;
    }

    boolean sawAnything() {
      return sawAnything;
    }
  }
}
