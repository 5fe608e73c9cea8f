package dev.sealpost.tls;

import java.util.Objects;

/** One result of {@link CertificateChecks}: a sentence for the administrator and how much it matters. */
public record CertificateFinding(Severity severity, String message) {

  /** ERROR: TLS cannot work (refuse to start); WARNING: act soon; INFO: for the record. */
  public enum Severity { ERROR, WARNING, INFO }

  public CertificateFinding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return severity + ": " + message;
  }
}
