package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.server.spool.QueueInspector;
import dev.sealpost.testing.SmtpConversation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue across restarts and crashes. */
class RestartTest {

  @TempDir Path dir;

  @Test
  void secondServerOnTheSameDataDirectoryIsRefused() {
    try (TestServer first = TestServer.start(dir)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(dir))
          .isInstanceOf(StartupException.class).hasMessageContaining("already running");
    }
  }

  @Test
  void outboundMessageSurvivesRestartAndCrashDebrisIsCleanedUp() throws Exception {
    try (TestServer server = TestServer.start(dir);
        SmtpConversation c = server.authenticatedSubmission()) {
      c.command("MAIL FROM:<demo@example.test>");
      assertThat(c.command("RCPT TO:<friend@remote.test>").code()).isEqualTo(250);
      c.command("DATA");
      assertThat(c.sendRaw("Subject: for later\r\n\r\nwait for me\r\n.\r\n").read().code()).isEqualTo(250);
      await().atMost(Duration.ofSeconds(10)).until(() -> server.outbound().size() == 1);
    }
    // What a crash leaves: a half-written spool file and a damaged queue file.
    Path spool = dir.resolve("spool");
    Files.writeString(spool.resolve("tmp").resolve("HALFWRITTEN"), "SEALPOST-SPOOL 1\n99\n{\"queueId\":");
    Files.writeString(spool.resolve("incoming").resolve("DAMAGED"), "garbage that is not a spool file");

    try (TestServer server = TestServer.start(dir)) {
      assertThat(QueueInspector.list(spool)).singleElement().satisfies(e -> {
        assertThat(e.state()).isEqualTo("outbound");
        assertThat(e.recipients()).containsExactly("friend@remote.test");
      });
      assertThat(spool.resolve("tmp").resolve("HALFWRITTEN")).doesNotExist();
      assertThat(spool.resolve("corrupt").resolve("DAMAGED")).exists();
      // and it still takes mail
      try (SmtpConversation c = SmtpConversation.plain(server.smtp())) {
        c.read();
        c.command("EHLO peer.test");
        assertThat(c.command("MAIL FROM:<x@remote.test>").code()).isEqualTo(250);
      }
    }
  }
}
