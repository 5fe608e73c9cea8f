package dev.sealpost.client;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes message content for DATA (RFC 5321 §4.5.2): every line ending, whether CRLF, a bare LF or a bare
 * CR, becomes CRLF, and a line starting with "." gets a second one. No bare CR or LF can reach the server,
 * so no server that is lax about line endings can be made to see an end of data we did not mean (SMTP
 * smuggling). {@link #finish()} ends the last line and writes {@code .CRLF}.
 */
final class DataEncoder extends FilterOutputStream {

  private final boolean stuffDots;
  private boolean lineStart = true;
  private boolean pendingCr;
  private long written;

  DataEncoder(OutputStream out, boolean stuffDots) {
    super(out);
    this.stuffDots = stuffDots;
  }

  static DataEncoder forData(OutputStream out) {
    return new DataEncoder(out, true);
  }

  /** The length of {@code content} with CRLF line endings and a final line break, not stuffed: its SIZE. */
  static long normalizedLength(byte[] content) {
    DataEncoder counter = new DataEncoder(OutputStream.nullOutputStream(), false);
    try {
      counter.write(content);
      counter.endLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return counter.written;
  }

  @Override
  public void write(int b) throws IOException {
    if (pendingCr) {
      pendingCr = false;
      newline();
      if (b == '\n') {
        return; // CRLF
      }
    }
    if (b == '\r') {
      pendingCr = true;
    } else if (b == '\n') {
      newline();
    } else {
      if (lineStart && b == '.' && stuffDots) {
        emit('.');
      }
      emit(b);
      lineStart = false;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  /** Ends the content: a line break if the last line lacks one, then the end-of-data line. */
  void finish() throws IOException {
    endLine();
    emit('.');
    emit('\r');
    emit('\n');
    out.flush();
  }

  private void endLine() throws IOException {
    if (pendingCr) {
      pendingCr = false;
      newline();
    }
    if (!lineStart) {
      newline();
    }
  }

  private void newline() throws IOException {
    emit('\r');
    emit('\n');
    lineStart = true;
  }

  private void emit(int b) throws IOException {
    out.write(b);
    written++;
  }

  @Override
  public void close() {
    // the connection outlives the message: never close the socket stream
  }
}
