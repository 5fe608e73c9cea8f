package dev.sealpost.server.dsn;

import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.EnvelopeRecipient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Envelopes, messages and DSNs for the tests of this package. */
final class Dsns {

  static final Instant ARRIVAL = Instant.parse("2025-03-04T05:06:07Z");
  static final Instant NOW = Instant.parse("2025-03-04T09:10:11Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String HOST = "mx.sealpost.test";
  static final String MESSAGE = """
      From: Alice <alice@example.org>\r
      To: Bob <bob@example.net>\r
      Subject: quarterly figures\r
      Message-ID: <1@example.org>\r
      \r
      The figures are attached.\r
      Line two of the body.\r
      """;

  private Dsns() {}

  static Envelope envelope(Optional<String> ret, Optional<String> envId, EnvelopeRecipient... recipients) {
    return envelope("alice@example.org", ret, envId, "8BITMIME", recipients);
  }

  static Envelope envelope(String reversePath, Optional<String> ret, Optional<String> envId, String body,
      EnvelopeRecipient... recipients) {
    return new Envelope("Q1234567890", ARRIVAL, reversePath, List.of(recipients), ret, envId, false, body, false,
        Optional.empty(), "192.0.2.1", "client.example.org", Optional.empty(), "smtp");
  }

  static EnvelopeRecipient rcpt(String address, String... notify) {
    return new EnvelopeRecipient(address, false, List.of(notify), Optional.empty());
  }

  static EnvelopeRecipient rcptWithOrcpt(String address, String orcpt) {
    return new EnvelopeRecipient(address, false, List.of(), Optional.of(orcpt));
  }

  static RecipientOutcome bounced(EnvelopeRecipient r, String diagnostic) {
    return RecipientOutcome.of(r, Action.FAILED, "5.1.1").withRemote("mx.example.net", diagnostic)
        .withLastAttempt(NOW.minusSeconds(60));
  }

  static DeliveryStatusNotification.Builder builder(Envelope e, String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    return DeliveryStatusNotification.builder(HOST, e).original(new ByteArrayInputStream(m), m.length)
        .clock(CLOCK).random(new Random(7));
  }

  static DeliveryStatusNotification simpleBounce(String diagnostic) {
    EnvelopeRecipient bob = rcpt("bob@example.net");
    return builder(envelope(Optional.empty(), Optional.empty(), bob), MESSAGE).outcome(bounced(bob, diagnostic))
        .build();
  }
}
