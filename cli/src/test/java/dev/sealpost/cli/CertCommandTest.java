package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sealpost cert next-tlsa`: the current record agrees with openssl's SPKI digest, the next key is kept. */
class CertCommandTest {

  @TempDir Path dir;

  @Test
  void printsCurrentAndNextAndKeepsTheNextKey() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl missing: .ci/run installs it");
    Path data = dir.resolve("dev");
    DevSetup.prepare(data);
    String first = Cli.run("cert", "next-tlsa", "--data-dir", data.toString());
    assertThat(first).startsWith("0|").contains("_25._tcp.localhost. IN TLSA 3 1 1 ").contains("(made now)");
    ExternalCommand.Result spki = ExternalCommand.run(List.of("bash", "-c", "openssl x509 -in '"
        + data.resolve("tls/server.pem") + "' -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum"),
        "", Map.of(), 30);
    String digest = spki.stdout().strip().split("\\s+")[0];
    assertThat(first).contains("3 1 1 " + digest + " ; current key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls/next.key"))))
        .isEqualTo("rw-------");
    ExternalCommand.Result nextSpki = ExternalCommand.run(List.of("bash", "-c", "openssl pkey -in '"
        + data.resolve("tls/next.key") + "' -pubout -outform DER | sha256sum"), "", Map.of(), 30);
    String nextDigest = nextSpki.stdout().strip().split("\\s+")[0];
    String second = Cli.run("cert", "next-tlsa", "--data-dir", data.toString());
    assertThat(second).contains("3 1 1 " + nextDigest + " ; next key\n").doesNotContain("made now");
  }
}
