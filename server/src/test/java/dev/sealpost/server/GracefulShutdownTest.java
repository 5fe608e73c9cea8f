package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.SmtpConversation;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop (what SIGTERM does): no new connections, the message in flight completes, idle sessions get 421. */
class GracefulShutdownTest {

  @TempDir Path dir;

  @Test
  void messageInFlightCompletesWhileNewConnectionsAreRefused() throws Exception {
    TestServer server = TestServer.start(dir);
    var mx = server.smtp();
    try (SmtpConversation busy = SmtpConversation.plain(mx); SmtpConversation idle = SmtpConversation.plain(mx)) {
      busy.read();
      idle.read();
      busy.command("EHLO peer.test");
      busy.command("MAIL FROM:<a@remote.test>");
      busy.command("RCPT TO:<demo@example.test>");
      assertThat(busy.command("DATA").code()).isEqualTo(354);
      busy.sendRaw("Subject: in flight\r\n\r\nfirst half\r\n");

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
      Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> refuses(mx.getPort()));

      busy.sendRaw("second half\r\n.\r\n");
      assertThat(busy.read().toString()).startsWith("250 2.0.0 OK: queued as");
      stopping.get(20, TimeUnit.SECONDS);
      assertThat(idle.read().toString()).startsWith("421 4.3.2");
    }
    assertThat(server.delivered(TestServer.USER)).singleElement()
        .satisfies(p -> assertThat(TestServer.read(p)).contains("first half\r\nsecond half\r\n"));
  }

  private static boolean refuses(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
