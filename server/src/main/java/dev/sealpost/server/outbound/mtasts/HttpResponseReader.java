package dev.sealpost.server.outbound.mtasts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an HTTP/1.1 response (RFC 9112) from a stream, with limits on every part: status line,
 * headers, then a body framed by chunked transfer coding, Content-Length, or the end of the
 * connection. Only what a policy fetch needs; no I/O of its own beyond reading the stream.
 */
final class HttpResponseReader {

  static final int MAX_LINE = 8 * 1024;
  static final int MAX_HEADERS = 100;

  /** The status code and headers (names in lower case; a repeated header keeps its last value). */
  record Head(int status, Map<String, String> headers) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name));
    }
  }

  private final InputStream in;

  HttpResponseReader(InputStream in) {
    this.in = in;
  }

  Head readHead() throws IOException, FetchException {
    String statusLine = readLine();
    // HTTP-version SP status-code SP [reason-phrase] (RFC 9112 §4)
    if (!statusLine.matches("HTTP/1\\.[01] [0-9]{3}( .*)?")) {
      throw protocol("malformed status line '" + printable(statusLine) + "'");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new HashMap<>();
    int count = 0;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0 || ++count > MAX_HEADERS || line.charAt(colon - 1) == ' ') {
        throw protocol("malformed or too many header lines at '" + printable(line) + "'");
      }
      headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    return new Head(status, headers);
  }

  /** The body, at most {@code limit} bytes, or {@link FetchFailure.Kind#TOO_LARGE}. */
  byte[] readBody(Head head, int limit) throws IOException, FetchException {
    Optional<String> coding = head.header("transfer-encoding");
    if (coding.isPresent()) {
      if (!coding.get().equalsIgnoreCase("chunked")) {
        throw protocol("unsupported Transfer-Encoding '" + printable(coding.get()) + "'");
      }
      return readChunked(limit);
    }
    Optional<String> length = head.header("content-length");
    if (length.isPresent()) {
      if (!length.get().matches("[0-9]{1,10}")) {
        throw protocol("malformed Content-Length '" + printable(length.get()) + "'");
      }
      long n = Long.parseLong(length.get());
      if (n > limit) {
        throw tooLarge(limit);
      }
      byte[] body = in.readNBytes((int) n);
      if (body.length < n) {
        throw protocol("connection closed after " + body.length + " of " + n + " body bytes");
      }
      return body;
    }
    return readAtMost(limit);
  }

  private byte[] readChunked(int limit) throws IOException, FetchException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';'); // chunk extensions are ignored
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
      if (!hex.matches("[0-9A-Fa-f]{1,7}")) {
        throw protocol("malformed chunk size '" + printable(sizeLine) + "'");
      }
      int size = Integer.parseInt(hex, 16);
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailer fields are ignored
        }
        return body.toByteArray();
      }
      if (body.size() + size > limit) {
        throw tooLarge(limit);
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size || !readLine().isEmpty()) {
        throw protocol("truncated or malformed chunk");
      }
      body.write(chunk);
    }
  }

  private byte[] readAtMost(int limit) throws IOException, FetchException {
    byte[] body = in.readNBytes(limit + 1);
    if (body.length > limit) {
      throw tooLarge(limit);
    }
    return body;
  }

  /** A line ended by LF, with a CR before it removed; at most {@link #MAX_LINE} bytes. */
  private String readLine() throws IOException, FetchException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw protocol("connection closed in the middle of the response head");
      }
      if (line.size() >= MAX_LINE) {
        throw protocol("line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static FetchException protocol(String detail) {
    return new FetchException(FetchFailure.Kind.HTTP_PROTOCOL, detail);
  }

  private static FetchException tooLarge(int limit) {
    return new FetchException(FetchFailure.Kind.TOO_LARGE, "policy body larger than " + limit + " bytes");
  }

  /** For messages: control characters shown as '?', at most 100 characters. */
  static String printable(String s) {
    String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    return cut.replaceAll("[\\p{Cntrl}]", "?");
  }
}
