package dev.sealpost.server.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The extra CAs of {@code [outbound] trusted-cas}, trusted beside the system's for verified TLS and HTTPS. */
public final class TrustedCas {

  private TrustedCas() {}

  /** Reads the files once, at start: a missing or broken file stops the start, naming it. */
  public static List<X509Certificate> load(List<Path> files) {
    List<X509Certificate> cas = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        var certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        if (certs.isEmpty()) {
          throw new IllegalStateException("outbound.trusted-cas: no certificate in " + f);
        }
        certs.forEach(c -> cas.add((X509Certificate) c));
      } catch (IOException | CertificateException e) {
        throw new IllegalStateException("outbound.trusted-cas: cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(cas);
  }
}
