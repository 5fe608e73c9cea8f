package dev.sealpost.server.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.server.auth.UsersFile;
import dev.sealpost.server.config.ListenerKind;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session state machine as SMTP transcripts, in memory. */
class SessionTranscriptTest {

  @TempDir Path dir;
  Path users;

  @BeforeEach
  void users() {
    users = dir.resolve("users");
    UsersFile f = UsersFile.createEmpty(users);
    f.add("demo@example.test", "password123".toCharArray());
    f.save();
  }

  @Test
  void greetingAndEhloOnMxPort() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    assertThat(t.output()).isEqualTo("220 mx.example.test ESMTP Sealpost\r\n");
    String ehlo = t.send("EHLO client.test\r\n");
    assertThat(ehlo).startsWith("250-mx.example.test greets client.test\r\n")
        .contains("250-PIPELINING\r\n", "250-SIZE 10000\r\n", "250-8BITMIME\r\n", "250-SMTPUTF8\r\n",
            "250-CHUNKING\r\n", "250-DSN\r\n", "250-ENHANCEDSTATUSCODES\r\n")
        .endsWith("250 STARTTLS\r\n")
        .doesNotContain("AUTH");
  }

  @Test
  void completeTransactionStoresEnvelopeAndReceivedHeader() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    t.send("EHLO client.test\r\n");
    assertThat(t.send("MAIL FROM:<a@remote.test> RET=HDRS ENVID=abc+2B1\r\n")).isEqualTo("250 2.1.0 Sender OK\r\n");
    assertThat(t.send("RCPT TO:<demo@example.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;demo@example.test\r\n"))
        .isEqualTo("250 2.1.5 Recipient OK\r\n");
    assertThat(t.send("DATA\r\n")).isEqualTo("354 End data with <CR><LF>.<CR><LF>\r\n");
    assertThat(t.send("Subject: hi\r\n\r\nbody\r\n.\r\n")).startsWith("250 2.0.0 OK: queued as ");
    assertThat(t.stored).hasSize(1);
    var stored = t.stored.get(0);
    assertThat(stored.content()).startsWith("Received: from client.test ([192.0.2.7])\r\n\tby mx.example.test (Sealpost) with ESMTP id ")
        .endsWith("\r\nSubject: hi\r\n\r\nbody\r\n");
    assertThat(stored.envelope().reversePath()).isEqualTo("a@remote.test");
    assertThat(stored.envelope().ret()).contains("HDRS");
    assertThat(stored.envelope().envId()).contains("abc+1");
    assertThat(stored.envelope().recipients()).singleElement().satisfies(r -> {
      assertThat(r.address()).isEqualTo("demo@example.test");
      assertThat(r.local()).isTrue();
      assertThat(r.dsnNotify()).containsExactly("DELAY", "FAILURE");
      assertThat(r.orcpt()).contains("rfc822;demo@example.test");
    });
  }

  @Test
  void pipelinedRepliesAreWrittenTogether() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    String replies = t.send("EHLO c.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<demo@example.test>\r\nDATA\r\n");
    assertThat(replies).contains("250 2.1.0", "250 2.1.5").endsWith("354 End data with <CR><LF>.<CR><LF>\r\n");
  }

  @Test
  void orderingErrorsHaveEnhancedCodes() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    assertThat(t.send("MAIL FROM:<a@remote.test>\r\n")).isEqualTo("503 5.5.1 Send EHLO or HELO first\r\n");
    t.send("HELO c.test\r\n");
    assertThat(t.send("RCPT TO:<demo@example.test>\r\n")).startsWith("503 5.5.1");
    assertThat(t.send("DATA\r\n")).startsWith("503 5.5.1");
    assertThat(t.send("MAIL FROM:<a@remote.test> SIZE=10\r\n")).startsWith("555 5.5.4");
    assertThat(t.send("MAIL FROM:<a@remote.test>\r\n")).startsWith("250 2.1.0");
    assertThat(t.send("MAIL FROM:<a@remote.test>\r\n")).startsWith("503 5.5.1");
    assertThat(t.send("DATA\r\n")).startsWith("554 5.5.1");
    assertThat(t.send("RSET\r\n")).isEqualTo("250 2.0.0 OK\r\n");
    assertThat(t.send("VRFY demo\r\n")).startsWith("252 2.5.0");
    assertThat(t.send("EXPN list\r\n")).startsWith("502 5.5.1");
    assertThat(t.send("HELP\r\n")).startsWith("214-2.0.0");
    assertThat(t.send("FOO\r\n")).startsWith("500 5.5.1");
    assertThat(t.send("QUIT\r\n")).isEqualTo("221 2.0.0 Bye\r\n");
    assertThat(t.channel.isOpen()).isFalse();
  }

  @Test
  void authOnSubmissionBeforeTlsNeverReachesTheAuthenticator() {
    Transcript t = new Transcript(ListenerKind.SUBMISSION, users);
    t.output();
    assertThat(t.send("EHLO c.test\r\n")).contains("250 STARTTLS").doesNotContain("AUTH");
    assertThat(t.send("AUTH PLAIN AGRlbW9AZXhhbXBsZS50ZXN0AHBhc3N3b3JkMTIz\r\n"))
        .isEqualTo("530 5.7.0 Must issue a STARTTLS command first\r\n");
    assertThat(t.send("AUTH LOGIN\r\n")).startsWith("530 5.7.0");
    assertThat(t.send("MAIL FROM:<demo@example.test>\r\n")).startsWith("530 5.7.0");
    assertThat(t.send("VRFY demo\r\n")).startsWith("530 5.7.0");
    assertThat(t.send("NOOP\r\nRSET\r\n")).isEqualTo("250 2.0.0 OK\r\n250 2.0.0 OK\r\n");
    assertThat(t.authAttempts).hasValue(0);
  }

  @Test
  void authOnMxPortNeverReachesTheAuthenticator() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    t.send("EHLO c.test\r\n");
    assertThat(t.send("AUTH PLAIN AGRlbW9AZXhhbXBsZS50ZXN0AHBhc3N3b3JkMTIz\r\n")).startsWith("503 5.5.1");
    assertThat(t.authAttempts).hasValue(0);
  }

  @Test
  void bdatWithoutTransactionSwallowsItsOctets() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    t.send("EHLO c.test\r\n");
    assertThat(t.send("BDAT 6 LAST\r\nQUIT\r\n")).startsWith("503 5.5.1");
    assertThat(t.channel.isOpen()).isTrue();
  }

  @Test
  void tooManyErrorsCloseTheSession() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    String out = t.send("X\r\n".repeat(10));
    assertThat(out).endsWith("421 4.7.0 Too many errors, closing connection\r\n");
    assertThat(t.channel.isOpen()).isFalse();
  }

  @Test
  void nonAsciiAddressNeedsSmtputf8() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    t.send("EHLO c.test\r\n");
    assertThat(t.send("MAIL FROM:<josé@remote.test>\r\n")).startsWith("553 5.6.7");
    assertThat(t.send("MAIL FROM:<josé@remote.test> SMTPUTF8\r\n")).startsWith("250 2.1.0");
  }

  @Test
  void latin1CommandGetsAnErrorAndTheSessionGoesOn() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    t.send("EHLO c.test\r\n");
    assertThat(t.sendLatin1("MAIL FROM:<josé@remote.test>\r\nNOOP\r\n"))
        .isEqualTo("500 5.5.2 Syntax error: command line is not valid UTF-8\r\n250 2.0.0 OK\r\n");
    assertThat(t.channel.isOpen()).isTrue();
  }

  @Test
  void dataTooLargeIsRefusedAndTransactionReset() {
    Transcript t = new Transcript(ListenerKind.SMTP, users);
    t.output();
    t.send("EHLO c.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<demo@example.test>\r\nDATA\r\n");
    String big = ("x".repeat(98) + "\r\n").repeat(200);
    assertThat(t.send(big + ".\r\n")).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size\r\n");
    assertThat(t.stored).isEmpty();
    assertThat(t.send("RCPT TO:<demo@example.test>\r\n")).startsWith("503 5.5.1");
  }
}
