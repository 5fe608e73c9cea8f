package dev.sealpost.server;

import dev.sealpost.server.acme.AcmeCertificates;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The server's metrics in the Prometheus text format (version 0.0.4), as `sealpost metrics` prints
 * them for a node exporter's textfile collector or a scrape wrapper.
 */
final class Metrics {
  private Metrics() {}

  static String prometheus(List<ServedCertificate> certificates, Optional<AcmeCertificates.Status> acme, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP sealpost_tls_certificate_days_left Days until the certificate in service expires (negative:"
        + " expired).\n# TYPE sealpost_tls_certificate_days_left gauge\n");
    for (ServedCertificate c : certificates) {
      double days = Duration.between(now, c.notAfter()).toSeconds() / 86400.0;
      out.append("sealpost_tls_certificate_days_left").append(labels(c)).append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.3f", days)).append('\n');
    }
    out.append("# HELP sealpost_tls_certificate_not_after_seconds When the certificate in service expires (Unix"
        + " time).\n# TYPE sealpost_tls_certificate_not_after_seconds gauge\n");
    for (ServedCertificate c : certificates) {
      out.append("sealpost_tls_certificate_not_after_seconds").append(labels(c)).append(' ')
          .append(c.notAfter().getEpochSecond()).append('\n');
    }
    acme.ifPresent(a -> {
      out.append("# HELP sealpost_acme_failures Failed ACME attempts since the last success.\n"
          + "# TYPE sealpost_acme_failures gauge\nsealpost_acme_failures ").append(a.failures()).append('\n');
      a.renewAt().ifPresent(r -> out.append("# HELP sealpost_acme_renewal_due_seconds When the next renewal is due"
          + " (Unix time).\n# TYPE sealpost_acme_renewal_due_seconds gauge\nsealpost_acme_renewal_due_seconds ")
          .append(r.getEpochSecond()).append('\n'));
      a.lastIssued().ifPresent(r -> out.append("# HELP sealpost_acme_last_issued_seconds When ACME last installed a"
          + " certificate (Unix time).\n# TYPE sealpost_acme_last_issued_seconds gauge\n"
          + "sealpost_acme_last_issued_seconds ").append(r.getEpochSecond()).append('\n'));
    });
    return out.toString();
  }

  private static String labels(ServedCertificate c) {
    return "{file=\"" + escape(c.file().toString()) + "\",subject=\"" + escape(c.subject()) + "\",key=\""
        + c.keyAlgorithm() + "\"}";
  }

  /** Label values escape backslash, double quote and line feed (the exposition format's rules). */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
