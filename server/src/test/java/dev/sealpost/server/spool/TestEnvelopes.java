package dev.sealpost.server.spool;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Envelopes for tests. */
public final class TestEnvelopes {

  private TestEnvelopes() {}

  public static EnvelopeRecipient local(String address) {
    return new EnvelopeRecipient(address, true, List.of(), Optional.empty());
  }

  public static EnvelopeRecipient remote(String address) {
    return new EnvelopeRecipient(address, false, List.of(), Optional.empty());
  }

  public static Envelope simple(EnvelopeRecipient... recipients) {
    return new Envelope(QueueIds.next(), Instant.parse("2025-01-02T03:04:05.678Z"), "alice@example.org",
        List.of(recipients), Optional.empty(), Optional.empty(), false, "7BIT", false, Optional.empty(),
        "192.0.2.1", "client.example.org", Optional.empty(), "smtp");
  }

  /** Every optional present, DSN parameters, and UTF-8 addresses (RFC 6531). */
  public static Envelope full() {
    return new Envelope(QueueIds.next(), Instant.parse("2025-06-30T23:59:59.123456789Z"), "jösé@exämple.org",
        List.of(new EnvelopeRecipient("用户@例子.广告", true, List.of("FAILURE", "DELAY"),
                Optional.of("utf-8;用户@例子.广告")),
            new EnvelopeRecipient("bob@example.net", false, List.of("NEVER"), Optional.of("rfc822;bob@example.net"))),
        Optional.of("HDRS"), Optional.of("QQ314159"), true, "8BITMIME", true, Optional.of("jösé"),
        "2001:db8::1", "mx.exämple.org", Optional.of("TLSv1.3 TLS_AES_256_GCM_SHA384"), "submission");
  }
}
