package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.SmtpConversation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that talk before the greeting, and clients that fall silent. */
class PregreetAndIdleTest {

  @TempDir Path dir;

  @Test
  void pregreetIsRejectedWhenConfigured() {
    try (TestServer server = TestServer.start(dir, "[smtp]\ngreeting-delay-millis = 400\npregreet = \"reject\"\n");
        SmtpConversation c = SmtpConversation.plain(server.smtp())) {
      c.sendRaw("EHLO impatient.test\r\n");
      assertThat(c.read().toString()).startsWith("554 5.5.0 Protocol error");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void patientClientIsGreetedAfterTheDelay() {
    try (TestServer server = TestServer.start(dir, "[smtp]\ngreeting-delay-millis = 200\npregreet = \"reject\"\n");
        SmtpConversation c = SmtpConversation.plain(server.smtp())) {
      assertThat(c.read().code()).isEqualTo(220);
      assertThat(c.command("EHLO patient.test").code()).isEqualTo(250);
    }
  }

  @Test
  void pregreetInLogModeIsProcessedInOrderAfterTheGreeting() {
    try (TestServer server = TestServer.start(dir, "[smtp]\ngreeting-delay-millis = 300\n");
        SmtpConversation c = SmtpConversation.plain(server.smtp())) {
      c.sendRaw("EHLO early.test\r\nMAIL FROM:<a@remote.test>\r\n");
      assertThat(c.read().code()).isEqualTo(220);
      assertThat(c.read().code()).isEqualTo(250);
      assertThat(c.read().toString()).startsWith("250 2.1.0");
    }
  }

  @Test
  void idleSessionIsClosedWith421() {
    try (TestServer server = TestServer.start(dir, "[limits]\nidle-timeout-seconds = 1\n");
        SmtpConversation c = SmtpConversation.plain(server.smtp())) {
      c.read();
      assertThat(c.read().toString()).startsWith("421 4.4.2");
      assertThat(c.closedByServer()).isTrue();
    }
  }
}
