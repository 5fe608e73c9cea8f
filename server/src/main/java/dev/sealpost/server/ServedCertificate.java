package dev.sealpost.server;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A certificate in service, for status and metrics. */
public record ServedCertificate(Path file, String subject, String keyAlgorithm, List<String> names, Instant notAfter) {
  public ServedCertificate {
    names = List.copyOf(names);
  }
}
