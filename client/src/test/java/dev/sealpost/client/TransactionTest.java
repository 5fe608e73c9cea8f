package dev.sealpost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sealpost.protocol.DsnNotify;
import dev.sealpost.protocol.DsnRet;
import dev.sealpost.protocol.EnhancedStatus;
import dev.sealpost.protocol.OriginalRecipient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** MAIL, RCPT, DATA: pipelining, SIZE, 8BITMIME, SMTPUTF8, REQUIRETLS, DSN and per-recipient results. */
class TransactionTest {

  private static SmtpClient clearText(ScriptedServer server) {
    return TestClients.builder(server, Security.insecureCleartext()).build();
  }

  private static void awaitFinished(ScriptedServer server) {
    await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsFinished() >= 1);
  }

  @Test
  void pipeliningSendsMailRcptAndDataAsOneGroup() {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING", "ENHANCEDSTATUSCODES");
      // Nothing is answered until the whole group is in: a client waiting for replies would hang here.
      for (int i = 0; i < 4; i++) {
        lines.add(p.readLine());
      }
      p.reply("250 2.1.0 sender ok", "250 2.1.5 ok", "550 5.1.1 no such user", "354 go on");
      p.readData();
      p.reply("250 2.0.0 queued");
      p.expect("QUIT");
      p.reply("221 bye");
    }); SmtpClient client = clearText(server)) {
      SendResult r = client.send(TestClients.mail("a@example.test", "nobody@example.test"));
      assertThat(lines).containsExactly("MAIL FROM:<sender@example.test>", "RCPT TO:<a@example.test>",
          "RCPT TO:<nobody@example.test>", "DATA");
      assertThat(r.accepted()).extracting(x -> x.recipient().toString()).containsExactly("a@example.test");
      assertThat(r.rejected()).singleElement().satisfies(x -> {
        assertThat(x.code()).isEqualTo(550);
        assertThat(x.enhancedStatus()).contains(new EnhancedStatus(5, 1, 1));
        assertThat(x.text()).isEqualTo("no such user");
      });
      assertThat(r.tls()).isEqualTo(TlsEvidence.none());
      assertThat(r.tls().describe()).isEqualTo("none");
      assertThat(r.enhancedStatus()).contains(new EnhancedStatus(2, 0, 0));
    }
  }

  @Test
  void withoutPipeliningEachCommandWaitsForItsReply() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("8BITMIME");
      p.expect("MAIL FROM:<sender@example.test>");
      // If the client had pipelined, RCPT would already be here; it must wait for this reply.
      p.silence(300);
      assertThat(p.socketAvailable()).isZero();
      p.reply("250 2.1.0 ok");
      p.expect("RCPT TO:<rcpt@example.test>");
      p.silence(300);
      assertThat(p.socketAvailable()).isZero();
      p.reply("250 2.1.5 ok");
      p.expect("DATA");
      p.reply("354 go on");
      p.readData();
      p.reply("250 2.0.0 queued");
      p.expect("QUIT");
      p.reply("221 bye");
    }); SmtpClient client = clearText(server)) {
      assertThat(client.send(TestClients.mail()).accepted()).hasSize(1);
      client.close();
      awaitFinished(server);
      assertThat(server.failures()).isEmpty();
    }
  }

  @Test
  void allRecipientsRejectedIsATypedErrorAndNoContentIsSent() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING");
      p.readLine();
      p.readLine();
      p.readLine();
      p.reply("250 2.1.0 ok", "550 5.1.1 unknown", "554 5.5.1 no valid recipients");
      p.readLine();
    }); SmtpClient client = clearText(server)) {
      assertThatThrownBy(() -> client.send(TestClients.mail()))
          .isInstanceOfSatisfying(RecipientsRejectedException.class, e -> {
            assertThat(e.recipients()).singleElement().extracting(RecipientResult::code).isEqualTo(550);
            assertThat(e.isTransient()).isFalse();
          });
      client.close();
      awaitFinished(server);
      assertThat(server.received()).doesNotContain(TestClients.BODY_MARKER);
    }
  }

  @Test
  void sender454IsATransientSenderRejection() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo();
      p.expect("MAIL FROM:");
      p.reply("451 4.3.0 try later");
      p.readLine();
    }); SmtpClient client = clearText(server)) {
      assertThatThrownBy(() -> client.send(TestClients.mail()))
          .isInstanceOfSatisfying(SenderRejectedException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("451 4.3.0 try later");
          });
    }
  }

  @Test
  void sizeOverTheLimitIsRefusedBeforeMail() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("SIZE 20");
      p.readLine();
    }); SmtpClient client = clearText(server)) {
      assertThatThrownBy(() -> client.send(TestClients.mail()))
          .isInstanceOfSatisfying(MessageTooLargeException.class, e -> {
            assertThat(e.limit()).isEqualTo(20);
            assertThat(e.size()).isEqualTo(("Subject: test\r\n\r\n" + TestClients.BODY_MARKER + "\r\n").length());
          });
      client.close();
      awaitFinished(server);
      assertThat(server.received()).doesNotContain("MAIL FROM");
    }
  }

  @Test
  void sizeIsDeclaredAndEightBitContentGetsBody8bitmime() {
    byte[] content = "Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
    List<String> got = new ArrayList<>();
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("SIZE 1000", "8BITMIME");
      got.add(p.expect("MAIL FROM:"));
      p.reply("250 ok");
      p.expect("RCPT TO:");
      p.reply("250 ok");
      p.expect("DATA");
      p.reply("354 go on");
      p.readData();
      p.reply("250 queued");
    }); SmtpClient client = clearText(server)) {
      client.send(Mail.of(Envelope.builder().from("a@example.test").to("b@example.test").build(), content));
      assertThat(got).containsExactly("MAIL FROM:<a@example.test> SIZE=" + content.length + " BODY=8BITMIME");
    }
  }

  @Test
  void eightBitContentNeeds8bitmime() {
    assertExtensionMissing("8BITMIME", Mail.of(Envelope.builder().from("a@example.test").to("b@example.test").build(),
        "Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8)), "SIZE 1000");
  }

  @Test
  void utf8AddressNeedsSmtputf8() {
    assertExtensionMissing("SMTPUTF8", Mail.of(Envelope.builder().from("a@example.test").to("j\u00f6rg@example.test")
        .build(), "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8)), "8BITMIME");
  }

  @Test
  void utf8HeaderNeedsSmtputf8() {
    assertExtensionMissing("SMTPUTF8", Mail.of(Envelope.builder().from("a@example.test").to("b@example.test")
        .build(), "Subject: gr\u00fc\u00dfe\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8)), "8BITMIME");
  }

  @Test
  void requireTlsNeedsTlsAndTheExtension() {
    assertExtensionMissing("REQUIRETLS", Mail.of(Envelope.builder().from("a@example.test").to("b@example.test")
        .requireTls().build(), "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8)), "REQUIRETLS");
  }

  @Test
  void dsnParametersNeedDsn() {
    assertExtensionMissing("DSN", Mail.of(Envelope.builder().from("a@example.test").to("b@example.test")
        .ret(DsnRet.HDRS).build(), "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8)), "8BITMIME");
  }

  private void assertExtensionMissing(String extension, Mail mail, String... offered) {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo(offered);
      p.readLine();
    }); SmtpClient client = clearText(server)) {
      assertThatThrownBy(() -> client.send(mail)).isInstanceOfSatisfying(ExtensionMissingException.class, e -> {
        assertThat(e.extension()).isEqualTo(extension);
        assertThat(e.getMessage()).contains(extension);
      });
      client.close();
      awaitFinished(server);
      assertThat(server.received()).doesNotContain("MAIL FROM");
    }
  }

  @Test
  void dsnParametersAndSmtputf8AndNullReversePathOnTheWire() {
    List<String> got = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("DSN", "SMTPUTF8", "8BITMIME", "PIPELINING");
      for (int i = 0; i < 3; i++) {
        got.add(p.readLine());
      }
      p.reply("250 ok", "250 ok", "354 go");
      p.readData();
      p.reply("250 queued");
    }); SmtpClient client = clearText(server)) {
      Envelope envelope = Envelope.builder().nullReversePath().ret(DsnRet.HDRS).envelopeId("id+1 x")
          .to(Recipient.of("j\u00f6rg@example.test").withNotify(Set.of(DsnNotify.FAILURE, DsnNotify.DELAY))
              .withOriginalRecipient(new OriginalRecipient("rfc822", "orig=1@example.test")))
          .build();
      client.send(Mail.of(envelope, "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(got).containsExactly(
          "MAIL FROM:<> BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=id+2B1+20x",
          "RCPT TO:<j\u00f6rg@example.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;orig+3D1@example.test",
          "DATA");
    }
  }

  @Test
  void streamOfUnknownSizeIsSentWithoutSize() {
    List<String> got = new CopyOnWriteArrayList<>();
    List<byte[]> data = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("SIZE 100000");
      got.add(p.expect("MAIL FROM:"));
      p.reply("250 ok");
      p.expect("RCPT TO:");
      p.reply("250 ok");
      p.expect("DATA");
      p.reply("354 go");
      data.add(p.readData());
      p.reply("250 queued");
    }); SmtpClient client = clearText(server)) {
      byte[] big = ("Subject: s\n\n" + "line\n".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
      client.send(new Mail(Envelope.builder().from("a@example.test").to("b@example.test").build(),
          Content.of(new ByteArrayInputStream(big))));
      assertThat(got).containsExactly("MAIL FROM:<a@example.test>");
      assertThat(new String(data.getFirst(), StandardCharsets.US_ASCII))
          .isEqualTo("Subject: s\r\n\r\n" + "line\r\n".repeat(5000) + ".\r\n");
    }
  }

  @Test
  void malformedReplyIsAProtocolError() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo();
      p.expect("MAIL FROM:");
      p.raw("250-ok\r\n251 changed code\r\n");
      p.readLine();
    }); SmtpClient client = clearText(server)) {
      assertThatThrownBy(() -> client.send(TestClients.mail())).isInstanceOf(ProtocolException.class)
          .hasMessageContaining("reply code changed");
    }
  }

  @Test
  void dataRefusedAfterContentIsMessageRejected() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("PIPELINING");
      p.readLine();
      p.readLine();
      p.readLine();
      p.reply("250 ok", "250 ok", "354 go");
      p.readData();
      p.reply("554 5.7.1 spam");
      p.readLine();
    }); SmtpClient client = clearText(server)) {
      assertThatThrownBy(() -> client.send(TestClients.mail()))
          .isInstanceOfSatisfying(MessageRejectedException.class, e -> {
            assertThat(e.reply()).map(r -> r.code()).contains(554);
            assertThat(e.recipients()).hasSize(1);
          });
    }
  }

  @Test
  void aServerThatStopsReadingMidDataIsATimeoutNotAHang() {
    try (ScriptedServer server = ScriptedServer.start(p -> {
      p.greetAndEhlo("ENHANCEDSTATUSCODES");
      p.expect("MAIL");
      p.reply("250 2.1.0 ok");
      p.expect("RCPT");
      p.reply("250 2.1.5 ok");
      p.expect("DATA");
      p.reply("354 go on");
      Thread.sleep(15_000); // read nothing more: the socket buffers fill and the client's write blocks
    }); SmtpClient client = TestClients.builder(server, Security.insecureCleartext())
        .timeouts(Timeouts.all(Duration.ofSeconds(10)).withDataBlock(Duration.ofMillis(500))).build()) {
      // 256 MiB, generated as it is read: far more than loopback socket buffers hold.
      java.io.InputStream endless = new java.io.InputStream() {
        long left = 256L << 20;

        @Override
        public int read() {
          return left-- > 0 ? (left % 80 == 0 ? '\n' : 'x') : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (left <= 0) {
            return -1;
          }
          int n = (int) Math.min(len, left);
          for (int i = 0; i < n; i++) {
            b[off + i] = (byte) read();
          }
          return n;
        }
      };
      Mail mail = new Mail(Envelope.builder().from("sender@example.test").to("a@example.test").build(),
          Content.of(endless));
      assertThatThrownBy(() -> client.send(mail)).isInstanceOf(SmtpTimeoutException.class)
          .hasMessageContaining("sending message content");
    }
  }
}
