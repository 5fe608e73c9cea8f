package dev.sealpost.client;

import java.security.cert.CertificateException;

/** Thrown from inside the handshake by {@link VerifyingTrustManager}; turned into a {@link TlsException}. */
final class CertificateRejection extends CertificateException {
  private final TlsException.Reason reason;

  CertificateRejection(TlsException.Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  TlsException.Reason reason() {
    return reason;
  }
}
