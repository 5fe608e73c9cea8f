package dev.sealpost.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Watches the handshakes that follow a certificate swap for the sign of a certificate that clients
 * refuse: within {@link #WINDOW} of the swap, at least {@link #THRESHOLD} handshakes that ended with a
 * certificate alert from the client (unknown CA, bad or expired certificate, ...), and these more than
 * half of all handshakes since the swap. Clients that do not verify (many MTAs on port 25) keep
 * succeeding and so dilute the count: a rollback needs the majority. Thread-safe.
 */
final class HandshakeWatch {
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final int THRESHOLD = 5;

  /**
   * The alerts a client sends when it refuses the server's certificate (RFC 8446 §6.2), in OpenSSL's and
   * the JDK's spelling; and BAD_PACKET_LENGTH, which is how BoringSSL reports the clear-text alert that
   * OpenSSL's TLS 1.3 client sends when it cannot verify the certificate (a record too short to be
   * encrypted, arriving only after the server's encrypted flight, so not something a scanner causes).
   */
  private static final Pattern CERTIFICATE_ALERT = Pattern.compile(
      "bad_certificate|bad certificate|unknown_ca|unknown ca|certificate_expired|certificate expired"
          + "|certificate_unknown|certificate unknown|unsupported_certificate|unsupported certificate"
          + "|certificate_revoked|certificate revoked|decrypt_error|decrypt error|bad_packet_length");

  private Instant swappedAt;
  private int refused;
  private int succeeded;

  /** A new certificate went into service now: counting starts again. */
  synchronized void swapped(Instant now) {
    swappedAt = now;
    refused = 0;
    succeeded = 0;
  }

  /** The watch is over (rolled back, or the swap replaced by another). */
  synchronized void stop() {
    swappedAt = null;
  }

  /** Whether no swap is being watched any more at {@code now}. */
  synchronized boolean over(Instant now) {
    return swappedAt == null || now.isAfter(swappedAt.plus(WINDOW));
  }

  /** Whether a handshake failure is the client refusing the certificate. */
  static boolean isCertificateAlert(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && CERTIFICATE_ALERT.matcher(t.getMessage().toLowerCase(Locale.ROOT)).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Counts one handshake.
   *
   * @return true when the new certificate should be rolled back (reported once; the watch stops)
   */
  synchronized boolean record(boolean success, Throwable cause, Instant now) {
    if (swappedAt == null || now.isAfter(swappedAt.plus(WINDOW))) {
      return false;
    }
    if (success) {
      succeeded++;
    } else if (isCertificateAlert(cause)) {
      refused++;
    }
    if (refused >= THRESHOLD && refused > succeeded) {
      swappedAt = null;
      return true;
    }
    return false;
  }

  synchronized String counts() {
    return refused + " refused, " + succeeded + " succeeded";
  }
}
