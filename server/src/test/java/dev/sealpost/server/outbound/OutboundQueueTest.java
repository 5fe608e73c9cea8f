package dev.sealpost.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.MutableClock;
import dev.sealpost.server.config.OutboundConfig;
import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.GroupCommitter;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpoolWriter;
import dev.sealpost.server.spool.SpooledMessage;
import dev.sealpost.server.spool.TestEnvelopes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's bookkeeping with a scripted next hop: which recipients are retried, which bounce, when the
 * spool file goes, and that progress survives a restart. Attempts are driven by hand, not by timers.
 */
class OutboundQueueTest {

  @TempDir Path dir;
  private GroupCommitter committer;
  private Spool spool;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
  private final List<Map<Integer, RecipientOutcome>> bounced = new CopyOnWriteArrayList<>();
  private final List<String> attempts = new CopyOnWriteArrayList<>();
  /** Delay warnings: the pending recipients and the Will-Retry-Until, per warning. */
  private final List<Map.Entry<Map<Integer, RecipientOutcome>, Instant>> delayed = new CopyOnWriteArrayList<>();
  /** Runs inside the scripted delivery: an administrator acting while a message is being delivered. */
  private volatile ThrowingRunnable duringDelivery = () -> { };

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Per attempt, the outcome for each recipient address. */
  private final List<Map<String, RecipientOutcome>> script = new ArrayList<>();

