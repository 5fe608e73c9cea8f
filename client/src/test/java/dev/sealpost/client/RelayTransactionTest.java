package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sealpost.protocol.DsnNotify;
import dev.sealpost.protocol.DsnRet;
import dev.sealpost.protocol.OriginalRecipient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a relay needs from a transaction: DSN parameters dropped for a server without DSN, 4xx vs 5xx recipients. */
class RelayTransactionTest {

  private static final Mail WITH_DSN = Mail.of(Envelope.builder().from("sender@example.test").ret(DsnRet.FULL)
      .envelopeId("q-42").to(Recipient.of("rcpt@example.test").withNotify(Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE))
          .withOriginalRecipient(new OriginalRecipient("rfc822", "orig@example.test"))).build(),
      ("Subject: x\r\n\r\n" + TestClients.BODY_MARKER + "\r\n").getBytes(StandardCharsets.UTF_8));

  private static ScriptedServer recording(List<String> lines, String... extensions) {
    return ScriptedServer.start(p -> {
      p.greetAndEhlo(extensions);
      for (int i = 0; i < 3; i++) {
        lines.add(p.readLine());
      }
      p.reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go on");
      p.readData();
      p.reply("250 2.0.0 queued");
    });
  }

  @Test
  void dsnParametersAreDroppedForAServerWithoutDsn() {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = recording(lines, "PIPELINING", "8BITMIME");
        SmtpClient client = TestClients.builder(server, Security.insecureCleartext())
            .dropDsnParametersWhenUnsupported().build()) {
      SendResult result = client.send(WITH_DSN);
      assertThat(lines).containsExactly("MAIL FROM:<sender@example.test>", "RCPT TO:<rcpt@example.test>",
          "DATA");
      assertThat(result.dsnParametersDropped()).isTrue();
    }
  }

  @Test
  void dsnParametersAreKeptWhenTheServerOffersDsn() {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = recording(lines, "PIPELINING", "DSN");
        SmtpClient client = TestClients.builder(server, Security.insecureCleartext())
            .dropDsnParametersWhenUnsupported().build()) {
      SendResult result = client.send(WITH_DSN);
      assertThat(lines).containsExactly("MAIL FROM:<sender@example.test> RET=FULL ENVID=q-42",
          "RCPT TO:<rcpt@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;orig@example.test", "DATA");
      assertThat(result.dsnParametersDropped()).isFalse();
    }
  }

  @Test
  void byDefaultAServerWithoutDsnFailsTheSendBeforeMail() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING");
      p.readLine();
    }); SmtpClient client = TestClients.builder(server, Security.insecureCleartext()).build()) {
      assertThatThrownBy(() -> client.send(WITH_DSN)).isInstanceOfSatisfying(ExtensionMissingException.class,
          e -> assertThat(e.extension()).isEqualTo("DSN"));
      client.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() >= 1);
      assertThat(server.received()).doesNotContain("MAIL FROM");
    }
  }

  @Test
  void transientAndPermanentRecipientRefusalsAreToldApart() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES");
      for (int i = 0; i < 5; i++) {
        p.readLine();
      }
      p.reply("250 2.1.0 ok", "250 2.1.5 ok", "450 4.2.1 mailbox busy", "550 5.1.1 no such user", "354 go on");
      p.readData();
      p.reply("250 2.0.0 queued");
    }); SmtpClient client = TestClients.builder(server, Security.insecureCleartext()).build()) {
      SendResult r = client.send(TestClients.mail("ok@example.test", "busy@example.test", "gone@example.test"));
      assertThat(r.recipients()).extracting(RecipientResult::isTransientFailure).containsExactly(false, true, false);
      assertThat(r.recipients()).extracting(RecipientResult::isPermanentFailure).containsExactly(false, false, true);
      assertThat(r.deferred()).extracting(x -> x.recipient().toString()).containsExactly("busy@example.test");
      assertThat(r.failed()).extracting(x -> x.recipient().toString()).containsExactly("gone@example.test");
      assertThat(r.rejected()).hasSize(2);
    }
  }
}
