package dev.sealpost.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import dev.sealpost.testing.ExternalCommand;
import dev.sealpost.testing.FakeDnsServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with dkimpy (Debian's python3-dkim), an implementation we did not write: what Sealpost signs,
 * dkimpy verifies, and what dkimpy signs, Sealpost verifies, for rsa-sha256 and ed25519-sha256.
 */
class DkimpyInteropTest {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  @TempDir Path dir;
  private Path driver;

  @BeforeEach
  void driver() throws Exception {
    boolean available = Files.isExecutable(PYTHON)
        && ExternalCommand.run(List.of(PYTHON.toString(), "-c", "import dkim"), "", Map.of(), 30).exitCode() == 0;
    Assumptions.assumeTrue(available, "python3-dkim (dkimpy) not installed: .ci/run installs it");
    driver = dir.resolve("dkimpy_driver.py");
    try (InputStream in = getClass().getResourceAsStream("dkimpy_driver.py")) {
      Files.write(driver, in.readAllBytes());
    }
  }

  private ExternalCommand.Result python(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), driver.toString()));
    command.addAll(Arrays.asList(args));
    ExternalCommand.Result r = ExternalCommand.run(command, "", Map.of(), 60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r;
  }

  @Test
  void dkimpyVerifiesWhatSealpostSigns() throws Exception {
    KeyPair rsa = DkimKeys.generate(Algorithm.RSA_SHA256, 2048);
    KeyPair ed = DkimKeys.generate(Algorithm.ED25519_SHA256, 0);
    DkimSigner signer = new DkimSigner(List.of(new DkimSigner.Key("example.test", "rsa", rsa.getPrivate()),
        new DkimSigner.Key("example.test", "ed", ed.getPrivate())), Clock.systemUTC());
    String signed = String.join("", signer.sign(DkimTest.MESSAGE.getBytes(StandardCharsets.UTF_8))) + DkimTest.MESSAGE;
    Path message = Files.writeString(dir.resolve("signed.eml"), signed);
    Path records = dir.resolve("records.json");
    new ObjectMapper().writeValue(records.toFile(), Map.of(
        "rsa._domainkey.example.test", DkimKeys.dnsRecord(Algorithm.RSA_SHA256, rsa.getPublic()),
        "ed._domainkey.example.test", DkimKeys.dnsRecord(Algorithm.ED25519_SHA256, ed.getPublic())));
    assertThat(python("verify", message.toString(), records.toString()).stdout().strip().lines())
        .containsExactly("True", "True");
    Path tampered = Files.writeString(dir.resolve("tampered.eml"), signed.replace("All  green.", "All red."));
    assertThat(python("verify", tampered.toString(), records.toString()).stdout().strip().lines())
        .containsExactly("False", "False");
  }

  @Test
  void sealpostVerifiesWhatDkimpySignsAndSeesAnLengthLimitedSignatureForWhatItIs() throws Exception {
    KeyPair rsa = DkimKeys.generate(Algorithm.RSA_SHA256, 2048);
    KeyPair ed = DkimKeys.generate(Algorithm.ED25519_SHA256, 0);
    Path rsaKey = dir.resolve("rsa.pem");
    DkimKeys.writePrivateKey(rsa.getPrivate(), rsaKey);
    byte[] pkcs8 = ed.getPrivate().getEncoded();
    Path edKey = Files.writeString(dir.resolve("ed.key"),
        Base64.getEncoder().encodeToString(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)));
    Path message = Files.writeString(dir.resolve("plain.eml"), DkimTest.MESSAGE);
    String rsaSig = python("sign", message.toString(), rsaKey.toString(), "rsa", "example.test", "rsa-sha256", "false")
        .stdout();
    String edSig = python("sign", message.toString(), edKey.toString(), "ed", "example.test", "ed25519-sha256", "false")
        .stdout();
    String limitedSig = python("sign", message.toString(), edKey.toString(), "ed", "example.test", "ed25519-sha256",
        "true").stdout();
    assertThat(limitedSig).contains("l=");
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("rsa._domainkey.example.test", DkimKeys.dnsRecord(Algorithm.RSA_SHA256, rsa.getPublic()))
          .txt("ed._domainkey.example.test", DkimKeys.dnsRecord(Algorithm.ED25519_SHA256, ed.getPublic()));
      DkimVerifier verifier = new DkimVerifier(DnsjavaResolver.builder()
          .servers(List.of(DnsServer.parse(dns.address()))).build(), Clock.systemUTC());
      List<DkimResult> both = verifier.verify((rsaSig + edSig + DkimTest.MESSAGE).getBytes(StandardCharsets.UTF_8))
          .toCompletableFuture().join();
      assertThat(both).extracting(DkimResult::status).containsExactly(DkimResult.Status.PASS, DkimResult.Status.PASS);
      assertThat(both).extracting(DkimResult::algorithm).containsExactly("rsa-sha256", "ed25519-sha256");
      List<DkimResult> changed = verifier.verify((rsaSig + edSig + DkimTest.MESSAGE.replace("Quarterly", "Quarterlx"))
          .getBytes(StandardCharsets.UTF_8)).toCompletableFuture().join();
      assertThat(changed).extracting(DkimResult::status).containsOnly(DkimResult.Status.FAIL);
      // The l= attack: content appended after the signed length still verifies, and is flagged.
      List<DkimResult> appended = verifier.verify((limitedSig + DkimTest.MESSAGE + "Pay here: http://evil.example/\r\n")
          .getBytes(StandardCharsets.UTF_8)).toCompletableFuture().join();
      assertThat(appended).singleElement().satisfies(r -> {
        assertThat(r.status()).isEqualTo(DkimResult.Status.PASS);
        assertThat(r.unsignedContent()).isTrue();
      });
    }
  }
}
