package dev.sealpost.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The dev-mode TLS files: the CA certificate that clients trust, and the server's certificate and key.
 * {@code created} is true when any of them was (re)written by this call.
 */
public record DevTlsFiles(Path caCertificate, Path serverCertificate, Path serverKey, boolean created) {

  public DevTlsFiles {
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(serverCertificate, "serverCertificate");
    Objects.requireNonNull(serverKey, "serverKey");
  }
}
