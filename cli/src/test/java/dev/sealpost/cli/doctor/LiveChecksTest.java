package dev.sealpost.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.cli.probe.Finding;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The live checks can fail: against a deliberately vulnerable server they report what they are for. */
class LiveChecksTest {

  /**
   * A server that ends DATA at a bare "\n.\n" (as vulnerable MTAs did) and relays anything: one
   * connection, line-oriented, a reply per command.
   */
  private static ServerSocket vulnerable() throws Exception {
    ServerSocket server = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
          OutputStream out = s.getOutputStream();
          out.write("220 vulnerable ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
          boolean data = false;
          int c;
          StringBuilder line = new StringBuilder();
          while ((c = in.read()) >= 0) {
            if (c != '\n') {
              if (c != '\r') {
                line.append((char) c);
              }
              continue;
            }
            String l = line.toString();
            line.setLength(0);
            if (data) {
              if (l.equals(".")) { // any line end counts: the flaw
                data = false;
                out.write("250 queued\r\n".getBytes(StandardCharsets.US_ASCII));
              }
              continue;
            }
            String reply = l.startsWith("DATA") ? "354 go" : l.startsWith("QUIT") ? "221 bye" : "250 ok";
            data = l.startsWith("DATA");
            out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
          }
        } catch (Exception closed) {
          // next connection, or the end
        }
      }
    });
    return server;
  }

  @Test
  void aServerThatEndsDataAtABareLineFeedIsFlaggedAndAnOpenRelayToo() throws Exception {
    try (ServerSocket server = vulnerable()) {
      InetSocketAddress a = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
      Finding smuggling = LiveChecks.smuggling("smtp", a, "example.test");
      assertThat(smuggling.severity()).isEqualTo(Finding.Severity.ERROR);
      assertThat(smuggling.summary()).contains("ran smuggled commands");
      assertThat(LiveChecks.relayTricks("smtp", a, "example.test")).anySatisfy(f -> {
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.id()).isEqualTo("live:smtp:open-relay");
      });
    }
  }
}
