package dev.sealpost.server.outbound;

import dev.sealpost.protocol.EnhancedStatus;
import dev.sealpost.server.dsn.Action;
import dev.sealpost.server.dsn.DeliveryStatusNotification;
import dev.sealpost.server.dsn.DsnPolicy;
import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpooledMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports permanent failures to the sender as an RFC 3464 DSN, queued in the spool like any message
 * (MAIL FROM:&lt;&gt;, so that it can never bounce back). RFC 3461 decides which recipients are
 * reported ({@link DsnPolicy}); nothing goes to the null reverse-path.
 */
public final class SpoolBounces implements Bounces {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolBounces.class);

  private final String hostname;
  private final GeneratedMail mail;
  private final Clock clock;
  private final DsnPolicy policy;

  /**
   * @param isLocalDomain whether a domain is ours, so the DSN is delivered locally
   * @param submit takes the queue id of the committed DSN (local delivery, which passes remote ones on)
   */
  public SpoolBounces(String hostname, Spool spool, Predicate<String> isLocalDomain, Consumer<String> submit,
      Clock clock) {
    this(hostname, spool, isLocalDomain, submit, clock, DsnPolicy.DEFAULT);
  }

  /** @param policy which outcomes are reported (delay warnings for senders who gave no NOTIFY, or not) */
  public SpoolBounces(String hostname, Spool spool, Predicate<String> isLocalDomain, Consumer<String> submit,
      Clock clock, DsnPolicy policy) {
    this.policy = policy;
    this.hostname = hostname;
    this.mail = new GeneratedMail(hostname, spool, isLocalDomain, submit, clock);
    this.clock = clock;
  }

  @Override
  public void failed(SpooledMessage message, Map<Integer, RecipientOutcome> failures) {
    report(message, failures, Action.FAILED, Optional.empty());
  }

  @Override
  public void relayed(SpooledMessage message, Map<Integer, RecipientOutcome> relayed) {
    report(message, relayed, Action.RELAYED, Optional.empty());
  }

  @Override
  public void delayed(SpooledMessage message, Map<Integer, RecipientOutcome> pending, Instant willRetryUntil) {
    report(message, pending, Action.DELAYED, Optional.of(willRetryUntil));
  }

  private void report(SpooledMessage message, Map<Integer, RecipientOutcome> failures, Action action,
      Optional<Instant> willRetryUntil) {
    Envelope original = message.envelope();
    if (original.nullReversePath()) {
      LOG.info("queue={} event=no-bounce reason=null-reverse-path failed={}", original.queueId(), failures.size());
      return;
    }
    Instant now = clock.instant();
    List<dev.sealpost.server.dsn.RecipientOutcome> outcomes = new ArrayList<>();
    failures.forEach((index, o) -> {
      EnvelopeRecipient r = original.recipients().get(index);
      var out = dev.sealpost.server.dsn.RecipientOutcome.of(r, action, switch (action) {
        case FAILED -> permanentStatus(o.status());
        case DELAYED -> transientStatus(o.status());
        default -> EnhancedStatus.parse("2.0.0");
      }).withLastAttempt(now);
      if (willRetryUntil.isPresent()) {
        out = out.withWillRetryUntil(willRetryUntil.get());
      }
      if (!o.remoteMta().isEmpty()) {
        out = out.withRemote(hostOnly(o.remoteMta()), o.diagnostic());
      }
      outcomes.add(out);
    });
    List<dev.sealpost.server.dsn.RecipientOutcome> reported = policy.select(original, outcomes);
    if (reported.isEmpty()) {
      LOG.info("queue={} event=no-bounce reason=notify failed={}", original.queueId(), failures.size());
      return;
    }
    DeliveryStatusNotification dsn;
    try (InputStream body = message.body()) {
      dsn = DeliveryStatusNotification.builder(hostname, original).original(body, message.bodySize())
          .outcomes(reported).clock(clock).build();
    } catch (IOException e) {
      LOG.error("queue={} event=bounce-failed error=\"{}\"", original.queueId(), e.toString());
      return;
    }
    // From <>, so that it can never bounce back (RFC 5321 §4.5.5).
    String id = mail.queue("", List.of(dsn.forwardPath()), dsn.bytes(), dsn.needsEightBitMime(), original.smtpUtf8(),
        "bounce");
    LOG.info("queue={} event=dsn-queued action={} dsn={} to=<{}> rcpts={}", original.queueId(), action.token(), id,
        dsn.forwardPath(), reported.size());
  }

  /** A DSN's failed action needs a 5.x.x status; a transient one that ran out of time becomes 5.x.x. */
  private static EnhancedStatus permanentStatus(String status) {
    String s = status.startsWith("5.") ? status : "5" + status.substring(1);
    try {
      return EnhancedStatus.parse(s);
    } catch (IllegalArgumentException e) {
      return EnhancedStatus.parse("5.0.0");
    }
  }

  /** A delayed action needs a 4.x.x status (RFC 3464 §2.3.4). */
  private static EnhancedStatus transientStatus(String status) {
    try {
      return EnhancedStatus.parse(status.startsWith("4.") ? status : "4.0.0");
    } catch (IllegalArgumentException e) {
      return EnhancedStatus.parse("4.0.0");
    }
  }

  /** "mx.remote.test[127.0.0.1]:25" → "mx.remote.test" for Remote-MTA. */
  private static String hostOnly(String remoteMta) {
    int bracket = remoteMta.indexOf('[');
    return bracket > 0 ? remoteMta.substring(0, bracket) : remoteMta;
  }
}
