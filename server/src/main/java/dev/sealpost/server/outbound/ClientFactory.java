package dev.sealpost.server.outbound;

import dev.sealpost.client.Credentials;
import dev.sealpost.client.Security;
import dev.sealpost.client.SmtpClient;
import dev.sealpost.client.Timeouts;
import dev.sealpost.client.TlsOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the SMTP client for one hop under its TLS policy. {@code verify} and relayhosts check the
 * certificate against the system CAs (plus configured ones) for the hop's host name; REQUIRETLS
 * messages (RFC 8689 §4.2) get nothing less than {@code verify}, whatever the domain's policy.
 */
final class ClientFactory {

  private final String heloName;
  private final List<Path> trustedCas;

  ClientFactory(String heloName, List<Path> trustedCas) {
    this.heloName = heloName;
    this.trustedCas = List.copyOf(trustedCas);
  }

  SmtpClient forHop(NextHop hop, boolean requireTls) {
    SmtpClient.Builder b = SmtpClient.builder().host(hop.host()).port(hop.port()).address(hop.address())
        .heloName(heloName).timeouts(Timeouts.rfc5321());
    var policy = requireTls ? dev.sealpost.server.config.OutboundConfig.OutboundTls.VERIFY : hop.tls();
    TlsOptions.Builder tls = TlsOptions.builder();
    trustedCas.forEach(tls::trustPem);
    switch (policy) {
      case VERIFY -> b.security(hop.implicitTls() ? Security.implicitTls() : Security.startTlsRequired());
      case ENCRYPT, MAY -> throw new UnsupportedOperationException("policy " + policy.configName()
          + " needs the client's unauthenticated TLS modes");
    }
    b.tls(tls.build());
    hop.credentials().ifPresent(c -> b.credentials(Credentials.password(c.user(), c.password())));
    return b.build();
  }
}
