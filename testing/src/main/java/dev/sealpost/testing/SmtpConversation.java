package dev.sealpost.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately dumb SMTP client for tests: it sends exactly the bytes it is given (bare LFs, NULs,
 * pipelined junk after STARTTLS) and reads replies as the server wrote them, so that tests can play
 * the attacker. It never "fixes" input the way a real client library would.
 */
public final class SmtpConversation implements AutoCloseable {

  /** One reply: the code and its lines (text after the code and separator). */
  public record Reply(int code, List<String> lines) {
    public String text() {
      return String.join("\n", lines);
    }

    /** The whole reply as one string, e.g. "250 2.0.0 OK". */
    @Override
    public String toString() {
      return code + " " + text();
    }
  }

  private final InetSocketAddress address;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  private SmtpConversation(InetSocketAddress address, Socket socket) throws IOException {
    this.address = address;
    attach(socket);
  }

  /** Opens a clear-text connection (ports 25 and 587). */
  public static SmtpConversation plain(InetSocketAddress address) {
    try {
      Socket s = new Socket();
      s.connect(address, 5000);
      return new SmtpConversation(address, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens an implicit-TLS connection (port 465) trusting only {@code ca}. */
  public static SmtpConversation implicitTls(InetSocketAddress address, X509Certificate ca) {
    try {
      Socket raw = new Socket();
      raw.connect(address, 5000);
      SmtpConversation c = new SmtpConversation(address, raw);
      c.upgrade(ca);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void attach(Socket s) throws IOException {
    socket = s;
    socket.setSoTimeout(10_000);
    in = s.getInputStream();
    out = s.getOutputStream();
  }

  /** Starts TLS on the existing connection (after a 220 to STARTTLS, or at once for port 465). */
  public SmtpConversation upgrade(X509Certificate ca) {
    try {
      SSLContext ctx = Trust.only(ca);
      SSLSocket tls = (SSLSocket) ctx.getSocketFactory()
          .createSocket(socket, address.getHostString(), address.getPort(), true);
      SSLParameters params = tls.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
      attach(tls);
      return this;
    } catch (Exception e) {
      throw new IllegalStateException("TLS handshake failed: " + e, e);
    }
  }

  public SSLSocket tlsSocket() {
    return (SSLSocket) socket;
  }

  /** Sends raw text (ISO-8859-1, so any byte can be written) without adding anything. */
  public SmtpConversation sendRaw(String text) {
    return sendBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public SmtpConversation sendBytes(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a command line with CRLF and reads its reply. */
  public Reply command(String line) {
    sendRaw(line + "\r\n");
    return read();
  }

  /** Reads one (possibly multi-line) reply. */
  public Reply read() {
    List<String> lines = new ArrayList<>();
    int code;
    while (true) {
      String line = readLine();
      if (line == null) {
        throw new IllegalStateException("connection closed while waiting for a reply; got " + lines);
      }
      if (line.length() < 3) {
        throw new IllegalStateException("malformed reply line: " + line);
      }
      code = Integer.parseInt(line.substring(0, 3));
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() == 3 || line.charAt(3) == ' ') {
        return new Reply(code, lines);
      }
    }
  }

  /** True when the server closed the connection (reads EOF within the timeout). */
  public boolean closedByServer() {
    try {
      socket.setSoTimeout(5000);
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** True when no byte arrives within {@code millis}. */
  public boolean silentFor(int millis) {
    try {
      socket.setSoTimeout(millis);
      int b = in.read();
      socket.setSoTimeout(10_000);
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String readLine() {
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, n, StandardCharsets.UTF_8);
        }
        line.write(b);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a test connection
    }
  }
}
