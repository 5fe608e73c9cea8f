package dev.sealpost.server.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.server.config.AcmeConfig;
import dev.sealpost.server.config.TlsSettings;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.FreePorts;
import dev.sealpost.testing.MutableClock;
import dev.sealpost.testing.PebbleServer;
import dev.sealpost.tls.PemKeyMaterialLoader;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME for real, against Pebble (Let's Encrypt's test CA, Debian's package): issuance through our
 * HTTP-01 and TLS-ALPN-01 responders, renewal once a third of the lifetime is left (a moved clock),
 * and a failed challenge that leaves the certificate in use untouched and is retried later.
 */
class AcmePebbleTest {
  private static final String NAME = "mail.example.test";

  @TempDir Path dir;

  private final List<String> reloads = new ArrayList<>();

  /** Stands in for the server's reloader: loads the pair as the server would (a mismatch throws). */
  private String reload(TlsSettings tls, String why) {
    PemKeyMaterialLoader.load(tls.certificate(), tls.key());
    reloads.add(why);
    return "reloaded";
  }

  private AcmeConfig config(PebbleServer pebble, AcmeConfig.Challenge challenge, int httpPort, int tlsPort) {
    return new AcmeConfig(pebble.directory(), List.of(NAME), Optional.of("hostmaster@example.test"), challenge,
        new InetSocketAddress("127.0.0.1", httpPort), new InetSocketAddress("127.0.0.1", tlsPort),
        Optional.of(pebble.httpsCa()), false, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(6));
  }

  private TlsSettings tls() {
    return new TlsSettings(dir.resolve("tls/server.pem"), dir.resolve("tls/server.key"), List.of("TLSv1.3"), false);
  }

  private static X509Certificate leaf(TlsSettings tls) {
    return PemKeyMaterialLoader.load(tls.certificate(), tls.key()).leaf();
  }

  /** Checks that {@code chain} leads to Pebble's root with valid signatures. */
  private static void assertIssuedBy(PebbleServer pebble, TlsSettings tls) throws Exception {
    X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
        new ByteArrayInputStream(pebble.rootCertificate().getBytes(StandardCharsets.US_ASCII)));
    List<X509Certificate> chain = PemKeyMaterialLoader.loadCertificates(tls.certificate());
    assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
    for (int i = 0; i < chain.size() - 1; i++) {
      chain.get(i).verify(chain.get(i + 1).getPublicKey());
    }
    chain.getLast().verify(root.getPublicKey());
    assertThat(dev.sealpost.tls.HostnameMatcher.matches(chain.getFirst(), NAME)).isTrue();
  }

  @Test
  void http01IssuesRenewsAtAThirdLeftAndAFailedChallengeKeepsTheCertificateInUse() throws Exception {
    PebbleServer.assumeAvailable();
    int httpPort = FreePorts.one();
    // Pebble's notBefore is the moment of issuance (real CAs backdate); a clock a little ahead accepts it.
    MutableClock clock = new MutableClock(Instant.now().plusSeconds(60));
    try (FakeDnsServer dns = FakeDnsServer.start().a(NAME, "127.0.0.1");
         PebbleServer pebble = PebbleServer.start(dir.resolve("pebble"), dns, httpPort, FreePorts.one(),
             Duration.ofDays(90))) {
      TlsSettings tls = tls();
      AcmeConfig config = config(pebble, AcmeConfig.Challenge.HTTP_01, httpPort, 1);
      try (AcmeCertificates acme = new AcmeCertificates(config, tls, dir.resolve("acme/account.key"),
          why -> reload(tls, why), clock, Http01Responder.start(config.httpListen()))) {
        // No certificate yet: the first check orders one.
        assertThat(acme.checkNow()).startsWith("certificate issued and in use");
        assertIssuedBy(pebble, tls);
        assertThat(reloads).containsExactly("acme");
        X509Certificate first = leaf(tls);
        assertThat(Files.getPosixFilePermissions(tls.key())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("acme/account.key")))
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("acme")))
            .isEqualTo(PosixFilePermissions.fromString("rwx------"));

        // Fresh: nothing to do, the same certificate stays.
        assertThat(acme.checkNow()).startsWith("certificate valid until");
        assertThat(leaf(tls)).isEqualTo(first);
        Instant thirdLeft = RenewalSchedule.thirdLeft(first);
        assertThat(acme.status().renewAt()).contains(thirdLeft);

        // A minute before a third of the lifetime is left: still nothing; a minute after: renewed.
        clock.set(thirdLeft.minus(Duration.ofMinutes(1)));
        assertThat(acme.checkNow()).startsWith("certificate valid until");
        clock.set(thirdLeft.plus(Duration.ofMinutes(1)));
        assertThat(acme.checkNow()).startsWith("certificate issued and in use");
        X509Certificate second = leaf(tls);
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(second.getPublicKey()).as("a new key for each certificate").isNotEqualTo(first.getPublicKey());
        assertIssuedBy(pebble, tls);

      }
      X509Certificate renewed = leaf(tls);

      // A name added whose host points where nothing answers: the CA's validation fails and the files stay
      // as they were. (A new name, because CAs reuse a name's valid authorization, as Let's Encrypt does
      // for 30 days, and Pebble at times too: a failure on the same name would not be certain.)
      String added = "new.example.test";
      dns.a(added, "127.0.0.9");
      AcmeConfig twoNames = new AcmeConfig(config.directory(), List.of(NAME, added), config.email(),
          config.challenge(), config.httpListen(), config.tlsAlpnListen(), config.caBundle(), false,
          config.checkInterval(), config.firstRetry(), config.maxRetry());
      try (AcmeCertificates acme = new AcmeCertificates(twoNames, tls, dir.resolve("acme/account.key"),
          why -> reload(tls, why), clock, Http01Responder.start(config.httpListen()))) {
        byte[] certBefore = Files.readAllBytes(tls.certificate());
        byte[] keyBefore = Files.readAllBytes(tls.key());
        String failed = acme.checkNow();
        assertThat(failed).startsWith("renewal failed (http-01 challenge for " + added + " failed")
            .contains("the certificate in use stays").contains("next try in 300 s");
        assertThat(Files.readAllBytes(tls.certificate())).isEqualTo(certBefore);
        assertThat(Files.readAllBytes(tls.key())).isEqualTo(keyBefore);
        assertThat(reloads).hasSize(2);
        assertThat(acme.status().failures()).isEqualTo(1);
        assertThat(acme.status().lastError()).get().asString().contains("127.0.0.9");

        // Inside the retry wait nothing is tried; a forced attempt fails again and the wait doubles;
        // after it, with DNS fixed, the certificate for both names is issued.
        assertThat(acme.checkNow()).contains("waiting until").contains("after 1 failure(s)");
        acme.renewNow();
        assertThat(acme.status().failures()).isEqualTo(2);
        assertThat(acme.checkNow()).contains("waiting until").contains("after 2 failure(s)");
        dns.remove(added).a(added, "127.0.0.1");
        clock.advance(Duration.ofMinutes(11));
        assertThat(acme.checkNow()).startsWith("certificate issued and in use");
        assertThat(acme.status().failures()).isZero();
        assertThat(leaf(tls).getSerialNumber()).isNotEqualTo(renewed.getSerialNumber());
        assertThat(dev.sealpost.tls.HostnameMatcher.matches(leaf(tls), added)).isTrue();
      }
    }
  }

  @Test
  void tlsAlpn01Issues() throws Exception {
    PebbleServer.assumeAvailable();
    int tlsPort = FreePorts.one();
    try (FakeDnsServer dns = FakeDnsServer.start().a(NAME, "127.0.0.1");
         PebbleServer pebble = PebbleServer.start(dir.resolve("pebble"), dns, FreePorts.one(), tlsPort,
             Duration.ofDays(90))) {
      TlsSettings tls = tls();
      AcmeConfig config = config(pebble, AcmeConfig.Challenge.TLS_ALPN_01, 1, tlsPort);
      TlsAlpn01Responder responder = TlsAlpn01Responder.start(config.tlsAlpnListen());
      try (AcmeCertificates acme = new AcmeCertificates(config, tls, dir.resolve("acme/account.key"),
          why -> reload(tls, why), new MutableClock(Instant.now().plusSeconds(60)), responder)) {
        assertThat(acme.checkNow()).startsWith("certificate issued and in use");
        assertIssuedBy(pebble, tls);
        assertThat(responder.answered()).as("Pebble's validation handshakes").isPositive();
      }
    }
  }
}
