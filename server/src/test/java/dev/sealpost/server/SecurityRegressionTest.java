package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.testing.SmtpConversation;
import dev.sealpost.testing.SmtpConversation.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks that must fail, one test (or more) each, against the real server over sockets. Named for
 * the attack so that a red test says what broke.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityRegressionTest {

  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir, "[limits]\nmax-recipients = 3\nmax-message-size = 100000\n");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String plainAuth(String user, String password) {
    return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  static SmtpConversation mx() {
    SmtpConversation c = SmtpConversation.plain(server.smtp());
    assertThat(c.read().code()).isEqualTo(220);
    assertThat(c.command("EHLO attacker.test").code()).isEqualTo(250);
    return c;
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class RequireTls {

    @Test
    void offeredOnlyInsideTlsAndRefusedInClearText() {
      try (SmtpConversation c = mx()) {
        // Asked in clear text anyway: RFC 8689 §4.1 forbids accepting it on an unencrypted hop.
        assertThat(c.command("MAIL FROM:<a@remote.test> REQUIRETLS").toString()).startsWith("530 5.7.10");
        Reply ehlo = c.command("EHLO attacker.test");
        assertThat(ehlo.lines()).doesNotContain("REQUIRETLS");
        assertThat(c.command("STARTTLS").code()).isEqualTo(220);
        c.upgrade(server.ca());
        assertThat(c.command("EHLO sender.test").lines()).contains("REQUIRETLS");
        assertThat(c.command("MAIL FROM:<a@remote.test> REQUIRETLS").code()).isEqualTo(250);
        assertThat(c.command("RCPT TO:<demo@example.test>").code()).isEqualTo(250);
        assertThat(c.command("DATA").code()).isEqualTo(354);
        c.sendRaw("Subject: needs TLS all the way\r\n\r\nx\r\n.\r\n");
        assertThat(c.read().code()).isEqualTo(250);
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class StarttlsCommandInjection {

    @Test
    void commandsPipelinedAfterStarttlsAreDiscardedNotExecutedInsideTls() {
      for (var port : new java.net.InetSocketAddress[] {server.submission(), server.smtp()}) {
        try (SmtpConversation c = SmtpConversation.plain(port)) {
          c.read();
          c.command("EHLO attacker.test");
          // CVE-2011-0411: the injected MAIL must not run after the handshake.
          c.sendRaw("STARTTLS\r\nMAIL FROM:<injected@attacker.test>\r\nRCPT TO:<demo@example.test>\r\n");
          Reply ready = c.read();
          assertThat(ready.code()).isEqualTo(220);
          c.upgrade(server.ca());
          // Nothing may be waiting: replies to injected commands would show up here.
          assertThat(c.silentFor(300)).isTrue();
          // Session was reset (RFC 3207 4.2): EHLO needed again, no transaction carried over.
          assertThat(c.command("MAIL FROM:<a@b.test>").toString()).startsWith("503 5.5.1");
          Reply ehlo = c.command("EHLO attacker.test");
          assertThat(ehlo.code()).isEqualTo(250);
          assertThat(ehlo.lines()).doesNotContain("STARTTLS");
          assertThat(c.command("RCPT TO:<demo@example.test>").toString()).startsWith("503 5.5.1");
        }
      }
    }

    @Test
    void secondStarttlsGets503AndArgumentGets501() {
      try (SmtpConversation c = SmtpConversation.plain(server.submission())) {
        c.read();
        c.command("EHLO client.test");
        assertThat(c.command("STARTTLS now").toString()).startsWith("501 5.5.4");
        assertThat(c.command("STARTTLS").code()).isEqualTo(220);
        c.upgrade(server.ca());
        c.command("EHLO client.test");
        assertThat(c.command("STARTTLS").toString()).startsWith("503 5.5.1");
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SmtpSmuggling {

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n\0.\r\n", "\r\n.\r\r\n"})
    void bareLineEndingsNeverEndDataOrStartASecondMessage(String fakeEnd) {
      int before = server.delivered(TestServer.USER).size();
      try (SmtpConversation c = mx()) {
        assertThat(c.command("MAIL FROM:<a@remote.test>").code()).isEqualTo(250);
        assertThat(c.command("RCPT TO:<demo@example.test>").code()).isEqualTo(250);
        assertThat(c.command("DATA").code()).isEqualTo(354);
        c.sendRaw("Subject: first\r\n\r\nhello" + fakeEnd
            + "MAIL FROM:<admin@example.test>\r\nRCPT TO:<other@example.test>\r\nDATA\r\n"
            + "Subject: smuggled\r\n\r\nevil\r\n.\r\n");
        Reply end = c.read();
        assertThat(end.code()).as("reply %s", end).isEqualTo(550);
        assertThat(end.text()).startsWith("5.");
        // The smuggled commands were content: nothing else answers, the session is usable.
        assertThat(c.silentFor(300)).isTrue();
        assertThat(c.command("NOOP").code()).isEqualTo(250);
      }
      assertThat(server.delivered(TestServer.OTHER)).noneMatch(p -> TestServer.read(p).contains("smuggled"));
      assertThat(server.delivered(TestServer.USER)).hasSize(before);
    }

    @Test
    void bareLfInACommandClosesTheConnection() {
      try (SmtpConversation c = mx()) {
        c.sendRaw("NOOP\nQUIT\r\n");
        assertThat(c.read().toString()).startsWith("500 5.5.2");
        assertThat(c.closedByServer()).isTrue();
      }
    }

    @Test
    void bdatRefusedChunkIsStillReadAsDataNotCommands() {
      try (SmtpConversation c = mx()) {
        // No transaction: the chunk's octets must be swallowed, not executed.
        String chunk = "MAIL FROM:<x@remote.test>\r\n";
        c.sendRaw("BDAT " + chunk.length() + " LAST\r\n" + chunk);
        assertThat(c.read().toString()).startsWith("503 5.5.1");
        assertThat(c.silentFor(300)).isTrue();
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AuthBeforeTls {

    @Test
    void submissionPortRefusesAuthBeforeStarttls() {
      try (SmtpConversation c = SmtpConversation.plain(server.submission())) {
        c.read();
        Reply ehlo = c.command("EHLO client.test");
        assertThat(ehlo.lines()).noneMatch(l -> l.startsWith("AUTH"));
        assertThat(c.command("AUTH PLAIN " + plainAuth(TestServer.USER, TestServer.PASSWORD)).toString())
            .startsWith("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(c.command("AUTH LOGIN").toString()).startsWith("530 5.7.0");
        // and the right password did not authenticate the session
        assertThat(c.command("MAIL FROM:<demo@example.test>").toString()).startsWith("530 5.7.0");
      }
    }

    @Test
    void mxPortNeverOffersOrAcceptsAuth() {
      try (SmtpConversation c = mx()) {
        assertThat(c.command("AUTH PLAIN " + plainAuth(TestServer.USER, TestServer.PASSWORD)).code())
            .isIn(503, 530);
        assertThat(c.command("STARTTLS").code()).isEqualTo(220);
        c.upgrade(server.ca());
        Reply ehlo = c.command("EHLO client.test");
        assertThat(ehlo.lines()).noneMatch(l -> l.startsWith("AUTH"));
        assertThat(c.command("AUTH PLAIN " + plainAuth(TestServer.USER, TestServer.PASSWORD)).toString())
            .startsWith("503 5.5.1");
      }
    }

    @Test
    void submissionPortRefusesMailWithoutAuthEvenInsideTls() {
      try (SmtpConversation c = SmtpConversation.implicitTls(server.submissions(), server.ca())) {
        c.read();
        Reply ehlo = c.command("EHLO client.test");
        assertThat(ehlo.lines()).contains("AUTH PLAIN LOGIN");
        assertThat(c.command("MAIL FROM:<demo@example.test>").toString()).startsWith("530 5.7.0");
      }
    }

    @Test
    void failedAuthGets535WithEnhancedCode() {
      try (SmtpConversation c = SmtpConversation.implicitTls(server.submissions(), server.ca())) {
        c.read();
        c.command("EHLO client.test");
        assertThat(c.command("AUTH PLAIN " + plainAuth(TestServer.USER, "wrong")).toString())
            .startsWith("535 5.7.8");
      }
    }

    @Test
    void loginMechanismWorksInsideTls() {
      try (SmtpConversation c = SmtpConversation.implicitTls(server.submissions(), server.ca())) {
        c.read();
        c.command("EHLO client.test");
        Base64.Encoder b64 = Base64.getEncoder();
        assertThat(c.command("AUTH LOGIN").code()).isEqualTo(334);
        assertThat(c.command(b64.encodeToString(TestServer.OTHER.getBytes())).code()).isEqualTo(334);
        assertThat(c.command(b64.encodeToString(TestServer.OTHER_PASSWORD.getBytes())).toString())
            .startsWith("235 2.7.0");
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OpenRelay {

    @ParameterizedTest
    @ValueSource(strings = {
        "<victim@elsewhere.test>",
        "<victim%elsewhere.test@example.test>",
        "<\"victim@elsewhere.test\"@example.test>",
        "<@example.test,@mx.example.test:victim@elsewhere.test>",
        "<victim@elsewhere.test@example.test>",
        "<victim!elsewhere.test@example.test>",
        "<victim@[192.0.2.1]>",
        "<victim@elsewhere.test.>",
        "<victim@EXAMPLE.test.elsewhere.test>"})
    void unauthenticatedRelayIsRefused(String path) {
      try (SmtpConversation c = mx()) {
        assertThat(c.command("MAIL FROM:<spammer@remote.test>").code()).isEqualTo(250);
        Reply r = c.command("RCPT TO:" + path);
        assertThat(r.code()).as("%s -> %s", path, r).isBetween(500, 599);
        assertThat(r.text()).startsWith("5.");
        assertThat(c.command("DATA").code()).isEqualTo(554);
      }
      assertThat(server.outbound()).isEmpty();
    }

    @Test
    void localRecipientIsAcceptedOnMxPort() {
      try (SmtpConversation c = mx()) {
        c.command("MAIL FROM:<friend@remote.test>");
        assertThat(c.command("RCPT TO:<DEMO@Example.TEST>").toString()).startsWith("250 2.1.5");
        assertThat(c.command("RCPT TO:<nobody@example.test>").toString()).startsWith("550 5.1.1");
        assertThat(c.command("RCPT TO:<Postmaster>").toString()).startsWith("250 2.1.5");
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OversizedInput {

    @Test
    void overlongCommandLineIsRefusedWithoutClosing() {
      try (SmtpConversation c = mx()) {
        assertThat(c.command("NOOP " + "x".repeat(600)).toString()).startsWith("500 5.5.2");
        assertThat(c.command("NOOP " + "x".repeat(100_000)).toString()).startsWith("500 5.5.2");
        assertThat(c.command("NOOP").code()).isEqualTo(250);
      }
    }

    @Test
    void oversizedMessageIsRefusedAtMailAndInData() {
      try (SmtpConversation c = mx()) {
        assertThat(c.command("MAIL FROM:<a@remote.test> SIZE=200000").toString()).startsWith("552 5.3.4");
        c.command("MAIL FROM:<a@remote.test>");
        c.command("RCPT TO:<demo@example.test>");
        assertThat(c.command("DATA").code()).isEqualTo(354);
        String line = "y".repeat(900) + "\r\n";
        c.sendRaw("Subject: big\r\n\r\n" + line.repeat(150) + ".\r\n");
        assertThat(c.read().toString()).startsWith("552 5.3.4");
        assertThat(c.command("NOOP").code()).isEqualTo(250);
      }
    }

    @Test
    void textLineOver1000OctetsIsRefused() {
      try (SmtpConversation c = mx()) {
        c.command("MAIL FROM:<a@remote.test>");
        c.command("RCPT TO:<demo@example.test>");
        c.command("DATA");
        c.sendRaw("Subject: long\r\n\r\n" + "z".repeat(1200) + "\r\n.\r\n");
        assertThat(c.read().toString()).startsWith("550 5.6.0");
      }
    }

    @Test
    void tooManyRecipientsGet452() {
      try (SmtpConversation c = mx()) {
        c.command("MAIL FROM:<a@remote.test>");
        for (int i = 0; i < 3; i++) {
          assertThat(c.command("RCPT TO:<demo@example.test>").code()).isEqualTo(250);
        }
        assertThat(c.command("RCPT TO:<demo@example.test>").toString()).startsWith("452 4.5.3");
      }
    }

    @Test
    void clientTalkingBeforeTheGreetingDoesNotConfuseTheSession() {
      try (SmtpConversation c = SmtpConversation.plain(server.smtp())) {
        c.sendRaw("EHLO early.test\r\nNOOP\r\n");
        assertThat(c.read().code()).isEqualTo(220);
        assertThat(c.read().code()).isEqualTo(250); // EHLO
        assertThat(c.read().toString()).startsWith("250 2.0.0"); // NOOP
        assertThat(c.command("MAIL FROM:<a@remote.test>").code()).isEqualTo(250);
      }
    }
  }

  @Test
  void pipelinedTransactionGetsAllRepliesAndDelivers() {
    int before = server.delivered(TestServer.OTHER).size();
    try (SmtpConversation c = mx()) {
      c.sendRaw("MAIL FROM:<a@remote.test>\r\nRCPT TO:<other@example.test>\r\nRCPT TO:<nobody@example.test>\r\nDATA\r\n");
      assertThat(c.read().code()).isEqualTo(250);
      assertThat(c.read().code()).isEqualTo(250);
      assertThat(c.read().code()).isEqualTo(550);
      assertThat(c.read().code()).isEqualTo(354);
      c.sendRaw("Subject: pipelined\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
      assertThat(c.read().toString()).startsWith("250 2.0.0 OK: queued as ");
      assertThat(c.read().code()).isEqualTo(221);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.OTHER).size() == before + 1);
    assertThat(TestServer.read(server.delivered(TestServer.OTHER).getLast())).contains("\r\n.dot\r\n");
  }

  @Test
  void chunkingDelivers() {
    int before = server.delivered(TestServer.OTHER).size();
    try (SmtpConversation c = mx()) {
      c.command("MAIL FROM:<a@remote.test>");
      c.command("RCPT TO:<other@example.test>");
      String part1 = "Subject: chunked\r\n\r\n";
      String part2 = "line\r\n.\r\n";
      assertThat(c.sendRaw("BDAT " + part1.length() + "\r\n" + part1).read().code()).isEqualTo(250);
      assertThat(c.sendRaw("BDAT " + part2.length() + " LAST\r\n" + part2).read().toString())
          .startsWith("250 2.0.0 OK: queued as");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.delivered(TestServer.OTHER).size() == before + 1);
    assertThat(TestServer.read(server.delivered(TestServer.OTHER).getLast())).endsWith("Subject: chunked\r\n\r\nline\r\n.\r\n");
  }
}
