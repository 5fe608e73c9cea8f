package dev.sealpost.server.acme;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to renew: once a third of the certificate's lifetime is left (Let's Encrypt's advice, 30 days of
 * 90), or earlier at a random moment of the CA's suggested window (RFC 9773 §4.2) when it gives one, e.g.
 * because the certificate is about to be revoked. Failed attempts are retried with a doubling wait.
 */
final class RenewalSchedule {
  private RenewalSchedule() {}

  /** notBefore plus two thirds of the lifetime. */
  static Instant thirdLeft(X509Certificate cert) {
    Instant from = cert.getNotBefore().toInstant();
    Instant to = cert.getNotAfter().toInstant();
    return from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
  }

  /** The moment to renew {@code cert}, given the CA's window if any. */
  static Instant due(X509Certificate cert, Optional<AcmeIssuer.RenewalWindow> window, RandomGenerator random) {
    Instant own = thirdLeft(cert);
    if (window.isEmpty() || !window.get().end().isAfter(window.get().start())) {
      return own;
    }
    AcmeIssuer.RenewalWindow w = window.get();
    long span = Duration.between(w.start(), w.end()).toSeconds();
    Instant suggested = w.start().plusSeconds(span <= 0 ? 0 : random.nextLong(span));
    return suggested.isBefore(own) ? suggested : own;
  }

  /** The wait after {@code failures} consecutive failures (1, 2, ...): first, doubled each time, at most max. */
  static Duration backoff(int failures, Duration first, Duration max) {
    Duration d = first;
    for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