  private static final RecipientOutcome OK = new RecipientOutcome(RecipientOutcome.Kind.DELIVERED, "2.0.0",
      "250 2.0.0 queued", "mx.remote.test[127.0.0.1]:25");
  private static final RecipientOutcome LATER = RecipientOutcome.transientFailure("4.2.0", "451 4.2.0 try later",
      "mx.remote.test[127.0.0.1]:25");
  private static final RecipientOutcome NO_USER = RecipientOutcome.permanentFailure("5.1.1", "550 5.1.1 no such user",
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

  private OutboundQueue queue() {
    OutboundConfig config = new OutboundConfig(List.of(), 25, OutboundConfig.OutboundTls.MAY, Map.of(),
        Optional.empty(), List.of(), Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofDays(5), 4, 2, false, 443,
        OutboundConfig.DowngradeProtection.DEFER, Duration.ofDays(30),
        Optional.of(Duration.ofHours(4)), false, OutboundConfig.TlsReports.DEFAULT);
    DomainDelivery scripted = (SpooledMessage m, String domain, List<Integer> indexes) -> {
      Map<String, RecipientOutcome> now = script.get(attempts.size());
      attempts.add(domain + indexes);
      try {
        duringDelivery.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      Map<Integer, RecipientOutcome> out = new HashMap<>();
      indexes.forEach(i -> out.put(i, now.get(m.envelope().recipients().get(i).address())));
      return out;
    };
    Bounces bounces = new Bounces() {
      @Override
      public void failed(SpooledMessage m, Map<Integer, RecipientOutcome> failures) {
        bounced.add(failures);
      }

      @Override
      public void delayed(SpooledMessage m, Map<Integer, RecipientOutcome> pending, Instant willRetryUntil) {
        delayed.add(Map.entry(pending, willRetryUntil));
      }
    };
    return new OutboundQueue(spool, config, scripted, bounces, Runnable::run, clock, new Random(1));
  }

  private String queued(Envelope e) throws Exception {
    SpoolWriter w = spool.begin(e);
    byte[] body = "Subject: t\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    w.write(body, 0, body.length);
    String id = w.commit().join();
    spool.moveToOutbound(id);
    return id;
  }

  private Envelope receivedNow(Envelope e) {
    return new Envelope(e.queueId(), clock.instant(), e.reversePath(), e.recipients(), e.ret(), e.envId(),
        e.smtpUtf8(), e.bodyType(), e.requireTls(), e.authenticatedUser(), e.clientAddress(), e.heloName(), e.tls(),
        e.listener());
  }

  @Test
  void temporaryFailureThenSuccessDeliversOnceAndRemovesTheFile() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.remote("bob@remote.test"))));
    script.add(Map.of("bob@remote.test", LATER));
    script.add(Map.of("bob@remote.test", OK));
    OutboundQueue q = queue();
    q.attempt(id);
    assertThat(Files.exists(spool.outboundFile(id))).isTrue();
    clock.advance(Duration.ofMinutes(6));
    q.attempt(id);
    assertThat(Files.exists(spool.outboundFile(id))).isFalse();
    assertThat(bounced).isEmpty();
    assertThat(attempts).containsExactly("remote.test[0]", "remote.test[0]");
  }

  @Test
  void onePermanentFailureOfTwoBouncesOnlyThatOne() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.local("me@example.test"),
        TestEnvelopes.remote("gone@remote.test"), TestEnvelopes.remote("bob@remote.test"))));
    script.add(Map.of("gone@remote.test", NO_USER, "bob@remote.test", OK));
    queue().attempt(id);
    assertThat(attempts).containsExactly("remote.test[1, 2]"); // the local recipient is not ours to relay
    assertThat(bounced).singleElement().satisfies(f -> {
      assertThat(f).containsOnlyKeys(1);
      assertThat(f.get(1).diagnostic()).isEqualTo("550 5.1.1 no such user");
    });
    assertThat(Files.exists(spool.outboundFile(id))).isFalse();
  }

  @Test
  void progressSurvivesARestartAndDeliveredRecipientsAreNotTriedAgain() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.remote("a@one.test"),
        TestEnvelopes.remote("b@two.test"))));
    script.add(Map.of("a@one.test", OK));
    script.add(Map.of("b@two.test", LATER));
    queue().attempt(id);
    assertThat(attempts).containsExactly("one.test[0]", "two.test[1]");
    script.add(Map.of("b@two.test", OK));
    queue().attempt(id); // a new queue instance: what a restart sees
    assertThat(attempts).containsExactly("one.test[0]", "two.test[1]", "two.test[1]");
    assertThat(Files.exists(spool.outboundFile(id))).isFalse();
  }

  @Test
  void oneDelayWarningAfterFourHoursForTheRecipientsStillWaitingEvenAcrossARestart() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.remote("a@slow.test"),
        TestEnvelopes.remote("b@slow.test"))));
    Instant received = clock.instant();
    script.add(Map.of("a@slow.test", LATER, "b@slow.test", LATER));
    queue().attempt(id);
    assertThat(delayed).as("not before four hours").isEmpty();
    clock.advance(Duration.ofHours(4));
    script.add(Map.of("a@slow.test", OK, "b@slow.test", LATER));
    queue().attempt(id);
    assertThat(delayed).singleElement().satisfies(w -> {
      assertThat(w.getKey()).containsOnlyKeys(1); // a was delivered in this attempt: only b is delayed
      assertThat(w.getKey().get(1).status()).isEqualTo("4.2.0");
      assertThat(w.getValue()).isEqualTo(received.plus(Duration.ofDays(5)));
    });
    clock.advance(Duration.ofHours(4));
    script.add(Map.of("b@slow.test", LATER));
    queue().attempt(id); // a new instance, as after a restart: the warning went already
    assertThat(delayed).hasSize(1);
    assertThat(bounced).isEmpty();
  }

  @Test
  void givingUpAfterTheLifetimeBouncesEveryPendingRecipientOnce() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.remote("a@slow.test"),
        TestEnvelopes.remote("b@slow.test"))));
    for (int i = 0; i < 3; i++) {
      script.add(Map.of("a@slow.test", LATER, "b@slow.test", LATER));
    }
    OutboundQueue q = queue();
    q.attempt(id);
    clock.advance(Duration.ofDays(2));
    q.attempt(id);
    assertThat(bounced).isEmpty();
    clock.advance(Duration.ofDays(3));
    q.attempt(id);
    assertThat(bounced).singleElement().satisfies(f -> {
      assertThat(f).containsOnlyKeys(0, 1);
      assertThat(f.get(0).kind()).isEqualTo(RecipientOutcome.Kind.PERMANENT);
      assertThat(f.get(0).status()).startsWith("5.");
      assertThat(f.get(0).diagnostic()).contains("gave up after 120 hours").contains("451 4.2.0 try later");
    });
    assertThat(Files.exists(spool.outboundFile(id))).isFalse();
  }

  @Test
  void holdDuringAnAttemptKeepsTheProgressAndReleaseTriesOnlyWhatIsLeft() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.remote("a@one.test"),
        TestEnvelopes.remote("b@two.test"))));
    OutboundQueue q = queue();
    script.add(Map.of("a@one.test", OK));
    script.add(Map.of("b@two.test", LATER));
    duringDelivery = () -> {
      if (attempts.size() == 2) {
        assertThat(q.hold(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
      }
    };
    q.attempt(id);
    duringDelivery = () -> { };
    assertThat(Files.exists(spool.outboundFile(id))).isFalse();
    assertThat(Files.exists(spool.holdFile(id))).isTrue();
    DeliveryState saved = DeliveryState.read(dir, id).orElseThrow();
    assertThat(saved.settled(0)).as("a was delivered before the hold").isTrue();
    assertThat(saved.settled(1)).isFalse();

    q.attempt(id); // a timer set before the hold fires: nothing is tried, nothing is lost
    assertThat(attempts).hasSize(2);
    assertThat(DeliveryState.read(dir, id)).isPresent();
    assertThat(q.retry(id)).isEqualTo(OutboundQueue.AdminResult.NOT_OUTBOUND);

    assertThat(q.release(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
    assertThat(Files.exists(spool.outboundFile(id))).isTrue();
    script.add(Map.of("b@two.test", OK));
    q.attempt(id);
    assertThat(attempts).containsExactly("one.test[0]", "two.test[1]", "two.test[1]");
    assertThat(Files.exists(spool.outboundFile(id))).isFalse();
    assertThat(DeliveryState.read(dir, id)).isEmpty();
    q.close();
  }

  @Test
  void deleteDuringAnAttemptIsNotUndoneByItsBookkeeping() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.remote("b@two.test"))));
    OutboundQueue q = queue();
    script.add(Map.of("b@two.test", LATER));
    duringDelivery = () -> assertThat(q.delete(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
    q.attempt(id);
    assertThat(Files.exists(spool.outboundFile(id))).isFalse();
    assertThat(Files.exists(spool.holdFile(id))).isFalse();
    assertThat(DeliveryState.read(dir, id)).as("no state resurrected").isEmpty();
    assertThat(bounced).as("deleting tells nobody").isEmpty();
    assertThat(q.delete(id)).isEqualTo(OutboundQueue.AdminResult.NOT_FOUND);
    assertThat(q.release(id)).isEqualTo(OutboundQueue.AdminResult.NOT_FOUND);
    q.close();
  }

  @Test
  void aHeldMessageCanBeDeletedAndAnOutboundOneIsNotReleased() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.remote("b@two.test"))));
    OutboundQueue q = queue();
    assertThat(q.release(id)).isEqualTo(OutboundQueue.AdminResult.NOT_HELD);
    assertThat(q.hold(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
    assertThat(q.hold(id)).isEqualTo(OutboundQueue.AdminResult.NOT_OUTBOUND);
    assertThat(q.delete(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
    assertThat(Files.exists(spool.holdFile(id))).isFalse();
    q.close();
  }

  @Test
  void onAStoppedServerRetryAndReleaseMakeTheNextStartTryAtOnce() throws Exception {
    String id = queued(receivedNow(TestEnvelopes.simple(TestEnvelopes.remote("b@two.test"))));
    script.add(Map.of("b@two.test", LATER));
    OutboundQueue q = queue();
    q.attempt(id);
    q.close();
    Instant later = DeliveryState.read(dir, id).orElseThrow().nextAttempt();
    assertThat(later).isAfter(clock.instant());
    StoppedQueue stopped = new StoppedQueue(dir, clock);
    assertThat(stopped.hold(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
    assertThat(stopped.retry(id)).isEqualTo(OutboundQueue.AdminResult.NOT_OUTBOUND);
    assertThat(stopped.release(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
    assertThat(DeliveryState.read(dir, id).orElseThrow().nextAttempt()).isEqualTo(clock.instant());
    assertThat(DeliveryState.read(dir, id).orElseThrow().attempts()).isEqualTo(1);
    assertThat(stopped.delete(id)).isEqualTo(OutboundQueue.AdminResult.DONE);
    assertThat(DeliveryState.read(dir, id)).isEmpty();
  }
}
