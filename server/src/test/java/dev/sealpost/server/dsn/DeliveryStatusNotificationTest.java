package dev.sealpost.server.dsn;

import static dev.sealpost.server.dsn.Dsns.MESSAGE;
import static dev.sealpost.server.dsn.Dsns.bounced;
import static dev.sealpost.server.dsn.Dsns.builder;
import static dev.sealpost.server.dsn.Dsns.envelope;
import static dev.sealpost.server.dsn.Dsns.rcpt;
import static dev.sealpost.server.dsn.Dsns.rcptWithOrcpt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.protocol.CommandParser;
import dev.sealpost.protocol.ParseResult;
import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.server.spool.EnvelopeRecipient;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryStatusNotificationTest {

  @Test
  void bounceIsAMultipartReportWithTheThreeParts() throws Exception {
    DeliveryStatusNotification dsn = Dsns.simpleBounce("550 5.1.1 <bob@example.net>: no such user");
    Parsed p = Parsed.of(dsn);
    assertThat(p.type().getBaseType()).isEqualTo("multipart/report");
    assertThat(p.type().getParameter("report-type")).isEqualTo("delivery-status");
    assertThat(p.parts()).hasSize(3);
    assertThat(p.partType(0)).isEqualTo("text/plain");
    assertThat(p.partType(1)).isEqualTo("message/delivery-status");
    assertThat(p.partType(2)).isEqualTo("text/rfc822-headers");
    MimeMessage m = p.message();
    assertThat(m.getHeader("From")[0]).isEqualTo("Mail Delivery System <MAILER-DAEMON@mx.sealpost.test>");
    assertThat(m.getHeader("To")[0]).isEqualTo("<alice@example.org>");
    assertThat(m.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
    assertThat(m.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
    assertThat(m.getHeader("Date")[0]).isEqualTo("Tue, 4 Mar 2025 09:10:11 +0000");
    assertThat(m.getMessageID()).endsWith("@mx.sealpost.test>");
    assertThat(p.text(0)).contains("<bob@example.net>: delivery failed permanently (5.1.1)",
        "The server mx.example.net replied:", "550 5.1.1 <bob@example.net>: no such user");
    assertThat(p.perMessage().getHeader("Reporting-MTA")[0]).isEqualTo("dns; mx.sealpost.test");
    assertThat(p.perMessage().getHeader("Arrival-Date")[0]).isEqualTo("Tue, 4 Mar 2025 05:06:07 +0000");
    assertThat(p.perMessage().getHeader("Original-Envelope-Id")).isNull();
    assertThat(p.perRecipient()).hasSize(1);
    assertThat(p.recipientField(0, "Original-Recipient")).isNull();
    assertThat(p.recipientField(0, "Final-Recipient")).isEqualTo("rfc822;bob@example.net");
    assertThat(p.recipientField(0, "Action")).isEqualTo("failed");
    assertThat(p.recipientField(0, "Status")).isEqualTo("5.1.1");
    assertThat(p.recipientField(0, "Remote-MTA")).isEqualTo("dns; mx.example.net");
    assertThat(p.recipientField(0, "Diagnostic-Code")).isEqualTo("smtp; 550 5.1.1 <bob@example.net>: no such user");
    assertThat(p.recipientField(0, "Last-Attempt-Date")).isEqualTo("Tue, 4 Mar 2025 09:09:11 +0000");
    assertThat(dsn.reversePath()).isEmpty();
    assertThat(dsn.forwardPath()).isEqualTo("alice@example.org");
    assertThat(dsn.needsEightBitMime()).isFalse();
  }

  @Test
  void retAbsentOrHdrsReturnsOnlyTheHeaders() {
    for (Optional<String> ret : java.util.List.of(Optional.<String>empty(), Optional.of("HDRS"))) {
      EnvelopeRecipient bob = rcpt("bob@example.net");
      DeliveryStatusNotification dsn = builder(envelope(ret, Optional.empty(), bob), MESSAGE)
          .outcome(bounced(bob, "550 no")).build();
      Parsed p = Parsed.of(dsn);
      assertThat(dsn.returnedFull()).isFalse();
      assertThat(p.partType(2)).isEqualTo("text/rfc822-headers");
      assertThat(p.text(2)).contains("Subject: quarterly figures\r\n").doesNotContain("figures are attached");
      assertThat(p.text(0)).contains("The headers of your message are attached below.");
    }
  }

  @Test
  void retFullReturnsTheWholeMessage() throws Exception {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    DeliveryStatusNotification dsn = builder(envelope(Optional.of("FULL"), Optional.empty(), bob), MESSAGE)
        .outcome(bounced(bob, "550 no")).build();
    Parsed p = Parsed.of(dsn);
    assertThat(dsn.returnedFull()).isTrue();
    assertThat(p.partType(2)).isEqualTo("message/rfc822");
    MimeMessage inner = (MimeMessage) p.parts().get(2).getContent();
    assertThat(inner.getSubject()).isEqualTo("quarterly figures");
    assertThat(inner.getContent().toString()).isEqualTo("The figures are attached.\r\nLine two of the body.\r\n");
  }

  @Test
  void retFullBeyondTheLimitFallsBackToHeadersAndSaysSo() {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    String big = MESSAGE + "x".repeat(900) + "\r\n";
    DeliveryStatusNotification dsn = builder(envelope(Optional.of("FULL"), Optional.empty(), bob), big)
        .returnLimit(MESSAGE.length() + 100).outcome(bounced(bob, "552 too big")).build();
    Parsed p = Parsed.of(dsn);
    assertThat(dsn.returnedFull()).isFalse();
    assertThat(p.partType(2)).isEqualTo("text/rfc822-headers");
    assertThat(p.text(0)).contains("larger than " + (MESSAGE.length() + 100) + " octets, so only its headers");
  }

  @Test
  void retFullOfAnEightBitMessageNeedsEightBitMime() throws Exception {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    DeliveryStatusNotification dsn = builder(envelope(Optional.of("FULL"), Optional.empty(), bob),
        MESSAGE + "Grüße\r\n").outcome(bounced(bob, "550 no")).build();
    assertThat(dsn.needsEightBitMime()).isTrue();
    Parsed p = Parsed.of(dsn);
    assertThat(p.parts().get(2).getHeader("Content-Transfer-Encoding")[0]).isEqualTo("8bit");
    assertThat(new String(dsn.bytes(), StandardCharsets.UTF_8)).contains("Grüße\r\n");
  }

  @Test
  void retFullOfABinaryOrBadlyFramedMessageReturnsHeaders() {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    DeliveryStatusNotification binary = builder(envelope("alice@example.org", Optional.of("FULL"), Optional.empty(),
        "BINARYMIME", bob), MESSAGE).outcome(bounced(bob, "550 no")).build();
    assertThat(binary.returnedFull()).isFalse();
    DeliveryStatusNotification bareLf = builder(envelope(Optional.of("FULL"), Optional.empty(), bob),
        "Subject: s\nFrom: a@b\n\nbody\n").outcome(bounced(bob, "550 no")).build();
    assertThat(bareLf.returnedFull()).isFalse();
    assertThat(Parsed.of(bareLf).text(2)).isEqualTo("Subject: s\r\nFrom: a@b\r\n");
  }

  @Test
  void envelopeIdFromTheMailCommandIsXtextDecoded() {
    ParseResult r = CommandParser.parse("MAIL FROM:<alice@example.org> ENVID=ab+2Bcd");
    SmtpCommand.Mail mail = (SmtpCommand.Mail) ((ParseResult.Parsed) r).command();
    EnvelopeRecipient bob = rcpt("bob@example.net");
    DeliveryStatusNotification dsn = builder(envelope(Optional.empty(), mail.parameters().envId(), bob), MESSAGE)
        .outcome(bounced(bob, "550 no")).build();
    assertThat(Parsed.of(dsn).perMessage().getHeader("Original-Envelope-Id")[0]).isEqualTo("ab+cd");
  }

  @Test
  void originalRecipientOnlyWhenOrcptWasGivenAndDecoded() {
    EnvelopeRecipient bob = rcptWithOrcpt("bob@example.net", "rfc822;bob+2Btag@example.net");
    EnvelopeRecipient carol = rcpt("carol@example.net");
    EnvelopeRecipient dave = rcptWithOrcpt("dave@example.net", "utf-8;d\\x{E4}ve@example.net");
    DeliveryStatusNotification dsn = builder(envelope(Optional.empty(), Optional.empty(), bob, carol, dave), MESSAGE)
        .outcomes(java.util.List.of(bounced(bob, "550 a"), bounced(carol, "550 b"), bounced(dave, "550 c")))
        .build();
    Parsed p = Parsed.of(dsn);
    assertThat(p.recipientField(0, "Original-Recipient")).isEqualTo("rfc822;bob+tag@example.net");
    assertThat(p.recipientField(1, "Original-Recipient")).isNull();
    assertThat(p.recipientField(2, "Original-Recipient")).isEqualTo("utf-8;d\\x{E4}ve@example.net");
    assertThat(p.text(0)).contains("<bob+tag@example.net>: delivery failed");
  }

  @Test
  void oneDsnCoversRecipientsWithDifferentOutcomes() {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    EnvelopeRecipient carol = rcpt("carol@example.net", "DELAY");
    EnvelopeRecipient dave = rcpt("dave@example.net", "SUCCESS");
    DeliveryStatusNotification dsn = builder(envelope(Optional.empty(), Optional.empty(), bob, carol, dave), MESSAGE)
        .outcome(bounced(bob, "550 5.1.1 no such user"))
        .outcome(RecipientOutcome.of(carol, Action.DELAYED, "4.4.1").withRemote("mx2.example.net",
            "421 4.4.1 try later").withWillRetryUntil(Dsns.ARRIVAL.plus(java.time.Duration.ofDays(5))))
        .outcome(RecipientOutcome.of(dave, Action.RELAYED, "2.0.0").withFinalRecipient("dave@relay.example"))
        .build();
    Parsed p = Parsed.of(dsn);
    assertThat(p.perRecipient()).extracting(h -> h.getHeader("Action")[0])
        .containsExactly("failed", "delayed", "relayed");
    assertThat(p.recipientField(1, "Will-Retry-Until")).isEqualTo("Sun, 9 Mar 2025 05:06:07 +0000");
    assertThat(p.recipientField(0, "Will-Retry-Until")).isNull();
    assertThat(p.recipientField(2, "Final-Recipient")).isEqualTo("rfc822;dave@relay.example");
    assertThat(p.text(0)).contains("<carol@example.net>: delivery is delayed (4.4.1)",
        "We will keep trying until Sun, 9 Mar 2025 05:06:07 +0000", "<dave@example.net>: relayed");
  }

  @Test
  void onlyDelaysGiveTheDelaySubject() throws Exception {
    EnvelopeRecipient carol = rcpt("carol@example.net", "DELAY");
    DeliveryStatusNotification dsn = builder(envelope(Optional.empty(), Optional.empty(), carol), MESSAGE)
        .outcome(RecipientOutcome.of(carol, Action.DELAYED, "4.4.1")).build();
    Parsed p = Parsed.of(dsn);
    assertThat(p.message().getSubject()).isEqualTo("Delayed Mail (still being retried)");
    assertThat(p.text(0)).contains("still being retried; you do not need to send it again");
  }

  @Test
  void hostileDiagnosticCannotInjectFieldsOrBoundaries() {
    String hostile = "550 no\r\nContent-Type: text/html\r\n\r\n--=_sealpost_AAAA--\r\nAction: delivered\n\u0000\u001b[31m";
    Parsed p = Parsed.of(Dsns.simpleBounce(hostile));
    assertThat(p.parts()).hasSize(3);
    assertThat(p.perRecipient()).hasSize(1);
    assertThat(p.perRecipient().getFirst().getHeader("Action")).containsExactly("failed");
    assertThat(p.perRecipient().getFirst().getHeader("Content-Type")).isNull();
    assertThat(p.recipientField(0, "Diagnostic-Code"))
        .isEqualTo("smtp; 550 no Content-Type: text/html --=_sealpost_AAAA-- Action: delivered [31m");
  }

  @Test
  void longDiagnosticIsBoundedAndLinesStayShort() {
    DeliveryStatusNotification dsn = Dsns.simpleBounce("550 " + "y".repeat(5000));
    assertThat(Parsed.of(dsn).recipientField(0, "Diagnostic-Code")).hasSize("smtp; ".length() + FieldText.MAX_DIAGNOSTIC)
        .endsWith("...");
    Wire.assertWellFormed(dsn.bytes());
  }

  @Test
  void neverToTheNullReversePathNorWithoutOutcomes() {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    assertThatThrownBy(() -> DeliveryStatusNotification.builder(Dsns.HOST,
        envelope("", Optional.empty(), Optional.empty(), "7BIT", bob)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    assertThatThrownBy(() -> builder(envelope(Optional.empty(), Optional.empty(), bob), MESSAGE).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DeliveryStatusNotification.builder("mx.example.org\r\nBcc: x",
        envelope(Optional.empty(), Optional.empty(), bob))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusMustFitTheAction() {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    assertThatThrownBy(() -> RecipientOutcome.of(bob, Action.DELIVERED, "5.1.1"))
        .hasMessageContaining("5.1.1").hasMessageContaining("delivered");
    assertThat(Collections.singleton(RecipientOutcome.of(bob, Action.FAILED, "4.4.7").action()))
        .containsExactly(Action.FAILED);
  }

  @Test
  void everyDsnIsWellFormedOnTheWire() {
    Wire.assertWellFormed(Dsns.simpleBounce("550 no").bytes());
  }
}
