package dev.sealpost.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Waits until every listener of a fresh Postfix answers {@code 220} (after the TLS handshake on the
 * implicit-TLS port): master binds the sockets before smtpd can serve them, and a broken certificate
 * only shows when smtpd starts.
 */
final class PostfixReadiness {

  /** Log lines that mean the instance is unusable even if it answers: smtpd serves on without TLS. */
  private static final Pattern FAILURE =
      Pattern.compile(" (fatal|panic): |disabling TLS support|TLS context initialization failed");

  private PostfixReadiness() {}

  static void await(PostfixServer server, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int[] ports = {server.smtpPort(), server.submissionPort(), server.implicitTlsPort()};
    for (int port : ports) {
      boolean tls = port == server.implicitTlsPort();
      Exception last = null;
      while (true) {
        try {
          greeting(server.host(), port, tls);
        } catch (IOException | RuntimeException e) {
          last = e;
        }
        String log = server.log();
        if (FAILURE.matcher(log).find() || (last != null && System.nanoTime() > deadline)) {
          throw new IllegalStateException("Postfix in " + server.directory() + " is not ready on port " + port
              + (tls ? " (implicit TLS)" : "") + (last == null ? "" : ": " + last) + "\nPostfix log:\n"
              + PostfixFiles.tail(log), last);
        }
        if (last == null) {
          break;
        }
        last = null;
        PostfixServer.sleep(50);
      }
    }
  }

  private static void greeting(String host, int port, boolean tls) throws IOException {
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), 2000);
      plain.setSoTimeout(5000);
      Socket socket = plain;
      if (tls) {
        SSLSocket ssl = (SSLSocket) anyCertificate().getSocketFactory().createSocket(plain, host, port, false);
        ssl.startHandshake();
        socket = ssl;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String line;
      while ((line = in.readLine()) != null && !line.startsWith("220 ")) {
        if (!line.startsWith("220-")) {
          throw new IOException("greeting on port " + port + " was: " + line);
        }
      }
      if (line == null) {
        throw new IOException("port " + port + " closed the connection before a 220 greeting");
      }
      socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }
  }

  /** The readiness check only needs a handshake; certificates (possibly expired on purpose) are the tests' business. */
  private static SSLContext anyCertificate() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a TLS context", e);
    }
  }
}
