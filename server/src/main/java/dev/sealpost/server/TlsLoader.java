package dev.sealpost.server;

import dev.sealpost.server.config.TlsSettings;
import dev.sealpost.tls.CertificateChecks;
import dev.sealpost.tls.CertificateFinding;
import dev.sealpost.tls.KeyMaterialException;
import dev.sealpost.tls.PemKeyMaterialLoader;
import dev.sealpost.tls.ServerKeyMaterial;

import dev.sealpost.tls.SslContexts;
import dev.sealpost.tls.TlsPolicy;
import io.netty.handler.ssl.SslContext;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads and checks the server's key material and builds the SslContext at start. */
final class TlsLoader {
  private static final Logger LOG = LoggerFactory.getLogger(TlsLoader.class);

  private TlsLoader() {}

  /** The DNS names (SAN) of the pair's leaf, which SNI requests it serves. */
  static List<String> names(TlsSettings settings) {
    return dev.sealpost.tls.HostnameMatcher.names(
        PemKeyMaterialLoader.load(settings.certificate(), settings.key()).chain().get(0));
  }

  /** The leaf's notAfter of the files as they are now; null when they cannot be read. */
  static Instant notAfter(TlsSettings settings) {
    try {
      return PemKeyMaterialLoader.load(settings.certificate(), settings.key()).chain().get(0).getNotAfter().toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Loads one pair and checks it (permissions, key match, chain, validity); refuses a broken one. */
  static ServerKeyMaterial check(TlsSettings settings, Instant now) {
    SecretFiles.check(settings.key(), "TLS private key");
    ServerKeyMaterial material;
    try {
      material = PemKeyMaterialLoader.load(settings.certificate(), settings.key());
    } catch (KeyMaterialException e) {
      throw new StartupException(e.getMessage(), e);
    }
    List<CertificateFinding> findings = CertificateChecks.check(material, now);
    boolean leafExpired = material.chain().get(0).getNotAfter().toInstant().isBefore(now);
    for (CertificateFinding f : findings) {
      if (f.severity() == CertificateFinding.Severity.ERROR && leafExpired && settings.startWithExpiredCertificate()
          && f.message().contains(" expired on ")) {
        LOG.warn("!!! EXPIRED TLS CERTIFICATE IN USE (start-with-expired-certificate = true): {} !!! Clients that"
            + " verify will refuse it; renew it now.", f.message());
        continue;
      }
      if (f.severity() == CertificateFinding.Severity.ERROR) {
        throw new StartupException("TLS certificate " + settings.certificate() + ": " + f.message());
      }
      if (f.severity() == CertificateFinding.Severity.WARNING) {
        LOG.warn("event=certificate-warning file={} message=\"{}\"", settings.certificate(), f.message());
      }
    }
    return material;
  }

  /** The context serving one checked pair under the settings' protocol policy. */
  static SslContext context(ServerKeyMaterial m, TlsSettings settings) {
    TlsPolicy policy = TlsPolicy.of(settings.protocols(), settings.allowLegacyProtocols());
    for (String warning : policy.warnings()) {
      LOG.warn("!!! INSECURE TLS CONFIGURATION: {} !!!", warning);
    }
    SslContext context = SslContexts.forServer(m, policy);
    LOG.info("event=tls-ready provider=\"{}\" protocols={} certificate=\"{}\" key={} expires={}",
        SslContexts.providerDescription(), policy.protocols(), m.leaf().getSubjectX500Principal().getName(),
        m.key().getAlgorithm(), m.leaf().getNotAfter().toInstant());
    return context;
  }

  /** One pair, checked, as its own context. */
  static SslContext load(TlsSettings settings, Instant now) {
    return context(check(settings, now), settings);
  }
}
