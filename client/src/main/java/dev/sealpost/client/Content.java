package dev.sealpost.client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The message content (RFC 5322 header and body), in any line-ending convention: it is normalised to CRLF
 * and dot-stuffed on the way out. Either bytes in memory, whose size and 8-bit use are known, or a stream
 * read once while sending, with an optional declared size.
 */
public sealed interface Content {

  static Content of(byte[] message) {
    return new Bytes(message);
  }

  /** A stream of unknown size: SIZE is not declared. Read once, by the send, and not closed by it. */
  static Content of(InputStream message) {
    return new Stream(message, OptionalLong.empty());
  }

  /** A stream with a known size (after CRLF normalisation), declared with SIZE= (RFC 1870). */
  static Content of(InputStream message, long size) {
    return new Stream(message, OptionalLong.of(size));
  }

  /** The size with CRLF line endings when known. */
  OptionalLong size();

  InputStream open();

  record Bytes(byte[] bytes) implements Content {
    public Bytes {
      bytes = bytes.clone();
    }

    @Override
    public OptionalLong size() {
      return OptionalLong.of(DataEncoder.normalizedLength(bytes));
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }

    boolean eightBit() {
      for (byte b : bytes) {
        if (b < 0) {
          return true;
        }
      }
      return false;
    }

    /** RFC 6532: raw UTF-8 in header fields needs SMTPUTF8. */
    boolean eightBitHeaders() {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n' && (i + 1 == bytes.length || bytes[i + 1] == '\n'
            || (bytes[i + 1] == '\r' && i + 2 < bytes.length && bytes[i + 2] == '\n'))) {
          return false;
        }
        if (bytes[i] < 0) {
          return true;
        }
      }
      return false;
    }
  }

  record Stream(InputStream stream, OptionalLong size) implements Content {
    public Stream {
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(size, "size");
    }

    @Override
    public InputStream open() {
      return stream;
    }
  }
}
