package dev.sealpost.cli.doctor;

import dev.sealpost.cli.probe.Finding;
import dev.sealpost.cli.probe.Finding.Severity;
import dev.sealpost.server.config.AcmeConfig;
import dev.sealpost.server.config.ServerConfig;
import java.nio.file.Files;
import java.util.List;

/** `sealpost doctor` on the [acme] section: the mistakes that make issuance or renewal fail later, silently. */
final class AcmeDoctor {
  private AcmeDoctor() {}

  static void check(ServerConfig c, List<Finding> out) {
    if (c.acme().isEmpty()) {
      return;
    }
    AcmeConfig a = c.acme().get();
    out.add(new Finding(Severity.OK, "acme", "certificates for " + a.names() + " from " + a.directory() + " by "
        + a.challenge().configName() + ", renewed when a third of their lifetime is left"));
    if (a.directory().contains("staging")) {
      out.add(new Finding(Severity.WARNING, "acme-staging", a.directory() + " looks like a staging CA: its"
          + " certificates are not trusted by clients; use the production directory"));
    }
    a.caBundle().ifPresent(bundle -> {
      if (!Files.isReadable(bundle)) {
        out.add(new Finding(Severity.ERROR, "acme-ca-bundle", "[acme] ca-bundle " + bundle + " cannot be read: the"
            + " CA's directory cannot be reached"));
      }
    });
    if (!a.names().contains(c.hostname())) {
      out.add(new Finding(Severity.WARNING, "acme-hostname", "the server's name " + c.hostname() + " is not in [acme]"
          + " names " + a.names() + ": clients connecting to it will refuse the certificate"));
    }
    int port = a.challenge() == AcmeConfig.Challenge.HTTP_01 ? a.httpListen().getPort() : a.tlsAlpnListen().getPort();
    int expected = a.challenge() == AcmeConfig.Challenge.HTTP_01 ? 80 : 443;
    if (port != expected) {
      out.add(new Finding(Severity.WARNING, "acme-port", a.challenge().configName() + " is answered on port " + port
          + " but CAs validate on port " + expected + ": this works only behind a forward from " + expected));
    }
    var key = c.dataDir().resolve("acme").resolve("account.key");
    if (Files.exists(key)) {
      ConfigDoctor.secretFile(key, "acme-account-key-permissions", "ACME account key", out);
    }
  }
}
