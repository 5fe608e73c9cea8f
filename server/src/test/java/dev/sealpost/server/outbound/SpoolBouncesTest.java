package dev.sealpost.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.server.dsn.DsnPolicy;
import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.GroupCommitter;
import dev.sealpost.server.spool.QueueIds;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpoolReader;
import dev.sealpost.server.spool.SpoolWriter;
import dev.sealpost.server.spool.SpooledMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delay warnings as queued DSNs: who gets one under RFC 3461, and what it says. */
class SpoolBouncesTest {

  @TempDir Path dir;
  private GroupCommitter committer;
  private Spool spool;
  private final List<String> submitted = new CopyOnWriteArrayList<>();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T14:00:00Z"), ZoneOffset.UTC);
  private static final Instant UNTIL = Instant.parse("2026-12-03T10:00:00Z");
  private static final RecipientOutcome LATER = RecipientOutcome.transientFailure("4.2.2", "452 4.2.2 mailbox full",
      "mx.remote.test[127.0.0.1]:25");

  @BeforeEach
  void open() {
    committer = new GroupCommitter();
    spool = Spool.open(dir, committer);
  }

  @AfterEach
  void close() {
    committer.close();
  }

  private SpooledMessage message(String sender, EnvelopeRecipient... rcpts) throws Exception {
    Envelope e = new Envelope(QueueIds.next(), Instant.parse("2026-11-28T10:00:00Z"), sender, List.of(rcpts),
        Optional.empty(), Optional.of("ENV-7"), false, "7BIT", false, Optional.empty(), "192.0.2.1", "client.test",
        Optional.empty(), "submission");
    SpoolWriter w = spool.begin(e);
    byte[] body = "Subject: quarterly report\r\n\r\nnumbers\r\n".getBytes(StandardCharsets.US_ASCII);
    w.write(body, 0, body.length);
    String id = w.commit().join();
    return SpoolReader.open(spool.incomingFile(id));
  }

  private static EnvelopeRecipient rcpt(String address, String... notify) {
    return new EnvelopeRecipient(address, false, List.of(notify), Optional.empty());
  }

  private SpoolBounces bounces(DsnPolicy policy) {
    return new SpoolBounces("mx.example.test", spool, d -> d.equals("example.test"), submitted::add, clock, policy);
  }

  private String dsn() throws Exception {
    assertThat(submitted).hasSize(1);
    SpooledMessage m = SpoolReader.open(spool.incomingFile(submitted.get(0)));
    assertThat(m.envelope().nullReversePath()).as("a DSN goes from <>").isTrue();
    try (InputStream in = m.body()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void onlyRecipientsWhoseSenderAskedForDelayReportsAreWarnedByDefault() throws Exception {
    SpooledMessage m = message("alice@example.test", rcpt("asked@remote.test", "FAILURE", "DELAY"),
        rcpt("silent@remote.test"), rcpt("never@remote.test", "NEVER"));
    bounces(DsnPolicy.DEFAULT).delayed(m, Map.of(0, LATER, 1, LATER, 2, LATER), UNTIL);
    String dsn = dsn();
    assertThat(dsn).contains("Content-Type: multipart/report; report-type=delivery-status;")
        .contains("Final-Recipient: rfc822;asked@remote.test").doesNotContain("silent@remote.test")
        .doesNotContain("never@remote.test").contains("Action: delayed").contains("Status: 4.2.2")
        .contains("Will-Retry-Until: Thu, 3 Dec 2026 10:00:00 +0000").contains("Original-Envelope-Id: ENV-7")
        .contains("452 4.2.2 mailbox full");
  }

  @Test
  void delayWarningsWithoutNotifyReachSendersWhoGaveNone() throws Exception {
    SpooledMessage m = message("alice@example.test", rcpt("silent@remote.test"), rcpt("never@remote.test", "NEVER"));
    bounces(new DsnPolicy(true)).delayed(m, Map.of(0, LATER, 1, LATER), UNTIL);
    assertThat(dsn()).contains("Final-Recipient: rfc822;silent@remote.test").doesNotContain("never@remote.test");
  }

  @Test
  void noWarningForTheNullSenderNorWhenNobodyAsked() throws Exception {
    bounces(new DsnPolicy(true)).delayed(message("", rcpt("a@remote.test", "DELAY")), Map.of(0, LATER), UNTIL);
    bounces(DsnPolicy.DEFAULT).delayed(message("alice@example.test", rcpt("b@remote.test")), Map.of(0, LATER), UNTIL);
    assertThat(submitted).isEmpty();
  }
}
