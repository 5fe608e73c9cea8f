package dev.sealpost.server.dsn;

import dev.sealpost.server.spool.Envelope;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A delivery status notification (RFC 3464) for one message: a multipart/report (RFC 6522) with a
 * human-readable part, the message/delivery-status part and the original message or its headers, sent
 * from the null reverse-path to the original reverse-path (RFC 5321 §4.5.5, §6.1). One DSN covers every
 * recipient being reported at that moment; {@link DsnPolicy#select} says which those are.
 *
 * <pre>{@code
 * var dsn = DeliveryStatusNotification.builder("mx.example.org", envelope)
 *     .original(spooled.body(), spooled.bodySize())
 *     .outcome(RecipientOutcome.of(rcpt, Action.FAILED, "5.1.1")
 *         .withRemote("mx.example.com", "550 5.1.1 no such user").withLastAttempt(now))
 *     .build();
 * // MAIL FROM:<> [BODY=8BITMIME if dsn.needsEightBitMime()]  RCPT TO:<dsn.forwardPath()>  DATA dsn.bytes()
 * }</pre>
 *
 */
public final class DeliveryStatusNotification {

  /** What RET=FULL returns at most before falling back to headers. */
  public static final long DEFAULT_RETURN_LIMIT = 10L * 1024 * 1024;

  private final String forwardPath;
  private final byte[] bytes;
  private final boolean returnedFull;

  private DeliveryStatusNotification(String forwardPath, byte[] bytes, boolean returnedFull) {
    this.forwardPath = forwardPath;
    this.bytes = bytes;
    this.returnedFull = returnedFull;
  }

  /** The recipient of the DSN: the original reverse-path (RFC 3461 §6.1). */
  public String forwardPath() {
    return forwardPath;
  }

  /** The RFC 5322 message: CRLF line endings, lines of at most 998 octets, not dot-stuffed. A copy. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * True when the message holds octets above 127 (an 8-bit original, UTF-8 addresses), so it must be
   * sent with BODY=8BITMIME (RFC 6152); a server without 8BITMIME cannot take it as it is.
   */
  public boolean needsEightBitMime() {
    return ReportWriter.eightBit(bytes);
  }

  /** True when the whole original is attached; false for its headers only, or nothing. */
  public boolean returnedFull() {
    return returnedFull;
  }

  /** The reverse-path of the DSN's own envelope: always null, so a DSN is never answered by a DSN. */
  public String reversePath() {
    return "";
  }

  /**
   * @param reportingMta our host name, for Reporting-MTA, From and Message-ID
   * @param envelope the original envelope: reverse-path, RET, ENVID, arrival time and body type
   * @throws IllegalArgumentException when the envelope has the null reverse-path, which is never reported
   *     to, or the host name is not one
   */
  public static Builder builder(String reportingMta, Envelope envelope) {
    return new Builder(reportingMta, envelope);
  }

  /** Collects what one DSN needs. Not thread-safe; {@link #build()} reads the original stream. */
  public static final class Builder {
    private final String reportingMta;
    private final Envelope envelope;
    private final List<RecipientOutcome> outcomes = new ArrayList<>();
    private Optional<InputStream> original = Optional.empty();
    private long originalSize;
    private long returnLimit = DEFAULT_RETURN_LIMIT;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SecureRandom();

    private Builder(String reportingMta, Envelope envelope) {
      Objects.requireNonNull(reportingMta, "reportingMta");
      this.envelope = Objects.requireNonNull(envelope, "envelope");
      if (reportingMta.isEmpty() || !FieldText.hostName(reportingMta).equals(reportingMta)) {
        throw new IllegalArgumentException("reporting MTA is not a host name: " + reportingMta);
      }
      if (envelope.nullReversePath()) {
        throw new IllegalArgumentException("no DSN for message " + envelope.queueId()
            + ": its reverse-path is null (RFC 5321 §4.5.5)");
      }
      this.reportingMta = reportingMta;
    }

    /** The original message, {@code size} octets; read by {@link #build()}, closed by the caller. */
    public Builder original(InputStream message, long size) {
      this.original = Optional.of(Objects.requireNonNull(message, "message"));
      this.originalSize = size;
      return this;
    }

    public Builder outcome(RecipientOutcome outcome) {
      outcomes.add(Objects.requireNonNull(outcome, "outcome"));
      return this;
    }

    public Builder outcomes(List<RecipientOutcome> list) {
      list.forEach(this::outcome);
      return this;
    }

    /** Octets of the original that RET=FULL may return; larger messages return their headers. */
    public Builder returnLimit(long octets) {
      if (octets < 0) {
        throw new IllegalArgumentException("return limit is negative: " + octets);
      }
      this.returnLimit = octets;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** For the boundary and the Message-ID; a SecureRandom unless a test fixes it. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** @throws IllegalStateException when no outcome was added */
    public DeliveryStatusNotification build() {
      if (outcomes.isEmpty()) {
        throw new IllegalStateException("a DSN for message " + envelope.queueId() + " needs an outcome");
      }
      boolean wantFull = envelope.ret().filter("FULL"::equals).isPresent();
      Optional<ReturnedContent> returned = original.map(in -> ReturnedContent.read(in, originalSize, wantFull,
          envelope.bodyType().equals("BINARYMIME"), returnLimit));
      String text = NotificationText.render(reportingMta, envelope.receivedAt(), outcomes, returned);
      String status = DeliveryStatusFields.render(reportingMta, envelope.envId(), envelope.receivedAt(), outcomes);
      Instant now = clock.instant();
      byte[] bytes = new ReportWriter(random).write(headers(now), text, status, returned);
      return new DeliveryStatusNotification(envelope.reversePath(), bytes, returned.map(ReturnedContent::full).orElse(false));
    }

    private ReportWriter.Headers headers(Instant now) {
      boolean failed = outcomes.stream().anyMatch(o -> o.action() == Action.FAILED);
      boolean delayed = outcomes.stream().anyMatch(o -> o.action() == Action.DELAYED);
      String subject = failed ? "Undelivered Mail Returned to Sender"
          : delayed ? "Delayed Mail (still being retried)" : "Successful Mail Delivery Report";
      return new ReportWriter.Headers(reportingMta, envelope.reversePath(), subject, now);
    }
  }

  /** The message as text, for logs and tests; 8-bit octets are read as UTF-8. */
  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
