package dev.sealpost.cli.send;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Standard input as classic sendmail reads it without {@code -i}: a line holding only a dot ends the
 * message. The dot line itself is not part of the message. Lines may end in LF or CRLF.
 */
final class DotTerminatedInput extends FilterInputStream {

  private final byte[] pending = new byte[3];
  private int pendingLength;
  private int pendingPos;
  private boolean atLineStart = true;
  private boolean ended;

  DotTerminatedInput(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    if (pendingPos < pendingLength) {
      return pending[pendingPos++] & 0xff;
    }
    if (ended) {
      return -1;
    }
    int c = in.read();
    if (c == -1) {
      ended = true;
      return -1;
    }
    if (atLineStart && c == '.') {
      int next = in.read();
      if (next == '\n' || next == -1) {
        ended = true;
        return -1;
      }
      if (next == '\r') {
        int after = in.read();
        if (after == '\n' || after == -1) {
          ended = true;
          return -1;
        }
        queue((byte) '\r', after);
      } else {
        queue(next);
      }
      atLineStart = false;
      return '.';
    }
    atLineStart = c == '\n';
    return c;
  }

  private void queue(int... bytes) {
    pendingLength = 0;
    pendingPos = 0;
    for (int b : bytes) {
      pending[pendingLength++] = (byte) b; // never a LF: a LF right after the dot ended the input
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = 0;
    while (n < len) {
      int c = read();
      if (c == -1) {
        return n == 0 ? -1 : n;
      }
      b[off + n++] = (byte) c;
      if (c == '\n' && in.available() == 0) {
        break; // do not block for more when a line is complete
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && read() != -1) {
      skipped++;
    }
    return skipped;
  }

  @Override
  public int available() {
    return pendingLength - pendingPos;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
