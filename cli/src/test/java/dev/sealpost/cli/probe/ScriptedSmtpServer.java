package dev.sealpost.cli.probe;

import dev.sealpost.testing.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A mail server with chosen flaws, for the probe's tests: AUTH before TLS, a refused STARTTLS, a
 * clear-text greeting on a TLS port, an expired or wrong certificate. Blocking and a thread per
 * connection: it serves a handful of probe connections, nothing more. It records every command line.
 */
final class ScriptedSmtpServer implements AutoCloseable {

  /** What the server does; each flaw is independent. */
  record Script(boolean implicitTls, TestPki.Credential credential, boolean offerStartTls, int startTlsReply,
      boolean authBeforeTls, boolean mailBeforeTls) {

    static Script sound(TestPki.Credential credential) {
      return new Script(false, credential, true, 220, false, false);
    }
  }

  private final Script script;
  private final ServerSocket socket;
  private final SSLContext tls;
  final List<String> received = new CopyOnWriteArrayList<>();

  ScriptedSmtpServer(Script script) throws Exception {
    this.script = script;
    this.tls = context(script.credential());
    this.socket = script.implicitTls()
        ? tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())
        : new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::acceptLoop);
  }

  int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      Socket current = s;
      boolean inTls = script.implicitTls();
      var in = new BufferedReader(new InputStreamReader(current.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = current.getOutputStream();
      write(out, "220 scripted.test ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        received.add((inTls ? "tls: " : "clear: ") + line);
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
        if (verb.equals("EHLO")) {
          StringBuilder b = new StringBuilder("250-scripted.test\r\n250-PIPELINING\r\n");
          if (!inTls && script.offerStartTls()) {
            b.append("250-STARTTLS\r\n");
          }
          if (inTls || script.authBeforeTls()) {
            b.append("250-AUTH PLAIN LOGIN\r\n");
          }
          b.append("250 8BITMIME");
          write(out, b.toString());
        } else if (line.equalsIgnoreCase("AUTH LOGIN")) {
          write(out, inTls || script.authBeforeTls() ? "334 VXNlcm5hbWU6" : "530 5.7.0 Must issue a STARTTLS command first");
        } else if (line.equals("*")) {
          write(out, "501 5.7.0 AUTH aborted");
        } else if (verb.equals("MAIL")) {
          write(out, inTls || script.mailBeforeTls() ? "250 2.1.0 OK" : "530 5.7.0 Must issue a STARTTLS command first");
        } else if (verb.equals("RSET")) {
          write(out, "250 2.0.0 OK");
        } else if (line.equalsIgnoreCase("STARTTLS") && !inTls) {
          write(out, script.startTlsReply() + (script.startTlsReply() == 220 ? " 2.0.0 Ready" : " 4.7.0 TLS not available"));
          if (script.startTlsReply() != 220) {
            continue;
          }
          SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(current, null, current.getPort(), false);
          t.setUseClientMode(false);
          t.startHandshake();
          current = t;
          inTls = true;
          in = new BufferedReader(new InputStreamReader(t.getInputStream(), StandardCharsets.ISO_8859_1));
          out = t.getOutputStream();
        } else if (verb.equals("QUIT")) {
          write(out, "221 2.0.0 Bye");
          return;
        } else {
          write(out, "502 5.5.1 Unrecognized command");
        }
      }
    } catch (IOException e) {
      // a probe hanging up mid-handshake is expected
    }
  }

  private static void write(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static SSLContext context(TestPki.Credential c) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", c.key(), new char[0], c.chain().toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
