package dev.sealpost.client;

import dev.sealpost.testing.TestPki;
import dev.sealpost.testing.Trust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;

/**
 * A fake SMTP server on 127.0.0.1 that plays a script for each connection it accepts, and records every
 * byte it received (clear text, and decrypted once TLS is up) so that tests can prove what a client did
 * NOT send. When the script fails (the client hung up, or sent something unexpected) the server records
 * the failure and keeps reading until the client closes, so nothing the client sent is missed.
 */
final class ScriptedServer implements AutoCloseable {

  @FunctionalInterface
  interface Script {
    void play(Peer peer) throws Exception;
  }

  private final ServerSocket listener;
  private final Script script;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final List<String> serverNames = new CopyOnWriteArrayList<>();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;

  private ScriptedServer(Script script) throws IOException {
    this.script = script;
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().name("scripted-smtp").start(this::acceptLoop);
  }

  static ScriptedServer start(Script script) {
    try {
      return new ScriptedServer(script);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Everything received so far on every connection, as ISO-8859-1 text. */
  String received() {
    synchronized (received) {
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }

  int connectionsAccepted() {
    return accepted.get();
  }

  int connectionsFinished() {
    return finished.get();
  }

  List<Throwable> failures() {
    return failures;
  }

  /** The SNI host name of each completed server-side handshake ("" when the client sent none). */
  List<String> serverNames() {
    return serverNames;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        int index = accepted.getAndIncrement();
        Thread.ofPlatform().daemon().start(() -> serve(s, index));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket, int index) {
    Peer peer = null;
    try {
      socket.setSoTimeout(10_000);
      peer = new Peer(socket, index);
      script.play(peer);
    } catch (Throwable t) {
      failures.add(t);
    } finally {
      if (peer != null) {
        peer.drain();
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // test server
      }
      finished.incrementAndGet();
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // test server
    }
  }

  /** The server's side of one connection. */
  final class Peer {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    final int index;
    private String lastLine = "";

    Peer(Socket socket, int index) throws IOException {
      this.index = index;
      attach(socket);
    }

    private void attach(Socket s) throws IOException {
      socket = s;
      in = s.getInputStream();
      out = s.getOutputStream();
    }

    /** Sends each line with CRLF, all in one write (one TCP segment on loopback). */
    Peer reply(String... lines) throws IOException {
      StringBuilder b = new StringBuilder();
      for (String l : lines) {
        b.append(l).append("\r\n");
      }
      return raw(b.toString());
    }

    Peer raw(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return this;
    }

    /** Reads one CRLF line and checks it starts with {@code prefix} (ignoring case). */
    String expect(String prefix) throws IOException {
      String line = readLine();
      if (!line.regionMatches(true, 0, prefix, 0, prefix.length())) {
        throw new AssertionError("expected " + prefix + "..., client sent: " + line);
      }
      return line;
    }

    String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int prev = -1;
      while (true) {
        int b = read();
        if (b < 0) {
          throw new IOException("client closed the connection; line so far: " + line);
        }
        if (prev == '\r' && b == '\n') {
          byte[] bytes = line.toByteArray();
          lastLine = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
          return lastLine;
        }
        line.write(b);
        prev = b;
      }
    }

    /** Reads DATA content up to and including CRLF.CRLF, returned exactly as received. */
    byte[] readData() throws IOException {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      while (true) {
        int b = read();
        if (b < 0) {
          throw new IOException("client closed the connection inside DATA");
        }
        data.write(b);
        byte[] d = data.toByteArray();
        int n = d.length;
        if ((n == 3 && d[0] == '.' && d[1] == '\r' && d[2] == '\n')
            || (n >= 5 && d[n - 5] == '\r' && d[n - 4] == '\n' && d[n - 3] == '.' && d[n - 2] == '\r' && d[n - 1] == '\n')) {
          return d;
        }
      }
    }

    /** Server side of the TLS handshake with {@code credential}; throws when the client refuses it. */
    Peer startTls(TestPki.Credential credential) throws IOException {
      SSLSocket tls = (SSLSocket) Trust.serving(credential).getSocketFactory()
          .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
      tls.setUseClientMode(false);
      tls.startHandshake();
      serverNames.add(((ExtendedSSLSession) tls.getSession()).getRequestedServerNames().stream()
          .filter(SNIHostName.class::isInstance).map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse(""));
      attach(tls);
      return this;
    }

    /** The usual greeting, EHLO and reply with {@code extensions}. */
    Peer greetAndEhlo(String... extensions) throws IOException {
      reply("220 mx.test ESMTP scripted");
      expect("EHLO ");
      return ehloReply(extensions);
    }

    Peer ehloReply(String... extensions) throws IOException {
      String[] lines = new String[extensions.length + 1];
      lines[0] = "mx.test greets you";
      System.arraycopy(extensions, 0, lines, 1, extensions.length);
      String[] out = new String[lines.length];
      for (int i = 0; i < lines.length; i++) {
        out[i] = "250" + (i == lines.length - 1 ? " " : "-") + lines[i];
      }
      return reply(out);
    }

    /** Octets the client has sent that the script has not read yet. */
    int socketAvailable() throws IOException {
      return in.available();
    }

    /** Blocks for {@code millis} without answering. */
    void silence(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }

    private int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        synchronized (received) {
          received.write(b);
        }
      }
      return b;
    }

    /** Records until the client closes; a QUIT gets its 221 so that the client need not time out. */
    void drain() {
      try {
        socket.setSoTimeout(3000);
        if (lastLine.equalsIgnoreCase("QUIT")) {
          out.write("221 2.0.0 bye\r\n".getBytes(StandardCharsets.US_ASCII)); // the script read it but ended
          out.flush();
        }
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = read()) >= 0) {
          line.append((char) b);
          if (b == '\n') {
            if (line.toString().equalsIgnoreCase("QUIT\r\n")) {
              out.write("221 2.0.0 bye\r\n".getBytes(StandardCharsets.US_ASCII));
              out.flush();
            }
            line.setLength(0);
          }
        }
      } catch (IOException ignored) {
        // closed or timed out: done
      }
    }
  }
}
